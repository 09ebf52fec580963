@testable import GLPK

/// Small deterministic generator so test models do not depend on the platform's RNG.
struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }
}

struct Knapsack {
    let values: [Double]
    let weights: [Double]
    let capacity: Double

    static let small = Knapsack(values: [10, 13, 7, 8, 15, 4, 9, 11, 6, 12, 5, 14],
                                weights: [5, 7, 4, 5, 9, 2, 6, 7, 3, 8, 3, 9],
                                capacity: 30)

    var problem: LinearProblem {
        var p = LinearProblem(sense: .maximize, name: "knapsack")
        let row = p.addRow(name: "capacity", bounds: .atMost(capacity))
        for j in values.indices {
            let x = p.addColumn(name: "x\(j)", kind: .binary, objective: values[j])
            p.addEntry(row: row, column: x, value: weights[j])
        }
        return p
    }

    /// Optimum by enumerating all subsets.
    var bruteForceOptimum: Double {
        var best = 0.0
        for mask in 0..<(1 << values.count) {
            var value = 0.0, weight = 0.0
            for j in values.indices where mask & (1 << j) != 0 {
                value += values[j]
                weight += weights[j]
            }
            if weight <= capacity { best = max(best, value) }
        }
        return best
    }

    /// Greedy by value density: feasible, usually not optimal.
    var greedySolution: [Double] {
        var x = [Double](repeating: 0, count: values.count)
        var load = 0.0
        for j in values.indices.sorted(by: { values[$0] / weights[$0] > values[$1] / weights[$1] })
        where load + weights[j] <= capacity {
            x[j] = 1
            load += weights[j]
        }
        return x
    }
}

/// A multidimensional knapsack large enough that GLPK (no cuts) needs many nodes.
func hardKnapsack(items: Int = 70, constraints: Int = 5, seed: UInt64 = 7) -> LinearProblem {
    var rng = SplitMix64(state: seed)
    var p = LinearProblem(sense: .maximize, name: "mkp")
    var weights: [[Double]] = []
    for _ in 0..<constraints { weights.append((0..<items).map { _ in Double(rng.int(10...99)) }) }
    for j in 0..<items {
        p.addColumn(name: "x\(j)", kind: .binary, objective: weights.map { $0[j] }.reduce(0, +) / Double(constraints) + Double(rng.int(0...20)))
    }
    for i in 0..<constraints {
        let row = p.addRow(name: "c\(i)", bounds: .atMost(weights[i].reduce(0, +) / 2))
        for j in 0..<items { p.addEntry(row: row, column: j, value: weights[i][j]) }
    }
    return p
}

/// Market-split (Cornuejols-Dawande) instance: notoriously hard for branch and bound.
func marketSplit(rows m: Int = 4, seed: UInt64 = 3) -> LinearProblem {
    var rng = SplitMix64(state: seed)
    let n = 10 * (m - 1)
    var p = LinearProblem(sense: .minimize, name: "msplit")
    for j in 0..<n { p.addColumn(name: "x\(j)", kind: .binary) }
    for i in 0..<m {
        let a = (0..<n).map { _ in Double(rng.int(0...99)) }
        let rhs = (a.reduce(0, +) / 2).rounded(.down)
        let plus = p.addColumn(name: "sp\(i)", bounds: .nonNegative, objective: 1)
        let minus = p.addColumn(name: "sm\(i)", bounds: .nonNegative, objective: 1)
        let row = p.addRow(name: "r\(i)", bounds: .exactly(rhs))
        for j in 0..<n { p.addEntry(row: row, column: j, value: a[j]) }
        p.addEntry(row: row, column: plus, value: 1)
        p.addEntry(row: row, column: minus, value: -1)
    }
    return p
}

/// Greedy for maximisation over binaries with <= rows and non-negative coefficients:
/// take columns by decreasing objective while every row stays within its upper bound.
func greedyPacking(_ p: LinearProblem) -> [Double] {
    var rowsOfColumn = [[(Int, Double)]](repeating: [], count: p.columns.count)
    for k in 0..<p.entryCount { rowsOfColumn[p.entryColumns[k]].append((p.entryRows[k], p.entryValues[k])) }
    var load = [Double](repeating: 0, count: p.rows.count)
    var x = [Double](repeating: 0, count: p.columns.count)
    for j in p.columns.indices.sorted(by: { p.columns[$0].objective > p.columns[$1].objective }) {
        if rowsOfColumn[j].allSatisfy({ load[$0.0] + $0.1 <= p.rows[$0.0].bounds.upper }) {
            x[j] = 1
            for (i, a) in rowsOfColumn[j] { load[i] += a }
        }
    }
    return x
}
