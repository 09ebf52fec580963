import OffloadModel

/// Uniform sampling over the feasible hybrid action set (000 "Random", 002 "RA"): mode uniform over
/// local (where allowed) and the visible servers, `mu ~ U[mu_min, 1]`, `p ~ U(0, p_max]`, full-speed CPU;
/// servers split their resources equally among the users that chose them.
public struct RandomSolver: SlotSolver {
    public let name = "random"
    private var rng: SeededGenerator

    public init(seed: UInt64) { rng = SeededGenerator(seed: seed) }

    public mutating func decide(scenario: Scenario, slot t: Int, context: SolverContext) -> SlotDecision {
        let s = scenario.slots[t]
        var d = SlotDecision(userCount: s.userCount)
        var options: [Int] = []
        options.reserveCapacity(s.serverCount + 1)
        for u in 0..<s.userCount {
            let dev = scenario.devices[u]
            d.setLocal(u, frequencyHz: dev.maxFrequencyHz)
            guard s.active[u] else { continue }
            options.removeAll(keepingCapacity: true)
            if scenario.parameters.localExecutionAllowed { options.append(-1) }
            for l in 0..<s.serverCount where s.isVisible(u, l) { options.append(l) }
            guard !options.isEmpty else { continue }
            let choice = options[rng.index(below: options.count)]
            let mu = rng.uniform(dev.minSemanticRatio, 1)
            let p = dev.maxPowerW * (1 - rng.uniform()) // (0, p_max]
            if choice >= 0 {
                d.setOffload(u, server: choice, semanticRatio: mu, powerW: p, localFrequencyHz: dev.maxFrequencyHz)
            }
        }
        ResourceSharing.share(slot: s, servers: scenario.servers, decision: &d)
        return d
    }
}
