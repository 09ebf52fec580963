/// The one shared evaluator: scores a concrete decision against the model and lists every
/// violated constraint (C1-C9, BW, ACC). Every method is scored here; no solver scores itself.
///
/// A slot is evaluated in passes over its users, none of which allocates:
/// 0. a tight loop reads one word of every cache line the passes will need (software prefetch);
/// 1. a scalar pass gathers each user's indirect inputs (task-class numbers, the chosen link, the
///    mode) into scratch owned by the `SlotEvaluation`, laid out in blocks of 8 users;
/// 2. a SIMD pass runs the model's formulas (`SystemModel.localLanes`/`offloadLanes`, both QoE forms,
///    the objective: the same generic code the scalar API runs, so results are bit-identical) on
///    8 users at a time (`SIMD8<Double>`: two AVX2 registers per value, i.e. two independent
///    dependency chains, which matters because the exp/log polynomials are latency-bound), reading the decision in place, writes the outcomes, and flags users that may
///    violate a per-user constraint with vector comparisons;
/// 3. a scalar pass accumulates totals and per-server sums in user order (so totals equal the
///    one-user-at-a-time sums exactly) and, for flagged users only, runs the exact per-user
///    constraint checks that append `Violation`s.
public struct Evaluator: Sendable {
    public let scenario: Scenario
    /// Relative slack on capacity sums, so equal shares that round up by an ulp are not violations.
    public static let capacityTolerance = 1e-9
    /// Users per SIMD vector in the evaluator's formula pass (`DeviceColumns.block` users).
    public typealias Lanes = SIMD8<Double>

    public init(scenario: Scenario) { self.scenario = scenario }

    /// Scratch columns. Column `c` of user `u` lives at `(u / B) * count * B + c * B + u % B`, `B = DeviceColumns.block`: a block
    /// of users holds every column, so one pointer and constant offsets reach all of a user's inputs.
    @usableFromInline enum Column {
        static let kind = 0, deviceCycles = 1, serverCycles = 2, encoderCycles = 3, decoderCycles = 4
        static let encoderExponent = 5, decoderExponent = 6, maxAccuracy = 7, accuracyExponent = 8
        static let gain = 9, range = 10, coverage = 11, serverDeviation = 12
        static let sumCost = 13, maxCost = 14, flag = 15, delay = 16, energy = 17, accuracy = 18
        // Decision inputs, copied only for the last, partial block.
        static let payload = 19, mu = 20, power = 21, bandwidth = 22, compute = 23, frequency = 24
        static let count = 25
        /// Doubles per block of users.
        static let blockSize = count * DeviceColumns.block
    }

    /// Values of `Column.kind`.
    @usableFromInline enum Kind {
        static let inactive = 0.0, local = 1.0, offload = 2.0, invalidServer = 3.0
    }

    /// Evaluates slot `t` under `decision`.
    ///
    /// - Parameter remainingEnergy: per-user energy left of the horizon budget before this slot
    ///   (C1 is tracked across slots); updated in place. Pass the devices' budgets at the first slot.
    public func evaluate(slot t: Int, decision d: SlotDecision, remainingEnergy: inout [Double],
                         into r: inout SlotEvaluation) {
        let sc = scenario
        let s = sc.slots[t]
        let U = s.userCount, L = s.serverCount
        let tol = 1 + Evaluator.capacityTolerance
        let P = DeviceColumns.paddedCount(U)
        precondition(sc.deviceColumns.users >= U && d.userCount >= U && remainingEnergy.count >= U,
                     "decision, energy and devices must cover the slot's users")
        r.reset(slot: t, userCount: U, serverCount: L)
        if r.scratch.count < P * Column.count { r.scratch = [Double](repeating: 0, count: P * Column.count) }
        // Move the buffers out of `r` so the loops write through raw pointers (no uniqueness checks)
        // while still appending violations to `r`.
        var outcomes: [UserOutcome] = [], ql: [Double] = [], qm: [Double] = []
        var bandwidthSum: [Double] = [], computeSum: [Double] = [], scratch: [Double] = []
        var violations: [Violation] = []
        swap(&outcomes, &r.outcomes); swap(&ql, &r.qoeLogistic); swap(&qm, &r.qoeMOS)
        swap(&bandwidthSum, &r.serverBandwidth); swap(&computeSum, &r.serverCompute)
        swap(&scratch, &r.scratch); swap(&violations, &r.violations)
        defer {
            swap(&outcomes, &r.outcomes); swap(&ql, &r.qoeLogistic); swap(&qm, &r.qoeMOS)
            swap(&bandwidthSum, &r.serverBandwidth); swap(&computeSum, &r.serverCompute)
            swap(&scratch, &r.scratch); swap(&violations, &r.violations)
        }
        var totals = Totals()
        r.touched = touch(slot: s, decision: d)
        scratch.withUnsafeMutableBufferPointer { sb in
            let sp = sb.baseAddress!
            bandwidthSum.withUnsafeMutableBufferPointer { bws in
            computeSum.withUnsafeMutableBufferPointer { cps in
                totals.offloading = gather(slot: s, decision: d, into: sp, bandwidthSum: bws.baseAddress!,
                                           computeSum: cps.baseAddress!)
            }}
            sc.deviceColumns.storage.withUnsafeBufferPointer { dc in
            outcomes.withUnsafeMutableBufferPointer { out in
            ql.withUnsafeMutableBufferPointer { qlp in
            qm.withUnsafeMutableBufferPointer { qmp in
            s.payloadBits.withUnsafeBufferPointer { payload in
            d.semanticRatio.withUnsafeBufferPointer { mu in
            d.powerW.withUnsafeBufferPointer { power in
            d.bandwidthHz.withUnsafeBufferPointer { bandwidth in
            d.computeHz.withUnsafeBufferPointer { compute in
            d.localFrequencyHz.withUnsafeBufferPointer { frequency in
                let inputs = Inputs(payload: payload.baseAddress!, mu: mu.baseAddress!, power: power.baseAddress!,
                                    bandwidth: bandwidth.baseAddress!, compute: compute.baseAddress!,
                                    frequency: frequency.baseAddress!)
                remainingEnergy.withUnsafeMutableBufferPointer { energy in
                formulas(users: U, inputs: inputs, scratch: sp, devices: dc.baseAddress!, energy: energy.baseAddress!,
                         outcomes: out.baseAddress!, qoeLogistic: qlp.baseAddress!, qoeMOS: qmp.baseAddress!)
                }
            }}}}}}}}}
            outcomes.withUnsafeBufferPointer { out in
            qm.withUnsafeBufferPointer { qmp in
            ql.withUnsafeBufferPointer { qlp in
            remainingEnergy.withUnsafeBufferPointer { energy in
            sc.devices.withUnsafeBufferPointer { devices in
            d.server.withUnsafeBufferPointer { server in
            d.semanticRatio.withUnsafeBufferPointer { mu in
            d.powerW.withUnsafeBufferPointer { power in
            d.bandwidthHz.withUnsafeBufferPointer { bandwidth in
            d.computeHz.withUnsafeBufferPointer { compute in
            d.localFrequencyHz.withUnsafeBufferPointer { frequency in
                let localAllowed = sc.parameters.localExecutionAllowed
                for u in 0..<U {
                    let x = sp + ((u &>> DeviceColumns.blockShift) &* Column.blockSize &+ (u & (DeviceColumns.block &- 1)))
                    if x[Column.kind * DeviceColumns.block] == Kind.inactive { continue }
                    let delay = x[Column.delay * DeviceColumns.block]
                    totals.active += 1
                    totals.delay += delay
                    totals.maxDelay = max(totals.maxDelay, delay)
                    totals.energy += x[Column.energy * DeviceColumns.block]
                    totals.accuracy += x[Column.accuracy * DeviceColumns.block]
                    totals.qoeLogistic += qlp[u]
                    totals.qoeMOS += qmp[u]
                    totals.sumCost += x[Column.sumCost * DeviceColumns.block]
                    totals.maxCost = max(totals.maxCost, x[Column.maxCost * DeviceColumns.block])
                    if x[Column.flag * DeviceColumns.block] != 0 {
                        let before = violations.count
                        appendViolations(slot: t, user: u, server: server[u], semanticRatio: mu[u], powerW: power[u],
                                         bandwidthHz: bandwidth[u], computeHz: compute[u], localFrequencyHz: frequency[u],
                                         coverage: x[Column.coverage * DeviceColumns.block], serverCount: L, localAllowed: localAllowed,
                                         device: devices[u], delay: delay, accuracy: out[u].accuracy,
                                         energyLeft: energy[u], to: &violations)
                        if violations.count > before { totals.violating += 1 }
                    }
                }
            }}}}}}}}}}}
            }
        }
        for l in 0..<L {
            let bLimit = sc.servers[l].bandwidthHz
            if bandwidthSum[l] > bLimit * tol {
                violations.append(Violation(constraint: .BW, slot: t, user: nil, server: l, value: bandwidthSum[l], limit: bLimit))
            }
            let cLimit = s.availableComputeHz[l]
            if computeSum[l] > cLimit * tol {
                violations.append(Violation(constraint: .C7, slot: t, user: nil, server: l, value: computeSum[l], limit: cLimit))
            }
        }
        r.activeUsers = totals.active; r.offloadingUsers = totals.offloading; r.violatingUsers = totals.violating
        r.totalDelay = totals.delay; r.maxDelay = totals.maxDelay; r.totalEnergy = totals.energy
        r.totalAccuracy = totals.accuracy; r.totalQoELogistic = totals.qoeLogistic; r.totalQoEMOS = totals.qoeMOS
        r.objective = totals.sumCost + (totals.active > 0 && sc.parameters.objective.aggregation == .max ? totals.maxCost : 0)
    }

    /// Running sums of one slot, in user order (so totals do not depend on the SIMD width).
    struct Totals {
        var active = 0, offloading = 0, violating = 0
        var delay = 0.0, maxDelay = 0.0, energy = 0.0, accuracy = 0.0, qoeLogistic = 0.0, qoeMOS = 0.0
        var sumCost = 0.0, maxCost = -Double.infinity
    }

    /// Reads one word of every cache line the slot's passes will read (the decision, the slot's
    /// per-user arrays and each offloading user's link) in a tight loop, so the memory system fetches
    /// them in parallel instead of one miss at a time inside the heavier passes (a software prefetch).
    /// Returns a checksum only so the loads are not optimized away.
    @inline(__always)
    func touch(slot s: SlotState, decision d: SlotDecision) -> UInt64 {
        @inline(__always) func lines<T>(_ a: [T]) -> UInt64 {
            a.withUnsafeBytes { b in
                var acc: UInt64 = 0
                var o = 0
                while o + 8 <= b.count { acc ^= b.loadUnaligned(fromByteOffset: o, as: UInt64.self); o += 64 }
                return acc
            }
        }
        var acc = lines(d.server) ^ lines(d.semanticRatio) ^ lines(d.powerW) ^ lines(d.bandwidthHz)
        acc ^= lines(d.computeHz) ^ lines(d.localFrequencyHz) ^ lines(s.payloadBits) ^ lines(s.taskClass) ^ lines(s.active)
        let U = s.userCount, L = s.serverCount
        s.links.withUnsafeBufferPointer { links in
        d.server.withUnsafeBufferPointer { server in
            guard L > 0 else { return }
            for u in 0..<U {
                // Branch-free (a clamped index) so mispredictions do not cut the lookahead short.
                let l = Swift.min(Swift.max(Int(server[u]), 0), L - 1)
                acc ^= links[u &* L &+ l].gain.bitPattern
            }
        }}
        return acc
    }

    /// Pass 1: per-user indirect inputs into the scratch blocks. Lanes that do not offload get benign
    /// link values so the vector pass never takes a transcendental's slow path for them.
    /// Also adds up the per-server bandwidth and compute grants (in user order) and returns the
    /// number of offloading users.
    @inline(__always)
    func gather(slot s: SlotState, decision d: SlotDecision, into sp: UnsafeMutablePointer<Double>,
                bandwidthSum bws: UnsafeMutablePointer<Double>, computeSum cps: UnsafeMutablePointer<Double>) -> Int {
        let U = s.userCount, L = s.serverCount, P = DeviceColumns.paddedCount(U)
        let benign = scenario.taskCosts.first ?? TaskCost(deviceCyclesPerBit: 1, serverCyclesPerBit: 1, encoderCyclesPerBit: 1,
                                                          decoderCyclesPerBit: 1, encoderExponent: 1, decoderExponent: 1,
                                                          maxAccuracy: 1, accuracyExponent: 1)
        var offloading = 0
        s.active.withUnsafeBufferPointer { active in
        s.payloadBits.withUnsafeBufferPointer { payload in
        s.taskClass.withUnsafeBufferPointer { classes in
        s.links.withUnsafeBufferPointer { links in
        scenario.taskCosts.withUnsafeBufferPointer { costs in
        scenario.serverDeviations.withUnsafeBufferPointer { rho in
        d.server.withUnsafeBufferPointer { server in
        d.semanticRatio.withUnsafeBufferPointer { mu in
        d.powerW.withUnsafeBufferPointer { power in
        d.bandwidthHz.withUnsafeBufferPointer { bandwidth in
        d.computeHz.withUnsafeBufferPointer { compute in
        d.localFrequencyHz.withUnsafeBufferPointer { frequency in
            for u in 0..<P {
                let x = sp + ((u &>> DeviceColumns.blockShift) &* Column.blockSize &+ (u & (DeviceColumns.block &- 1)))
                // Written without data-dependent branches (selects), so the random mix of local and
                // offloading users costs no mispredictions; non-offloading users read link (u, 0)
                // and get benign values.
                let inside = u < U
                let act = inside && active[u]
                let srv = inside ? Int(server[u]) : -1
                let offloads = act && srv >= 0
                let valid = offloads && srv < L
                let kind = act ? (srv < 0 ? Kind.local : (srv < L ? Kind.offload : Kind.invalidServer)) : Kind.inactive
                offloading &+= offloads ? 1 : 0
                x[Column.kind * DeviceColumns.block] = kind
                let c = act ? costs[Int(classes[u])] : benign
                x[Column.deviceCycles * DeviceColumns.block] = c.deviceCyclesPerBit
                x[Column.serverCycles * DeviceColumns.block] = c.serverCyclesPerBit
                x[Column.encoderCycles * DeviceColumns.block] = c.encoderCyclesPerBit
                x[Column.decoderCycles * DeviceColumns.block] = c.decoderCyclesPerBit
                x[Column.encoderExponent * DeviceColumns.block] = c.encoderExponent
                x[Column.decoderExponent * DeviceColumns.block] = c.decoderExponent
                x[Column.maxAccuracy * DeviceColumns.block] = c.maxAccuracy
                x[Column.accuracyExponent * DeviceColumns.block] = c.accuracyExponent
                if L > 0 {
                    let l = valid ? srv : 0
                    let link = links[(inside ? u : 0) &* L &+ l]
                    x[Column.gain * DeviceColumns.block] = valid ? link.gain : 1
                    x[Column.range * DeviceColumns.block] = valid ? link.rangeM : 0
                    x[Column.coverage * DeviceColumns.block] = valid ? link.coverageS : 1
                    x[Column.serverDeviation * DeviceColumns.block] = valid ? rho[l] : 0
                    // Adding +0 for the others leaves the sums bit-identical (they start at +0 and only grow).
                    bws[l] += valid ? max(0, bandwidth[u]) : 0
                    cps[l] += valid ? max(0, compute[u]) : 0
                } else {
                    x[Column.gain * DeviceColumns.block] = 1
                    x[Column.range * DeviceColumns.block] = 0
                    x[Column.coverage * DeviceColumns.block] = 1
                    x[Column.serverDeviation * DeviceColumns.block] = 0
                }
            }
            // The last, partial block reads its decision inputs from scratch (padding lanes benign).
            for u in (U / DeviceColumns.block * DeviceColumns.block)..<P {
                let x = sp + ((u &>> DeviceColumns.blockShift) &* Column.blockSize &+ (u & (DeviceColumns.block &- 1)))
                let inside = u < U
                x[Column.payload * DeviceColumns.block] = inside ? payload[u] : 1
                x[Column.mu * DeviceColumns.block] = inside ? mu[u] : 1
                x[Column.power * DeviceColumns.block] = inside ? power[u] : 1
                x[Column.bandwidth * DeviceColumns.block] = inside ? bandwidth[u] : 1
                x[Column.compute * DeviceColumns.block] = inside ? compute[u] : 1
                x[Column.frequency * DeviceColumns.block] = inside ? frequency[u] : 1
            }
        }}}}}}}}}}}}
        return offloading
    }

    /// The decision's and slot's per-user arrays the vector pass reads in place.
    struct Inputs {
        var payload, mu, power, bandwidth, compute, frequency: UnsafePointer<Double>
    }

    /// Whether `UserOutcome` is 13 consecutive doubles in declaration order (then pass 2 stores
    /// outcomes with 4x4 transposes instead of lane by lane).
    static let outcomeIsPacked: Bool = {
        let fields: [PartialKeyPath<UserOutcome>] = [\.delay, \.energy, \.accuracy, \.sensingDelay, \.encodingDelay,
                                                     \.uplinkDelay, \.propagationDelay, \.decodingDelay, \.computeDelay,
                                                     \.sensingEnergy, \.computeEnergy, \.uplinkEnergy, \.rateBps]
        return MemoryLayout<UserOutcome>.stride == 13 * 8
            && fields.enumerated().allSatisfy { MemoryLayout<UserOutcome>.offset(of: $0.element) == $0.offset * 8 }
    }()

    /// Pass 2: the model's formulas on `DeviceColumns.block` users at a time.
    @inline(never)
    func formulas(users U: Int, inputs: Inputs, scratch sp: UnsafeMutablePointer<Double>, devices dc: UnsafePointer<Double>,
                  energy: UnsafeMutablePointer<Double>,
                  outcomes out: UnsafeMutablePointer<UserOutcome>,
                  qoeLogistic qlp: UnsafeMutablePointer<Double>, qoeMOS qmp: UnsafeMutablePointer<Double>) {
        typealias V = Lanes
        let params = scenario.parameters
        let qoe = params.logisticQoE, mos = params.mosQoE, objective = params.objective
        let n0 = params.noiseDensityWPerHz, decoded = params.serverInput == .decoded
        let localNotAllowed = V.Mask(repeating: !params.localExecutionAllowed)
        let tol = 1 + Evaluator.capacityTolerance
        let zero = V(repeating: 0), one = V(repeating: 1)
        let packed = Evaluator.outcomeIsPacked
        let W = DeviceColumns.block
        let t = FastMath.constants
        var base = 0
        var x = sp, dx = dc
        while base < U {
            @inline(__always) func col(_ c: Int) -> V { V.load(x + c * DeviceColumns.block) }
            @inline(__always) func dev(_ c: Int) -> V { V.load(dx + c * DeviceColumns.block) }
            // Whole blocks read the decision in place; the last, partial one reads the padded copy in scratch.
            let full = base + W <= U
            @inline(__always) func input(_ p: UnsafePointer<Double>, _ c: Int) -> V {
                V.load(full ? p + base : UnsafePointer(x + c * DeviceColumns.block))
            }
            let kind = col(Column.kind)
            let isLocal = kind .== Kind.local, isOffload = kind .== Kind.offload
            let I = input(inputs.payload, Column.payload), f = input(inputs.frequency, Column.frequency)
            // Lanes that do not offload get benign link inputs, so no transcendental takes its slow path for them.
            let mu = V.select(isOffload, input(inputs.mu, Column.mu), one)
            let p = V.select(isOffload, input(inputs.power, Column.power), one)
            let b = V.select(isOffload, input(inputs.bandwidth, Column.bandwidth), one)
            let fl = V.select(isOffload, input(inputs.compute, Column.compute), one)
            let maxAccuracy = col(Column.maxAccuracy), deviceCycles = col(Column.deviceCycles)
            let sensingRate = dev(DeviceColumns.sensingRateBps), sensingPower = dev(DeviceColumns.sensingPowerW)
            let rho = dev(DeviceColumns.dtDeviation), capacitance = dev(DeviceColumns.capacitance)
            let fMax = dev(DeviceColumns.maxFrequencyHz)
            let local = SystemModel.localLanes(payloadBits: I, deviceCyclesPerBit: deviceCycles, maxAccuracy: maxAccuracy,
                                               sensingRateBps: sensingRate, sensingPowerW: sensingPower, dtDeviation: rho,
                                               capacitance: capacitance, frequencyHz: f)
            let remote = SystemModel.offloadLanes(
                payloadBits: I, serverCyclesPerBit: col(Column.serverCycles), encoderCyclesPerBit: col(Column.encoderCycles),
                decoderCyclesPerBit: col(Column.decoderCycles), encoderExponent: col(Column.encoderExponent),
                decoderExponent: col(Column.decoderExponent), maxAccuracy: maxAccuracy,
                accuracyExponent: col(Column.accuracyExponent), sensingRateBps: sensingRate, sensingPowerW: sensingPower,
                dtDeviation: rho, capacitance: capacitance, serverDeviation: col(Column.serverDeviation),
                gain: col(Column.gain), rangeM: col(Column.range), noiseDensity: n0, serverComputesDecoded: decoded,
                semanticRatio: mu, powerW: p, bandwidthHz: b, computeHz: fl, localFrequencyHz: f, constants: t)
            var o = OutcomeLanes.select(isOffload, remote, local)
            let isActive = kind .> Kind.inactive
            let isInvalid = kind .== Kind.invalidServer
            let plain = (isLocal .| isOffload).allSet
            if !plain {
                var invalid = OutcomeLanes<V>()
                invalid.delay = V(repeating: .infinity)
                o = OutcomeLanes.select(isInvalid, invalid, o)
                o = OutcomeLanes.select(isActive, o, OutcomeLanes<V>())
            }
            let ref = SystemModel.localLanes(payloadBits: I, deviceCyclesPerBit: deviceCycles, maxAccuracy: maxAccuracy,
                                             sensingRateBps: sensingRate, sensingPowerW: sensingPower, dtDeviation: rho,
                                             capacitance: capacitance, frequencyHz: fMax)
            var q = qoe.score(lanes: o.delay, energy: o.energy, accuracy: o.accuracy,
                              localDelay: ref.delay, localEnergy: ref.energy, localAccuracy: ref.accuracy, constants: t)
            var m = mos.score(lanes: o.delay, energy: o.energy)
            if !plain { q = V.select(isActive, q, zero); m = V.select(isActive, m, zero) }
            objective.sumCost(lanes: o.delay, energy: o.energy, qoeLogistic: q, qoeMOS: m).store(x + Column.sumCost * DeviceColumns.block)
            objective.maxCost(lanes: o.delay).store(x + Column.maxCost * DeviceColumns.block)

            // Users that may break a per-user constraint (C1 is checked in pass 3); every comparison
            // is written so that NaN flags the user.
            let fLimit = fMax * tol
            let localBad = localNotAllowed .| .!((f .> 0) .& (f .<= fLimit))
            let coverage = col(Column.coverage)
            let pOK = (p .>= 0) .& (p .<= dev(DeviceColumns.maxPowerW) * tol)
            let muOK = (mu .>= dev(DeviceColumns.minSemanticRatio)) .& (mu .<= 1)
            let fOK = .!(f .> fLimit) .& ((mu .>= 1) .| (f .> 0))
            let offloadOK = (coverage .> 0) .& (o.delay .<= coverage) .& pOK .& muOK .& fOK .& (fl .>= 0) .& (b .>= 0)
            let commonBad = .!((o.delay .<= dev(DeviceColumns.deadlineS)) .& (o.accuracy .>= dev(DeviceColumns.minAccuracy)))
            // C1: the horizon budget, tracked in `energy` (only active users spend).
            let budget = dev(DeviceColumns.energyBudgetJ)
            let before = full ? V.load(energy + base) : V.gather { base + $0 < U ? energy[base + $0] : 0 }
            let left = V.select(isActive, before - o.energy, before)
            let overBudget = .!(left .>= -budget * Evaluator.capacityTolerance)
            if full { left.store(energy + base) } else { for i in 0..<(U - base) { energy[base + i] = left[i] } }
            let bad = isInvalid .| (isLocal .& localBad) .| (isOffload .& .!offloadOK) .| (isActive .& (commonBad .| overBudget))
            V.select(bad, one, zero).store(x + Column.flag * DeviceColumns.block)

            o.delay.store(x + Column.delay * DeviceColumns.block)
            o.energy.store(x + Column.energy * DeviceColumns.block)
            o.accuracy.store(x + Column.accuracy * DeviceColumns.block)
            if full {
                q.store(qlp + base)
                m.store(qmp + base)
                if packed {
                    let raw = UnsafeMutableRawPointer(out + base).assumingMemoryBound(to: Double.self)
                    V.storeTransposed(o.delay, o.energy, o.accuracy, o.sensingDelay, to: raw, stride: 13, count: W)
                    V.storeTransposed(o.encodingDelay, o.uplinkDelay, o.propagationDelay, o.decodingDelay,
                                      to: raw + 4, stride: 13, count: W)
                    V.storeTransposed(o.computeDelay, o.sensingEnergy, o.computeEnergy, o.uplinkEnergy,
                                      to: raw + 8, stride: 13, count: W)
                    for i in 0..<W { raw[i &* 13 &+ 12] = o.rateBps[i] }
                } else {
                    for i in 0..<W { out[base + i] = o.user(i) }
                }
            } else {
                for i in 0..<(U - base) {
                    out[base + i] = o.user(i)
                    qlp[base + i] = q.lane(i)
                    qmp[base + i] = m.lane(i)
                }
            }
            base += W
            x += Column.blockSize
            dx += DeviceColumns.count * DeviceColumns.block
        }
    }

    /// Pass 3's exact per-user checks, for users pass 2 flagged; every comparison is written so that
    /// NaN counts as violated. `coverage` is the chosen link's remaining coverage (offloading users).
    @inline(never)
    func appendViolations(slot t: Int, user u: Int, server: Int32, semanticRatio mu: Double, powerW p: Double,
                          bandwidthHz b: Double, computeHz fc: Double, localFrequencyHz f: Double, coverage: Double,
                          serverCount L: Int, localAllowed: Bool, device dev: DeviceProfile, delay: Double,
                          accuracy: Double, energyLeft left: Double, to violations: inout [Violation]) {
        let tol = 1 + Evaluator.capacityTolerance
        let l = Int(server)
        let at: Int? = server >= 0 ? l : nil
        if server < 0 {
            if !localAllowed {
                violations.append(Violation(constraint: .C2, slot: t, user: u, server: nil, value: 1, limit: 0))
            }
            if !(f > 0 && f <= dev.maxFrequencyHz * tol) {
                violations.append(Violation(constraint: .C6, slot: t, user: u, server: nil, value: f, limit: dev.maxFrequencyHz))
            }
        } else {
            if l >= L {
                violations.append(Violation(constraint: .C3, slot: t, user: u, server: l, value: Double(l), limit: Double(L - 1)))
            } else if !(coverage > 0) {
                violations.append(Violation(constraint: .C9, slot: t, user: u, server: l, value: delay, limit: 0))
            } else if !(delay <= coverage) {
                violations.append(Violation(constraint: .C9, slot: t, user: u, server: l, value: delay, limit: coverage))
            }
            if !(p >= 0 && p <= dev.maxPowerW * tol) {
                violations.append(Violation(constraint: .C4, slot: t, user: u, server: l, value: p, limit: p < 0 ? 0 : dev.maxPowerW))
            }
            if !(mu >= dev.minSemanticRatio && mu <= 1) {
                violations.append(Violation(constraint: .C5, slot: t, user: u, server: l, value: mu,
                                            limit: mu > 1 ? 1 : dev.minSemanticRatio))
            }
            // The device CPU is used by the encoder only when the codec runs (mu < 1).
            if f > dev.maxFrequencyHz * tol || (mu < 1 && !(f > 0)) {
                violations.append(Violation(constraint: .C6, slot: t, user: u, server: l, value: f, limit: dev.maxFrequencyHz))
            }
            if !(fc >= 0) { violations.append(Violation(constraint: .C7, slot: t, user: u, server: l, value: fc, limit: 0)) }
            if !(b >= 0) { violations.append(Violation(constraint: .BW, slot: t, user: u, server: l, value: b, limit: 0)) }
        }
        if !(delay <= dev.deadlineS) {
            violations.append(Violation(constraint: .C8, slot: t, user: u, server: at, value: delay, limit: dev.deadlineS))
        }
        if !(accuracy >= dev.minAccuracy) {
            violations.append(Violation(constraint: .ACC, slot: t, user: u, server: at, value: accuracy, limit: dev.minAccuracy))
        }
        if !(left >= -dev.energyBudgetJ * Evaluator.capacityTolerance) {
            // Value: cumulative use so far; flagged in the slot that crosses the budget and any later one that adds to it.
            violations.append(Violation(constraint: .C1, slot: t, user: u, server: at,
                                        value: dev.energyBudgetJ - left, limit: dev.energyBudgetJ))
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
