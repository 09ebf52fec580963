import OffloadModel

/// Everything on the device at full CPU speed (000 "Local").
public struct LocalSolver: SlotSolver {
    public let name = "local"
    public init() {}

    public mutating func decide(scenario: Scenario, slot t: Int, context: SolverContext) -> SlotDecision {
        var d = SlotDecision(userCount: scenario.userCount)
        for u in 0..<scenario.userCount { d.setLocal(u, frequencyHz: scenario.devices[u].maxFrequencyHz) }
        return d
    }
}
