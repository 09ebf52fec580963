/// Totals of a sequence of evaluated slots: what every method is compared by.
public struct EpisodeReport: Codable, Hashable, Sendable {
    public struct SlotSummary: Codable, Hashable, Sendable {
        public var slot: Int
        public var activeUsers: Int
        public var offloadingUsers: Int
        public var totalDelaySeconds: Double
        public var maxDelaySeconds: Double
        public var totalEnergyJoules: Double
        public var objective: Double
        public var violations: Int
    }

    public var slots: [SlotSummary] = []
    public var violations: [Violation] = []
    /// Active user-slots (tasks) evaluated.
    public var tasks = 0
    public var offloadedTasks = 0
    /// Tasks with at least one per-user violation.
    public var violatingTasks = 0
    public var totalDelay = 0.0
    public var maxDelay = 0.0
    public var totalEnergy = 0.0
    public var totalAccuracy = 0.0
    public var totalQoELogistic = 0.0
    public var totalQoEMOS = 0.0
    /// Sum of slot objectives (minimization convention).
    public var objective = 0.0

    public init() {}

    public mutating func add(_ e: SlotEvaluation) {
        slots.append(SlotSummary(slot: e.slot, activeUsers: e.activeUsers, offloadingUsers: e.offloadingUsers,
                                 totalDelaySeconds: e.totalDelay, maxDelaySeconds: e.maxDelay,
                                 totalEnergyJoules: e.totalEnergy, objective: e.objective,
                                 violations: e.violations.count))
        violations.append(contentsOf: e.violations)
        tasks += e.activeUsers
        offloadedTasks += e.offloadingUsers
        violatingTasks += e.violatingUsers
        totalDelay += e.totalDelay
        maxDelay = max(maxDelay, e.maxDelay)
        totalEnergy += e.totalEnergy
        totalAccuracy += e.totalAccuracy
        totalQoELogistic += e.totalQoELogistic
        totalQoEMOS += e.totalQoEMOS
        objective += e.objective
    }

    private func perTask(_ x: Double) -> Double { tasks > 0 ? x / Double(tasks) : 0 }
    public var meanDelay: Double { perTask(totalDelay) }
    public var meanEnergy: Double { perTask(totalEnergy) }
    public var meanAccuracy: Double { perTask(totalAccuracy) }
    public var meanQoELogistic: Double { perTask(totalQoELogistic) }
    public var meanQoEMOS: Double { perTask(totalQoEMOS) }
    /// Fraction of tasks with a per-user violation.
    public var violationRate: Double { perTask(Double(violatingTasks)) }
}
