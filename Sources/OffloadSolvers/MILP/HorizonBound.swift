import OffloadModel

/// Horizon lower bound (`offload bound --horizon`): every slot of the episode in one relaxed model
/// with the future known, coupled by each device's energy budget (C1: `sum_t E_u,t <= eps_u`).
///
/// Groups are (slot, active user); rows are the per-slot server cells (bandwidth and compute units
/// of every server in every slot) and one energy row per device. Each option carries a lower bound
/// of its device energy (local: the energy at the smallest frequency that meets the deadline;
/// offloading: the sensing energy, since encoder and uplink energy can be made arbitrarily small).
/// Any decision sequence of any policy, online or not, maps to a feasible selection of this model
/// with no larger cost, so its LP (Lagrangian) bound is a lower bound on every policy's total.
/// The sum of the per-slot certified bounds is another valid bound; the larger one is reported.
public struct HorizonBound {
    public let scenario: Scenario
    public let options: MILPOptions

    public init(scenario: Scenario, options: MILPOptions = MILPOptions()) {
        self.scenario = scenario
        self.options = options
    }

    public struct Result: Sendable {
        /// Lower bound of the coupled horizon model.
        public var coupledBound: Double
        public var options: Int
        public var groups: Int
        public var seconds: Double
        public var status: AssignmentResult.Status
    }

    public func model(slots: Int) -> AssignmentModel {
        let L = scenario.serverCount, U = scenario.userCount
        var m = AssignmentModel()
        var energy: [Double] = [], infeasible: [Int] = []
        let relaxed = RelaxedBound(scenario: scenario, options: options)
        for _ in 0..<slots {
            for _ in 0..<L { m.capacities.append(Double(options.bandwidthUnits)); m.capacities.append(Double(options.computeUnits)) }
        }
        let energyBase = Int32(2 * L * slots)
        for u in 0..<U { m.capacities.append(scenario.devices[u].energyBudgetJ) }
        for t in 0..<slots {
            relaxed.append(slot: t, to: &m, energyLB: &energy, infeasibleUsers: &infeasible, rowOffset: Int32(2 * L * t),
                           set: -1, energyRow: { energyBase + Int32($0) })
        }
        return m
    }

    public func solve(slots: Int? = nil, timeLimit: Double? = nil) throws -> Result {
        guard RelaxedBound.isCertified(scenario.parameters.objective) else {
            throw MILPError.unsupported("no certified lower bound for objective '\(scenario.parameters.objective.kind.rawValue)' (only delay and delayEnergy)")
        }
        guard scenario.parameters.objective.aggregation == .sum else {
            throw MILPError.unsupported("the horizon bound supports sum aggregation only (the objective aggregates by max)")
        }
        let start = AssignmentSolver.now()
        let n = min(slots ?? scenario.slots.count, scenario.slots.count)
        let m = model(slots: n)
        let r = try AssignmentSolver(relativeGap: max(options.relativeGap, 1e-6), timeLimit: timeLimit ?? options.timeLimit).solve(m)
        let lb = r.status == .infeasible ? Double.infinity : r.lowerBound
        return Result(coupledBound: lb, options: m.optionCount, groups: m.groupCount,
                      seconds: AssignmentSolver.now() - start, status: r.status)
    }
}
