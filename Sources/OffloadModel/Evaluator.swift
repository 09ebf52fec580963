/// The one shared evaluator: scores a concrete decision against the model and lists every
/// violated constraint (C1-C9, BW, ACC). Every method is scored here; no solver scores itself.
public struct Evaluator: Sendable {
    public let scenario: Scenario
    /// Relative slack on capacity sums, so equal shares that round up by an ulp are not violations.
    public static let capacityTolerance = 1e-9

    public init(scenario: Scenario) { self.scenario = scenario }

    /// Evaluates slot `t` under `decision`.
    ///
    /// - Parameter remainingEnergy: per-user energy left of the horizon budget before this slot
    ///   (C1 is tracked across slots); updated in place. Pass the devices' budgets at the first slot.
    public func evaluate(slot t: Int, decision d: SlotDecision, remainingEnergy: inout [Double],
                         into r: inout SlotEvaluation) {
        let sc = scenario
        let s = sc.slots[t]
        let U = s.userCount, L = s.serverCount
        let objective = sc.parameters.objective
        let qoe = sc.parameters.logisticQoE, mos = sc.parameters.mosQoE
        let localAllowed = sc.parameters.localExecutionAllowed
        r.reset(slot: t, userCount: U)
        var maxCost = -Double.infinity
        var sumCost = 0.0

        for u in 0..<U {
            guard s.active[u] else {
                r.outcomes[u] = UserOutcome(); r.qoeLogistic[u] = 0; r.qoeMOS[u] = 0
                continue
            }
            let server = d.server[u]
            let o = sc.outcome(slot: s, user: u, server: server, semanticRatio: d.semanticRatio[u],
                               powerW: d.powerW[u], bandwidthHz: d.bandwidthHz[u], computeHz: d.computeHz[u],
                               localFrequencyHz: d.localFrequencyHz[u])
            let ref = sc.localReference(slot: s, user: u)
            let q = qoe.score(delay: o.delay, energy: o.energy, accuracy: o.accuracy,
                              localDelay: ref.delay, localEnergy: ref.energy, localAccuracy: ref.accuracy)
            let m = mos.score(latency: o.delay, energy: o.energy)
            r.outcomes[u] = o
            r.qoeLogistic[u] = q
            r.qoeMOS[u] = m
            r.activeUsers += 1
            r.totalDelay += o.delay
            r.maxDelay = max(r.maxDelay, o.delay)
            r.totalEnergy += o.energy
            r.totalAccuracy += o.accuracy
            r.totalQoELogistic += q
            r.totalQoEMOS += m
            sumCost += objective.sumCost(delay: o.delay, energy: o.energy, qoeLogistic: q, qoeMOS: m)
            maxCost = max(maxCost, objective.maxCost(delay: o.delay))

            let before = r.violations.count
            checkUser(u, slot: t, state: s, decision: d, outcome: o, localAllowed: localAllowed,
                      remainingEnergy: &remainingEnergy, into: &r.violations)
            if server >= 0 { r.offloadingUsers += 1 }
            if r.violations.count > before { r.violatingUsers += 1 }
        }
        checkServers(slot: t, state: s, decision: d, serverCount: L, into: &r.violations)
        r.objective = sumCost + (r.activeUsers > 0 && objective.aggregation == .max ? maxCost : 0)
    }

    @inline(__always)
    private func checkUser(_ u: Int, slot t: Int, state s: SlotState, decision d: SlotDecision, outcome o: UserOutcome,
                           localAllowed: Bool, remainingEnergy: inout [Double], into v: inout [Violation]) {
        let dev = scenario.devices[u]
        let server = d.server[u]
        let l = Int(server)
        let serverRef: Int? = server >= 0 ? l : nil
        if server < 0 {
            if !localAllowed { v.append(Violation(constraint: .C2, slot: t, user: u, server: nil, value: 1, limit: 0)) }
            let f = d.localFrequencyHz[u]
            if !(f > 0 && f <= dev.maxFrequencyHz * (1 + Evaluator.capacityTolerance)) {
                v.append(Violation(constraint: .C6, slot: t, user: u, server: nil, value: f, limit: dev.maxFrequencyHz))
            }
        } else {
            if l >= s.serverCount {
                v.append(Violation(constraint: .C3, slot: t, user: u, server: l, value: Double(l), limit: Double(s.serverCount - 1)))
            }
            let p = d.powerW[u]
            if !(p >= 0 && p <= dev.maxPowerW * (1 + Evaluator.capacityTolerance)) {
                v.append(Violation(constraint: .C4, slot: t, user: u, server: l, value: p, limit: p < 0 ? 0 : dev.maxPowerW))
            }
            let mu = d.semanticRatio[u]
            if !(mu >= dev.minSemanticRatio && mu <= 1) {
                v.append(Violation(constraint: .C5, slot: t, user: u, server: l, value: mu,
                                   limit: mu > 1 ? 1 : dev.minSemanticRatio))
            }
            let f = d.localFrequencyHz[u]
            let encoderRuns = mu < 1
            if f > dev.maxFrequencyHz * (1 + Evaluator.capacityTolerance) || (encoderRuns && !(f > 0)) {
                v.append(Violation(constraint: .C6, slot: t, user: u, server: l, value: f, limit: dev.maxFrequencyHz))
            }
            if !(d.computeHz[u] >= 0) {
                v.append(Violation(constraint: .C7, slot: t, user: u, server: l, value: d.computeHz[u], limit: 0))
            }
            if !(d.bandwidthHz[u] >= 0) {
                v.append(Violation(constraint: .BW, slot: t, user: u, server: l, value: d.bandwidthHz[u], limit: 0))
            }
            if l < s.serverCount {
                let coverage = s.coverageS[s.link(u, l)]
                if !(coverage > 0) {
                    v.append(Violation(constraint: .C9, slot: t, user: u, server: l, value: o.delay, limit: 0))
                } else if !(o.delay <= coverage) {
                    v.append(Violation(constraint: .C9, slot: t, user: u, server: l, value: o.delay, limit: coverage))
                }
            }
        }
        if !(o.delay <= dev.deadlineS) {
            v.append(Violation(constraint: .C8, slot: t, user: u, server: serverRef, value: o.delay, limit: dev.deadlineS))
        }
        if !(o.accuracy >= dev.minAccuracy) {
            v.append(Violation(constraint: .ACC, slot: t, user: u, server: serverRef, value: o.accuracy, limit: dev.minAccuracy))
        }
        let left = remainingEnergy[u] - o.energy
        if !(left >= -dev.energyBudgetJ * Evaluator.capacityTolerance) {
            // Report the budget and the cumulative use; only the slot that crosses it, and later
            // slots that add more, are flagged.
            v.append(Violation(constraint: .C1, slot: t, user: u, server: serverRef,
                               value: dev.energyBudgetJ - left, limit: dev.energyBudgetJ))
        }
        remainingEnergy[u] = left
    }

    private func checkServers(slot t: Int, state s: SlotState, decision d: SlotDecision, serverCount L: Int,
                              into v: inout [Violation]) {
        // Per-server sums without allocating: one pass per server is cheap at L <= tens.
        for l in 0..<L {
            var bw = 0.0, cpu = 0.0
            for u in 0..<s.userCount where s.active[u] && Int(d.server[u]) == l {
                bw += max(0, d.bandwidthHz[u])
                cpu += max(0, d.computeHz[u])
            }
            let bLimit = scenario.servers[l].bandwidthHz
            if bw > bLimit * (1 + Evaluator.capacityTolerance) {
                v.append(Violation(constraint: .BW, slot: t, user: nil, server: l, value: bw, limit: bLimit))
            }
            let cLimit = s.availableComputeHz[l]
            if cpu > cLimit * (1 + Evaluator.capacityTolerance) {
                v.append(Violation(constraint: .C7, slot: t, user: nil, server: l, value: cpu, limit: cLimit))
            }
        }
    }

    /// Evaluates a whole episode (one decision per slot), tracking C1 over the horizon.
    public func evaluateEpisode(_ decisions: [SlotDecision]) -> EpisodeReport {
        precondition(decisions.count <= scenario.slots.count, "more decisions than slots")
        var remaining = scenario.devices.map(\.energyBudgetJ)
        var buffer = SlotEvaluation()
        var report = EpisodeReport()
        for (t, d) in decisions.enumerated() {
            evaluate(slot: t, decision: d, remainingEnergy: &remaining, into: &buffer)
            report.add(buffer)
        }
        return report
    }
}
