import OffloadModel

/// What a solver may know when it decides a slot: the scenario up to and including this slot,
/// the energy each device has left of its horizon budget, and the previous slot's decision.
public struct SolverContext: Sendable {
    /// Energy left of each device's horizon budget before this slot, J (C1).
    public var remainingEnergy: [Double]
    /// The decision of the previous slot, if any.
    public var previous: SlotDecision?

    public init(remainingEnergy: [Double], previous: SlotDecision? = nil) {
        self.remainingEnergy = remainingEnergy
        self.previous = previous
    }
}

/// A method that turns one slot's state into a concrete decision. Solvers never score themselves:
/// `EpisodeRunner` hands every decision to the shared `Evaluator`.
public protocol SlotSolver {
    /// Stable name used in outputs (`local`, `nonsemantic`, `random`, ...).
    var name: String { get }
    /// Decides slot `t` of `scenario`.
    mutating func decide(scenario: Scenario, slot t: Int, context: SolverContext) throws -> SlotDecision
}
