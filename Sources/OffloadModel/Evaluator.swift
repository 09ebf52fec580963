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
        let tol = 1 + Evaluator.capacityTolerance
        r.reset(slot: t, userCount: U, serverCount: L)
        // Move the buffers out of `r` so the loop writes through raw pointers (no uniqueness checks)
        // while still appending violations to `r`.
        var outcomes: [UserOutcome] = [], ql: [Double] = [], qm: [Double] = []
        var bandwidthSum: [Double] = [], computeSum: [Double] = []
        swap(&outcomes, &r.outcomes); swap(&ql, &r.qoeLogistic); swap(&qm, &r.qoeMOS)
        swap(&bandwidthSum, &r.serverBandwidth); swap(&computeSum, &r.serverCompute)
        defer {
            swap(&outcomes, &r.outcomes); swap(&ql, &r.qoeLogistic); swap(&qm, &r.qoeMOS)
            swap(&bandwidthSum, &r.serverBandwidth); swap(&computeSum, &r.serverCompute)
        }
        var maxCost = -Double.infinity
        var sumCost = 0.0

        outcomes.withUnsafeMutableBufferPointer { out in
        ql.withUnsafeMutableBufferPointer { qlp in
        qm.withUnsafeMutableBufferPointer { qmp in
        bandwidthSum.withUnsafeMutableBufferPointer { bws in
        computeSum.withUnsafeMutableBufferPointer { cps in
        remainingEnergy.withUnsafeMutableBufferPointer { energy in
        sc.devices.withUnsafeBufferPointer { devices in
            for u in 0..<U {
                guard s.active[u] else {
                    out[u] = UserOutcome(); qlp[u] = 0; qmp[u] = 0
                    continue
                }
                let server = d.server[u]
                let mu = d.semanticRatio[u], p = d.powerW[u], b = d.bandwidthHz[u], fc = d.computeHz[u]
                let f = d.localFrequencyHz[u]
                let o = sc.outcome(slot: s, user: u, server: server, semanticRatio: mu, powerW: p, bandwidthHz: b,
                                   computeHz: fc, localFrequencyHz: f)
                let ref = sc.localReference(slot: s, user: u)
                let q = qoe.score(delay: o.delay, energy: o.energy, accuracy: o.accuracy,
                                  localDelay: ref.delay, localEnergy: ref.energy, localAccuracy: ref.accuracy)
                let m = mos.score(latency: o.delay, energy: o.energy)
                out[u] = o; qlp[u] = q; qmp[u] = m
                r.activeUsers += 1
                r.totalDelay += o.delay
                r.maxDelay = max(r.maxDelay, o.delay)
                r.totalEnergy += o.energy
                r.totalAccuracy += o.accuracy
                r.totalQoELogistic += q
                r.totalQoEMOS += m
                sumCost += objective.sumCost(delay: o.delay, energy: o.energy, qoeLogistic: q, qoeMOS: m)
                maxCost = max(maxCost, objective.maxCost(delay: o.delay))

                // Per-user constraints; every comparison is written so that NaN counts as violated.
                let dev = devices[u]
                let before = r.violations.count
                let l = Int(server)
                let at: Int? = server >= 0 ? l : nil
                if server < 0 {
                    if !localAllowed { r.violations.append(Violation(constraint: .C2, slot: t, user: u, server: nil, value: 1, limit: 0)) }
                    if !(f > 0 && f <= dev.maxFrequencyHz * tol) {
                        r.violations.append(Violation(constraint: .C6, slot: t, user: u, server: nil, value: f, limit: dev.maxFrequencyHz))
                    }
                } else {
                    r.offloadingUsers += 1
                    if l >= L {
                        r.violations.append(Violation(constraint: .C3, slot: t, user: u, server: l, value: Double(l), limit: Double(L - 1)))
                    } else {
                        bws[l] += max(0, b)
                        cps[l] += max(0, fc)
                        let coverage = s.links[u &* L &+ l].coverageS
                        if !(coverage > 0) {
                            r.violations.append(Violation(constraint: .C9, slot: t, user: u, server: l, value: o.delay, limit: 0))
                        } else if !(o.delay <= coverage) {
                            r.violations.append(Violation(constraint: .C9, slot: t, user: u, server: l, value: o.delay, limit: coverage))
                        }
                    }
                    if !(p >= 0 && p <= dev.maxPowerW * tol) {
                        r.violations.append(Violation(constraint: .C4, slot: t, user: u, server: l, value: p, limit: p < 0 ? 0 : dev.maxPowerW))
                    }
                    if !(mu >= dev.minSemanticRatio && mu <= 1) {
                        r.violations.append(Violation(constraint: .C5, slot: t, user: u, server: l, value: mu,
                                                      limit: mu > 1 ? 1 : dev.minSemanticRatio))
                    }
                    // The device CPU is used by the encoder only when the codec runs (mu < 1).
                    if f > dev.maxFrequencyHz * tol || (mu < 1 && !(f > 0)) {
                        r.violations.append(Violation(constraint: .C6, slot: t, user: u, server: l, value: f, limit: dev.maxFrequencyHz))
                    }
                    if !(fc >= 0) { r.violations.append(Violation(constraint: .C7, slot: t, user: u, server: l, value: fc, limit: 0)) }
                    if !(b >= 0) { r.violations.append(Violation(constraint: .BW, slot: t, user: u, server: l, value: b, limit: 0)) }
                }
                if !(o.delay <= dev.deadlineS) {
                    r.violations.append(Violation(constraint: .C8, slot: t, user: u, server: at, value: o.delay, limit: dev.deadlineS))
                }
                if !(o.accuracy >= dev.minAccuracy) {
                    r.violations.append(Violation(constraint: .ACC, slot: t, user: u, server: at, value: o.accuracy, limit: dev.minAccuracy))
                }
                let left = energy[u] - o.energy
                if !(left >= -dev.energyBudgetJ * Evaluator.capacityTolerance) {
                    // Value: cumulative use so far; flagged in the slot that crosses the budget and any later one that adds to it.
                    r.violations.append(Violation(constraint: .C1, slot: t, user: u, server: at,
                                                  value: dev.energyBudgetJ - left, limit: dev.energyBudgetJ))
                }
                energy[u] = left
                if r.violations.count > before { r.violatingUsers += 1 }
            }
        }}}}}}}
        for l in 0..<L {
            let bLimit = sc.servers[l].bandwidthHz
            if bandwidthSum[l] > bLimit * tol {
                r.violations.append(Violation(constraint: .BW, slot: t, user: nil, server: l, value: bandwidthSum[l], limit: bLimit))
            }
            let cLimit = s.availableComputeHz[l]
            if computeSum[l] > cLimit * tol {
                r.violations.append(Violation(constraint: .C7, slot: t, user: nil, server: l, value: computeSum[l], limit: cLimit))
            }
        }
        r.objective = sumCost + (r.activeUsers > 0 && objective.aggregation == .max ? maxCost : 0)
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
