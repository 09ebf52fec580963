import Foundation
import OffloadModel

/// The per-user observation, action mask and action mapping of the offloading MDP (000 (29)-(30)),
/// shared by the training environment (`OffloadEnvironment`) and the solver that plays a trained
/// policy (`PPOSolver`), so both see exactly the same numbers.
///
/// Observation of user `u` in slot `t` (every entry O(1); see docs/RL.md §6):
///
/// | index | feature | scaling |
/// |---|---|---|
/// | 0 | has a task this slot | 0 / 1 |
/// | 1 | payload `I` | Mbit / 10 |
/// | 2 ..< 2+C | task class | one-hot |
/// | 2+C | local delay at `f_max` (evaluator formula) | / deadline, clipped to [0, 3] |
/// | 3+C | energy left of the horizon budget | fraction of the budget, clipped to [-1, 1] |
/// | 4+C | previous slot's `mu` (1 when local or no task) | as is |
/// | 5+C | offloaded in the previous slot | 0 / 1 |
/// | 6+C | slots left in the episode | fraction of the horizon |
/// | 7+C | users with a task this slot | fraction of the users |
///
/// then 8 entries per server `l` (all 0 when `l` is not visible, except the two load signals):
/// visible (0/1); SNR at `p_max` over the server's whole band, dB / 10; remaining coverage, / (10 tau)
/// clipped to [0, 3]; available compute, fraction of nominal; users with a task that see `l` this slot,
/// / (U / L); users that chose `l` in the previous slot, / (U / L); the evaluator's delay of sending the raw
/// payload (`mu = 1`, `p_max`) with an equal share of `l`'s bandwidth and compute among the users with a
/// task that see it, / deadline, clipped to [0, 3]; the coverage slack, (remaining coverage - that delay) /
/// deadline, clipped to [-3, 3] (C9 risk).
///
/// Masks: option 0 = local (allowed where the instance allows local execution), option `1 + l` = server `l`,
/// allowed when `l` is visible and its remaining coverage exceeds a lower bound of any offloading delay
/// to it (sensing + round-trip propagation + the task's server cycles on all of `l`'s available compute,
/// `mu`-independent for decoded server input), so that C9 could still hold. Users without a task get only
/// the dummy option 0.
///
/// Continuous actions: two components in (0, 1) (tanh mapping) scaled per device and task:
/// `mu = mu_lo + (1 - mu_lo) a_0` with `mu_lo = max(mu_min, (eps_min / eps_max(c))^(1 / a_c))` (the smallest
/// ratio whose semantic accuracy meets `eps_min`, 003 (9)/(11k)), and `p = p_max a_1` (kept >= 1e-4 p_max).
public enum OffloadObservation {
    /// Features per server.
    public static let perServer = 8
    /// Features before the per-server blocks, excluding the class one-hot.
    public static let fixed = 8

    /// Observation length for `servers` servers and `classes` task classes.
    public static func size(servers: Int, classes: Int) -> Int { fixed + classes + perServer * servers }

    /// The action space: local + one option per server, two unit-interval continuous components.
    public static func actionSpec(servers: Int) -> HybridActionSpec {
        HybridActionSpec(discreteCount: 1 + servers, continuousLow: [0, 0], continuousHigh: [1, 1])
    }

    /// Scratch space for one slot (reused; nothing allocates per slot once sized).
    public struct Workspace {
        var visibleActive: [Int] = []
        var previousChoice: [Int] = []
        public init() {}
    }

    /// Writes observations (`U x size`) and masks (`U x (1 + L)`) of slot `t`.
    /// - Parameters:
    ///   - remainingEnergy: energy left of each device's budget before this slot, J.
    ///   - previous: the previous slot's decision (nil in the first slot).
    ///   - horizon: slots in the episode (for the "slots left" feature).
    public static func build(scenario sc: Scenario, slot t: Int, horizon: Int, remainingEnergy: [Double],
                             previous: SlotDecision?, workspace w: inout Workspace,
                             observations: inout [Float], masks: inout [UInt8]) {
        let s = sc.slots[t]
        let U = s.userCount, L = s.serverCount, C = sc.taskClasses.count
        let size = self.size(servers: L, classes: C), nk = 1 + L
        let tau = sc.parameters.slotSeconds
        if observations.count != U * size { observations = [Float](repeating: 0, count: U * size) }
        if masks.count != U * nk { masks = [UInt8](repeating: 0, count: U * nk) }
        if w.visibleActive.count != L {
            w.visibleActive = [Int](repeating: 0, count: L)
            w.previousChoice = [Int](repeating: 0, count: L)
        }
        for l in 0..<L { w.visibleActive[l] = 0; w.previousChoice[l] = 0 }
        var activeCount = 0
        for u in 0..<U where s.active[u] {
            activeCount += 1
            for l in 0..<L where s.isVisible(u, l) { w.visibleActive[l] += 1 }
        }
        if let p = previous {
            for u in 0..<min(U, p.userCount) {
                let l = Int(p.server[u])
                if l >= 0 && l < L { w.previousChoice[l] += 1 }
            }
        }
        let perServerUsers = max(1, Double(U) / Double(max(1, L)))
        let localAllowed = sc.parameters.localExecutionAllowed
        let timeLeft = horizon > 0 ? Float(max(0, horizon - t)) / Float(horizon) : 0
        let activeFraction = U > 0 ? Float(activeCount) / Float(U) : 0
        let n0 = sc.parameters.noiseDensityWPerHz

        observations.withUnsafeMutableBufferPointer { obs in
        masks.withUnsafeMutableBufferPointer { mk in
            for u in 0..<U {
                let o = obs.baseAddress! + u * size
                for i in 0..<size { o[i] = 0 }
                let m = mk.baseAddress! + u * nk
                let dev = sc.devices[u]
                let active = s.active[u]
                let deadline = dev.deadlineS > 0 && dev.deadlineS.isFinite ? dev.deadlineS : 10 * tau
                o[0] = active ? 1 : 0
                o[1] = active ? Float(s.payloadBits[u] / 1e7) : 0
                let c = Int(s.taskClass[u])
                if active && c >= 0 && c < C { o[2 + c] = 1 }
                if active {
                    let local = sc.localReference(slot: s, user: u).delay
                    o[2 + C] = clip(local / deadline, 0, 3)
                }
                let budget = dev.energyBudgetJ
                o[3 + C] = budget > 0 ? clip(remainingEnergy[u] / budget, -1, 1) : 0
                if let p = previous, u < p.userCount, p.server[u] >= 0 {
                    o[4 + C] = Float(p.semanticRatio[u])
                    o[5 + C] = 1
                } else {
                    o[4 + C] = 1
                }
                o[6 + C] = timeLeft
                o[7 + C] = activeFraction
                for l in 0..<L {
                    let b = o + fixed + C + perServer * l
                    b[4] = Float(Double(w.visibleActive[l]) / perServerUsers)
                    b[5] = Float(Double(w.previousChoice[l]) / perServerUsers)
                    guard s.isVisible(u, l) else { continue }
                    let server = sc.servers[l]
                    b[0] = 1
                    let snr = dev.maxPowerW * s.gain(u, l) / (n0 * server.bandwidthHz)
                    b[1] = snr > 0 ? clip(10 * log10(snr) / 10, -5, 5) : -5
                    b[2] = clip(s.coverage(u, l) / (10 * tau), 0, 3)
                    b[3] = server.computeHz > 0 ? clip(s.availableComputeHz[l] / server.computeHz, 0, 2) : 0
                    if active {
                        let share = Double(max(1, w.visibleActive[l]))
                        let raw = sc.outcome(slot: s, user: u, server: Int32(l), semanticRatio: 1, powerW: dev.maxPowerW,
                                             bandwidthHz: server.bandwidthHz / share,
                                             computeHz: s.availableComputeHz[l] / share,
                                             localFrequencyHz: dev.maxFrequencyHz)
                        b[6] = raw.delay.isFinite ? clip(raw.delay / deadline, 0, 3) : 3
                        b[7] = raw.delay.isFinite ? clip((s.coverage(u, l) - raw.delay) / deadline, -3, 3) : -3
                    }
                }
                // Masks: inactive users get the single dummy option 0 (nothing is decided for them).
                if !active {
                    m[0] = 1
                    for k in 1..<nk { m[k] = 0 }
                    continue
                }
                m[0] = localAllowed ? 1 : 0
                var any = localAllowed
                for l in 0..<L {
                    let v = s.isVisible(u, l) && offloadLowerBound(scenario: sc, slot: s, user: u, server: l) <= s.coverage(u, l)
                    m[1 + l] = v ? 1 : 0
                    any = any || v
                }
                // Nothing allowed (no local option, no server in sight): local, which the evaluator reports as C2.
                if !any { m[0] = 1 }
            }
        }}
    }

    /// Turns the policy's actions into a slot decision: modes from the categorical head, `mu` and `p` from
    /// the unit-interval heads, `f_u = f_max`, server resources split equally (`ResourceSharing.share`).
    ///
    /// With `shield` (the default; used in training and by `PPOSolver`), an offloading user whose delay under
    /// the granted shares (system model, `Scenario.outcome`) would break its coverage window (C9) or its
    /// deadline (C8) runs locally instead, when local execution is allowed and meets the deadline; the
    /// remaining users then share again. Dropping users only enlarges the others' shares, so one pass
    /// suffices. The evaluator still scores the final decision.
    public static func decision(scenario sc: Scenario, slot t: Int, actions: HybridActionBatch,
                                into d: inout SlotDecision, shield: Bool = true) {
        let s = sc.slots[t]
        let U = s.userCount, L = s.serverCount
        if d.userCount != U { d = SlotDecision(userCount: U) }
        for u in 0..<U {
            let dev = sc.devices[u]
            d.setLocal(u, frequencyHz: dev.maxFrequencyHz)
            guard s.active[u] else { continue }
            let choice = actions.discrete.isEmpty ? 0 : actions.discrete[u]
            guard choice >= 1 && choice <= L else { continue }
            let a0 = Double(min(max(actions.continuous[2 * u], 0), 1))
            let a1 = Double(min(max(actions.continuous[2 * u + 1], 1e-4), 1))
            let lo = minimumSemanticRatio(scenario: sc, user: u, taskClass: Int(s.taskClass[u]))
            let mu = min(1, lo + (1 - lo) * a0)
            d.setOffload(u, server: choice - 1, semanticRatio: mu, powerW: dev.maxPowerW * a1,
                         localFrequencyHz: dev.maxFrequencyHz)
        }
        ResourceSharing.share(slot: s, servers: sc.servers, decision: &d)
        guard shield, sc.parameters.localExecutionAllowed else { return }
        var changed = false
        for u in 0..<U where s.active[u] && d.server[u] >= 0 {
            let l = Int(d.server[u])
            let dev = sc.devices[u]
            let o = sc.outcome(slot: s, user: u, server: d.server[u], semanticRatio: d.semanticRatio[u], powerW: d.powerW[u],
                               bandwidthHz: d.bandwidthHz[u], computeHz: d.computeHz[u],
                               localFrequencyHz: d.localFrequencyHz[u])
            guard !(o.delay <= s.coverage(u, l) && o.delay <= dev.deadlineS) else { continue }
            guard sc.localReference(slot: s, user: u).delay <= dev.deadlineS else { continue }
            d.setLocal(u, frequencyHz: dev.maxFrequencyHz)
            changed = true
        }
        if changed { ResourceSharing.share(slot: s, servers: sc.servers, decision: &d) }
    }

    /// The smallest `mu` the user may choose: `mu_min`, raised to where the semantic accuracy
    /// `eps_max(c) mu^a_c` reaches `eps_min` (1 when even raw data misses it).
    public static func minimumSemanticRatio(scenario sc: Scenario, user u: Int, taskClass c: Int) -> Double {
        let dev = sc.devices[u]
        guard c >= 0 && c < sc.taskCosts.count else { return dev.minSemanticRatio }
        let cost = sc.taskCosts[c]
        var lo = dev.minSemanticRatio
        if dev.minAccuracy > 0 {
            if cost.maxAccuracy < dev.minAccuracy { return 1 }
            if cost.accuracyExponent > 0 {
                // Slightly above the exact root so that rounding keeps eps >= eps_min.
                lo = max(lo, Foundation.pow(dev.minAccuracy / cost.maxAccuracy, 1 / cost.accuracyExponent) * (1 + 1e-6))
            }
        }
        return min(1, lo)
    }

    /// A lower bound of user `u`'s offloading delay to server `l` under any decision: sensing, round-trip
    /// propagation, and (decoded server input) the task's server cycles on all of `l`'s available compute.
    public static func offloadLowerBound(scenario sc: Scenario, slot s: SlotState, user u: Int, server l: Int) -> Double {
        let dev = sc.devices[u]
        let I = s.payloadBits[u]
        var bound = I / dev.sensingRateBps + s.range(u, l) * (2 / PhysicalConstants.speedOfLight)
        let c = Int(s.taskClass[u])
        if sc.parameters.serverInput == .decoded, c >= 0, c < sc.taskCosts.count {
            let effective = (1 - sc.serverDeviations[l]) * s.availableComputeHz[l]
            if effective > 0 { bound += sc.taskCosts[c].serverCyclesPerBit * I / effective }
        }
        return bound
    }

    @inline(__always) static func clip(_ x: Double, _ lo: Double, _ hi: Double) -> Float {
        guard x.isFinite else { return Float(x > 0 ? hi : lo) }
        return Float(min(max(x, lo), hi))
    }
}
