import OffloadModel

/// The options of one slot's grid MILP: per active user, local execution (best frequency
/// level) and, per visible server and (bandwidth, compute) cell, the best `(mu, p, f_enc)` of
/// the grid. Options violating a per-user constraint (C8, C9, ACC, the energy cap) are dropped;
/// C4-C6 hold by construction. Costs come from `Scenario.outcome`, `LogisticQoE.score`,
/// `MOSQoE.score` and `Objective.sumCost/maxCost`, exactly as the evaluator combines them.
///
/// Rows of the assignment model: `2 l` bandwidth units of server `l` (capacity `N_b`),
/// `2 l + 1` compute units (capacity `N_c`). One group per active user, in user order.
public struct SlotOptions: Sendable {
    public var model = AssignmentModel()
    /// Per option: user, server (-1 local), units, semantic ratio, power, device frequency.
    public var user: [Int32] = []
    public var server: [Int32] = []
    public var bandwidthUnits: [Int16] = []
    public var computeUnits: [Int16] = []
    public var semanticRatio: [Double] = []
    public var powerW: [Double] = []
    public var frequencyHz: [Double] = []
    /// Active users, one per group.
    public var groupUser: [Int] = []
    /// Users that had no option satisfying every per-user constraint; their group holds the
    /// unfiltered options (least-violating fallback) and the slot is reported infeasible.
    public var infeasibleUsers: [Int] = []

    /// Writes option `o` of user `u` into `d` with the grid's exact resource values.
    public func apply(_ o: Int, to d: inout SlotDecision, scenario: Scenario, slot s: SlotState, grid: MILPGrid) {
        let u = Int(user[o])
        if server[o] < 0 {
            d.setLocal(u, frequencyHz: frequencyHz[o])
        } else {
            let l = Int(server[o])
            d.setOffload(u, server: l, semanticRatio: semanticRatio[o], powerW: powerW[o], localFrequencyHz: frequencyHz[o],
                         bandwidthHz: grid.bandwidth(units: Int(bandwidthUnits[o]), server: scenario.servers[l]),
                         computeHz: grid.compute(units: Int(computeUnits[o]), available: s.availableComputeHz[l]))
        }
    }
}

/// Builds `SlotOptions` (grid MILP) for one slot.
public struct OptionEnumerator {
    public let scenario: Scenario
    public let grid: MILPGrid

    public init(scenario: Scenario, options: MILPOptions) {
        self.scenario = scenario
        self.grid = MILPGrid(options: options, objective: scenario.parameters.objective)
    }

    /// Energy cap per user for slot `t` under the grid's policy.
    public func energyCaps(slot t: Int, remainingEnergy: [Double]) -> [Double] {
        switch grid.options.energyCap {
        case .remaining: return remainingEnergy
        case .perSlotShare:
            let left = Double(max(1, scenario.slots.count - t))
            return remainingEnergy.map { $0 / left }
        }
    }

    public func enumerate(slot t: Int, remainingEnergy: [Double]) -> SlotOptions {
        let s = scenario.slots[t]
        let caps = energyCaps(slot: t, remainingEnergy: remainingEnergy)
        var out = SlotOptions()
        let L = s.serverCount
        out.model.capacities = (0..<L).flatMap { _ in [Double(grid.options.bandwidthUnits), Double(grid.options.computeUnits)] }
        let estimate = s.activeCount * (L * grid.options.bandwidthUnits * grid.options.computeUnits / 2 + 2)
        out.model.reserve(options: estimate)
        var scratch = Scratch(grid: grid)
        for u in 0..<s.userCount where s.active[u] {
            out.groupUser.append(u)
            var n = enumerateUser(u, slot: s, cap: caps[u], filtered: true, into: &out, scratch: &scratch)
            if n == 0 && caps[u] < remainingEnergy[u] {
                n = enumerateUser(u, slot: s, cap: remainingEnergy[u], filtered: true, into: &out, scratch: &scratch)
            }
            if n == 0 {
                out.infeasibleUsers.append(u)
                n = enumerateUser(u, slot: s, cap: .infinity, filtered: false, into: &out, scratch: &scratch)
            }
            out.model.endGroup(set: scenario.parameters.objective.aggregation == .max ? 0 : -1)
        }
        out.model.setCount = scenario.parameters.objective.aggregation == .max && !out.groupUser.isEmpty ? 1 : 0
        return out
    }

    /// Reusable buffers of one (user, server) pair.
    struct Scratch {
        var aDelay: [Double] = [], aEnergy: [Double] = []
        var dec: [Double] = [], comp: [Double] = []
        var cellCost: [Double] = [], cellMax: [Double] = [], cellCombo: [Int] = []
        var prefix: [Double] = []
        var minA: [Double] = [], minACombo: [Int] = []
        var pareto: [(Double, Double, Int)] = []
        init(grid: MILPGrid) {}
    }

    /// Scores one outcome as the evaluator does: (sumCost, maxCost).
    @inline(__always)
    func score(_ o: UserOutcome, reference ref: UserOutcome) -> (Double, Double) {
        let p = scenario.parameters
        let objective = p.objective
        var q = 0.0, m = 0.0
        if objective.kind == .qoe {
            q = p.logisticQoE.score(delay: o.delay, energy: o.energy, accuracy: o.accuracy,
                                   localDelay: ref.delay, localEnergy: ref.energy, localAccuracy: ref.accuracy)
        } else if objective.kind == .utility {
            m = p.mosQoE.score(latency: o.delay, energy: o.energy)
        }
        return (objective.sumCost(delay: o.delay, energy: o.energy, qoeLogistic: q, qoeMOS: m), objective.maxCost(delay: o.delay))
    }

    /// Appends user `u`'s options; returns how many. `filtered: false` keeps options that violate
    /// per-user constraints (only finite costs), for the least-violating fallback.
    func enumerateUser(_ u: Int, slot s: SlotState, cap: Double, filtered: Bool,
                       into out: inout SlotOptions, scratch: inout Scratch) -> Int {
        let sc = scenario
        let dev = sc.devices[u]
        let ref = sc.localReference(slot: s, user: u)
        let isMax = sc.parameters.objective.aggregation == .max
        let tol = Evaluator.capacityTolerance
        let energyLimit = cap + dev.energyBudgetJ * tol
        var count = 0
        var localBest = Double.infinity

        func ok(_ o: UserOutcome, limit: Double) -> Bool {
            guard filtered else { return true }
            return o.delay <= limit && o.delay <= dev.deadlineS && o.accuracy >= dev.minAccuracy && o.energy <= energyLimit
        }
        func append(cost c: Double, max mc: Double, server l: Int, kb: Int, kc: Int, mu: Double, p: Double, f: Double) {
            let gl = Int32(2 * max(l, 0))
            if l < 0 {
                out.model.addOption(cost: c, maxCost: mc)
            } else {
                out.model.addOption(cost: c, maxCost: mc, gl, Double(kb), gl + 1, Double(kc))
            }
            out.user.append(Int32(u)); out.server.append(Int32(l))
            out.bandwidthUnits.append(Int16(kb)); out.computeUnits.append(Int16(kc))
            out.semanticRatio.append(mu); out.powerW.append(p); out.frequencyHz.append(f)
            count += 1
        }

        // Local execution: best frequency level (Pareto on (sumCost, maxCost) under max aggregation).
        let freqs = grid.frequencies(dev)
        if sc.parameters.localExecutionAllowed || !filtered {
            scratch.pareto.removeAll(keepingCapacity: true)
            for (h, f) in freqs.enumerated() {
                let o = sc.outcome(slot: s, user: u, server: SlotDecision.local, semanticRatio: 1, powerW: 0,
                                   bandwidthHz: 0, computeHz: 0, localFrequencyHz: f)
                guard o.delay.isFinite, ok(o, limit: .infinity) else { continue }
                let (c, m) = score(o, reference: ref)
                guard c.isFinite, m.isFinite else { continue }
                scratch.pareto.append((c, m, h))
            }
            for (c, m, h) in Self.paretoFilter(&scratch.pareto, keepAll: isMax) {
                append(cost: c, max: m, server: -1, kb: 0, kc: 0, mu: 1, p: 0, f: freqs[h])
                localBest = min(localBest, c + m)
            }
        }

        let mus = grid.semanticRatios(dev), ps = grid.powers(dev)
        let M = mus.count, P = ps.count, H = freqs.count
        let NB = grid.options.bandwidthUnits, NC = grid.options.computeUnits
        let fmax = dev.maxFrequencyHz
        let combos = M * P * H
        if scratch.aDelay.count < combos * NB {
            scratch.aDelay = [Double](repeating: 0, count: combos * NB)
            scratch.aEnergy = [Double](repeating: 0, count: combos * NB)
        }
        if scratch.dec.count < M * NC {
            scratch.dec = [Double](repeating: 0, count: M * NC)
            scratch.comp = [Double](repeating: 0, count: M * NC)
        }
        if scratch.cellCost.count < NB * NC {
            scratch.cellCost = [Double](repeating: 0, count: NB * NC)
            scratch.cellMax = [Double](repeating: 0, count: NB * NC)
            scratch.cellCombo = [Int](repeating: 0, count: NB * NC)
            scratch.prefix = [Double](repeating: 0, count: (NB + 1) * (NC + 1))
        }
        var accuracyOK = [Bool](repeating: true, count: M)
        var accuracy = [Double](repeating: 0, count: M)
        for l in 0..<s.serverCount where s.isVisible(u, l) {
            let server = sc.servers[l]
            let avail = s.availableComputeHz[l]
            guard avail > 0, server.bandwidthHz > 0 else { continue }
            let limit = filtered ? min(s.coverage(u, l), dev.deadlineS) : Double.infinity
            // Parts that do not depend on the server compute: sensing, encoding, uplink, propagation, energy.
            for i in 0..<M {
                for j in 0..<P {
                    for h in 0..<H {
                        for kb in 1...NB {
                            let o = sc.outcome(slot: s, user: u, server: Int32(l), semanticRatio: mus[i], powerW: ps[j],
                                               bandwidthHz: grid.bandwidth(units: kb, server: server), computeHz: avail,
                                               localFrequencyHz: freqs[h])
                            let idx = ((i * P + j) * H + h) * NB + (kb - 1)
                            scratch.aDelay[idx] = o.sensingDelay + o.encodingDelay + o.uplinkDelay + o.propagationDelay
                            scratch.aEnergy[idx] = o.energy
                            if kb == 1 && j == 0 && h == 0 {
                                accuracy[i] = o.accuracy
                                accuracyOK[i] = !filtered || o.accuracy >= dev.minAccuracy
                            }
                        }
                    }
                }
                // Parts that depend only on the server compute: decoding and remote computation.
                for kc in 1...NC {
                    let o = sc.outcome(slot: s, user: u, server: Int32(l), semanticRatio: mus[i], powerW: dev.maxPowerW,
                                       bandwidthHz: server.bandwidthHz, computeHz: grid.compute(units: kc, available: avail),
                                       localFrequencyHz: fmax)
                    scratch.dec[i * NC + kc - 1] = o.decodingDelay
                    scratch.comp[i * NC + kc - 1] = o.computeDelay
                }
            }
            let objective = sc.parameters.objective
            let needQoE = objective.kind == .qoe || objective.kind == .utility
            // Pure delay (cost = delay, sum or max): delay = (A + dec) + comp is nondecreasing in A
            // (floating-point addition is monotone), so per (mu, bandwidth units) only the (power,
            // encoder frequency) with the smallest A within the energy limit can be best in a cell, and
            // if it misses the delay limit every other one does too.
            let pureDelay = objective.kind == .delay
            if pureDelay {
                if scratch.minA.count < M * NB {
                    scratch.minA = [Double](repeating: 0, count: M * NB)
                    scratch.minACombo = [Int](repeating: 0, count: M * NB)
                }
                for i in 0..<M {
                    let hRange = mus[i] < 1 ? 0..<H : (H - 1)..<H
                    for kb in 1...NB {
                        var bestA = Double.infinity, bestCombo = -1
                        for j in 0..<P {
                            for h in hRange {
                                let idx = ((i * P + j) * H + h) * NB + (kb - 1)
                                let a = scratch.aDelay[idx]
                                if filtered && !(scratch.aEnergy[idx] <= energyLimit) { continue }
                                if a < bestA { bestA = a; bestCombo = (i * P + j) * H + h }
                            }
                        }
                        scratch.minA[i * NB + kb - 1] = bestA
                        scratch.minACombo[i * NB + kb - 1] = bestCombo
                    }
                }
            }
            // Best combination per cell. delay = ((A + dec) + comp) sums the components in the model's order.
            for kb in 1...NB {
                for kc in 1...NC where pureDelay {
                    var best = Double.infinity, bestCombo = -1
                    for i in 0..<M where accuracyOK[i] {
                        let combo = scratch.minACombo[i * NB + kb - 1]
                        guard combo >= 0 else { continue }
                        let delay = (scratch.minA[i * NB + kb - 1] + scratch.dec[i * NC + kc - 1]) + scratch.comp[i * NC + kc - 1]
                        if filtered && !(delay <= limit) { continue }
                        guard delay.isFinite else { continue }
                        if delay < best { best = delay; bestCombo = combo }
                    }
                    scratch.cellCost[(kb - 1) * NC + kc - 1] = best
                    scratch.cellCombo[(kb - 1) * NC + kc - 1] = bestCombo
                }
                for kc in 1...NC where !pureDelay {
                    var bestC = Double.infinity, bestM = Double.infinity, bestCombo = -1
                    scratch.pareto.removeAll(keepingCapacity: true)
                    for i in 0..<M where accuracyOK[i] {
                        let dec = scratch.dec[i * NC + kc - 1], comp = scratch.comp[i * NC + kc - 1]
                        let hRange = mus[i] < 1 ? 0..<H : (H - 1)..<H // the encoder frequency is irrelevant without codec
                        for j in 0..<P {
                            for h in hRange {
                                let idx = ((i * P + j) * H + h) * NB + (kb - 1)
                                let delay = (scratch.aDelay[idx] + dec) + comp
                                let energy = scratch.aEnergy[idx]
                                if filtered && !(delay <= limit && energy <= energyLimit) { continue }
                                var c: Double, m: Double
                                if needQoE {
                                    var o = UserOutcome()
                                    o.delay = delay; o.energy = energy; o.accuracy = accuracy[i]
                                    (c, m) = score(o, reference: ref)
                                } else {
                                    c = objective.sumCost(delay: delay, energy: energy, qoeLogistic: 0, qoeMOS: 0)
                                    m = objective.maxCost(delay: delay)
                                }
                                guard c.isFinite && m.isFinite else { continue }
                                let combo = (i * P + j) * H + h
                                if isMax && objective.kind == .delayEnergy {
                                    scratch.pareto.append((c, m, combo))
                                } else if c + m < bestC + bestM {
                                    bestC = c; bestM = m; bestCombo = combo
                                }
                            }
                        }
                    }
                    if isMax && objective.kind == .delayEnergy {
                        for (_, _, combo) in Self.paretoFilter(&scratch.pareto, keepAll: true) {
                            count += exactAppend(u: u, l: l, kb: kb, kc: kc, combo: combo, mus: mus, ps: ps, freqs: freqs,
                                                 s: s, ref: ref, limit: limit, filtered: filtered, energyLimit: energyLimit,
                                                 localBest: .infinity, append: append)
                        }
                        scratch.cellCost[(kb - 1) * NC + kc - 1] = .infinity
                    } else {
                        scratch.cellCost[(kb - 1) * NC + kc - 1] = bestC + bestM
                        scratch.cellCombo[(kb - 1) * NC + kc - 1] = bestCombo
                    }
                }
            }
            if isMax && objective.kind == .delayEnergy { continue }
            // Dominance (sum objectives): keep a cell only if it is cheaper than every cell using fewer
            // units of both resources and than local execution (which uses none).
            let W = NC + 1
            for k in 0..<scratch.prefix.count { scratch.prefix[k] = .infinity }
            for kb in 1...NB {
                for kc in 1...NC {
                    let c = scratch.cellCost[(kb - 1) * NC + kc - 1]
                    let dominated = min(scratch.prefix[(kb - 1) * W + kc], scratch.prefix[kb * W + kc - 1])
                    scratch.prefix[kb * W + kc] = min(c, dominated)
                    guard scratch.cellCombo[(kb - 1) * NC + kc - 1] >= 0, c.isFinite else { continue }
                    // Valid whenever one of (sumCost, maxCost) is identically zero, i.e. all but delayEnergy-max.
                    if grid.options.dominancePruning && !(c < min(dominated, localBest)) { continue }
                    count += exactAppend(u: u, l: l, kb: kb, kc: kc, combo: scratch.cellCombo[(kb - 1) * NC + kc - 1],
                                         mus: mus, ps: ps, freqs: freqs, s: s, ref: ref, limit: limit, filtered: filtered,
                                         energyLimit: energyLimit, localBest: localBest, append: append)
                }
            }
        }
        return count
    }

    /// Recomputes a cell's chosen combination through `Scenario.outcome` (the evaluator's exact
    /// numbers) and appends it if it is still feasible.
    private func exactAppend(u: Int, l: Int, kb: Int, kc: Int, combo: Int, mus: [Double], ps: [Double], freqs: [Double],
                             s: SlotState, ref: UserOutcome, limit: Double, filtered: Bool, energyLimit: Double,
                             localBest: Double,
                             append: (Double, Double, Int, Int, Int, Double, Double, Double) -> Void) -> Int {
        let H = freqs.count, P = ps.count
        let h = combo % H, j = (combo / H) % P, i = combo / (H * P)
        let dev = scenario.devices[u]
        let o = scenario.outcome(slot: s, user: u, server: Int32(l), semanticRatio: mus[i], powerW: ps[j],
                                 bandwidthHz: grid.bandwidth(units: kb, server: scenario.servers[l]),
                                 computeHz: grid.compute(units: kc, available: s.availableComputeHz[l]),
                                 localFrequencyHz: freqs[h])
        if filtered && !(o.delay <= limit && o.delay <= dev.deadlineS && o.accuracy >= dev.minAccuracy && o.energy <= energyLimit) {
            return 0
        }
        let (c, m) = score(o, reference: ref)
        guard c.isFinite, m.isFinite else { return 0 }
        append(c, m, l, kb, kc, mus[i], ps[j], freqs[h])
        return 1
    }

    /// Pareto-efficient entries on (sumCost, maxCost); with `keepAll: false` only the minimum of their sum.
    static func paretoFilter(_ items: inout [(Double, Double, Int)], keepAll: Bool) -> [(Double, Double, Int)] {
        guard !items.isEmpty else { return [] }
        if !keepAll {
            var best = items[0]
            for it in items.dropFirst() where it.0 + it.1 < best.0 + best.1 { best = it }
            return [best]
        }
        items.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        var kept: [(Double, Double, Int)] = []
        var bestMax = Double.infinity
        for it in items where it.1 < bestMax { kept.append(it); bestMax = it.1 }
        return kept
    }
}
