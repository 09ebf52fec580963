import Foundation
import GLPK
import OffloadModel
import OffloadScenarios

/// `offload bench milp`: one generated LEO slot per size (every user active, L satellites,
/// 16 x 16 units by default), solved by this solver and by GLPK on the naive full formulation
/// (every per-user-feasible grid option a binary, presolve on) with the same limits.
public enum MILPBenchmark {
    public struct Row: Codable, Sendable {
        public var users: Int
        public var servers: Int
        public var visibleLinksPerUser: Double
        public var options: Int
        public var naiveOptions: Int
        /// This solver: wall seconds (enumeration included), certified relative gap on the grid model, status.
        public var seconds: Double
        public var gap: Double
        public var status: String
        public var objective: Double
        public var lowerBound: Double
        public var columnGenerationIterations: Int
        public var coreOptions: Int
        /// GLPK on the naive formulation (enumeration excluded): wall seconds, relative gap (nil: no incumbent), status.
        public var naiveSeconds: Double?
        public var naiveGap: Double?
        public var naiveStatus: String?
        public var naiveObjective: Double?

        enum CodingKeys: String, CodingKey {
            case users, servers, visibleLinksPerUser, options, naiveOptions, seconds, gap, status, objective, lowerBound
            case columnGenerationIterations, coreOptions, naiveSeconds, naiveGap, naiveStatus, naiveObjective
        }

        /// Every key is always present (null when the naive run has no incumbent or was skipped).
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(users, forKey: .users); try c.encode(servers, forKey: .servers)
            try c.encode(visibleLinksPerUser, forKey: .visibleLinksPerUser); try c.encode(options, forKey: .options)
            try c.encode(naiveOptions, forKey: .naiveOptions); try c.encode(seconds, forKey: .seconds)
            try c.encode(gap, forKey: .gap); try c.encode(status, forKey: .status)
            try c.encode(objective, forKey: .objective); try c.encode(lowerBound, forKey: .lowerBound)
            try c.encode(columnGenerationIterations, forKey: .columnGenerationIterations)
            try c.encode(coreOptions, forKey: .coreOptions)
            try c.encode(naiveSeconds, forKey: .naiveSeconds); try c.encode(naiveGap, forKey: .naiveGap)
            try c.encode(naiveStatus, forKey: .naiveStatus); try c.encode(naiveObjective, forKey: .naiveObjective)
        }
    }

    /// A bench slot: LEO preset with every user active; the slot with the most visible links.
    /// `visible`: nil keeps the generator's visibility; `(lo, hi)` keeps for every user a random subset of
    /// `lo...hi` of the visible satellites (BRIEF §6's second generator: 3-6 visible servers per user).
    public static func slot(users: Int, satellites: Int, seed: UInt64, visible: (Int, Int)? = nil) throws -> (Scenario, Int) {
        var instance = Presets.leo(name: "bench-milp-\(users)", users: users, satellites: satellites, slots: 10, seed: seed)
        instance.leo?.taskArrivalRatePerS = 100 // every user has a task in every slot
        let scenario = try instance.scenario(seed: seed)
        var best = 0, bestLinks = -1
        for (t, s) in scenario.slots.enumerated() {
            var links = 0
            for u in 0..<s.userCount { for l in 0..<s.serverCount where s.isVisible(u, l) { links += 1 } }
            if links > bestLinks { bestLinks = links; best = t }
        }
        guard let (lo, hi) = visible else { return (scenario, best) }
        var sc = scenario
        var rng = SeededGenerator(seed: seed &+ 0x9E37_79B9)
        var s = sc.slots[best]
        for u in 0..<s.userCount {
            var seen = (0..<s.serverCount).filter { s.isVisible(u, $0) }
            let keep = min(seen.count, lo + rng.index(below: hi - lo + 1))
            while seen.count > keep { seen.remove(at: rng.index(below: seen.count)) }
            for l in 0..<s.serverCount where !seen.contains(l) { s.links[s.link(u, l)].coverageS = 0 }
        }
        sc.slots[best] = s
        return (sc, best)
    }

    public static func run(users: [Int], satellites: Int, units: Int, timeLimit: Double, relativeGap: Double,
                           seed: UInt64, naive: Bool, visible: (Int, Int)? = (3, 6), progress: ((String) -> Void)? = nil) throws -> [Row] {
        var rows: [Row] = []
        for U in users {
            let (scenario, t) = try slot(users: U, satellites: satellites, seed: seed, visible: visible)
            var options = MILPOptions()
            options.bandwidthUnits = units
            options.computeUnits = units
            options.timeLimit = timeLimit
            options.relativeGap = relativeGap
            options.certifiedBound = false
            let budgets = scenario.devices.map(\.energyBudgetJ)
            let s = scenario.slots[t]
            var links = 0
            for u in 0..<s.userCount where s.active[u] { for l in 0..<s.serverCount where s.isVisible(u, l) { links += 1 } }
            progress?("U=\(U): solving slot \(t)")
            let start = AssignmentSolver.now()
            let milp = SlotMILP(scenario: scenario, options: options)
            let r = try milp.solve(slot: t, remainingEnergy: budgets)
            let seconds = AssignmentSolver.now() - start
            var row = Row(users: U, servers: s.serverCount, visibleLinksPerUser: Double(links) / Double(max(1, s.activeCount)),
                          options: r.options, naiveOptions: 0, seconds: seconds, gap: r.gridGap, status: r.status.rawValue,
                          objective: r.objective, lowerBound: r.gridLowerBound,
                          columnGenerationIterations: r.solver.columnGenerationIterations, coreOptions: r.solver.coreOptions)
            if naive {
                var naiveOptions = options
                naiveOptions.dominancePruning = false
                let full = OptionEnumerator(scenario: scenario, options: naiveOptions).enumerate(slot: t, remainingEnergy: budgets)
                row.naiveOptions = full.model.optionCount
                progress?("U=\(U): naive formulation, \(full.model.optionCount) binaries")
                let lp = full.model.linearProblem()
                let mip = try lp.solveMIP(options: MIPOptions(presolve: true, timeLimit: timeLimit, relativeGap: relativeGap))
                row.naiveSeconds = mip.wallTime
                row.naiveGap = mip.relativeGap
                row.naiveObjective = mip.objective
                switch mip.status {
                case .optimal: row.naiveStatus = "optimal"
                case .feasible: row.naiveStatus = "feasible"
                case .noIncumbent: row.naiveStatus = "noIncumbent"
                default: row.naiveStatus = "\(mip.status)"
                }
            }
            rows.append(row)
        }
        return rows
    }
}
