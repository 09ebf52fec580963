import OffloadModel

/// The stable result of running one method on one instance (`offload solve --json`).
/// Field names are part of the command-line contract; add fields, never rename them.
public struct RunSummary: Codable, Hashable, Sendable {
    public var instance: String
    public var solver: String
    /// Generator seed the scenario was expanded with (nil for explicit instances).
    public var instanceSeed: UInt64?
    /// Seed of the solver's own randomness.
    public var seed: UInt64
    public var slots: Int
    public var tasks: Int
    public var objectiveKind: String
    /// Sum of slot objectives in the instance's natural sense (QoE: larger is better).
    public var objective: Double
    public var meanDelaySeconds: Double
    public var maxDelaySeconds: Double
    public var meanEnergyJoules: Double
    public var meanAccuracy: Double
    /// Mean logistic QoE of 003 (10) per task.
    public var meanQoE: Double
    /// Mean MOS QoE of 004 (10) per task.
    public var meanQoEMOS: Double
    public var offloadedFraction: Double
    /// Number of violated constraints (per user and per server).
    public var violations: Int
    /// Fraction of tasks with at least one per-user violation.
    public var violationRate: Double
    public var violationsByConstraint: [String: Int]
    /// Wall time inside the solver, s.
    public var runtimeSeconds: Double
    /// MILP only: certified lower bound, evaluator-scored upper bound and relative gap (minimization sense).
    public var lowerBound: Double?
    public var upperBound: Double?
    public var gap: Double?

    public init(instance: String, solver: String, instanceSeed: UInt64?, seed: UInt64, scenario: Scenario,
                report r: EpisodeReport, runtimeSeconds: Double) {
        self.instance = instance
        self.solver = solver
        self.instanceSeed = instanceSeed
        self.seed = seed
        slots = r.slots.count
        tasks = r.tasks
        let objective = scenario.parameters.objective
        objectiveKind = objective.kind.rawValue
        self.objective = objective.maximizes ? -r.objective : r.objective
        meanDelaySeconds = r.meanDelay
        maxDelaySeconds = r.maxDelay
        meanEnergyJoules = r.meanEnergy
        meanAccuracy = r.meanAccuracy
        meanQoE = r.meanQoELogistic
        meanQoEMOS = r.meanQoEMOS
        offloadedFraction = r.tasks > 0 ? Double(r.offloadedTasks) / Double(r.tasks) : 0
        violations = r.violations.count
        violationRate = r.violationRate
        violationsByConstraint = Dictionary(grouping: r.violations, by: { $0.constraint.rawValue }).mapValues(\.count)
        self.runtimeSeconds = runtimeSeconds
    }
}
