import OffloadModel

/// Non-semantic greedy offloading (000 "Non-semantic"): raw payloads (`mu = 1`, no codec), full power,
/// each user in turn to the visible server with the least estimated delay, or local when that is better.
///
/// The server's waiting and service time is estimated as an M/M/1 sojourn `1 / (service rate - arrival rate)`
/// where the service rate is the server's available compute over this task's cycles and the arrival rate
/// counts the tasks already routed there plus this one, spread over the slot. The uplink estimate uses an
/// equal share of the server's bandwidth among the users routed so far. After routing, resources are split
/// equally and the decision is scored by the evaluator like every other method.
public struct NonSemanticSolver: SlotSolver {
    public let name = "nonsemantic"
    public init() {}

    public mutating func decide(scenario: Scenario, slot t: Int, context: SolverContext) -> SlotDecision {
        let s = scenario.slots[t]
        let tau = scenario.parameters.slotSeconds
        var d = SlotDecision(userCount: s.userCount)
        var routed = [Int](repeating: 0, count: s.serverCount)
        for u in 0..<s.userCount {
            let dev = scenario.devices[u]
            d.setLocal(u, frequencyHz: dev.maxFrequencyHz)
            guard s.active[u] else { continue }
            var best = scenario.parameters.localExecutionAllowed
                ? scenario.localReference(slot: s, user: u).delay : Double.infinity
            var bestServer = -1
            let cls = scenario.taskCosts[Int(s.taskClass[u])]
            for l in 0..<s.serverCount where s.isVisible(u, l) {
                let n = Double(routed[l] + 1)
                let bandwidth = scenario.servers[l].bandwidthHz / n
                // Transmission and propagation from the model with the full server compute; the server
                // part is then replaced by the M/M/1 sojourn estimate.
                let link = scenario.outcome(slot: s, user: u, server: Int32(l), semanticRatio: 1, powerW: dev.maxPowerW,
                                            bandwidthHz: bandwidth, computeHz: s.availableComputeHz[l],
                                            localFrequencyHz: dev.maxFrequencyHz)
                let cycles = cls.serverCyclesPerBit * s.payloadBits[u]
                let effective = (1 - scenario.servers[l].dtDeviation) * s.availableComputeHz[l]
                let serviceRate = cycles > 0 ? effective / cycles : .infinity
                let arrivalRate = n / tau
                let sojourn = serviceRate > arrivalRate ? 1 / (serviceRate - arrivalRate) : .infinity
                let estimate = link.sensingDelay + link.uplinkDelay + link.propagationDelay + (cycles > 0 ? sojourn : 0)
                if estimate < best && estimate <= s.coverage(u, l) {
                    best = estimate
                    bestServer = l
                }
            }
            if bestServer >= 0 {
                routed[bestServer] += 1
                d.setOffload(u, server: bestServer, semanticRatio: 1, powerW: dev.maxPowerW,
                             localFrequencyHz: dev.maxFrequencyHz)
            }
        }
        ResourceSharing.share(slot: s, servers: scenario.servers, decision: &d)
        return d
    }
}
