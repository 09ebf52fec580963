import Foundation
import Testing
@testable import OffloadModel
import OffloadScenarios

/// The evaluator's SIMD batch path agrees bit for bit with the scalar API (`Scenario.outcome`,
/// `localReference`, `LogisticQoE.score`, `MOSQoE.score`, `Objective`) and lists the same violations,
/// on random decisions (including broken ones) over several generated instances.
struct BatchAgreementTests {
    /// The evaluator as it was before the batch path: one user at a time through the scalar API.
    struct Reference {
        var outcomes: [UserOutcome] = []
        var qoeLogistic: [Double] = [], qoeMOS: [Double] = []
        var violations: [Violation] = []
        var active = 0, offloading = 0, violating = 0
        var totalDelay = 0.0, maxDelay = 0.0, totalEnergy = 0.0, totalAccuracy = 0.0, totalQL = 0.0, totalQM = 0.0
        var objective = 0.0

        init(_ sc: Scenario, slot t: Int, decision d: SlotDecision, remainingEnergy energy: inout [Double]) {
            let s = sc.slots[t]
            let U = s.userCount, L = s.serverCount
            let objectiveSpec = sc.parameters.objective
            let qoe = sc.parameters.logisticQoE, mos = sc.parameters.mosQoE
            let tol = 1 + Evaluator.capacityTolerance
            outcomes = Array(repeating: UserOutcome(), count: U)
            qoeLogistic = Array(repeating: 0, count: U)
            qoeMOS = Array(repeating: 0, count: U)
            var bws = [Double](repeating: 0, count: L), cps = [Double](repeating: 0, count: L)
            // The evaluator's documented summation order: lane `u % 8` adds its users in order, then the
            // eight lane sums are added in lane order.
            let W = 8
            var laneDelay = [Double](repeating: 0, count: W), laneMaxDelay = laneDelay, laneEnergy = laneDelay
            var laneAccuracy = laneDelay, laneQL = laneDelay, laneQM = laneDelay, laneSumCost = laneDelay
            var laneMaxCost = [Double](repeating: -.infinity, count: W)
            for u in 0..<U where s.active[u] {
                let server = d.server[u]
                let mu = d.semanticRatio[u], p = d.powerW[u], b = d.bandwidthHz[u], fc = d.computeHz[u]
                let f = d.localFrequencyHz[u]
                let o = sc.outcome(slot: s, user: u, server: server, semanticRatio: mu, powerW: p, bandwidthHz: b,
                                   computeHz: fc, localFrequencyHz: f)
                let ref = sc.localReference(slot: s, user: u)
                let q = qoe.score(delay: o.delay, energy: o.energy, accuracy: o.accuracy,
                                  localDelay: ref.delay, localEnergy: ref.energy, localAccuracy: ref.accuracy)
                let m = mos.score(latency: o.delay, energy: o.energy)
                outcomes[u] = o; qoeLogistic[u] = q; qoeMOS[u] = m
                active += 1
                let i = u % W
                laneDelay[i] += o.delay; laneMaxDelay[i] = max(laneMaxDelay[i], o.delay)
                laneEnergy[i] += o.energy; laneAccuracy[i] += o.accuracy; laneQL[i] += q; laneQM[i] += m
                laneSumCost[i] += objectiveSpec.sumCost(delay: o.delay, energy: o.energy, qoeLogistic: q, qoeMOS: m)
                laneMaxCost[i] = max(laneMaxCost[i], objectiveSpec.maxCost(delay: o.delay))
                let dev = sc.devices[u]
                let before = violations.count
                let l = Int(server)
                let at: Int? = server >= 0 ? l : nil
                if server < 0 {
                    if !sc.parameters.localExecutionAllowed { violations.append(Violation(constraint: .C2, slot: t, user: u, server: nil, value: 1, limit: 0)) }
                    if !(f > 0 && f <= dev.maxFrequencyHz * tol) {
                        violations.append(Violation(constraint: .C6, slot: t, user: u, server: nil, value: f, limit: dev.maxFrequencyHz))
                    }
                } else {
                    offloading += 1
                    if l >= L {
                        violations.append(Violation(constraint: .C3, slot: t, user: u, server: l, value: Double(l), limit: Double(L - 1)))
                    } else {
                        bws[l] += max(0, b); cps[l] += max(0, fc)
                        let coverage = s.links[u * L + l].coverageS
                        if !(coverage > 0) {
                            violations.append(Violation(constraint: .C9, slot: t, user: u, server: l, value: o.delay, limit: 0))
                        } else if !(o.delay <= coverage) {
                            violations.append(Violation(constraint: .C9, slot: t, user: u, server: l, value: o.delay, limit: coverage))
                        }
                    }
                    if !(p >= 0 && p <= dev.maxPowerW * tol) {
                        violations.append(Violation(constraint: .C4, slot: t, user: u, server: l, value: p, limit: p < 0 ? 0 : dev.maxPowerW))
                    }
                    if !(mu >= dev.minSemanticRatio && mu <= 1) {
                        violations.append(Violation(constraint: .C5, slot: t, user: u, server: l, value: mu, limit: mu > 1 ? 1 : dev.minSemanticRatio))
                    }
                    if f > dev.maxFrequencyHz * tol || (mu < 1 && !(f > 0)) {
                        violations.append(Violation(constraint: .C6, slot: t, user: u, server: l, value: f, limit: dev.maxFrequencyHz))
                    }
                    if !(fc >= 0) { violations.append(Violation(constraint: .C7, slot: t, user: u, server: l, value: fc, limit: 0)) }
                    if !(b >= 0) { violations.append(Violation(constraint: .BW, slot: t, user: u, server: l, value: b, limit: 0)) }
                }
                if !(o.delay <= dev.deadlineS) {
                    violations.append(Violation(constraint: .C8, slot: t, user: u, server: at, value: o.delay, limit: dev.deadlineS))
                }
                if !(o.accuracy >= dev.minAccuracy) {
                    violations.append(Violation(constraint: .ACC, slot: t, user: u, server: at, value: o.accuracy, limit: dev.minAccuracy))
                }
                let left = energy[u] - o.energy
                if !(left >= -dev.energyBudgetJ * Evaluator.capacityTolerance) {
                    violations.append(Violation(constraint: .C1, slot: t, user: u, server: at, value: dev.energyBudgetJ - left, limit: dev.energyBudgetJ))
                }
                energy[u] = left
                if violations.count > before { violating += 1 }
            }
            for l in 0..<L {
                if bws[l] > sc.servers[l].bandwidthHz * tol {
                    violations.append(Violation(constraint: .BW, slot: t, user: nil, server: l, value: bws[l], limit: sc.servers[l].bandwidthHz))
                }
                if cps[l] > s.availableComputeHz[l] * tol {
                    violations.append(Violation(constraint: .C7, slot: t, user: nil, server: l, value: cps[l], limit: s.availableComputeHz[l]))
                }
            }
            var sumCost = 0.0, maxCost = -Double.infinity
            for i in 0..<W {
                totalDelay += laneDelay[i]; maxDelay = max(maxDelay, laneMaxDelay[i])
                totalEnergy += laneEnergy[i]; totalAccuracy += laneAccuracy[i]; totalQL += laneQL[i]; totalQM += laneQM[i]
                sumCost += laneSumCost[i]; maxCost = max(maxCost, laneMaxCost[i])
            }
            objective = sumCost + (active > 0 && objectiveSpec.aggregation == .max ? maxCost : 0)
        }
    }

    /// Bitwise equality (NaN equals NaN of the same payload; +0 and -0 differ).
    static func same(_ a: Double, _ b: Double) -> Bool { a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN) }

    static func same(_ a: UserOutcome, _ b: UserOutcome) -> Bool {
        same(a.delay, b.delay) && same(a.energy, b.energy) && same(a.accuracy, b.accuracy)
            && same(a.sensingDelay, b.sensingDelay) && same(a.encodingDelay, b.encodingDelay)
            && same(a.uplinkDelay, b.uplinkDelay) && same(a.propagationDelay, b.propagationDelay)
            && same(a.decodingDelay, b.decodingDelay) && same(a.computeDelay, b.computeDelay)
            && same(a.sensingEnergy, b.sensingEnergy) && same(a.computeEnergy, b.computeEnergy)
            && same(a.uplinkEnergy, b.uplinkEnergy) && same(a.rateBps, b.rateBps)
    }

    static func same(_ a: Violation, _ b: Violation) -> Bool {
        a.constraint == b.constraint && a.slot == b.slot && a.user == b.user && a.server == b.server
            && same(a.value, b.value) && same(a.limit, b.limit)
    }

    /// A random decision for slot `t`, with broken values mixed in when `broken`.
    static func randomDecision(_ sc: Scenario, slot t: Int, rng g: inout SeededGenerator, broken: Bool) -> SlotDecision {
        let s = sc.slots[t]
        var d = SlotDecision(userCount: s.userCount)
        for u in 0..<s.userCount {
            let dev = sc.devices[u]
            let r = g.uniform()
            var mu = g.uniform() < 0.2 ? 1 : g.uniform(dev.minSemanticRatio, 1)
            var p = dev.maxPowerW * (1 - g.uniform())
            var f = dev.maxFrequencyHz * (g.uniform() < 0.7 ? 1 : g.uniform(0.2, 1))
            var b = g.uniform(0, 2e6), c = g.uniform(0, 5e9)
            if broken {
                switch g.index(below: 14) {
                case 0: mu = 0.01
                case 1: mu = 1.3
                case 2: p = 0
                case 3: p = -0.1
                case 4: b = 0
                case 5: c = 0
                case 6: f = 0
                case 7: f = 3 * dev.maxFrequencyHz
                case 8: mu = .nan
                case 9: p = .nan
                case 10: b = .infinity
                case 11: c = -1
                default: break
                }
            }
            if r < 0.25 {
                d.setLocal(u, frequencyHz: f)
            } else {
                var l = g.index(below: s.serverCount)
                if broken && g.uniform() < 0.05 { l = s.serverCount + 3 } // C3
                d.setOffload(u, server: l, semanticRatio: mu, powerW: p, localFrequencyHz: f, bandwidthHz: b, computeHz: c)
            }
        }
        return d
    }

    static func scenarios() throws -> [Scenario] {
        var out: [Scenario] = []
        for (k, users) in [(1, 37), (2, 8), (3, 3), (4, 50)] {
            var sc = try Presets.leo(users: users, satellites: 5, slots: 4, seed: UInt64(k)).scenario()
            switch k {
            case 1: sc.parameters.objective = Objective(kind: .delay, aggregation: .max)
            case 2: sc.parameters.objective = Objective(kind: .delayEnergy, aggregation: .max, energyWeight: 0.3)
                sc.parameters.serverInput = .features
            case 3: sc.parameters.objective = Objective(kind: .qoe)
            default: sc.parameters.objective = Objective(kind: .utility)
            }
            out.append(sc)
        }
        var bs = try Presets.dtSyncBaseStation(seed: 5, users: 6, slots: 4).scenario()
        bs.parameters.objective = Objective(kind: .delayEnergy)
        out.append(bs)
        return out
    }

    /// Odd slots go through `evaluate(slot:decisionAt:...)` (the in-place entry point, with the next
    /// decision hinted as a batch caller would), even ones through the by-value API.
    func check(_ sc: Scenario, _ decisions: [SlotDecision]) {
        let evaluator = Evaluator(scenario: sc)
        var energy = sc.devices.map(\.energyBudgetJ), refEnergy = energy
        var r = SlotEvaluation()
        for (t, d) in decisions.enumerated() {
            if t % 2 == 0 {
                evaluator.evaluate(slot: t, decision: d, remainingEnergy: &energy, into: &r)
            } else {
                decisions.withUnsafeBufferPointer { all in
                    if t + 1 < all.count { Evaluator.prefetch(decisionAt: all.baseAddress! + t + 1) }
                    evaluator.evaluate(slot: t, decisionAt: all.baseAddress! + t, remainingEnergy: &energy, into: &r)
                }
            }
            let ref = Reference(sc, slot: t, decision: d, remainingEnergy: &refEnergy)
            #expect(r.outcomes.count == ref.outcomes.count)
            for u in ref.outcomes.indices {
                #expect(Self.same(r.outcomes[u], ref.outcomes[u]), "\(sc.name) slot \(t) user \(u): \(r.outcomes[u]) vs \(ref.outcomes[u])")
                #expect(Self.same(r.qoeLogistic[u], ref.qoeLogistic[u]) && Self.same(r.qoeMOS[u], ref.qoeMOS[u]),
                        "\(sc.name) slot \(t) user \(u) QoE")
                #expect(Self.same(energy[u], refEnergy[u]), "energy of user \(u)")
            }
            #expect(r.violations.count == ref.violations.count, "\(sc.name) slot \(t): \(r.violations) vs \(ref.violations)")
            #expect(zip(r.violations, ref.violations).allSatisfy { Self.same($0, $1) })
            #expect(r.activeUsers == ref.active && r.offloadingUsers == ref.offloading && r.violatingUsers == ref.violating)
            #expect(Self.same(r.totalDelay, ref.totalDelay) && Self.same(r.maxDelay, ref.maxDelay))
            #expect(Self.same(r.totalEnergy, ref.totalEnergy) && Self.same(r.totalAccuracy, ref.totalAccuracy))
            #expect(Self.same(r.totalQoELogistic, ref.totalQL) && Self.same(r.totalQoEMOS, ref.totalQM))
            #expect(Self.same(r.objective, ref.objective), "\(sc.name) slot \(t) objective \(r.objective) vs \(ref.objective)")
        }
    }

    @Test func batchMatchesScalarOnRandomDecisions() throws {
        var g = SeededGenerator(seed: 11)
        for sc in try Self.scenarios() {
            for broken in [false, true] {
                check(sc, (0..<sc.slots.count).map { Self.randomDecision(sc, slot: $0, rng: &g, broken: broken) })
            }
        }
    }

    @Test func batchMatchesScalarWithInactiveUsers() throws {
        var g = SeededGenerator(seed: 12)
        for var sc in try Self.scenarios() {
            for t in sc.slots.indices { for u in 0..<sc.userCount { sc.slots[t].active[u] = g.uniform() < 0.6 } }
            check(sc, (0..<sc.slots.count).map { Self.randomDecision(sc, slot: $0, rng: &g, broken: true) })
        }
    }

    /// One user per edge case, side by side in one vector: raw transmission, zero power, zero bandwidth,
    /// zero compute, an invalid server, an inactive user, NaN inputs. Nothing crashes, every outcome
    /// matches the scalar API, and the broken ones are reported.
    @Test func edgeCasesInLanes() throws {
        var sc = try Presets.leo(users: 11, satellites: 3, slots: 1, seed: 3).scenario()
        sc.slots[0].active = Array(repeating: true, count: 11)
        sc.slots[0].active[6] = false
        let s = sc.slots[0]
        var d = SlotDecision(userCount: 11)
        func visible(_ u: Int) -> Int { (0..<s.serverCount).first { s.isVisible(u, $0) } ?? 0 }
        for u in 0..<11 {
            d.setOffload(u, server: visible(u), semanticRatio: 0.5, powerW: 0.1, localFrequencyHz: 1e9, bandwidthHz: 1e5, computeHz: 1e8)
        }
        d.semanticRatio[0] = 1          // raw, no codec
        d.powerW[1] = 0                 // C4 not violated, but infinite uplink (C8/C9)
        d.bandwidthHz[2] = 0            // infinite uplink
        d.computeHz[3] = 0              // infinite server time
        d.server[4] = 99                // C3
        d.semanticRatio[5] = .nan       // C5
        d.server[6] = 99                // inactive: ignored
        d.powerW[7] = .nan              // C4
        d.localFrequencyHz[8] = .nan    // C6
        d.setLocal(9, frequencyHz: 0)   // C6, infinite local delay
        d.bandwidthHz[10] = -.infinity  // BW
        var energy = sc.devices.map(\.energyBudgetJ), refEnergy = energy
        var r = SlotEvaluation()
        Evaluator(scenario: sc).evaluate(slot: 0, decision: d, remainingEnergy: &energy, into: &r)
        let ref = Reference(sc, slot: 0, decision: d, remainingEnergy: &refEnergy)
        for u in 0..<11 {
            #expect(Self.same(r.outcomes[u], ref.outcomes[u]), "user \(u)")
            #expect(Self.same(r.qoeLogistic[u], ref.qoeLogistic[u]) && Self.same(r.qoeMOS[u], ref.qoeMOS[u]), "user \(u)")
        }
        #expect(r.violations.count == ref.violations.count && zip(r.violations, ref.violations).allSatisfy { Self.same($0, $1) })
        let ids = Dictionary(grouping: r.violations.filter { $0.user != nil }, by: { $0.user! }).mapValues { Set($0.map(\.constraint)) }
        #expect(r.outcomes[0].encodingDelay == 0 && r.outcomes[0].decodingDelay == 0)
        #expect(r.outcomes[1].uplinkDelay == .infinity && r.outcomes[2].uplinkDelay == .infinity)
        #expect(r.outcomes[3].computeDelay == .infinity)
        #expect(ids[4]?.contains(.C3) == true && r.outcomes[4].delay == .infinity)
        #expect(ids[5]?.contains(.C5) == true)
        #expect(ids[6] == nil && r.outcomes[6] == UserOutcome() && r.qoeLogistic[6] == 0)
        #expect(ids[7]?.contains(.C4) == true)
        #expect(ids[8]?.contains(.C6) == true)
        #expect(ids[9]?.contains(.C6) == true && r.outcomes[9].delay == .infinity)
        #expect(ids[10]?.contains(.BW) == true)
        #expect(r.activeUsers == 10)
    }

    /// The lane formulas agree bit for bit with the scalar ones in every lane, for 4- and 8-wide vectors.
    @Test func lanesMatchScalarFormulas() {
        var g = SeededGenerator(seed: 13)
        let c = Presets.leoTaskClasses[1].cost
        let dev = DeviceProfile(maxFrequencyHz: 1e9, maxPowerW: 0.2, capacitance: 1e-28, sensingRateBps: 2e7,
                                sensingPowerW: 0.1, dtDeviation: 0.07, energyBudgetJ: 40, deadlineS: 30, minAccuracy: 0.6,
                                minSemanticRatio: 0.1)
        let specials: [Double] = [0, 1, .nan, .infinity, -1, 1e-310]
        func pick(_ lo: Double, _ hi: Double) -> Double { g.uniform() < 0.1 ? specials[g.index(below: specials.count)] : g.uniform(lo, hi) }
        for _ in 0..<2000 {
            var I = SIMD8<Double>(), mu = I, p = I, b = I, fl = I, fu = I, h = I, d = I
            for i in 0..<8 {
                I[i] = pick(5e5, 2e7); mu[i] = pick(0.1, 1); p[i] = pick(0, 0.2); b[i] = pick(0, 2e6)
                fl[i] = pick(0, 5e9); fu[i] = pick(0, 1e9); h[i] = pick(1e-16, 1e-12); d[i] = pick(6e5, 9e5)
            }
            func lanes<V: ModelLane>(_: V.Type, _ x: SIMD8<Double>, _ k: Int) -> V { V.gather { x[k + $0] } }
            func broadcast<V: ModelLane>(_ x: Double) -> V { V(repeating: x) }
            for k in [0, 4] {
                typealias V = SIMD4<Double>
                let o4 = SystemModel.offloadLanes(
                    payloadBits: lanes(V.self, I, k), serverCyclesPerBit: broadcast(c.serverCyclesPerBit),
                    encoderCyclesPerBit: broadcast(c.encoderCyclesPerBit), decoderCyclesPerBit: broadcast(c.decoderCyclesPerBit),
                    encoderExponent: broadcast(c.encoderExponent), decoderExponent: broadcast(c.decoderExponent),
                    maxAccuracy: broadcast(c.maxAccuracy), accuracyExponent: broadcast(c.accuracyExponent),
                    sensingRateBps: broadcast(dev.sensingRateBps), sensingPowerW: broadcast(dev.sensingPowerW),
                    dtDeviation: broadcast(dev.dtDeviation), capacitance: broadcast(dev.capacitance),
                    serverDeviation: broadcast(0.05), gain: lanes(V.self, h, k), rangeM: lanes(V.self, d, k),
                    noiseDensity: 4e-21, serverComputesDecoded: true, semanticRatio: lanes(V.self, mu, k),
                    powerW: lanes(V.self, p, k), bandwidthHz: lanes(V.self, b, k), computeHz: lanes(V.self, fl, k),
                    localFrequencyHz: lanes(V.self, fu, k))
                let l4 = SystemModel.localLanes(payloadBits: lanes(V.self, I, k), deviceCyclesPerBit: broadcast(c.deviceCyclesPerBit),
                                                maxAccuracy: broadcast(c.maxAccuracy), sensingRateBps: broadcast(dev.sensingRateBps),
                                                sensingPowerW: broadcast(dev.sensingPowerW), dtDeviation: broadcast(dev.dtDeviation),
                                                capacitance: broadcast(dev.capacitance), frequencyHz: lanes(V.self, fu, k))
                for i in 0..<4 {
                    let j = k + i
                    let o = SystemModel.offload(payloadBits: I[j], taskClass: c, device: dev, serverDeviation: 0.05, gain: h[j],
                                                rangeM: d[j], noiseDensity: 4e-21, serverInput: .decoded, semanticRatio: mu[j],
                                                powerW: p[j], bandwidthHz: b[j], computeHz: fl[j], localFrequencyHz: fu[j])
                    #expect(Self.same(o4.user(i), o), "offload lane \(i): \(o4.user(i)) vs \(o)")
                    let l = SystemModel.local(payloadBits: I[j], taskClass: c, device: dev, frequencyHz: fu[j])
                    #expect(Self.same(l4.user(i), l))
                }
            }
            // Transcendentals, QoE and MOS on 8 lanes.
            let x = (mu - 0.5) * 1500
            let e8 = FastMath.exp(lanes: x), lg8 = FastMath.log(lanes: I)
            let q = LogisticQoE(delaySlopePerS: 5, energySlopePerJ: 10, accuracySlope: 2)
            let m = MOSQoE()
            let q8 = q.score(lanes: b * 1e-5, energy: p, accuracy: mu, localDelay: fl * 1e-9, localEnergy: h * 1e12, localAccuracy: d * 1e-6)
            let m8 = m.score(lanes: b * 1e-5, energy: p)
            for i in 0..<8 {
                #expect(Self.same(e8[i], FastMath.exp(x[i])) && Self.same(lg8[i], FastMath.log(I[i])))
                #expect(Self.same(q8[i], q.score(delay: b[i] * 1e-5, energy: p[i], accuracy: mu[i], localDelay: fl[i] * 1e-9,
                                                 localEnergy: h[i] * 1e12, localAccuracy: d[i] * 1e-6)))
                #expect(Self.same(m8[i], m.score(latency: b[i] * 1e-5, energy: p[i])))
            }
        }
    }
}
