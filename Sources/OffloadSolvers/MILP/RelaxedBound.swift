import Foundation
import OffloadModel

/// Certified lower bound on the continuous per-slot problem (docs/MODEL.md, "MILP and bounds").
///
/// Relaxed model: server resources are cut into cells `((k-1) Delta, k Delta]`; an option for
/// cell `(k_b, k_c)` is charged `(k_b - 1, k_c - 1)` units and costs a lower bound of the cost of
/// every decision in the cell: resources at the favourable end `k Delta` (delay and energy fall
/// with bandwidth and compute), `(mu, p, f_enc)` optimized over the continuum. Any decision
/// `(b_u, f_u)` with `sum b_u <= B` maps to cells with `sum (k_u - 1) <= N`, so the relaxed
/// model's optimum, and any dual bound of it, is `<=` the continuous optimum.
///
/// Lower bounds of a cell: every delay and energy component of `SystemModel.offload` is monotone
/// in `mu`, in `p` and in `f_enc` separately, so over a box the componentwise minimum of the
/// outcomes at its corners bounds every component from below; `sumCost`/`maxCost` of the delay
/// and delayEnergy objectives are nondecreasing in delay and energy. The search narrows the box
/// around the minimizer with golden sections (exact for the convex / quasiconvex cases, checked
/// on the exponents; otherwise a 512-piece partition of the `mu` range is used), and the box bound
/// of the final bracket is the option's cost. QoE and utility have no certified bound (the
/// logistic and the MOS satisfaction are not monotone-convex in this sense).
public struct RelaxedBound {
    public let scenario: Scenario
    public let options: MILPOptions

    public init(scenario: Scenario, options: MILPOptions = MILPOptions()) {
        self.scenario = scenario
        self.options = options
    }

    public static func isCertified(_ objective: Objective) -> Bool {
        objective.kind == .delay || objective.kind == .delayEnergy
    }

    public struct Bound: Sendable {
        public var lowerBound: Double
        public var result: AssignmentResult
        public var options: Int
        /// Users whose relaxed option set is empty: the continuous slot problem is infeasible.
        public var infeasibleUsers: [Int]
    }

    /// Relaxed options of slot `t`; `energyLB` receives a lower bound of each option's device energy.
    public func model(slot t: Int, energyLB: inout [Double], infeasibleUsers: inout [Int],
                      rowOffset: Int32 = 0, set: Int32? = nil, energyRow: ((Int) -> Int32)? = nil) -> AssignmentModel {
        var m = AssignmentModel()
        let s = scenario.slots[t]
        m.capacities = (0..<s.serverCount).flatMap { _ in [Double(options.bandwidthUnits), Double(options.computeUnits)] }
        append(slot: t, to: &m, energyLB: &energyLB, infeasibleUsers: &infeasibleUsers, rowOffset: rowOffset,
               set: set ?? (scenario.parameters.objective.aggregation == .max ? 0 : -1), energyRow: energyRow)
        if scenario.parameters.objective.aggregation == .max && set == nil && m.groupCount > 0 { m.setCount = 1 }
        return m
    }

    /// Lower bound of slot `t`'s continuous problem.
    public func bound(slot t: Int, timeLimit: Double? = nil) throws -> Bound {
        guard Self.isCertified(scenario.parameters.objective) else {
            throw MILPError.unsupported("no certified lower bound for objective '\(scenario.parameters.objective.kind.rawValue)' (only delay and delayEnergy)")
        }
        var energy: [Double] = [], infeasible: [Int] = []
        let m = model(slot: t, energyLB: &energy, infeasibleUsers: &infeasible)
        if !infeasible.isEmpty {
            return Bound(lowerBound: .infinity, result: AssignmentResult(status: .infeasible), options: m.optionCount,
                         infeasibleUsers: infeasible)
        }
        let solver = AssignmentSolver(relativeGap: options.relativeGap, timeLimit: timeLimit ?? options.timeLimit)
        let r = try solver.solve(m)
        let lb = r.status == .infeasible ? Double.infinity : r.lowerBound
        return Bound(lowerBound: lb, result: r, options: m.optionCount, infeasibleUsers: [])
    }

    // MARK: - Relaxed options

    func append(slot t: Int, to m: inout AssignmentModel, energyLB: inout [Double], infeasibleUsers: inout [Int],
                rowOffset: Int32, set: Int32, energyRow: ((Int) -> Int32)?) {
        let s = scenario.slots[t]
        let objective = scenario.parameters.objective
        let NB = options.bandwidthUnits, NC = options.computeUnits
        var cellCost = [Double](repeating: 0, count: NB * NC), cellMax = cellCost, cellEnergy = cellCost
        var prefix = [Double](repeating: 0, count: (NB + 1) * (NC + 1))
        for u in 0..<s.userCount where s.active[u] {
            let dev = scenario.devices[u]
            let er = energyRow?(u) ?? -1
            var count = 0
            var zeroBest = Double.infinity
            func add(_ c: Double, _ mc: Double, _ e: Double, _ l: Int, _ kb: Int, _ kc: Int) {
                let safety = 1e-12
                let c2 = c - safety * abs(c), m2 = mc - safety * abs(mc), e2 = max(0, e - safety * abs(e))
                if l < 0 {
                    m.addOption(cost: c2, maxCost: m2, er, e2)
                } else {
                    let r0 = rowOffset + Int32(2 * l)
                    m.addOption(cost: c2, maxCost: m2, kb > 0 ? r0 : -1, Double(kb), kc > 0 ? r0 + 1 : -1, Double(kc), er, e2)
                }
                energyLB.append(e2)
                count += 1
            }
            // Local execution.
            if scenario.parameters.localExecutionAllowed, let (c, mc, e) = localBound(u, slot: s) {
                add(c, mc, e, -1, 0, 0)
                zeroBest = c + mc
            }
            // Offloading.
            for l in 0..<s.serverCount where s.isVisible(u, l) {
                let avail = s.availableComputeHz[l], B = scenario.servers[l].bandwidthHz
                guard avail > 0, B > 0 else { continue }
                let limit = min(s.coverage(u, l), dev.deadlineS)
                var range: CodecRange?
                for kb in 1...NB {
                    let b = Double(kb) * B / Double(NB)
                    range = codecRange(u, l, slot: s, bandwidth: b, compute: avail, previous: range)
                    for kc in 1...NC {
                        let f = Double(kc) * avail / Double(NC)
                        let (c, mc, e) = offloadBound(u, l, slot: s, bandwidth: b, compute: f, limit: limit, range: range!)
                        let i = (kb - 1) * NC + kc - 1
                        cellCost[i] = c; cellMax[i] = mc; cellEnergy[i] = e
                    }
                }
                // Dominance only when one of the two cost parts vanishes and energy does not couple slots.
                let prune = energyRow == nil && !(objective.kind == .delayEnergy && objective.aggregation == .max)
                let W = NC + 1
                for k in 0..<prefix.count { prefix[k] = .infinity }
                for kb in 1...NB {
                    for kc in 1...NC {
                        let i = (kb - 1) * NC + kc - 1
                        let v = cellCost[i] + cellMax[i]
                        let dominated = min(prefix[(kb - 1) * W + kc], prefix[kb * W + kc - 1])
                        prefix[kb * W + kc] = min(v, dominated)
                        guard v.isFinite else { continue }
                        if prune && !(v < min(dominated, zeroBest)) { continue }
                        add(cellCost[i], cellMax[i], cellEnergy[i], l, kb - 1, kc - 1)
                    }
                }
            }
            if count == 0 { infeasibleUsers.append(u) } else { m.endGroup(set: set) }
        }
    }

    /// Componentwise minimum of two outcomes (delay and energy parts), with totals re-summed in the model's order.
    @inline(__always)
    static func lower(_ a: UserOutcome, _ b: UserOutcome) -> UserOutcome {
        var o = UserOutcome()
        o.sensingDelay = min(a.sensingDelay, b.sensingDelay)
        o.encodingDelay = min(a.encodingDelay, b.encodingDelay)
        o.uplinkDelay = min(a.uplinkDelay, b.uplinkDelay)
        o.propagationDelay = min(a.propagationDelay, b.propagationDelay)
        o.decodingDelay = min(a.decodingDelay, b.decodingDelay)
        o.computeDelay = min(a.computeDelay, b.computeDelay)
        o.sensingEnergy = min(a.sensingEnergy, b.sensingEnergy)
        o.computeEnergy = min(a.computeEnergy, b.computeEnergy)
        o.uplinkEnergy = min(a.uplinkEnergy, b.uplinkEnergy)
        o.delay = o.sensingDelay + o.encodingDelay + o.uplinkDelay + o.propagationDelay + o.decodingDelay + o.computeDelay
        o.energy = o.sensingEnergy + o.computeEnergy + o.uplinkEnergy
        o.accuracy = max(a.accuracy, b.accuracy)
        return o
    }

    /// Golden-section search of a unimodal `g` on [lo, hi]; returns the final bracket.
    static func golden(_ lo: Double, _ hi: Double, relative: Double = 1e-7, _ g: (Double) -> Double) -> (Double, Double) {
        var a = lo, b = hi
        guard b > a else { return (a, b) }
        let r = 0.6180339887498949
        var x1 = b - r * (b - a), x2 = a + r * (b - a)
        var g1 = g(x1), g2 = g(x2)
        let width = relative * (hi - lo)
        var iterations = 0
        while b - a > width && iterations < 200 {
            iterations += 1
            if g1 <= g2 { b = x2; x2 = x1; g2 = g1; x1 = b - r * (b - a); g1 = g(x1) }
            else { a = x1; x1 = x2; g1 = g2; x2 = a + r * (b - a); g2 = g(x2) }
        }
        return (a, b)
    }

    /// (sumCost, maxCost) of an outcome under the instance objective (delay, delayEnergy: no QoE terms).
    @inline(__always)
    func parts(_ o: UserOutcome) -> (Double, Double) {
        let obj = scenario.parameters.objective
        return (obj.sumCost(delay: o.delay, energy: o.energy, qoeLogistic: 0, qoeMOS: 0), obj.maxCost(delay: o.delay))
    }

    /// Lower bounds (sumCost, maxCost, energy) of local execution over `f in (0, f_max]` with the
    /// deadline; nil if local execution cannot meet the deadline or the accuracy floor.
    func localBound(_ u: Int, slot s: SlotState) -> (Double, Double, Double)? {
        let dev = scenario.devices[u]
        func at(_ f: Double) -> UserOutcome {
            scenario.outcome(slot: s, user: u, server: SlotDecision.local, semanticRatio: 1, powerW: 0, bandwidthHz: 0,
                             computeHz: 0, localFrequencyHz: f)
        }
        let top = at(dev.maxFrequencyHz)
        guard top.delay <= dev.deadlineS, top.accuracy >= dev.minAccuracy else { return nil }
        // Smallest frequency meeting the deadline (delay falls with f): keep the infeasible side as lower end.
        var lo = 0.0, hi = dev.maxFrequencyHz
        if at(hi * 1e-9).delay <= dev.deadlineS { lo = 0 } else {
            for _ in 0..<100 { let mid = 0.5 * (lo + hi); if at(mid).delay <= dev.deadlineS { hi = mid } else { lo = mid } }
        }
        let fLo = max(lo, dev.maxFrequencyHz * 1e-12)
        let energyLB = Self.lower(at(fLo), top).energy
        let obj = scenario.parameters.objective
        if obj.kind == .delay { let (c, m) = parts(top); return (c, m, energyLB) }
        // delayEnergy: sum part and max part bounded separately (each is monotone-convex in f).
        let (a, b) = Self.golden(fLo, dev.maxFrequencyHz) { f in let (c, m) = self.parts(at(f)); return c + m }
        var (c, m) = parts(Self.lower(at(a), at(b)))
        if obj.aggregation == .max {
            c = parts(Self.lower(at(fLo), top)).0
            m = parts(top).1
        }
        return (c, m, energyLB)
    }

    /// Lower bounds (sumCost, maxCost, energy) of offloading user `u` to `l` with bandwidth `b` and
    /// compute `f` (the cell's favourable end); infinite cost if no decision in the cell can meet `limit`.
    func offloadBound(_ u: Int, _ l: Int, slot s: SlotState, bandwidth b: Double, compute f: Double,
                      limit: Double, range: CodecRange) -> (Double, Double, Double) {
        let dev = scenario.devices[u]
        let cls = scenario.taskCosts[Int(s.taskClass[u])]
        let pmax = dev.maxPowerW, fmax = dev.maxFrequencyHz
        func at(_ mu: Double, _ p: Double, _ fe: Double) -> UserOutcome {
            scenario.outcome(slot: s, user: u, server: Int32(l), semanticRatio: mu, powerW: p, bandwidthHz: b,
                             computeHz: f, localFrequencyHz: fe)
        }
        let inf = (Double.infinity, Double.infinity, Double.infinity)
        let muLo = range.muLo, codec = range.codec
        let muTop = Double(1).nextDown
        let raw = at(1, pmax, fmax)
        let rawOK = raw.accuracy >= dev.minAccuracy
        let convex = cls.encoderExponent >= 0 && (cls.decoderExponent >= 1 || cls.decoderExponent <= 0)

        // Minimum delay (p = p_max, f_enc = f_max are optimal for delay): bound over [muLo, 1) and at 1.
        func boxMin(_ g: (Double) -> UserOutcome, _ lo: Double, _ hi: Double, _ key: (UserOutcome) -> Double) -> UserOutcome {
            if convex {
                let (a, b) = Self.golden(lo, hi) { key(g($0)) }
                return Self.lower(g(a), g(b))
            }
            var best = Self.lower(g(lo), g(lo))
            var bestKey = Double.infinity
            let n = 512
            var prev = g(lo)
            for i in 1...n {
                let x = lo + (hi - lo) * Double(i) / Double(n)
                let cur = g(x)
                let box = Self.lower(prev, cur)
                if key(box) < bestKey { bestKey = key(box); best = box }
                prev = cur
            }
            return best
        }
        var minDelay = rawOK ? raw.delay : Double.infinity
        var delayBox: UserOutcome?
        if codec {
            let box = boxMin({ at($0, pmax, fmax) }, muLo, muTop, { $0.delay })
            delayBox = box
            minDelay = min(minDelay, box.delay)
        }
        guard minDelay <= limit else { return inf }
        let obj = scenario.parameters.objective

        // Energy lower bound: sensing energy (encoder and uplink energy can be made arbitrarily small).
        let energyLB = raw.sensingEnergy

        if obj.kind == .delay {
            let (c, m) = parts(delayBoxMin(raw: rawOK ? raw : nil, box: delayBox))
            return (c, m, energyLB)
        }
        if obj.aggregation == .max {
            // Sum part: energy bounded by sensing energy; max part: the minimum delay.
            var o = UserOutcome(); o.delay = minDelay; o.energy = energyLB
            return (parts(o).0, parts(o).1, energyLB)
        }
        // delayEnergy, sum: p* depends on the bandwidth only and f_enc* on the user only (the mu factor
        // separates); bracket each by golden section, then bound over [muLo, 1) with the corner boxes.
        let (p1, p2) = range.power ?? (pmax, pmax)
        let (f1, f2) = range.encoder ?? (fmax, fmax)
        func corners(_ mu: Double) -> UserOutcome {
            var o = Self.lower(at(mu, p1, f1), at(mu, p2, f2))
            o = Self.lower(o, at(mu, p1, f2))
            return Self.lower(o, at(mu, p2, f1))
        }
        var best = Double.infinity
        if rawOK { let o = Self.lower(at(1, p1, fmax), at(1, p2, fmax)); let (c, m) = parts(o); best = c + m }
        if codec {
            let box = boxMin(corners, muLo, muTop) { let (c, m) = self.parts($0); return c + m }
            let (c, m) = parts(box)
            best = min(best, c + m)
        }
        // p in (0, p1) and (p2, p_max] are outside the bracket: golden section keeps the minimizer inside
        // (quasiconvex in p), so the bracket bound is the bound over all p.
        return (best, 0, energyLB)
    }

    /// Per (user, server, bandwidth): the feasible codec range and the brackets of the optimal power
    /// and encoder frequency (delayEnergy; they do not depend on mu or the server compute).
    struct CodecRange {
        var muLo: Double
        var codec: Bool
        var power: (Double, Double)?
        var encoder: (Double, Double)?
    }

    func codecRange(_ u: Int, _ l: Int, slot s: SlotState, bandwidth b: Double, compute f: Double,
                    previous: CodecRange?) -> CodecRange {
        let dev = scenario.devices[u]
        let pmax = dev.maxPowerW, fmax = dev.maxFrequencyHz
        func at(_ mu: Double, _ p: Double, _ fe: Double) -> UserOutcome {
            scenario.outcome(slot: s, user: u, server: Int32(l), semanticRatio: mu, powerW: p, bandwidthHz: b,
                             computeHz: f, localFrequencyHz: fe)
        }
        let muTop = Double(1).nextDown
        var r: CodecRange
        if let previous { r = previous } else {
            // Accuracy rises with mu when a_c >= 0: the lower end keeps the infeasible side (a superset).
            var muLo = dev.minSemanticRatio
            var codec = muLo < 1
            if codec {
                let accLo = at(muLo, pmax, fmax).accuracy, accTop = at(muTop, pmax, fmax).accuracy
                if accLo < dev.minAccuracy && accTop < dev.minAccuracy { codec = false }
                else if accLo < dev.minAccuracy {
                    var lo = muLo, hi = muTop
                    for _ in 0..<80 { let mid = 0.5 * (lo + hi); if at(mid, pmax, fmax).accuracy >= dev.minAccuracy { hi = mid } else { lo = mid } }
                    muLo = lo
                }
            }
            r = CodecRange(muLo: muLo, codec: codec)
        }
        let obj = scenario.parameters.objective
        guard obj.kind == .delayEnergy && obj.aggregation == .sum else { return r }
        let muProbe = r.codec ? 0.5 * (r.muLo + muTop) : 1
        r.power = Self.golden(pmax * 1e-9, pmax) { p in let (c, m) = self.parts(at(muProbe, p, fmax)); return c + m }
        if r.encoder == nil {
            r.encoder = r.codec ? Self.golden(fmax * 1e-9, fmax) { fe in let (c, m) = self.parts(at(muProbe, pmax, fe)); return c + m }
                                : (fmax, fmax)
        }
        return r
    }

    private func delayBoxMin(raw: UserOutcome?, box: UserOutcome?) -> UserOutcome {
        switch (raw, box) {
        case let (r?, b?): return r.delay <= b.delay ? r : b
        case let (r?, nil): return r
        case let (nil, b?): return b
        default: var o = UserOutcome(); o.delay = .infinity; return o
        }
    }
}

extension RelaxedBound {
    /// Lagrangian bound of the continuous slot problem for capacity prices `lambda` (per grid unit,
    /// rows `2l` bandwidth and `2l + 1` compute, as in `SlotOptions`), sum aggregation only:
    ///
    /// `LB = sum_u min(local_u, min_l phi_ul) - sum_l (lambda_b,l B_l + lambda_c,l F_l)` with
    /// `phi_ul = inf_{b, f, mu, p, f_enc} cost_u + lambda_b b + lambda_c f` (prices per Hz). For
    /// any `lambda >= 0` this is a lower bound (weak duality). Each `phi_ul` is bounded from below
    /// by branch and bound over resource boxes `[b0, b1] x [f0, f1]`: the box bound is the cell
    /// bound at `(b1, f1)` plus `lambda_b b0 + lambda_c f0`; the best box is split until its bound
    /// is within `1e-6` (relative) of a point value, or 400 boxes were evaluated.
    public func lagrangianBound(slot t: Int, prices: [Double]) -> Double {
        let s = scenario.slots[t]
        let NB = Double(options.bandwidthUnits), NC = Double(options.computeUnits)
        var total = 0.0
        var lamB = [Double](repeating: 0, count: s.serverCount), lamC = lamB
        for l in 0..<s.serverCount {
            let B = scenario.servers[l].bandwidthHz, F = s.availableComputeHz[l]
            lamB[l] = B > 0 ? max(0, prices[2 * l]) / (B / NB) : 0
            lamC[l] = F > 0 ? max(0, prices[2 * l + 1]) / (F / NC) : 0
            total -= lamB[l] * B + lamC[l] * F
        }
        for u in 0..<s.userCount where s.active[u] {
            let dev = scenario.devices[u]
            var best = Double.infinity
            if scenario.parameters.localExecutionAllowed, let (c, m, _) = localBound(u, slot: s) { best = c + m }
            for l in 0..<s.serverCount where s.isVisible(u, l) {
                let B = scenario.servers[l].bandwidthHz, F = s.availableComputeHz[l]
                guard B > 0, F > 0 else { continue }
                let limit = min(s.coverage(u, l), dev.deadlineS)
                if scenario.parameters.objective.kind == .delay {
                    // Reachable at all? The least delay uses all of the server's resources.
                    let r0 = codecRange(u, l, slot: s, bandwidth: B, compute: F, previous: nil)
                    let (c0, _, _) = offloadBound(u, l, slot: s, bandwidth: B, compute: F, limit: limit, range: r0)
                    guard c0.isFinite else { continue }
                    let rawOK = scenario.outcome(slot: s, user: u, server: Int32(l), semanticRatio: 1, powerW: dev.maxPowerW,
                                                 bandwidthHz: B, computeHz: F, localFrequencyHz: dev.maxFrequencyHz).accuracy >= dev.minAccuracy
                    let phi = delayPhi(u, l, slot: s, lamB: lamB[l], lamC: lamC[l], range: r0, rawOK: rawOK)
                    best = min(best, phi - 1e-12 * abs(phi))
                    continue
                }
                var range: CodecRange?
                func cell(_ b: Double, _ f: Double) -> Double {
                    let r = codecRange(u, l, slot: s, bandwidth: b, compute: f, previous: range)
                    if range == nil { range = r }
                    let (c, m, _) = offloadBound(u, l, slot: s, bandwidth: b, compute: f, limit: limit, range: r)
                    return c + m
                }
                // Boxes: (b0, b1, f0, f1, bound, value at (b1, f1) incl. prices).
                var boxes: [(Double, Double, Double, Double, Double)] = []
                var upper = Double.infinity
                func push(_ b0: Double, _ b1: Double, _ f0: Double, _ f1: Double) {
                    let c = cell(b1, f1)
                    guard c.isFinite else { return }
                    upper = min(upper, c + lamB[l] * b1 + lamC[l] * f1)
                    boxes.append((b0, b1, f0, f1, c + lamB[l] * b0 + lamC[l] * f0))
                }
                push(0, B, 0, F)
                var evaluations = 1
                var phi = Double.infinity
                while !boxes.isEmpty {
                    var k = 0
                    for i in 1..<boxes.count where boxes[i].4 < boxes[k].4 { k = i }
                    let (b0, b1, f0, f1, lb) = boxes[k]
                    phi = lb
                    if lb >= best { break } // cannot improve this user's minimum
                    if upper - lb <= 1e-6 * max(abs(upper), 1e-9) || evaluations >= 400 { break }
                    boxes.swapAt(k, boxes.count - 1)
                    boxes.removeLast()
                    // Split the side whose priced width is larger (both when similar).
                    let wb = (b1 - b0) * max(lamB[l], 1e-300), wf = (f1 - f0) * max(lamC[l], 1e-300)
                    let bm = 0.5 * (b0 + b1), fm = 0.5 * (f0 + f1)
                    if wb > 2 * wf {
                        push(b0, bm, f0, f1); push(bm, b1, f0, f1); evaluations += 2
                    } else if wf > 2 * wb {
                        push(b0, b1, f0, fm); push(b0, b1, fm, f1); evaluations += 2
                    } else {
                        push(b0, bm, f0, fm); push(bm, b1, f0, fm); push(b0, bm, fm, f1); push(bm, b1, fm, f1)
                        evaluations += 4
                    }
                    phi = boxes.isEmpty ? .infinity : boxes.map(\.4).min()!
                }
                if ProcessInfo.processInfo.environment["OFFLOAD_BOUND_DEBUG"] != nil {
                    FileHandle.standardError.write("u\(u) l\(l) evals \(evaluations) phi \(phi) upper \(upper) boxes \(boxes.count)\n".data(using: .utf8)!)
                }
                best = min(best, phi)
            }
            if !best.isFinite { return .infinity } // no feasible decision for this user
            total += best
        }
        return total
    }
}

extension RelaxedBound {
    /// Lower bound of `phi_ul = inf cost + lambda_b b + lambda_c f` for the delay objective (sum
    /// aggregation), by branch and bound over `mu` intervals. For `mu` in `[m0, m1]` the delay is at
    /// least `A(b) + D(f)` with `A` = sensing + encoding + uplink + propagation and `D` = decoding +
    /// compute, each component taken at the better end of the interval (they are monotone in `mu`);
    /// `A` is convex and decreasing in `b` (the Shannon rate is concave in `b`), `D` convex and
    /// decreasing in `f`, so `min_b A + lambda_b b` and `min_f D + lambda_c f` are 1-D convex problems:
    /// golden sections bracket their minimizers and the bracket bound `A(b1) + lambda_b b0` is certified.
    /// `p = p_max` and `f_enc = f_max` are optimal for delay. `mu = 1` (no codec) is a point.
    func delayPhi(_ u: Int, _ l: Int, slot s: SlotState, lamB: Double, lamC: Double, range: CodecRange,
                  rawOK: Bool) -> Double {
        let dev = scenario.devices[u]
        let B = scenario.servers[l].bandwidthHz, F = s.availableComputeHz[l]
        let pmax = dev.maxPowerW, fmax = dev.maxFrequencyHz
        func at(_ mu: Double, _ b: Double, _ f: Double) -> UserOutcome {
            scenario.outcome(slot: s, user: u, server: Int32(l), semanticRatio: mu, powerW: pmax, bandwidthHz: b,
                             computeHz: f, localFrequencyHz: fmax)
        }
        // (lower bound, achievable value) of min over (b, f) for mu in [m0, m1].
        func interval(_ m0: Double, _ m1: Double) -> (Double, Double) {
            func aPart(_ b: Double) -> Double {
                let o = m0 == m1 ? at(m0, b, F) : Self.lower(at(m0, b, F), at(m1, b, F))
                return o.sensingDelay + o.encodingDelay + o.uplinkDelay + o.propagationDelay
            }
            func dPart(_ f: Double) -> Double {
                let o = m0 == m1 ? at(m0, B, f) : Self.lower(at(m0, B, f), at(m1, B, f))
                return o.decodingDelay + o.computeDelay
            }
            let bLo = B * 1e-9, fLo = F * 1e-9
            let (b0, b1) = Self.golden(bLo, B, relative: 1e-9) { aPart($0) + lamB * $0 }
            let (f0, f1) = Self.golden(fLo, F, relative: 1e-9) { dPart($0) + lamC * $0 }
            // Certified: on [b0, b1] A(b) >= A(b1) and lambda b >= lambda b0; below bLo, A >= A(bLo).
            let gb = min(aPart(b1) + lamB * b0, aPart(bLo))
            let gf = min(dPart(f1) + lamC * f0, dPart(fLo))
            // Achievable (upper) value at the interval's midpoint with the bracket ends.
            let mid = m0 == m1 ? m0 : 0.5 * (m0 + m1)
            let o = at(mid, b1, f1)
            return (gb + gf, o.delay + lamB * b1 + lamC * f1)
        }
        var best = Double.infinity, upper = Double.infinity
        if rawOK {
            let (lb, ub) = interval(1, 1)
            best = lb; upper = ub
        }
        guard range.codec else { return best }
        var items: [(Double, Double, Double)] = [] // (m0, m1, bound)
        let top = Double(1).nextDown
        let (lb0, ub0) = interval(range.muLo, top)
        items.append((range.muLo, top, lb0))
        upper = min(upper, ub0)
        var evaluations = 1
        while true {
            var k = 0
            for i in 1..<items.count where items[i].2 < items[k].2 { k = i }
            let lowest = min(items[k].2, best)
            if upper - lowest <= 1e-7 * max(abs(upper), 1e-9) || evaluations >= 120 || items[k].2 >= best {
                return lowest
            }
            let (m0, m1, _) = items.remove(at: k)
            let mm = 0.5 * (m0 + m1)
            for (a, b) in [(m0, mm), (mm, m1)] {
                let (lb, ub) = interval(a, b)
                items.append((a, b, lb))
                upper = min(upper, ub)
                evaluations += 1
            }
        }
    }
}
