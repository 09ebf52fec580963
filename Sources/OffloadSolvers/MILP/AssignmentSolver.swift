import Foundation
import GLPK

/// Outcome of solving an `AssignmentModel`.
public struct AssignmentResult: Sendable {
    public enum Status: String, Codable, Sendable {
        /// Proven optimal (gap within the tolerance).
        case optimal
        /// A feasible choice with a certified gap above the tolerance (a limit stopped the search).
        case feasible
        /// No choice satisfies the capacity rows (or a group has no option).
        case infeasible
        /// No feasible choice was found within the limits; `lowerBound` is still valid.
        case noSolution
    }
    public var status: Status
    /// Option index per group (empty without a solution).
    public var choice: [Int] = []
    /// Objective of `choice`.
    public var upperBound: Double = .infinity
    /// Certified lower bound on the optimum of the full model (all options).
    public var lowerBound: Double = -.infinity
    /// LP-relaxation (Lagrangian) bound of the full model.
    public var lpBound: Double = -.infinity
    public var seconds = 0.0
    public var columnGenerationIterations = 0
    public var restrictedColumns = 0
    public var coreOptions = 0
    public var usedCoreMIP = false
    /// Capacity-row prices (Lagrange multipliers, >= 0) behind `lpBound` (sum objectives).
    public var prices: [Double] = []

    public var gap: Double { AssignmentResult.relativeGap(upper: upperBound, lower: lowerBound) }

    /// `(upper - lower) / max(|upper|, 1e-12)`; 0 when equal, infinity when either is unknown.
    public static func relativeGap(upper: Double, lower: Double) -> Double {
        guard upper.isFinite, lower.isFinite else { return upper == lower && upper.isFinite ? 0 : .infinity }
        return max(0, upper - lower) / max(abs(upper), 1e-12)
    }
}

/// Solves `AssignmentModel`s (docs/MODEL.md, "MILP and bounds"):
///
/// - sum objectives: column generation on the LP relaxation (restricted master solved by GLPK,
///   options priced by the duals of the capacity rows), whose Lagrangian value
///   `sum_g min_o (c_o + lambda a_o) - lambda cap` is a valid lower bound of the full model for
///   any `lambda >= 0`; the LP's few fractional groups are rounded and repaired greedily, then
///   improved by single-group moves; if the gap stays open, GLPK solves the MIP on the core of
///   options whose reduced cost is within the gap (reduced-cost fixing keeps the certificate
///   valid for the full model), with the incumbent injected;
/// - makespan objectives: GLPK on the full formulation with a greedy incumbent injected.
public struct AssignmentSolver {
    public var relativeGap: Double
    public var timeLimit: Double
    /// Fraction of the gap defining the heuristic core tried before the certified one (nil: none).
    public var heuristicCoreFraction: Double? = 0.1
    /// Skip the core MIP when the core holds more options than this.
    public var maxCoreOptions = 60_000

    public init(relativeGap: Double = 1e-6, timeLimit: Double = 10) {
        self.relativeGap = relativeGap
        self.timeLimit = timeLimit
    }

    public func solve(_ m: AssignmentModel) throws -> AssignmentResult {
        let start = Self.now()
        var result: AssignmentResult
        if m.groupCount == 0 {
            result = AssignmentResult(status: .optimal, choice: [], upperBound: 0, lowerBound: 0, lpBound: 0)
        } else if (0..<m.groupCount).contains(where: { m.groupStart[$0] == m.groupStart[$0 + 1] }) {
            result = AssignmentResult(status: .infeasible)
        } else if m.hasMakespan && m.setCount == 1 && m.cost.allSatisfy({ $0 == 0 }) {
            result = try solveMakespan(m, start: start)
            // Not closed: GLPK on the full model, started from the bisection's incumbent, may close it.
            if result.gap > closedGap && !result.choice.isEmpty && timeLimit - (Self.now() - start) > 0.05
                && m.optionCount <= 4 * maxCoreOptions {
                let full = try solveFull(m, start: start, incumbent: result.choice)
                if !full.choice.isEmpty && full.upperBound < result.upperBound {
                    result.choice = full.choice
                    result.upperBound = full.upperBound
                }
                if full.status == .optimal { result.lowerBound = result.upperBound }
                else if full.lowerBound.isFinite { result.lowerBound = max(result.lowerBound, min(full.lowerBound, result.upperBound)) }
                result.usedCoreMIP = true
                result.status = result.gap <= closedGap ? .optimal : .feasible
            }
        } else if m.hasMakespan {
            result = try solveFull(m, start: start)
        } else {
            result = try solveSum(m, start: start)
        }
        result.seconds = Self.now() - start
        return result
    }

    /// Gap at which a solution counts as optimal: the tolerance, but at least 1e-9 (rounding).
    var closedGap: Double { max(relativeGap, 1e-9) }

    let debug = ProcessInfo.processInfo.environment["OFFLOAD_MILP_DEBUG"] != nil

    func debugLog(_ s: String) { FileHandle.standardError.write((s + "\n").data(using: .utf8)!) }

    static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    // MARK: - Lagrangian pricing

    /// For prices `lambda >= 0`: per group the option minimizing `c + lambda a` and that value.
    /// Returns the Lagrangian bound `sum_g min_g - lambda cap`.
    @inline(__always)
    static func price(_ m: AssignmentModel, lambda: [Double], best: inout [Int], bestValue: inout [Double]) -> Double {
        var total = 0.0
        m.cost.withUnsafeBufferPointer { cost in
        m.rows.withUnsafeBufferPointer { rows in
        m.coefficients.withUnsafeBufferPointer { coef in
        lambda.withUnsafeBufferPointer { lam in
            for g in 0..<m.groupCount {
                var bv = Double.infinity, bo = -1
                for o in m.groupStart[g]..<m.groupStart[g + 1] {
                    var v = cost[o]
                    let r0 = rows[3 &* o], r1 = rows[3 &* o &+ 1], r2 = rows[3 &* o &+ 2]
                    if r0 >= 0 { v += lam[Int(r0)] * coef[3 &* o] }
                    if r1 >= 0 { v += lam[Int(r1)] * coef[3 &* o &+ 1] }
                    if r2 >= 0 { v += lam[Int(r2)] * coef[3 &* o &+ 2] }
                    if v < bv { bv = v; bo = o }
                }
                best[g] = bo
                bestValue[g] = bv
                total += bv
            }
        }}}}
        for (r, cap) in m.capacities.enumerated() { total -= lambda[r] * cap }
        return total
    }

    // MARK: - Sum objective: column generation, rounding, core MIP

    func solveSum(_ m: AssignmentModel, start: Double) throws -> AssignmentResult {
        let G = m.groupCount, R = m.capacities.count, N = m.optionCount
        var inRMP = [Bool](repeating: false, count: N)
        var columns: [Int] = []
        var lambda = [Double](repeating: 0, count: R)
        var best = [Int](repeating: 0, count: G), bestValue = [Double](repeating: 0, count: G)
        var lagrangian = -Double.infinity
        var bestLambda = lambda
        // Big-M artificial column per group keeps the restricted master feasible.
        var bigM = [Double](repeating: 0, count: G)
        for g in 0..<G {
            var lo = Double.infinity, hi = -Double.infinity
            for o in m.groupStart[g]..<m.groupStart[g + 1] { lo = min(lo, m.cost[o]); hi = max(hi, m.cost[o]) }
            bigM[g] = hi + 10 * (hi - lo) + abs(hi) + 1
        }

        var slotOption = [Int](repeating: -1, count: R + 1), slotValue = [Double](repeating: 0, count: R + 1)
        func addColumns(_ reducedLimit: [Double]?) -> Int {
            // Per group: the best option per distinct first row (i.e. per server, and local).
            var added = 0
            // Per first row (indexed row + 1; -1 is "no row"): best option so far; keys in ascending order.
            var touched: [Int] = []
            for g in 0..<G {
                touched.removeAll(keepingCapacity: true)
                for o in m.groupStart[g]..<m.groupStart[g + 1] {
                    var v = m.cost[o]
                    for k in 0..<3 where m.rows[3 * o + k] >= 0 { v += lambda[Int(m.rows[3 * o + k])] * m.coefficients[3 * o + k] }
                    let key = Int(m.rows[3 * o]) + 1
                    if slotOption[key] >= 0 {
                        if slotValue[key] <= v { continue }
                    } else {
                        touched.append(key)
                    }
                    slotOption[key] = o
                    slotValue[key] = v
                }
                touched.sort()
                for key in touched {
                    let o = slotOption[key], v = slotValue[key]
                    slotOption[key] = -1
                    if inRMP[o] { continue }
                    if let limit = reducedLimit, !(v < limit[g] - 1e-9 * max(1, abs(limit[g]))) { continue }
                    inRMP[o] = true
                    columns.append(o)
                    added += 1
                }
            }
            return added
        }

        // Initial prices: zero, then a crude congestion estimate so the first columns are not all "full resources".
        _ = addColumns(nil)
        var iterations = 0
        var rmpValues: [Double] = [] // in `columns` order
        var rmpObjective = Double.infinity
        let deadline = start + timeLimit
        func groupOf(_ o: Int) -> Int {
            var lo = 0, hi = G
            while hi - lo > 1 { let mid = (lo + hi) / 2; if m.groupStart[mid] <= o { lo = mid } else { hi = mid } }
            return lo
        }
        // Restricted master: the initial columns, then one big-M column per group; later columns are
        // added to the live GLPK problem, and each solve starts from the previous optimal basis.
        var master = LinearProblem(sense: .minimize)
        for o in columns { master.addColumn(kind: .continuous, bounds: .nonNegative, objective: m.cost[o]) }
        for g in 0..<G { master.addColumn(kind: .continuous, bounds: .nonNegative, objective: bigM[g]) }
        for _ in 0..<G { master.addRow(bounds: .exactly(1)) }
        for cap in m.capacities { master.addRow(bounds: .atMost(cap)) }
        master.reserveEntries(columns.count * 3 + G)
        for (j, o) in columns.enumerated() {
            master.addEntry(row: groupOf(o), column: j, value: 1)
            for k in 0..<3 where m.rows[3 * o + k] >= 0 && m.coefficients[3 * o + k] != 0 {
                master.addEntry(row: G + Int(m.rows[3 * o + k]), column: j, value: m.coefficients[3 * o + k])
            }
        }
        for g in 0..<G { master.addEntry(row: g, column: columns.count + g, value: 1) }
        let initialCount = columns.count
        try master.withColumnLP { lp in
            var loaded = initialCount
            var entries: [(row: Int, value: Double)] = []
            while true {
                iterations += 1
                while loaded < columns.count {
                    let o = columns[loaded]
                    entries.removeAll(keepingCapacity: true)
                    entries.append((row: groupOf(o), value: 1))
                    for k in 0..<3 where m.rows[3 * o + k] >= 0 && m.coefficients[3 * o + k] != 0 {
                        entries.append((row: G + Int(m.rows[3 * o + k]), value: m.coefficients[3 * o + k]))
                    }
                    try lp.addColumn(objective: m.cost[o], entries: entries)
                    loaded += 1
                }
                let sol = lp.solve(timeLimit: max(0.01, deadline - Self.now()))
                guard sol.status == .optimal, let obj = sol.objective else {
                    if sol.status == .noIncumbent { break }
                    throw MILPError.solver("restricted master LP: \(sol.status)")
                }
                rmpObjective = obj
                rmpValues = (0..<columns.count).map { j in sol.values[j < initialCount ? j : j + G] }
                let sigma = Array(sol.rowDuals[0..<G])
                for r in 0..<R { lambda[r] = max(0, -sol.rowDuals[G + r]) }
                let value = Self.price(m, lambda: lambda, best: &best, bestValue: &bestValue)
                if value > lagrangian { lagrangian = value; bestLambda = lambda }
                if debug { debugLog("CG it \(iterations): lp \(sol.wallTime)s t=\(Self.now() - start) cols \(columns.count) rmp \(rmpObjective) lagr \(value) best \(lagrangian)") }
                let closed = rmpObjective - lagrangian <= 1e-10 * max(1, abs(rmpObjective))
                if closed || Self.now() > deadline || iterations >= 200 { break }
                if addColumns(sigma) == 0 { break }
            }
        }
        lambda = bestLambda
        _ = Self.price(m, lambda: lambda, best: &best, bestValue: &bestValue)

        var result = AssignmentResult(status: .noSolution)
        result.lpBound = lagrangian
        result.lowerBound = lagrangian
        result.prices = lambda
        result.columnGenerationIterations = iterations
        result.restrictedColumns = columns.count

        // Incumbent: round the LP: integral groups keep their option, the few fractional ones
        // (at most one per capacity row) are repaired greedily, most-committed first; then improved.
        var preferred = best
        var order = Array(0..<G)
        if !rmpValues.isEmpty {
            var bestX = [Double](repeating: -1, count: G)
            for (j, o) in columns.enumerated() {
                var lo = 0, hi = G
                while hi - lo > 1 { let mid = (lo + hi) / 2; if m.groupStart[mid] <= o { lo = mid } else { hi = mid } }
                if rmpValues[j] > bestX[lo] { bestX[lo] = rmpValues[j]; preferred[lo] = o }
            }
            order.sort { bestX[$0] > bestX[$1] }
        }
        if debug { debugLog("CG done at \(Self.now() - start)s") }
        if var choice = Self.repair(m, preferred: preferred, order: order) {
            Self.improve(m, choice: &choice)
            if debug { debugLog("rounded \(m.objective(of: choice))") }
            if Self.hasPairedRows(m) {
                for _ in 0..<3 {
                    let before = m.objective(of: choice)
                    Self.serverDP(m, choice: &choice)
                    Self.improve(m, choice: &choice)
                    if debug { debugLog("DP+improve \(m.objective(of: choice)) at \(Self.now() - start)s") }
                    if !(m.objective(of: choice) < before - 1e-12 * abs(before)) { break }
                }
            }
            result.choice = choice
            result.upperBound = m.objective(of: choice)
            result.status = .feasible
        }
        if debug { debugLog("incumbent \(result.upperBound) lb \(result.lowerBound) gap \(result.gap)") }
        if result.gap <= closedGap {
            result.status = result.choice.isEmpty ? .noSolution : .optimal
            return result
        }

        // Core MIP: options whose reduced cost does not exceed the gap (any better solution uses only these).
        let slack = result.upperBound.isFinite ? result.upperBound - lagrangian : Double.infinity
        var core: [Int] = []
        for g in 0..<G {
            for o in m.groupStart[g]..<m.groupStart[g + 1] {
                var v = m.cost[o]
                for k in 0..<3 where m.rows[3 * o + k] >= 0 { v += lambda[Int(m.rows[3 * o + k])] * m.coefficients[3 * o + k] }
                if v - bestValue[g] <= slack + 1e-9 * max(1, abs(result.upperBound)) { core.append(o) }
            }
        }
        if let f = heuristicCoreFraction, maxCoreOptions > 0, deadline - Self.now() > 0.01 {
            // Heuristic core (no certificate): options within a fraction of the gap; a quick MIP there
            // usually finds a better incumbent, which shrinks the certified core below.
            var small: [Int] = []
            let threshold = f * slack
            for g in 0..<G {
                for o in m.groupStart[g]..<m.groupStart[g + 1] {
                    var v = m.cost[o]
                    for k in 0..<3 where m.rows[3 * o + k] >= 0 { v += lambda[Int(m.rows[3 * o + k])] * m.coefficients[3 * o + k] }
                    if v - bestValue[g] <= threshold { small.append(o) }
                }
            }
            let t0 = Self.now()
            // It only has to shrink the gap enough for a small certified core: stop at a tenth of the current gap.
            try restrictedMIP(m, columns: small, result: &result, timeLimit: min(deadline - Self.now(), max(0.05, 0.05 * timeLimit)),
                              gap: result.gap.isFinite ? max(relativeGap, 0.1 * result.gap) : relativeGap)
            if debug { debugLog("heuristic core (\(small.count)): incumbent \(result.upperBound) gap \(result.gap) in \(Self.now() - t0)s") }
            if result.gap <= closedGap { result.status = .optimal; return result }
            let slack2 = result.upperBound - lagrangian
            core = core.filter { o in
                var lo = 0, hi = G
                while hi - lo > 1 { let mid = (lo + hi) / 2; if m.groupStart[mid] <= o { lo = mid } else { hi = mid } }
                var v = m.cost[o]
                for k in 0..<3 where m.rows[3 * o + k] >= 0 { v += lambda[Int(m.rows[3 * o + k])] * m.coefficients[3 * o + k] }
                return v - bestValue[lo] <= slack2 + 1e-9 * max(1, abs(result.upperBound))
            }
        }
        if maxCoreOptions > 0 && core.count > maxCoreOptions / 3 && deadline - Self.now() > 0.01 {
            // Core too large for a quick proof: first improve the incumbent by price-and-branch (the MIP over
            // the generated columns), then recompute the core with the smaller gap.
            let t0 = Self.now()
            try restrictedMIP(m, columns: columns.sorted(), result: &result,
                              timeLimit: min(deadline - Self.now(), max(0.05, 0.25 * timeLimit)))
            if debug { debugLog("restricted MIP (\(columns.count) cols): incumbent \(result.upperBound) gap \(result.gap) in \(Self.now() - t0)s, at \(Self.now() - start)s") }
            if result.gap <= closedGap { result.status = .optimal; return result }
            let slack2 = result.upperBound - lagrangian
            core.removeAll(keepingCapacity: true)
            for g in 0..<G {
                for o in m.groupStart[g]..<m.groupStart[g + 1] {
                    var v = m.cost[o]
                    for k in 0..<3 where m.rows[3 * o + k] >= 0 { v += lambda[Int(m.rows[3 * o + k])] * m.coefficients[3 * o + k] }
                    if v - bestValue[g] <= slack2 + 1e-9 * max(1, abs(result.upperBound)) { core.append(o) }
                }
            }
        }
        result.coreOptions = core.count
        let remaining = deadline - Self.now()
        guard core.count <= maxCoreOptions, remaining > 0.01 else { return result }
        var sub = AssignmentModel()
        sub.capacities = m.capacities
        sub.reserve(options: core.count)
        var position = [Int: Int]()
        var ci = 0
        for g in 0..<G {
            while ci < core.count && core[ci] < m.groupStart[g + 1] {
                let o = core[ci]
                position[o] = sub.optionCount
                sub.addOption(cost: m.cost[o], maxCost: 0, m.rows[3 * o], m.coefficients[3 * o],
                              m.rows[3 * o + 1], m.coefficients[3 * o + 1], m.rows[3 * o + 2], m.coefficients[3 * o + 2])
                ci += 1
            }
            sub.endGroup()
            if sub.groupStart[g] == sub.groupStart[g + 1] {
                // No option of this group can be in a solution better than the incumbent (or none exists).
                if result.choice.isEmpty { result.status = .infeasible; result.lowerBound = .infinity }
                else { result.lowerBound = result.upperBound; result.status = .optimal }
                return result
            }
        }
        var lp = sub.linearProblem()
        var options = MIPOptions(presolve: false, timeLimit: remaining, relativeGap: relativeGap)
        options.method = .primal
        options.cuts = true // GLPK's cover/MIR/Gomory/clique cuts close these knapsack gaps much faster
        if !result.choice.isEmpty {
            var x = [Double](repeating: 0, count: sub.optionCount)
            for o in result.choice { x[position[o]!] = 1 }
            options.initialSolution = x
        }
        lp.name = nil
        result.usedCoreMIP = true
        let mip = try lp.solveMIP(options: options)
        if debug { debugLog("core \(core.count): \(mip.status) obj \(mip.objective ?? .nan) bound \(mip.bestBound ?? .nan) nodes \(mip.nodeCount) \(mip.wallTime)s") }
        if let values = mip.values {
            _ = Self.adopt(values, of: sub, columns: core, in: m, into: &result)
        }
        switch mip.status {
        case .optimal:
            result.lowerBound = max(result.lowerBound, min(result.upperBound, mip.objective ?? result.upperBound))
        case .infeasible:
            // The core holds every option of any solution better than the incumbent.
            result.lowerBound = result.choice.isEmpty ? .infinity : result.upperBound
        default:
            if let b = mip.bestBound { result.lowerBound = max(result.lowerBound, min(b, result.upperBound)) }
        }
        if result.choice.isEmpty {
            result.status = result.lowerBound == .infinity ? .infeasible : .noSolution
        } else {
            result.status = result.gap <= closedGap ? .optimal : .feasible
        }
        return result
    }

    /// MIP over a subset of options (sorted indices); improves `result`'s incumbent (no bound: the subset is not the core).
    /// `gap`: relative gap at which GLPK stops (default: the solver's).
    func restrictedMIP(_ m: AssignmentModel, columns: [Int], result: inout AssignmentResult, timeLimit: Double,
                       gap: Double? = nil) throws {
        let G = m.groupCount
        var sub = AssignmentModel()
        sub.capacities = m.capacities
        var map: [Int] = []
        var position = [Int: Int]()
        var ci = 0
        for g in 0..<G {
            // Always include the incumbent's option so that it can be injected.
            var group = [Int]()
            while ci < columns.count && columns[ci] < m.groupStart[g + 1] { group.append(columns[ci]); ci += 1 }
            if !result.choice.isEmpty && !group.contains(result.choice[g]) { group.append(result.choice[g]) }
            for o in group {
                position[o] = sub.optionCount
                map.append(o)
                sub.addOption(cost: m.cost[o], maxCost: 0, m.rows[3 * o], m.coefficients[3 * o],
                              m.rows[3 * o + 1], m.coefficients[3 * o + 1], m.rows[3 * o + 2], m.coefficients[3 * o + 2])
            }
            sub.endGroup()
            if group.isEmpty { return }
        }
        let lp = sub.linearProblem()
        var options = MIPOptions(presolve: result.choice.isEmpty, timeLimit: max(0.01, timeLimit), relativeGap: gap ?? relativeGap)
        options.method = .primal
        options.cuts = true // GLPK's cover/MIR/Gomory/clique cuts close these knapsack gaps much faster
        if !result.choice.isEmpty {
            var x = [Double](repeating: 0, count: sub.optionCount)
            for o in result.choice { x[position[o]!] = 1 }
            options.initialSolution = x
        }
        let mip = try lp.solveMIP(options: options)
        if debug { debugLog("  restricted: \(mip.status) obj \(mip.objective ?? .nan) bound \(mip.bestBound ?? .nan) lp \(mip.lpRelaxationObjective ?? .nan) nodes \(mip.nodeCount) acc \(mip.heuristicSolutionsAccepted) rej \(mip.heuristicSolutionsRejected) \(mip.wallTime)s") }
        guard let values = mip.values else { return }
        if Self.adopt(values, of: sub, columns: map, in: m, into: &result) { result.status = .feasible }
    }

    /// Reads a sub-model's MIP solution back as one option per group of the full model (`columns` maps
    /// sub-model columns to full-model options) and keeps it as the incumbent if it is feasible and better.
    /// Returns whether it was kept.
    static func adopt(_ values: [Double], of sub: AssignmentModel, columns: [Int], in m: AssignmentModel,
                      into result: inout AssignmentResult) -> Bool {
        let G = sub.groupStart.count - 1
        var choice = [Int](repeating: 0, count: G)
        for g in 0..<G {
            var bx = -1.0
            for j in sub.groupStart[g]..<sub.groupStart[g + 1] where values[j] > bx { bx = values[j]; choice[g] = columns[j] }
        }
        let value = m.objective(of: choice)
        guard m.isFeasible(choice) && value < result.upperBound else { return false }
        result.choice = choice
        result.upperBound = value
        return true
    }

    // MARK: - Rounding and repair

    /// Whether every option uses rows (2l, 2l+1) or none (the per-slot structure), so `serverDP` applies.
    static func hasPairedRows(_ m: AssignmentModel) -> Bool {
        guard m.capacities.count % 2 == 0 else { return false }
        for o in 0..<m.optionCount {
            let r0 = m.rows[3 * o], r1 = m.rows[3 * o + 1], r2 = m.rows[3 * o + 2]
            if r2 >= 0 { return false }
            if r0 >= 0 && (r0 % 2 != 0 || r1 != r0 + 1) { return false }
            if r0 < 0 && r1 >= 0 { return false }
            if r0 >= 0 && (m.coefficients[3 * o] != m.coefficients[3 * o].rounded() || m.coefficients[3 * o + 1] != m.coefficients[3 * o + 1].rounded()) { return false }
        }
        for cap in m.capacities where cap != cap.rounded() || cap > 4096 { return false }
        return true
    }

    /// Exact re-allocation inside each server: the groups currently on server `l` choose, by dynamic
    /// programming over (bandwidth units, compute units) used, one of their options on `l` or their
    /// cheapest zero-resource option, minimizing the total cost. Never worsens the choice.
    static func serverDP(_ m: AssignmentModel, choice: inout [Int]) {
        let G = m.groupCount
        let servers = m.capacities.count / 2
        guard servers > 0 else { return }
        // One scan of the options: per server, its member groups and their options on it (in option order).
        var zeroBest = [Int](repeating: -1, count: G)
        var memberGroups = [[Int32]](repeating: [], count: servers)
        var memberRange = [[Int32]](repeating: [], count: servers) // pairs (first, end) into itemOption
        var itemOption: [Int32] = []
        itemOption.reserveCapacity(m.optionCount)
        var perServer = [[Int32]](repeating: [], count: servers)
        m.rows.withUnsafeBufferPointer { rows in
        m.cost.withUnsafeBufferPointer { cost in
            for g in 0..<G {
                var bv = Double.infinity
                for l in 0..<servers { perServer[l].removeAll(keepingCapacity: true) }
                for o in m.groupStart[g]..<m.groupStart[g + 1] {
                    let r0 = rows[3 &* o]
                    if r0 < 0 {
                        if cost[o] < bv { bv = cost[o]; zeroBest[g] = o }
                    } else {
                        perServer[Int(r0) / 2].append(Int32(o))
                    }
                }
                for l in 0..<servers where !perServer[l].isEmpty {
                    memberGroups[l].append(Int32(g))
                    memberRange[l].append(Int32(itemOption.count))
                    itemOption.append(contentsOf: perServer[l])
                    memberRange[l].append(Int32(itemOption.count))
                }
            }
        }}
        var dp: [Double] = [], next: [Double] = []
        var pick: [Int32] = [], from: [Int32] = []
        var kbs: [Int] = [], kcs: [Int] = [], cs: [Double] = [], os: [Int32] = []
        for l in 0..<servers {
            let members = memberGroups[l]
            guard !members.isEmpty else { continue }
            let NB = Int(m.capacities[2 * l]), NC = Int(m.capacities[2 * l + 1])
            let W = NC + 1, S = (NB + 1) * W
            dp = [Double](repeating: .infinity, count: S)
            dp[0] = 0
            next = dp
            pick = [Int32](repeating: -1, count: members.count * S)
            from = [Int32](repeating: -1, count: members.count * S)
            let row = Int32(2 * l)
            for (k, g32) in members.enumerated() {
                let g = Int(g32)
                // Items: the zero-resource option (current option elsewhere, or the best local one) and every option on l.
                kbs.removeAll(keepingCapacity: true); kcs.removeAll(keepingCapacity: true)
                cs.removeAll(keepingCapacity: true); os.removeAll(keepingCapacity: true)
                let zero = m.rows[3 * choice[g]] != row ? choice[g] : zeroBest[g]
                if zero >= 0 { kbs.append(0); kcs.append(0); cs.append(m.cost[zero]); os.append(Int32(zero)) }
                for i in Int(memberRange[l][2 * k])..<Int(memberRange[l][2 * k + 1]) {
                    let o = Int(itemOption[i])
                    kbs.append(Int(m.coefficients[3 * o])); kcs.append(Int(m.coefficients[3 * o + 1]))
                    cs.append(m.cost[o]); os.append(Int32(o))
                }
                let base = k * S
                dp.withUnsafeBufferPointer { dp in
                next.withUnsafeMutableBufferPointer { next in
                pick.withUnsafeMutableBufferPointer { pick in
                from.withUnsafeMutableBufferPointer { from in
                    for i in 0..<S { next[i] = .infinity }
                    // Reachable box of dp: states with bandwidth <= maxB and compute <= maxC.
                    var maxB = -1, maxC = -1
                    for i in 0..<S where dp[i] < .infinity { maxB = max(maxB, i / W); maxC = max(maxC, i % W) }
                    guard maxB >= 0 else { return }
                    for j in 0..<kbs.count {
                        let kb = kbs[j], kc = kcs[j], c = cs[j], o = os[j]
                        guard kb <= NB, kc <= NC else { continue }
                        let topB = min(maxB, NB - kb), topC = min(maxC, NC - kc)
                        let shift = kb * W + kc
                        var ub = 0
                        while ub <= topB {
                            let rowBase = ub * W
                            var uc = 0
                            while uc <= topC {
                                let s = rowBase + uc
                                let v = dp[s] + c
                                let ns = s + shift
                                if v < next[ns] { next[ns] = v; pick[base + ns] = o; from[base + ns] = Int32(s) }
                                uc += 1
                            }
                            ub += 1
                        }
                    }
                }}}}
                swap(&dp, &next)
            }
            var bestState = -1, bestValue = Double.infinity
            for i in 0..<S where dp[i] < bestValue { bestValue = dp[i]; bestState = i }
            var current = 0.0
            for g in members { current += m.cost[choice[Int(g)]] }
            guard bestState >= 0, bestValue < current - 1e-12 * abs(current) else { continue }
            var state = bestState
            for k in stride(from: members.count - 1, through: 0, by: -1) {
                choice[Int(members[k])] = Int(pick[k * S + state])
                state = Int(from[k * S + state])
            }
        }
    }

    /// Greedy: groups keep their preferred option while it fits (in order of increasing
    /// regret), the others take the cheapest option that fits. Nil if some group cannot be served.
    static func repair(_ m: AssignmentModel, preferred: [Int], order: [Int]? = nil) -> [Int]? {
        let G = m.groupCount
        var left = m.capacities
        var choice = [Int](repeating: -1, count: G)
        func fits(_ o: Int) -> Bool {
            for k in 0..<3 {
                let r = m.rows[3 * o + k]
                if r >= 0 && m.coefficients[3 * o + k] > left[Int(r)] + 1e-9 { return false }
            }
            return true
        }
        func take(_ o: Int, _ sign: Double = 1) {
            for k in 0..<3 where m.rows[3 * o + k] >= 0 { left[Int(m.rows[3 * o + k])] -= sign * m.coefficients[3 * o + k] }
        }
        // Pass 1: preferred options, cheapest first relative to the group's alternatives.
        for g in 0..<G {
            let o = preferred[g]
            if o >= 0 && fits(o) { choice[g] = o; take(o) }
        }
        // Pass 2: remaining groups take their cheapest fitting option.
        for g in order ?? Array(0..<G) where choice[g] < 0 {
            var bo = -1, bv = Double.infinity
            for o in m.groupStart[g]..<m.groupStart[g + 1] where m.cost[o] < bv && fits(o) { bo = o; bv = m.cost[o] }
            if bo < 0 { return nil }
            choice[g] = bo
            take(bo)
        }
        return choice
    }

    /// Single-group moves: each group switches to the cheapest option that fits in the
    /// capacity left by the others, until no move improves (sum objectives).
    static func improve(_ m: AssignmentModel, choice: inout [Int]) {
        let G = m.groupCount
        var left = m.capacities
        for g in 0..<G {
            let o = choice[g]
            for k in 0..<3 where m.rows[3 * o + k] >= 0 { left[Int(m.rows[3 * o + k])] -= m.coefficients[3 * o + k] }
        }
        for _ in 0..<4 {
            var improved = false
            for g in 0..<G {
                let cur = choice[g]
                for k in 0..<3 where m.rows[3 * cur + k] >= 0 { left[Int(m.rows[3 * cur + k])] += m.coefficients[3 * cur + k] }
                var bo = cur, bv = m.cost[cur]
                for o in m.groupStart[g]..<m.groupStart[g + 1] where m.cost[o] < bv {
                    var ok = true
                    for k in 0..<3 {
                        let r = m.rows[3 * o + k]
                        if r >= 0 && m.coefficients[3 * o + k] > left[Int(r)] + 1e-9 { ok = false; break }
                    }
                    if ok { bo = o; bv = m.cost[o] }
                }
                if bo != cur { improved = true; choice[g] = bo }
                for k in 0..<3 where m.rows[3 * bo + k] >= 0 { left[Int(m.rows[3 * bo + k])] -= m.coefficients[3 * bo + k] }
            }
            if !improved { break }
        }
    }

    // MARK: - Pure makespan: bisection on the threshold

    /// `min max_g maxCost` (no sum part): the optimum is one of the options' `maxCost` values. For a
    /// threshold `T` keep the options with `maxCost <= T` and test the capacity rows with zero costs:
    /// a positive Lagrangian value (column generation) certifies that no choice meets `T`, so the
    /// smallest LP-feasible `T` is a lower bound; rounding/repair of the LP gives choices (upper bounds).
    func solveMakespan(_ m: AssignmentModel, start: Double) throws -> AssignmentResult {
        let G = m.groupCount
        var lower = -Double.infinity
        for g in 0..<G {
            var best = Double.infinity
            for o in m.groupStart[g]..<m.groupStart[g + 1] { best = min(best, m.maxCost[o]) }
            lower = max(lower, best)
        }
        let candidates = Array(Set(m.maxCost.filter { $0 >= lower && $0.isFinite })).sorted()
        let deadline = start + timeLimit
        var bestChoice: [Int] = []
        var bestValue = Double.infinity
        // Test threshold index k: (LP feasible, integer choice or nil).
        func test(_ k: Int) throws -> (Bool, [Int]?) {
            let T = candidates[k]
            var sub = AssignmentModel()
            sub.capacities = m.capacities
            var map: [Int] = []
            for g in 0..<G {
                for o in m.groupStart[g]..<m.groupStart[g + 1] where m.maxCost[o] <= T {
                    map.append(o)
                    sub.addOption(cost: 0, maxCost: 0, m.rows[3 * o], m.coefficients[3 * o], m.rows[3 * o + 1],
                                  m.coefficients[3 * o + 1], m.rows[3 * o + 2], m.coefficients[3 * o + 2])
                }
                sub.endGroup()
            }
            var inner = AssignmentSolver(relativeGap: 0, timeLimit: max(0.05, deadline - Self.now()))
            inner.maxCoreOptions = 0 // feasibility only: no core MIP
            let r = try inner.solveSum(sub, start: Self.now())
            let lpFeasible = !(r.lowerBound > 1e-9)
            if !r.choice.isEmpty && sub.isFeasible(r.choice) { return (true, r.choice.map { map[$0] }) }
            guard lpFeasible else { return (false, nil) }
            // LP-feasible: look for a choice with the sum of maxCost as guidance (rounding, per-server DP).
            for (j, o) in map.enumerated() { sub.cost[j] = m.maxCost[o] }
            let r2 = try inner.solveSum(sub, start: Self.now())
            guard !r2.choice.isEmpty, sub.isFeasible(r2.choice) else { return (true, nil) }
            return (true, r2.choice.map { map[$0] })
        }
        func record(_ choice: [Int]) {
            let v = m.objective(of: choice)
            if v < bestValue { bestValue = v; bestChoice = choice }
        }
        // Lower bound: smallest LP-feasible threshold (LP feasibility is monotone in T).
        var lo = 0, hi = candidates.count - 1
        var lpThreshold = candidates.count
        while lo <= hi && Self.now() < deadline {
            let mid = (lo + hi) / 2
            let (feasible, choice) = try test(mid)
            if debug { debugLog("makespan T=\(candidates[mid]) lp \(feasible) int \(choice != nil)") }
            if let choice { record(choice) }
            if feasible { lpThreshold = mid; hi = mid - 1 } else { lo = mid + 1 }
        }
        let proven = lo > hi // the search finished: every threshold below lpThreshold is infeasible
        // Upper bound: thresholds from the LP threshold up until a choice is found below the incumbent.
        var k = lpThreshold, step = 1
        while k < candidates.count && candidates[k] < bestValue && Self.now() < deadline {
            let (_, choice) = try test(k)
            if let choice { record(choice); break }
            if k == candidates.count - 1 { break }
            k = min(k + step, candidates.count - 1); step *= 2
        }
        // Then bisect between the LP threshold and the incumbent's value for smaller feasible thresholds.
        var a = lpThreshold, b = (candidates.firstIndex { $0 >= bestValue } ?? candidates.count) - 1
        while a <= b && Self.now() < deadline {
            let mid = (a + b) / 2
            let (_, choice) = try test(mid)
            if let choice { record(choice); b = min(mid, (candidates.firstIndex { $0 >= bestValue } ?? candidates.count)) - 1 }
            else { a = mid + 1 }
        }
        var result = AssignmentResult(status: bestChoice.isEmpty ? .noSolution : .feasible)
        result.choice = bestChoice
        result.upperBound = bestValue
        if proven {
            result.lowerBound = lpThreshold < candidates.count ? min(candidates[lpThreshold], bestValue) : .infinity
            if lpThreshold == candidates.count { result.status = .infeasible }
        } else {
            result.lowerBound = lo < candidates.count ? min(candidates[lo], bestValue) : bestValue
        }
        result.lpBound = result.lowerBound
        if !bestChoice.isEmpty && result.gap <= closedGap { result.status = .optimal }
        return result
    }

    // MARK: - Makespan objectives: full formulation

    func solveFull(_ m: AssignmentModel, start: Double, incumbent given: [Int]? = nil) throws -> AssignmentResult {
        let G = m.groupCount
        // Greedy incumbent on cost + maxCost.
        var scored = m
        for o in 0..<m.optionCount { scored.cost[o] = m.cost[o] + m.maxCost[o] }
        var preferred = [Int](repeating: -1, count: G)
        for g in 0..<G {
            var bv = Double.infinity
            for o in m.groupStart[g]..<m.groupStart[g + 1] where scored.cost[o] < bv { bv = scored.cost[o]; preferred[g] = o }
        }
        var incumbent = Self.repair(scored, preferred: preferred)
        if let given, m.isFeasible(given), incumbent.map({ m.objective(of: given) < m.objective(of: $0) }) ?? true {
            incumbent = given
        }
        let lp = m.linearProblem()
        var options = MIPOptions(presolve: incumbent == nil, timeLimit: max(0.01, timeLimit - (Self.now() - start)),
                                 relativeGap: relativeGap)
        options.method = .primal
        options.cuts = true // GLPK's cover/MIR/Gomory/clique cuts close these knapsack gaps much faster
        if let incumbent {
            var x = [Double](repeating: 0, count: lp.columns.count)
            for o in incumbent { x[o] = 1 }
            var setMax = [Double](repeating: 0, count: m.setCount)
            for g in 0..<G where m.groupSet[g] >= 0 { setMax[Int(m.groupSet[g])] = max(setMax[Int(m.groupSet[g])], m.maxCost[incumbent[g]]) }
            for s in 0..<m.setCount { x[m.optionCount + s] = setMax[s] }
            options.initialSolution = x
        }
        let mip = try lp.solveMIP(options: options)
        var result = AssignmentResult(status: .noSolution)
        result.usedCoreMIP = true
        result.coreOptions = m.optionCount
        result.lpBound = mip.lpRelaxationObjective ?? -.infinity
        if let values = mip.values {
            var choice = [Int](repeating: 0, count: G)
            for g in 0..<G {
                var bx = -1.0
                for o in m.groupStart[g]..<m.groupStart[g + 1] where values[o] > bx { bx = values[o]; choice[g] = o }
            }
            result.choice = choice
            result.upperBound = m.objective(of: choice)
        }
        switch mip.status {
        case .optimal:
            result.lowerBound = min(result.upperBound, mip.objective ?? result.upperBound)
            result.status = .optimal
        case .infeasible:
            result.status = .infeasible
            result.lowerBound = .infinity
        default:
            result.lowerBound = min(mip.bestBound ?? -.infinity, result.upperBound)
            result.status = result.choice.isEmpty ? .noSolution : (result.gap <= closedGap ? .optimal : .feasible)
        }
        return result
    }
}
