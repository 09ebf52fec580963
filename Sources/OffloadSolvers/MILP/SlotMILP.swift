import OffloadModel

/// Result of one slot's grid MILP.
public struct SlotMILPResult: Sendable {
    public enum Status: String, Codable, Sendable {
        /// Optimal on the grid within the relative gap tolerance.
        case optimal
        /// Feasible; a limit stopped the search with a larger certified gap.
        case feasible
        /// Some user has no option satisfying its per-user constraints, or the capacities
        /// cannot serve every user; the decision is a least-violating fallback.
        case infeasible
    }
    public var slot: Int
    public var status: Status
    public var decision: SlotDecision
    /// MILP objective of the returned decision (equals the evaluator's slot objective).
    public var objective: Double
    /// Certified lower bound on the grid model's optimum.
    public var gridLowerBound: Double
    /// Certified lower bound on the continuous per-slot problem (relaxed model), when computed
    /// and when the objective kind has one (delay, delayEnergy).
    public var certifiedLowerBound: Double?
    public var infeasibleUsers: [Int] = []
    public var options = 0
    public var seconds = 0.0
    public var boundSeconds = 0.0
    public var solver = AssignmentResult(status: .noSolution)

    public var gridGap: Double { AssignmentResult.relativeGap(upper: objective, lower: gridLowerBound) }
}

/// The per-slot grid MILP (docs/MODEL.md, "MILP and bounds").
public struct SlotMILP {
    public let scenario: Scenario
    public let options: MILPOptions
    public let enumerator: OptionEnumerator

    public init(scenario: Scenario, options: MILPOptions = MILPOptions()) {
        self.scenario = scenario
        self.options = options
        self.enumerator = OptionEnumerator(scenario: scenario, options: options)
    }

    /// Solves slot `t`. Never throws for infeasibility (reported in `status`); throws only on
    /// solver failures.
    public func solve(slot t: Int, remainingEnergy: [Double]) throws -> SlotMILPResult {
        let start = AssignmentSolver.now()
        let s = scenario.slots[t]
        let slotOptions = enumerator.enumerate(slot: t, remainingEnergy: remainingEnergy)
        let solver = AssignmentSolver(relativeGap: options.relativeGap, timeLimit: options.timeLimit)
        if solver.debug { solver.debugLog("enumeration: \(slotOptions.model.optionCount) options in \(AssignmentSolver.now() - start)s") }
        let r = try solver.solve(slotOptions.model)
        var d = SlotDecision(userCount: s.userCount)
        for u in 0..<s.userCount { d.setLocal(u, frequencyHz: scenario.devices[u].maxFrequencyHz) }
        var status: SlotMILPResult.Status
        var objective: Double
        if !r.choice.isEmpty {
            for o in r.choice { slotOptions.apply(o, to: &d, scenario: scenario, slot: s, grid: enumerator.grid) }
            objective = r.upperBound
            status = r.status == .optimal ? .optimal : .feasible
        } else {
            // No capacity-feasible choice: every user takes its cheapest option (least violating
            // per-user); the evaluator reports the capacity rows that break.
            let m = slotOptions.model
            var choice: [Int] = []
            for g in 0..<m.groupCount where m.groupStart[g] < m.groupStart[g + 1] {
                var bo = m.groupStart[g]
                for o in m.groupStart[g]..<m.groupStart[g + 1] where m.cost[o] + m.maxCost[o] < m.cost[bo] + m.maxCost[bo] { bo = o }
                choice.append(bo)
                slotOptions.apply(bo, to: &d, scenario: scenario, slot: s, grid: enumerator.grid)
            }
            objective = choice.count == m.groupCount ? m.objective(of: choice) : .infinity
            status = .infeasible
        }
        if !slotOptions.infeasibleUsers.isEmpty { status = .infeasible }
        var result = SlotMILPResult(slot: t, status: status, decision: d, objective: objective,
                                    gridLowerBound: r.lowerBound, infeasibleUsers: slotOptions.infeasibleUsers,
                                    options: slotOptions.model.optionCount, solver: r)
        result.seconds = AssignmentSolver.now() - start
        if options.certifiedBound, RelaxedBound.isCertified(scenario.parameters.objective) {
            let b0 = AssignmentSolver.now()
            let relaxed = RelaxedBound(scenario: scenario, options: options)
            if scenario.parameters.objective.aggregation == .sum && !r.prices.isEmpty {
                var bound = relaxed.lagrangianBound(slot: t, prices: r.prices)
                // With few users per server the per-user cost is far from convex in the resources (the
                // optimal mu makes delay a concave power of 1/rate), so the Lagrangian gap can be large;
                // the relaxed cell model on a finer grid (about `relaxedCellBudget` cells in all) is also
                // valid, and the larger of the two is reported.
                var pairs = 0
                for u in 0..<s.userCount where s.active[u] { for l in 0..<s.serverCount where s.isVisible(u, l) { pairs += 1 } }
                let units = min(256, Int((Double(options.relaxedCellBudget) / Double(max(pairs, 1))).squareRoot()))
                if options.relaxedCellBudget > 0 && units > options.bandwidthUnits {
                    var fine = options
                    fine.bandwidthUnits = units
                    fine.computeUnits = units
                    let cells = try RelaxedBound(scenario: scenario, options: fine).bound(slot: t, timeLimit: min(2, options.timeLimit))
                    bound = max(bound, cells.lowerBound)
                }
                result.certifiedLowerBound = bound
            } else {
                result.certifiedLowerBound = try relaxed.bound(slot: t).lowerBound
            }
            result.boundSeconds = AssignmentSolver.now() - b0
        }
        return result
    }
}

/// Per-slot records of a `MILPSolver` run (a reference, so copies of the solver share it).
public final class MILPLog: @unchecked Sendable {
    public var slots: [SlotMILPResult] = []
    public init() {}

    /// Sum of the slots' certified lower bounds (nil if any slot has none).
    public var certifiedLowerBound: Double? {
        var total = 0.0
        for s in slots {
            guard let b = s.certifiedLowerBound else { return nil }
            total += b
        }
        return total
    }
    public var gridLowerBound: Double { slots.reduce(0) { $0 + $1.gridLowerBound } }
    public var objective: Double { slots.reduce(0) { $0 + $1.objective } }
}

/// `--solver milp`: the per-slot grid MILP, energy cap from the remaining horizon energy.
public struct MILPSolver: SlotSolver {
    public let name = "milp"
    public var options: MILPOptions
    public let log = MILPLog()
    private var cache: (Scenario, SlotMILP)?

    public init(options: MILPOptions = MILPOptions()) {
        self.options = options
    }

    public mutating func decide(scenario: Scenario, slot t: Int, context: SolverContext) throws -> SlotDecision {
        let milp: SlotMILP
        if let cache, cache.0 == scenario { milp = cache.1 } else {
            try options.validate()
            milp = SlotMILP(scenario: scenario, options: options)
            cache = (scenario, milp)
        }
        let r = try milp.solve(slot: t, remainingEnergy: context.remainingEnergy)
        log.slots.append(r)
        return r.decision
    }
}

extension RunSummary {
    /// Fills `lowerBound` (sum of the slots' certified bounds of the continuous problem; nil when the
    /// objective has none), `upperBound` (the evaluator's objective of the decisions, minimization
    /// sense) and their relative `gap`.
    public mutating func addBounds(_ log: MILPLog, report: EpisodeReport) {
        upperBound = report.objective
        lowerBound = log.certifiedLowerBound
        if let lb = lowerBound { gap = AssignmentResult.relativeGap(upper: report.objective, lower: lb) }
    }
}
