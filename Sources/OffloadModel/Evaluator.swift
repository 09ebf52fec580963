import CPrefetch

/// The one shared evaluator: scores a concrete decision against the model and lists every
/// violated constraint (C1-C9, BW, ACC). Every method is scored here; no solver scores itself.
///
/// A slot is evaluated in one pass over blocks of 8 users, which allocates nothing. Per block:
/// 1. software prefetch of a later block's inputs: the per-user arrays four blocks ahead and the
///    chosen link records two blocks ahead (a large batch of slots does not fit in the caches, and a
///    random link record is otherwise a full memory latency);
/// 2. a scalar gather of each user's chosen link (and the server's DT deviation) into a one-block
///    scratch owned by the `SlotEvaluation`;
/// 3. the model's formulas (`SystemModel.outcomeLanes`, both QoE forms, the objective: the same
///    generic code the scalar API runs, so per-user results are bit-identical) on a vector of 8
///    users (`Lanes`), reading the decision, mode and task class in place; outcome fields
///    (`UserOutcomes` columns), scores and the C1 budget are stored with one vector store each, the
///    totals are kept per lane, the grants are added to the per-server sums, and vector comparisons
///    flag users that may violate a per-user constraint;
/// 4. for flagged users only, the exact per-user checks that append `Violation`s (in user order).
/// Server capacities (C7, BW) are checked after the last block.
public struct Evaluator: Sendable {
    public let scenario: Scenario
    /// Relative slack on capacity sums, so equal shares that round up by an ulp are not violations.
    public static let capacityTolerance = 1e-9
    /// The vector of `DeviceColumns.block` users the formula pass runs on: one AVX-512 register when the
    /// package is built for it (see Package.swift), otherwise two AVX2 registers with 4 x 64-bit masks
    /// (`Lanes8`). Either way each lane sees the same IEEE operations, so results are identical.
    #if OFFLOAD_AVX512
    public typealias Lanes = SIMD8<Double>
    #else
    public typealias Lanes = Lanes8
    #endif

    public init(scenario: Scenario) { self.scenario = scenario }

    /// Columns of the scratch block: column `c` of lane `i` at `c * DeviceColumns.block + i`, so one
    /// vector load reads a column for the block's users.
    @usableFromInline enum Column {
        /// The chosen link's inputs (gathered for every block; any value for users that do not offload).
        static let gain = 0, range = 1, coverage = 2, serverDeviation = 3
        // Per-user inputs, copied only for the last, partial block (padding lanes inactive and benign).
        static let server = 4, active = 5, taskClass = 6
        static let payload = 7, mu = 8, power = 9, bandwidth = 10, compute = 11, frequency = 12
        static let count = 13
        /// Doubles per block of users.
        static let blockSize = count * DeviceColumns.block
    }

    /// Evaluates slot `t` under `decision`.
    ///
    /// - Parameter remainingEnergy: per-user energy left of the horizon budget before this slot
    ///   (C1 is tracked across slots); updated in place. Pass the devices' budgets at the first slot.
    public func evaluate(slot t: Int, decision d: SlotDecision, remainingEnergy: inout [Double],
                         into r: inout SlotEvaluation) {
        withUnsafePointer(to: d) { d in evaluate(slot: t, decisionAt: d, remainingEnergy: &remainingEnergy, into: &r) }
    }

    /// `evaluate(slot:decision:remainingEnergy:into:)` for a decision read in place, e.g. one of many
    /// held in an array (`decisions.withUnsafeBufferPointer`): passing `decisions[j]` by value makes
    /// the caller copy it. Callers that go through a large batch should also hint the next decision
    /// with `prefetch(decisionAt:)`.
    public func evaluate(slot t: Int, decisionAt d: UnsafePointer<SlotDecision>, remainingEnergy: inout [Double],
                         into r: inout SlotEvaluation) {
        precondition(t >= 0 && t < scenario.slots.count, "slot \(t) is outside the scenario")
        // The slot is read in place through a pointer: copying the `SlotState` out of the array would
        // retain its arrays, and atomic reference counting on cold cache lines stalls the pipeline.
        scenario.slots.withUnsafeBufferPointer { slots in
            let s = slots.baseAddress! + t
            if t + 1 < slots.count { Evaluator.prefetchHeaders(of: s + 1) }
            evaluate(slot: t, state: s.pointee, decision: d.pointee, remainingEnergy: &remainingEnergy, into: &r)
        }
    }

    /// The slot and the decision are borrowed: reading their arrays through the pointers retained
    /// and released each of the ten (twenty atomic operations per slot).
    @inline(never)
    func evaluate(slot t: Int, state s: borrowing SlotState, decision d: borrowing SlotDecision,
                  remainingEnergy: inout [Double], into r: inout SlotEvaluation) {
        let U = s.userCount, L = s.serverCount
        let tol = 1 + Evaluator.capacityTolerance
        precondition(scenario.deviceColumns.users >= U && d.userCount >= U && remainingEnergy.count >= U,
                     "decision, energy and devices must cover the slot's users")
        r.reset(slot: t, userCount: U, serverCount: L)
        if r.scratch.count < Column.blockSize { r.scratch = [Double](repeating: 0, count: Column.blockSize) }
        // Move the buffers out of `r` so the loop writes through raw pointers (no uniqueness checks)
        // while still appending violations.
        var outcomes = UserOutcomes(), ql: [Double] = [], qm: [Double] = []
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
        let outcomeStride = outcomes.stride
        s.active.withUnsafeBufferPointer { active in
        s.payloadBits.withUnsafeBufferPointer { payload in
        s.taskClass.withUnsafeBufferPointer { classes in
        s.links.withUnsafeBufferPointer { links in
        scenario.taskCosts.withUnsafeBufferPointer { costs in
        scenario.serverDeviations.withUnsafeBufferPointer { rho in
        scenario.deviceColumns.storage.withUnsafeBufferPointer { devices in
        d.server.withUnsafeBufferPointer { server in
        d.semanticRatio.withUnsafeBufferPointer { mu in
        d.powerW.withUnsafeBufferPointer { power in
        d.bandwidthHz.withUnsafeBufferPointer { bandwidth in
        d.computeHz.withUnsafeBufferPointer { compute in
        d.localFrequencyHz.withUnsafeBufferPointer { frequency in
        remainingEnergy.withUnsafeMutableBufferPointer { energy in
        outcomes.storage.withUnsafeMutableBufferPointer { out in
        ql.withUnsafeMutableBufferPointer { qlp in
        qm.withUnsafeMutableBufferPointer { qmp in
        bandwidthSum.withUnsafeMutableBufferPointer { bws in
        computeSum.withUnsafeMutableBufferPointer { cps in
        scratch.withUnsafeMutableBufferPointer { sp in
            let p = SlotPointers(
                active: active.baseAddress!, payload: payload.baseAddress!, taskClass: classes.baseAddress!,
                links: links.baseAddress ?? UnsafePointer(bitPattern: MemoryLayout<LinkState>.alignment)!,
                costs: costs.baseAddress!, serverDeviation: rho.baseAddress ?? UnsafePointer(bitPattern: 8)!,
                devices: devices.baseAddress!, server: server.baseAddress!, mu: mu.baseAddress!, power: power.baseAddress!,
                bandwidth: bandwidth.baseAddress!, compute: compute.baseAddress!, frequency: frequency.baseAddress!,
                energy: energy.baseAddress!, outcomes: out.baseAddress!, outcomeStride: outcomeStride, qoeLogistic: qlp.baseAddress!,
                qoeMOS: qmp.baseAddress!, bandwidthSum: bws.baseAddress ?? UnsafeMutablePointer(bitPattern: 8)!,
                computeSum: cps.baseAddress ?? UnsafeMutablePointer(bitPattern: 8)!, scratch: sp.baseAddress!)
            totals = run(p, slot: t, users: U, servers: L, violations: &violations)
        }}}}}}}}}}}}}}}}}}}}
        s.availableComputeHz.withUnsafeBufferPointer { available in
            for l in 0..<L {
                let bLimit = scenario.servers[l].bandwidthHz
                if bandwidthSum[l] > bLimit * tol {
                    violations.append(Violation(constraint: .BW, slot: t, user: nil, server: l, value: bandwidthSum[l], limit: bLimit))
                }
                let cLimit = available[l]
                if computeSum[l] > cLimit * tol {
                    violations.append(Violation(constraint: .C7, slot: t, user: nil, server: l, value: computeSum[l], limit: cLimit))
                }
            }
        }
        r.activeUsers = totals.active; r.offloadingUsers = totals.offloading; r.violatingUsers = totals.violating
        r.totalDelay = totals.delay; r.maxDelay = totals.maxDelay; r.totalEnergy = totals.energy
        r.totalAccuracy = totals.accuracy; r.totalQoELogistic = totals.qoeLogistic; r.totalQoEMOS = totals.qoeMOS
        r.objective = totals.sumCost + (totals.active > 0 && scenario.parameters.objective.aggregation == .max ? totals.maxCost : 0)
    }

    /// Byte offsets of the array fields of `T`, or none if an array is not one reference wide.
    static func arrayOffsets<T>(_ fields: [PartialKeyPath<T>]) -> [Int] {
        guard MemoryLayout<[Double]>.size == MemoryLayout<UInt>.size else { return [] }
        return fields.compactMap { MemoryLayout<T>.offset(of: $0) }
    }
    /// The per-user arrays of a slot (read from their start) and its other arrays.
    static let slotUserArrayOffsets = arrayOffsets([\SlotState.active, \.payloadBits, \.taskClass])
    static let slotOtherArrayOffsets = arrayOffsets([\SlotState.links, \.availableComputeHz])
    static let decisionArrayOffsets = arrayOffsets([\SlotDecision.server, \.semanticRatio, \.powerW, \.bandwidthHz,
                                                    \.computeHz, \.localFrequencyHz])
    /// Cache lines prefetched from the start of each per-user array of the next slot or decision:
    /// the first blocks of a slot are otherwise read before the in-slot prefetches (`arrayLookahead`)
    /// can run ahead of them, and the chosen links wait for the `server` lines.
    static let leadingLines = 4

    /// Hints slot `s`'s record, the headers of its arrays and the first lines of its per-user arrays
    /// into the cache. Episodes evaluate slot after slot, and the next call retains those arrays: an
    /// atomic reference count update on a cold line stalls the pipeline for a whole memory latency.
    @inline(__always)
    static func prefetchHeaders(of s: UnsafePointer<SlotState>) {
        let raw = UnsafeRawPointer(s)
        offload_prefetch(raw)
        prefetchArrays(raw, slotUserArrayOffsets, lines: leadingLines)
        prefetchArrays(raw, slotOtherArrayOffsets, lines: 1)
    }

    /// Hints the record at `d`, the headers of its six arrays and their first lines into the cache,
    /// to be called before evaluating the decision before it. `evaluate` retains a decision's arrays,
    /// and when a large batch of slots has evicted their headers, each atomic count update waits a
    /// whole memory latency (3 % of the profile samples of a 1000-slot batch without this hint).
    /// Safe for any address: nothing is dereferenced but the record itself.
    public static func prefetch(decisionAt d: UnsafePointer<SlotDecision>) {
        let raw = UnsafeRawPointer(d)
        offload_prefetch(raw)
        prefetchArrays(raw, decisionArrayOffsets, lines: leadingLines)
    }

    /// For each array field of the record at `raw`: prefetches its storage's first line (header and
    /// first elements) with write intent and the `lines - 1` lines after it into the outer caches.
    /// Only the record is read; the storage addresses are never dereferenced (a prefetch does not
    /// fault, even past the end of an array), so this is safe whatever the array layout.
    @inline(__always)
    static func prefetchArrays(_ raw: UnsafeRawPointer, _ offsets: [Int], lines: Int) {
        for offset in offsets {
            if let storage = UnsafeRawPointer(bitPattern: raw.load(fromByteOffset: offset, as: UInt.self)) {
                offload_prefetch_write(storage)
                for line in 1..<Swift.max(1, lines) { offload_prefetch_l2(storage + 64 &* line) }
            }
        }
    }

    /// A slot's totals.
    struct Totals {
        var active = 0, offloading = 0, violating = 0
        var delay = 0.0, maxDelay = 0.0, energy = 0.0, accuracy = 0.0, qoeLogistic = 0.0, qoeMOS = 0.0
        var sumCost = 0.0, maxCost = -Double.infinity
    }

    /// Running sums of a slot per lane: lane `i` adds up users `i`, `i + 8`, `i + 16`, ... and the lanes
    /// are added in lane order at the end. Totals are therefore deterministic and the same on every
    /// machine (the width is fixed), but may differ from a plain user-order sum in the last bits;
    /// summing user by user cost about 50 instructions per user, an eighth of the evaluation.
    struct LaneTotals {
        var active = Lanes(repeating: 0), delay = Lanes(repeating: 0), maxDelay = Lanes(repeating: 0)
        var energy = Lanes(repeating: 0), accuracy = Lanes(repeating: 0)
        var qoeLogistic = Lanes(repeating: 0), qoeMOS = Lanes(repeating: 0)
        var sumCost = Lanes(repeating: 0), maxCost = Lanes(repeating: -.infinity)

        /// `Swift.max` lane by lane (the same choice for NaN).
        @inline(__always) static func max(_ a: Lanes, _ b: Lanes) -> Lanes { Lanes.select(b .>= a, b, a) }

        func reduced() -> Totals {
            var t = Totals()
            var active = 0.0
            for i in 0..<Lanes.scalarCount {
                active += self.active[i]
                t.delay += delay[i]; t.maxDelay = maxDelay[i] >= t.maxDelay ? maxDelay[i] : t.maxDelay
                t.energy += energy[i]; t.accuracy += accuracy[i]
                t.qoeLogistic += qoeLogistic[i]; t.qoeMOS += qoeMOS[i]
                t.sumCost += sumCost[i]; t.maxCost = maxCost[i] >= t.maxCost ? maxCost[i] : t.maxCost
            }
            t.active = Int(active)
            return t
        }
    }

    /// Raw pointers to everything one slot's evaluation reads and writes (valid during `evaluate`).
    struct SlotPointers {
        var active: UnsafePointer<Bool>, payload: UnsafePointer<Double>, taskClass: UnsafePointer<Int32>
        var links: UnsafePointer<LinkState>
        var costs: UnsafePointer<TaskCost>, serverDeviation: UnsafePointer<Double>, devices: UnsafePointer<Double>
        var server: UnsafePointer<Int32>
        var mu, power, bandwidth, compute, frequency: UnsafePointer<Double>
        var energy: UnsafeMutablePointer<Double>
        /// `UserOutcomes` columns: field `f` of user `u` at `outcomes[f * outcomeStride + u]`.
        var outcomes: UnsafeMutablePointer<Double>, outcomeStride: Int
        var qoeLogistic, qoeMOS, bandwidthSum, computeSum, scratch: UnsafeMutablePointer<Double>
    }

    /// What the block loop reads of the scenario's parameters, fetched once per slot.
    struct SlotConstants {
        var qoe: LogisticQoE, mos: MOSQoE, objective: Objective
        var noiseDensity: Double, decoded: Bool, localAllowed: Bool
        var classCount: Int
        var math: UnsafePointer<Double>
    }

    /// Blocks of users between a link's prefetch and its use. A block takes a few hundred
    /// nanoseconds, about one memory latency here; of 1 to 8 blocks, 2 measured best (further ahead,
    /// the core runs out of outstanding-miss slots and prefetches arrive too late or are dropped).
    static let linkLookahead = 2
    /// Blocks between prefetching the per-user arrays and their use (their lines feed the link prefetch).
    static let arrayLookahead = 4
    /// Whether the per-user arrays (sequential streams) are prefetched by software. On Intel Sapphire
    /// Rapids-class cores (`OFFLOAD_HARDWARE_STREAMS`, set by Package.swift for that target) the
    /// hardware prefetchers keep up with them and the ten prefetch instructions per block only cost
    /// issue slots and miss buffers: without them 1 to 1000 slots ran 2-6 cycles per evaluation faster
    /// (docs/BENCHMARKS.md, sixth round). The chosen links, random lines, are prefetched everywhere.
    #if OFFLOAD_HARDWARE_STREAMS
    static let prefetchesArrays = false
    #else
    static let prefetchesArrays = true
    #endif

    /// The slot's one pass over blocks of `DeviceColumns.block` users: prefetch a later block's
    /// inputs, gather this block's indirect inputs, then run the formulas, add the block to the
    /// totals and check its flagged users' constraints.
    @inline(never)
    func run(_ p: SlotPointers, slot t: Int, users U: Int, servers L: Int, violations: inout [Violation]) -> Totals {
        let W = DeviceColumns.block
        let blocks = (U + W - 1) / W
        let params = scenario.parameters
        let k0 = SlotConstants(qoe: params.logisticQoE, mos: params.mosQoE, objective: params.objective,
                               noiseDensity: params.noiseDensityWPerHz, decoded: params.serverInput == .decoded,
                               localAllowed: params.localExecutionAllowed, classCount: scenario.taskCosts.count,
                               math: FastMath.constants)
        var sums = LaneTotals()
        var offloading = 0, violating = 0
        for k in 0..<Swift.min(blocks, Evaluator.arrayLookahead) { prefetchArrays(p, from: k * W) }
        for k in 0..<Swift.min(blocks, Evaluator.linkLookahead) { prefetchLinks(p, block: k, users: U, servers: L) }
        for k in 0..<blocks {
            prefetchArrays(p, from: (k + Evaluator.arrayLookahead) * W)
            if k + Evaluator.linkLookahead < blocks {
                prefetchLinks(p, block: k + Evaluator.linkLookahead, users: U, servers: L)
            }
            gather(p, block: k, users: U, servers: L)
            violating &+= block(p, k, users: U, servers: L, slot: t, constants: k0, sums: &sums,
                                offloading: &offloading, violations: &violations)
        }
        var totals = sums.reduced()
        totals.offloading = offloading
        totals.violating = violating
        return totals
    }

    /// Prefetches the cache lines of the per-user arrays that hold user `u` (past the end is harmless)
    /// into the outer caches: the core has few outstanding-miss slots for its first-level cache, and
    /// those are kept for the random link records (measured: 1000-slot batches 15-20 -> 20-21 M/s).
    @inline(__always)
    func prefetchArrays(_ p: SlotPointers, from u: Int) {
        guard Evaluator.prefetchesArrays else { return }
        offload_prefetch_l2(p.payload + u); offload_prefetch_l2(p.mu + u); offload_prefetch_l2(p.power + u)
        offload_prefetch_l2(p.bandwidth + u); offload_prefetch_l2(p.compute + u); offload_prefetch_l2(p.frequency + u)
        offload_prefetch_l2(p.server + u); offload_prefetch_l2(p.taskClass + u); offload_prefetch_l2(p.active + u)
        offload_prefetch_l2(p.energy + u)
    }

    /// Prefetches the chosen link of every user of block `k` (local users' index is clamped).
    @inline(__always)
    func prefetchLinks(_ p: SlotPointers, block k: Int, users U: Int, servers L: Int) {
        guard L > 0 else { return }
        for u in (k * DeviceColumns.block)..<Swift.min(U, (k + 1) * DeviceColumns.block) {
            let l = Swift.min(Swift.max(Int(p.server[u]), 0), L - 1)
            // A 24-byte record can straddle two cache lines: prefetch both ends.
            let record = UnsafeRawPointer(p.links + (u &* L &+ l))
            offload_prefetch(record)
            offload_prefetch(record + (MemoryLayout<LinkState>.size - 1))
        }
    }

    /// Gathers block `k`'s chosen links (gain, range, coverage, the server's DT deviation) into the
    /// scratch block. Users that do not offload read some link of their own row; the vector pass
    /// replaces their values with benign ones. The last, partial block also copies its per-user inputs.
    @inline(__always)
    func gather(_ p: SlotPointers, block k: Int, users U: Int, servers L: Int) {
        let W = DeviceColumns.block
        let x = p.scratch
        let base = k &* W
        let n = Swift.min(W, U &- base)
        if L > 0 {
            // No data-dependent branches (selects), so the random mix of local and offloading users
            // costs no mispredictions.
            for i in 0..<n {
                let u = base &+ i
                let srv = Int(p.server[u])
                let l = Swift.min(Swift.max(srv, 0), L &- 1)
                let link = p.links[u &* L &+ l]
                x[Column.gain &* W &+ i] = link.gain
                x[Column.range &* W &+ i] = link.rangeM
                x[Column.coverage &* W &+ i] = link.coverageS
                x[Column.serverDeviation &* W &+ i] = p.serverDeviation[l]
            }
        }
        guard n < W else { return }
        for i in 0..<W {
            let u = base &+ i
            let inside = i < n
            x[Column.server &* W &+ i] = inside ? Double(p.server[u]) : -1
            x[Column.active &* W &+ i] = inside && p.active[u] ? 1 : 0
            x[Column.taskClass &* W &+ i] = inside ? Double(p.taskClass[u]) : 0
            x[Column.payload &* W &+ i] = inside ? p.payload[u] : 1
            x[Column.mu &* W &+ i] = inside ? p.mu[u] : 1
            x[Column.power &* W &+ i] = inside ? p.power[u] : 1
            x[Column.bandwidth &* W &+ i] = inside ? p.bandwidth[u] : 1
            x[Column.compute &* W &+ i] = inside ? p.compute[u] : 1
            x[Column.frequency &* W &+ i] = inside ? p.frequency[u] : 1
        }
    }

    /// Adds the block's bandwidth and compute grants (`max(0, grant)` of users that offload to a valid
    /// server) to the per-server sums, in user order. Every lane adds, +0 for the others, which leaves
    /// the sums bit-identical (they start at +0 and only grow): the conditional add it replaces
    /// compiled to branches that mispredicted on the random mix of local and offloading users.
    @_transparent
    func addGrants(_ p: SlotPointers, base: Int, users U: Int, servers L: Int, offloads: Lanes.Mask,
                   bandwidth: Lanes, compute: Lanes) {
        guard L > 0 else { return }
        let zero = Lanes(repeating: 0)
        // `Swift.max(0, x)` is `x >= 0 ? x : 0` (NaN grants add nothing).
        let b = Lanes.select(offloads .& (bandwidth .>= 0), bandwidth, zero)
        let c = Lanes.select(offloads .& (compute .>= 0), compute, zero)
        @inline(__always) func add(_ i: Int) {
            let l = Swift.min(Swift.max(Int(p.server[base &+ i]), 0), L &- 1)
            p.bandwidthSum[l] += b.lane(i)
            p.computeSum[l] += c.lane(i)
        }
        // A constant trip count for whole blocks, so the lanes are read without a loop.
        if U &- base >= DeviceColumns.block {
            for i in 0..<DeviceColumns.block { add(i) }
        } else {
            for i in 0..<(U &- base) { add(i) }
        }
    }

    /// The task-class numbers of a block's users, one vector per field.
    struct ClassLanes {
        var deviceCycles, serverCycles, encoderCycles, decoderCycles: Lanes
        var encoderExponent, decoderExponent, maxAccuracy, accuracyExponent: Lanes

        /// Class `classIndex[i]` in lane `i`, picked with one select per class and field: a block holds
        /// few classes, and selects beat copying eight numbers per user.
        @_transparent
        init(_ costs: UnsafePointer<TaskCost>, count: Int, classIndex cls: Lanes) {
            let c0 = costs[0]
            deviceCycles = Lanes(repeating: c0.deviceCyclesPerBit); serverCycles = Lanes(repeating: c0.serverCyclesPerBit)
            encoderCycles = Lanes(repeating: c0.encoderCyclesPerBit); decoderCycles = Lanes(repeating: c0.decoderCyclesPerBit)
            encoderExponent = Lanes(repeating: c0.encoderExponent); decoderExponent = Lanes(repeating: c0.decoderExponent)
            maxAccuracy = Lanes(repeating: c0.maxAccuracy); accuracyExponent = Lanes(repeating: c0.accuracyExponent)
            for j in 1..<Swift.max(1, count) {
                let m = cls .== Double(j)
                let c = costs[j]
                deviceCycles = Lanes.select(m, Lanes(repeating: c.deviceCyclesPerBit), deviceCycles)
                serverCycles = Lanes.select(m, Lanes(repeating: c.serverCyclesPerBit), serverCycles)
                encoderCycles = Lanes.select(m, Lanes(repeating: c.encoderCyclesPerBit), encoderCycles)
                decoderCycles = Lanes.select(m, Lanes(repeating: c.decoderCyclesPerBit), decoderCycles)
                encoderExponent = Lanes.select(m, Lanes(repeating: c.encoderExponent), encoderExponent)
                decoderExponent = Lanes.select(m, Lanes(repeating: c.decoderExponent), decoderExponent)
                maxAccuracy = Lanes.select(m, Lanes(repeating: c.maxAccuracy), maxAccuracy)
                accuracyExponent = Lanes.select(m, Lanes(repeating: c.accuracyExponent), accuracyExponent)
            }
        }
    }

    /// Block `k`: the model's formulas on its `DeviceColumns.block` users, the C1 budget update, the
    /// outputs, the running sums, and the exact constraint checks of the users a vector comparison
    /// flagged (in user order). Returns the number of users with a violation.
    @_transparent
    func block(_ p: SlotPointers, _ k: Int, users U: Int, servers L: Int, slot t: Int,
               constants k0: SlotConstants, sums: inout LaneTotals, offloading: inout Int,
               violations: inout [Violation]) -> Int {
        typealias V = Lanes
        let W = DeviceColumns.block
        let base = k &* W
        let localNotAllowed = V.Mask(repeating: !k0.localAllowed)
        let tol = 1 + Evaluator.capacityTolerance
        let zero = V(repeating: 0), one = V(repeating: 1)
        let math = k0.math
        let x = p.scratch, dx = p.devices + k &* (DeviceColumns.count &* W)
        @inline(__always) func col(_ c: Int) -> V { V.load(x + c * W) }
        @inline(__always) func dev(_ c: Int) -> V { V.load(dx + c * W) }
        // Whole blocks read the decision in place; the last, partial one reads the padded copy in scratch.
        let full = base + W <= U
        @inline(__always) func input(_ q: UnsafePointer<Double>, _ c: Int) -> V {
            V.load(full ? q + base : UnsafePointer(x + c * W))
        }
        // Order: the input checks, the local reference, the outcome (stored at once), then the scores
        // and the checks that need the outcome. (Ordering to shorten live ranges made no measurable
        // difference; the compiler schedules across it.)
        // Mode: `server` < 0 local, < L offload, otherwise an invalid server (C3).
        let srv = full ? V.load(int32: p.server + base) : col(Column.server)
        let isActive = (full ? V.load(flags: p.active + base) : col(Column.active)) .> 0
        let isLocal = isActive .& (srv .< 0), isOffload = isActive .& (srv .>= 0) .& (srv .< Double(L))
        let isInvalid = isActive .& (srv .>= Double(L))
        let plain = V.bitmask(isLocal .| isOffload) == (1 &<< V.laneCount) &- 1
        offloading &+= V.trueCount(isOffload .| isInvalid) // chose a server, valid or not
        let I = input(p.payload, Column.payload), f = input(p.frequency, Column.frequency)
        // Lanes that do not offload get benign link inputs, so no transcendental takes its slow path for them.
        let mu = V.select(isOffload, input(p.mu, Column.mu), one)
        let pw = V.select(isOffload, input(p.power, Column.power), one)
        let b = V.select(isOffload, input(p.bandwidth, Column.bandwidth), one)
        let fl = V.select(isOffload, input(p.compute, Column.compute), one)
        let coverage = V.select(isOffload, col(Column.coverage), one)
        let fMax = dev(DeviceColumns.maxFrequencyHz)
        addGrants(p, base: base, users: U, servers: L, offloads: isOffload,
                  bandwidth: input(p.bandwidth, Column.bandwidth), compute: input(p.compute, Column.compute))

        // Users that may break a per-user constraint; every comparison is written so that NaN flags the user.
        let fLimit = fMax * tol
        let localBad = localNotAllowed .| .!((f .> 0) .& (f .<= fLimit))
        let pOK = (pw .>= 0) .& (pw .<= dev(DeviceColumns.maxPowerW) * tol)
        let muOK = (mu .>= dev(DeviceColumns.minSemanticRatio)) .& (mu .<= 1)
        let fOK = .!(f .> fLimit) .& ((mu .>= 1) .| (f .> 0))
        let inputsOK = (coverage .> 0) .& pOK .& muOK .& fOK .& (fl .>= 0) .& (b .>= 0)
        let inputsBad = isInvalid .| (isLocal .& localBad) .| (isOffload .& .!inputsOK)

        let task = ClassLanes(p.costs, count: k0.classCount, classIndex: full ? V.load(int32: p.taskClass + base) : col(Column.taskClass))
        let sensingRate = dev(DeviceColumns.sensingRateBps), sensingPower = dev(DeviceColumns.sensingPowerW)
        let rho = dev(DeviceColumns.dtDeviation), capacitance = dev(DeviceColumns.capacitance)
        let ref = SystemModel.localLanes(payloadBits: I, deviceCyclesPerBit: task.deviceCycles, maxAccuracy: task.maxAccuracy,
                                         sensingRateBps: sensingRate, sensingPowerW: sensingPower, dtDeviation: rho,
                                         capacitance: capacitance, frequencyHz: fMax)
        var o = SystemModel.outcomeLanes(
            offloads: isOffload, anyOffload: true, payloadBits: I, deviceCyclesPerBit: task.deviceCycles,
            serverCyclesPerBit: task.serverCycles, encoderCyclesPerBit: task.encoderCycles,
            decoderCyclesPerBit: task.decoderCycles, encoderExponent: task.encoderExponent,
            decoderExponent: task.decoderExponent, maxAccuracy: task.maxAccuracy,
            accuracyExponent: task.accuracyExponent, sensingRateBps: sensingRate, sensingPowerW: sensingPower,
            dtDeviation: rho, capacitance: capacitance, serverDeviation: V.select(isOffload, col(Column.serverDeviation), zero),
            gain: V.select(isOffload, col(Column.gain), one), rangeM: V.select(isOffload, col(Column.range), zero), noiseDensity: k0.noiseDensity,
            serverComputesDecoded: k0.decoded, semanticRatio: mu, powerW: pw, bandwidthHz: b, computeHz: fl,
            frequencyHz: f, constants: math)
        if !plain {
            var invalid = OutcomeLanes<V>()
            invalid.delay = V(repeating: .infinity)
            o = OutcomeLanes.select(isInvalid, invalid, o)
            o = OutcomeLanes.select(isActive, o, OutcomeLanes<V>())
        }
        // Padding lanes of a partial vector land in the columns' padding.
        o.store(to: p.outcomes + base, stride: p.outcomeStride)
        let delay = o.delay, energyUsed = o.energy, accuracy = o.accuracy

        var q = k0.qoe.score(lanes: delay, energy: energyUsed, accuracy: accuracy,
                             localDelay: ref.delay, localEnergy: ref.energy, localAccuracy: ref.accuracy, constants: math)
        var m = k0.mos.score(lanes: delay, energy: energyUsed)
        if !plain { q = V.select(isActive, q, zero); m = V.select(isActive, m, zero) }
        let sumCost = k0.objective.sumCost(lanes: delay, energy: energyUsed, qoeLogistic: q, qoeMOS: m)
        let maxCost = k0.objective.maxCost(lanes: delay)
        if full {
            q.store(p.qoeLogistic + base)
            m.store(p.qoeMOS + base)
        } else {
            for i in 0..<(U - base) { p.qoeLogistic[base + i] = q.lane(i); p.qoeMOS[base + i] = m.lane(i) }
        }

        let coverageBad = .!(delay .<= coverage)
        let commonBad = .!((delay .<= dev(DeviceColumns.deadlineS)) .& (accuracy .>= dev(DeviceColumns.minAccuracy)))
        // C1: the horizon budget, tracked in `energy` (only active users spend).
        let budget = dev(DeviceColumns.energyBudgetJ)
        let energy = p.energy
        let before = full ? V.load(energy + base) : V.gather { base + $0 < U ? energy[base + $0] : 0 }
        let left = V.select(isActive, before - energyUsed, before)
        let overBudget = .!(left .>= -budget * Evaluator.capacityTolerance)
        if full { left.store(energy + base) } else { for i in 0..<(U - base) { energy[base + i] = left[i] } }
        let bad = inputsBad .| (isOffload .& coverageBad) .| (isActive .& (commonBad .| overBudget))

        // Inactive and padding lanes hold zeros (and -inf for the maximum), so they add nothing.
        sums.active += V.select(isActive, one, zero)
        sums.delay += delay
        sums.maxDelay = LaneTotals.max(sums.maxDelay, delay)
        sums.energy += energyUsed
        sums.accuracy += accuracy
        sums.qoeLogistic += q
        sums.qoeMOS += m
        sums.sumCost += V.select(isActive, sumCost, zero)
        sums.maxCost = LaneTotals.max(sums.maxCost, V.select(isActive, maxCost, V(repeating: -.infinity)))

        // Padding lanes of the last block are never flagged; the mask keeps that explicit.
        var flagged = V.bitmask(bad) & (U &- base >= W ? ~0 : (1 &<< UInt(U &- base)) &- 1)
        guard flagged != 0 else { return 0 }
        var violating = 0
        repeat {
            let i = flagged.trailingZeroBitCount
            flagged &= flagged &- 1
            let u = base &+ i
            let before = violations.count
            let limits = DeviceLimits(maxFrequencyHz: dx[DeviceColumns.maxFrequencyHz * W + i],
                                      maxPowerW: dx[DeviceColumns.maxPowerW * W + i],
                                      minSemanticRatio: dx[DeviceColumns.minSemanticRatio * W + i],
                                      deadlineS: dx[DeviceColumns.deadlineS * W + i],
                                      minAccuracy: dx[DeviceColumns.minAccuracy * W + i],
                                      energyBudgetJ: dx[DeviceColumns.energyBudgetJ * W + i])
            appendViolations(slot: t, user: u, server: p.server[u], semanticRatio: p.mu[u], powerW: p.power[u],
                             bandwidthHz: p.bandwidth[u], computeHz: p.compute[u], localFrequencyHz: p.frequency[u],
                             coverage: coverage[i], serverCount: L, localAllowed: k0.localAllowed,
                             device: limits, delay: delay[i], accuracy: accuracy[i],
                             energyLeft: left[i], to: &violations)
            if violations.count > before { violating += 1 }
        } while flagged != 0
        return violating
    }

    /// The device limits the per-user checks compare against (read from `DeviceColumns`).
    struct DeviceLimits {
        var maxFrequencyHz, maxPowerW, minSemanticRatio, deadlineS, minAccuracy, energyBudgetJ: Double
    }

    /// The exact per-user checks, for users the block's vector comparisons flagged; every comparison
    /// is written so that NaN counts as violated. `coverage` is the chosen link's remaining coverage (offloading users).
    @inline(never)
    func appendViolations(slot t: Int, user u: Int, server: Int32, semanticRatio mu: Double, powerW p: Double,
                          bandwidthHz b: Double, computeHz fc: Double, localFrequencyHz f: Double, coverage: Double,
                          serverCount L: Int, localAllowed: Bool, device dev: DeviceLimits, delay: Double,
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
