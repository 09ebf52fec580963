import GLPK

/// A multiple-choice problem with knapsack rows: every group (an active user in a slot)
/// picks exactly one of its options; options consume resources of at most three rows
/// (bandwidth units of a server, compute units of a server, energy of a user), each row
/// has a capacity. Objective: sum of option costs, plus, with makespan sets, the maximum
/// over each set's groups of the chosen options' `maxCost`.
///
/// Options are stored structure-of-arrays, contiguous per group (`groupStart`).
public struct AssignmentModel: Sendable {
    public private(set) var groupStart: [Int] = [0]
    public var cost: [Double] = []
    public var maxCost: [Double] = []
    /// Three (row, coefficient) slots per option; row -1 means unused.
    public var rows: [Int32] = []
    public var coefficients: [Double] = []
    public var capacities: [Double] = []
    /// Makespan set of each group (-1: none); the objective adds `max` of `maxCost` per set.
    public var groupSet: [Int32] = []
    public var setCount = 0

    public init() {}

    public var groupCount: Int { groupStart.count - 1 }
    public var optionCount: Int { cost.count }
    public var hasMakespan: Bool { setCount > 0 }

    public mutating func reserve(options n: Int) {
        cost.reserveCapacity(n); maxCost.reserveCapacity(n)
        rows.reserveCapacity(3 * n); coefficients.reserveCapacity(3 * n)
    }

    @inlinable
    public mutating func addOption(cost c: Double, maxCost m: Double = 0,
                                   _ r0: Int32 = -1, _ a0: Double = 0,
                                   _ r1: Int32 = -1, _ a1: Double = 0,
                                   _ r2: Int32 = -1, _ a2: Double = 0) {
        cost.append(c); maxCost.append(m)
        rows.append(r0); rows.append(r1); rows.append(r2)
        coefficients.append(a0); coefficients.append(a1); coefficients.append(a2)
    }

    /// Closes the group made of the options added since the previous call.
    public mutating func endGroup(set: Int32 = -1) {
        groupStart.append(cost.count)
        groupSet.append(set)
    }

    /// Objective of a choice (one option index per group).
    public func objective(of choice: [Int]) -> Double {
        var total = 0.0
        var setMax = [Double](repeating: -Double.infinity, count: setCount)
        for g in 0..<groupCount {
            let o = choice[g]
            total += cost[o]
            let s = Int(groupSet[g])
            if s >= 0 { setMax[s] = max(setMax[s], maxCost[o]) }
        }
        for m in setMax where m > -Double.infinity { total += m }
        return total
    }

    /// Whether a choice respects every row's capacity (relative slack 1e-9).
    public func isFeasible(_ choice: [Int]) -> Bool {
        var use = [Double](repeating: 0, count: capacities.count)
        for g in 0..<groupCount {
            let o = choice[g]
            guard o >= groupStart[g] && o < groupStart[g + 1] else { return false }
            for k in 0..<3 where rows[3 * o + k] >= 0 { use[Int(rows[3 * o + k])] += coefficients[3 * o + k] }
        }
        for r in 0..<capacities.count where use[r] > capacities[r] * (1 + 1e-9) + 1e-12 { return false }
        return true
    }

    /// The naive full formulation: one binary per option, one-of rows, capacity rows, and
    /// per makespan set a variable `z_s >= sum_o maxCost_o x_o` for every group of the set.
    /// Columns: options first, then the `z_s`.
    public func linearProblem(relaxed: Bool = false, name: String? = nil, named: Bool = false) -> LinearProblem {
        var lp = LinearProblem(sense: .minimize, name: name)
        let n = optionCount
        lp.columns.reserveCapacity(n + setCount)
        lp.reserveEntries(4 * n)
        for o in 0..<n {
            lp.addColumn(name: named ? "x\(o + 1)" : nil, kind: relaxed ? .continuous : .binary,
                         bounds: .unit, objective: cost[o])
        }
        for s in 0..<setCount {
            lp.addColumn(name: named ? "z\(s + 1)" : nil, kind: .continuous, bounds: .nonNegative, objective: 1)
        }
        for g in 0..<groupCount {
            let row = lp.addRow(name: named ? "one\(g + 1)" : nil, bounds: .exactly(1))
            for o in groupStart[g]..<groupStart[g + 1] { lp.addEntry(row: row, column: o, value: 1) }
        }
        let base = lp.rows.count
        for (r, cap) in capacities.enumerated() {
            lp.addRow(name: named ? "cap\(r + 1)" : nil, bounds: .atMost(cap))
        }
        for o in 0..<n {
            for k in 0..<3 where rows[3 * o + k] >= 0 && coefficients[3 * o + k] != 0 {
                lp.addEntry(row: base + Int(rows[3 * o + k]), column: o, value: coefficients[3 * o + k])
            }
        }
        if hasMakespan {
            for g in 0..<groupCount where groupSet[g] >= 0 {
                let row = lp.addRow(name: named ? "span\(g + 1)" : nil, bounds: .atLeast(0))
                lp.addEntry(row: row, column: n + Int(groupSet[g]), value: 1)
                for o in groupStart[g]..<groupStart[g + 1] where maxCost[o] != 0 {
                    lp.addEntry(row: row, column: o, value: -maxCost[o])
                }
            }
        }
        return lp
    }
}
