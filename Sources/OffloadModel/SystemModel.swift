#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `UserOutcome` for a lane of users: the fields of `UserOutcome`, each a `ModelLane`.
public struct OutcomeLanes<V: ModelLane> {
    public var delay, energy, accuracy: V
    public var sensingDelay, encodingDelay, uplinkDelay, propagationDelay, decodingDelay, computeDelay: V
    public var sensingEnergy, computeEnergy, uplinkEnergy: V
    public var rateBps: V

    /// All fields zero.
    @_transparent
    public init() {
        let z = V(repeating: 0)
        delay = z; energy = z; accuracy = z
        sensingDelay = z; encodingDelay = z; uplinkDelay = z; propagationDelay = z; decodingDelay = z; computeDelay = z
        sensingEnergy = z; computeEnergy = z; uplinkEnergy = z
        rateBps = z
    }

    /// Field by field `m ? a : b`.
    @_transparent
    public static func select(_ m: V.Mask, _ a: OutcomeLanes, _ b: OutcomeLanes) -> OutcomeLanes {
        var o = b
        o.delay = V.select(m, a.delay, b.delay)
        o.energy = V.select(m, a.energy, b.energy)
        o.accuracy = V.select(m, a.accuracy, b.accuracy)
        o.sensingDelay = V.select(m, a.sensingDelay, b.sensingDelay)
        o.encodingDelay = V.select(m, a.encodingDelay, b.encodingDelay)
        o.uplinkDelay = V.select(m, a.uplinkDelay, b.uplinkDelay)
        o.propagationDelay = V.select(m, a.propagationDelay, b.propagationDelay)
        o.decodingDelay = V.select(m, a.decodingDelay, b.decodingDelay)
        o.computeDelay = V.select(m, a.computeDelay, b.computeDelay)
        o.sensingEnergy = V.select(m, a.sensingEnergy, b.sensingEnergy)
        o.computeEnergy = V.select(m, a.computeEnergy, b.computeEnergy)
        o.uplinkEnergy = V.select(m, a.uplinkEnergy, b.uplinkEnergy)
        o.rateBps = V.select(m, a.rateBps, b.rateBps)
        return o
    }

    /// Lane `i` as a `UserOutcome`.
    @inlinable @inline(__always)
    public func user(_ i: Int) -> UserOutcome {
        var o = UserOutcome()
        o.delay = delay.lane(i); o.energy = energy.lane(i); o.accuracy = accuracy.lane(i)
        o.sensingDelay = sensingDelay.lane(i); o.encodingDelay = encodingDelay.lane(i)
        o.uplinkDelay = uplinkDelay.lane(i); o.propagationDelay = propagationDelay.lane(i)
        o.decodingDelay = decodingDelay.lane(i); o.computeDelay = computeDelay.lane(i)
        o.sensingEnergy = sensingEnergy.lane(i); o.computeEnergy = computeEnergy.lane(i)
        o.uplinkEnergy = uplinkEnergy.lane(i); o.rateBps = rateBps.lane(i)
        return o
    }
}

/// The delay/energy/accuracy formulas of the system model (BRIEF §2; docs/MODEL.md).
///
/// This is the only place the formulas live: `localLanes` and `offloadLanes` are written once over
/// `ModelLane`; the scalar `local`/`offload` (what solvers call) run them on `Double`, the evaluator
/// on SIMD vectors of users, with bit-identical results. Solvers that need a user's outcome for a
/// candidate decision (MILP option enumeration, GA fitness, RL rewards) call these functions.
public enum SystemModel {
    /// Outcome of executing user `u`'s task locally at CPU frequency `f` (000 (2)-(3), (7)-(10)).
    ///
    /// The DT deviation `fhat = rho f` turns `t_loc + Dt_loc` of 000 (7)-(8) into `lambda I / (f - fhat)`.
    @inlinable
    public static func local(payloadBits I: Double, taskClass c: TaskCost, device: DeviceProfile,
                             frequencyHz f: Double) -> UserOutcome {
        localLanes(payloadBits: I, deviceCyclesPerBit: c.deviceCyclesPerBit, maxAccuracy: c.maxAccuracy,
                   sensingRateBps: device.sensingRateBps, sensingPowerW: device.sensingPowerW,
                   dtDeviation: device.dtDeviation, capacitance: device.capacitance, frequencyHz: f).user(0)
    }

    /// `local` for a lane of users.
    @_transparent
    public static func localLanes<V: ModelLane>(payloadBits I: V, deviceCyclesPerBit: V, maxAccuracy: V,
                                                sensingRateBps: V, sensingPowerW: V, dtDeviation: V,
                                                capacitance: V, frequencyHz f: V) -> OutcomeLanes<V> {
        let one = V(repeating: 1), zero = V(repeating: 0)
        return outcomeLanes(offloads: V.Mask(repeating: false), anyOffload: false, payloadBits: I,
                            deviceCyclesPerBit: deviceCyclesPerBit, serverCyclesPerBit: zero, encoderCyclesPerBit: zero,
                            decoderCyclesPerBit: zero, encoderExponent: zero, decoderExponent: zero,
                            maxAccuracy: maxAccuracy, accuracyExponent: zero, sensingRateBps: sensingRateBps,
                            sensingPowerW: sensingPowerW, dtDeviation: dtDeviation, capacitance: capacitance,
                            serverDeviation: zero, gain: one, rangeM: zero, noiseDensity: 1, serverComputesDecoded: true,
                            semanticRatio: one, powerW: one, bandwidthHz: one, computeHz: one, frequencyHz: f)
    }

    /// Outcome of offloading a task to a server (000 (11)-(26), 001 (7)-(14), 003 (9)).
    ///
    /// - Parameters:
    ///   - mu: semantic ratio; `mu < 1` runs the semantic codec (encoder `w_enc I mu^-x` cycles on the
    ///     device, decoder `w_dec I mu^(1-y)` cycles on the server), `mu = 1` sends the raw payload
    ///     without the codec (the non-semantic stack).
    ///   - gain: linear channel power gain `h`; `noiseDensity`: `N0` in W/Hz.
    ///   - bandwidthHz, computeHz: resources granted by the server.
    ///   - localFrequencyHz: device CPU frequency used by the encoder.
    @inlinable
    public static func offload(payloadBits I: Double, taskClass c: TaskCost, device: DeviceProfile,
                               serverDeviation rhoL: Double, gain h: Double, rangeM d: Double,
                               noiseDensity n0: Double, serverInput: ServerInput,
                               semanticRatio mu: Double, powerW p: Double, bandwidthHz b: Double,
                               computeHz fl: Double, localFrequencyHz fu: Double) -> UserOutcome {
        offloadLanes(payloadBits: I, serverCyclesPerBit: c.serverCyclesPerBit,
                     encoderCyclesPerBit: c.encoderCyclesPerBit, decoderCyclesPerBit: c.decoderCyclesPerBit,
                     encoderExponent: c.encoderExponent, decoderExponent: c.decoderExponent,
                     maxAccuracy: c.maxAccuracy, accuracyExponent: c.accuracyExponent,
                     sensingRateBps: device.sensingRateBps, sensingPowerW: device.sensingPowerW,
                     dtDeviation: device.dtDeviation, capacitance: device.capacitance,
                     serverDeviation: rhoL, gain: h, rangeM: d, noiseDensity: n0,
                     serverComputesDecoded: serverInput == .decoded,
                     semanticRatio: mu, powerW: p, bandwidthHz: b, computeHz: fl, localFrequencyHz: fu).user(0)
    }

    /// `offload` for a lane of users (`serverComputesDecoded`: `serverInput == .decoded`).
    @_transparent
    public static func offloadLanes<V: ModelLane>(
        payloadBits I: V, serverCyclesPerBit: V, encoderCyclesPerBit: V, decoderCyclesPerBit: V,
        encoderExponent: V, decoderExponent: V, maxAccuracy: V, accuracyExponent: V,
        sensingRateBps: V, sensingPowerW: V, dtDeviation: V, capacitance: V,
        serverDeviation rhoL: V, gain h: V, rangeM d: V, noiseDensity n0: Double, serverComputesDecoded: Bool,
        semanticRatio mu: V, powerW p: V, bandwidthHz b: V, computeHz fl: V, localFrequencyHz fu: V,
        constants t: UnsafePointer<Double> = FastMath.constants
    ) -> OutcomeLanes<V> {
        outcomeLanes(offloads: V.Mask(repeating: true), anyOffload: true, payloadBits: I,
                     deviceCyclesPerBit: V(repeating: 0), serverCyclesPerBit: serverCyclesPerBit,
                     encoderCyclesPerBit: encoderCyclesPerBit, decoderCyclesPerBit: decoderCyclesPerBit,
                     encoderExponent: encoderExponent, decoderExponent: decoderExponent, maxAccuracy: maxAccuracy,
                     accuracyExponent: accuracyExponent, sensingRateBps: sensingRateBps, sensingPowerW: sensingPowerW,
                     dtDeviation: dtDeviation, capacitance: capacitance, serverDeviation: rhoL, gain: h, rangeM: d,
                     noiseDensity: n0, serverComputesDecoded: serverComputesDecoded, semanticRatio: mu, powerW: p,
                     bandwidthHz: b, computeHz: fl, frequencyHz: fu, constants: t)
    }

    /// The one implementation of the outcome formulas, for a lane of users each of which runs its
    /// task locally (000 (2)-(3), (7)-(10)) or offloads it (000 (11)-(26), 001 (7)-(14), 003 (9)),
    /// as `offloads` says. `local`/`localLanes` and `offload`/`offloadLanes` are this function with a
    /// constant mask; the evaluator runs it on vectors of mixed users.
    ///
    /// Local execution and the semantic encoder both run on the device CPU at `frequencyHz`, so a lane
    /// computes one device time `cycles / ((1 - rho) f)` and one device energy `Lambda cycles
    /// ((1 - rho) f)^2` whichever it does: `cycles` are the task's (`deviceCyclesPerBit I`) or the
    /// encoder's (`w_enc I mu^-x`). The DT deviation `fhat = rho f` turns `t + Dt` of 000 (7)-(8) and
    /// (13) into `cycles / (f - fhat)`. Lanes that do not offload still run the offload arithmetic, so
    /// callers give them benign offload inputs (no transcendental slow path); `anyOffload: false`
    /// skips it entirely.
    @_transparent
    public static func outcomeLanes<V: ModelLane>(
        offloads off: V.Mask, anyOffload: Bool, payloadBits I: V, deviceCyclesPerBit: V,
        serverCyclesPerBit: V, encoderCyclesPerBit: V, decoderCyclesPerBit: V,
        encoderExponent: V, decoderExponent: V, maxAccuracy: V, accuracyExponent: V,
        sensingRateBps: V, sensingPowerW: V, dtDeviation: V, capacitance: V,
        serverDeviation rhoL: V, gain h: V, rangeM d: V, noiseDensity n0: Double, serverComputesDecoded: Bool,
        semanticRatio mu: V, powerW p: V, bandwidthHz b: V, computeHz fl: V, frequencyHz f: V,
        constants t: UnsafePointer<Double> = FastMath.constants
    ) -> OutcomeLanes<V> {
        let zero = V(repeating: 0), infinity = V(repeating: .infinity)
        var o = OutcomeLanes<V>()
        o.sensingDelay = I / sensingRateBps
        o.sensingEnergy = sensingPowerW * o.sensingDelay
        let effective = (1 - dtDeviation) * f
        let runs = effective .> 0
        let localCycles = deviceCyclesPerBit * I
        o.accuracy = maxAccuracy

        // The codec runs only for mu < 1 (NaN: no codec, like the scalar branch). One logarithm
        // serves all three power laws of mu.
        var encodeCycles = zero, decodeCycles = zero
        if anyOffload {
            let codec = mu .< 1
            let lnMu = FastMath.log(lanes: mu, constants: t)
            encodeCycles = V.select(codec, encoderCyclesPerBit * I * FastMath.exp(lanes: -encoderExponent * lnMu, constants: t), zero)
            decodeCycles = V.select(codec, decoderCyclesPerBit * I * FastMath.exp(lanes: (1 - decoderExponent) * lnMu, constants: t), zero)
            o.accuracy = V.select(off .& codec, maxAccuracy * FastMath.exp(lanes: accuracyExponent * lnMu, constants: t), maxAccuracy)
        }

        // The device CPU: the task (local) or the encoder (offload).
        let cycles = anyOffload ? V.select(off, encodeCycles, localCycles) : localCycles
        let deviceTime = cycles / effective
        let deviceEnergy = capacitance * cycles * effective * effective
        let localDelay = V.select(runs, deviceTime, V.select(localCycles .> 0, infinity, zero))
        let localEnergy = V.select(runs, deviceEnergy, zero)
        guard anyOffload else {
            o.computeDelay = localDelay
            o.computeEnergy = localEnergy
            o.delay = o.sensingDelay + o.computeDelay
            o.energy = o.sensingEnergy + o.computeEnergy
            return o
        }
        let encodes = encodeCycles .> 0
        o.encodingDelay = V.select(off .& encodes, V.select(runs, deviceTime, infinity), zero)
        o.computeEnergy = V.select(off, V.select(encodes .& runs, deviceEnergy, zero), localEnergy)

        let bits = mu * I
        let transmits = (b .> 0) .& (p .> 0)
        let rate = b * (FastMath.log(lanes: 1 + p * h / (b * n0), constants: t) * FastMath.invLn2)
        o.rateBps = V.select(off .& transmits, rate, zero)
        let uplinkDelay = bits / rate
        o.uplinkDelay = V.select(off, V.select(transmits, uplinkDelay, V.select(bits .> 0, infinity, zero)), zero)
        o.uplinkEnergy = V.select(off .& transmits, p * uplinkDelay, zero)
        o.propagationDelay = V.select(off, d * (2 / PhysicalConstants.speedOfLight), zero)

        let serverBits = serverComputesDecoded ? I : bits
        let serverCycles = serverCyclesPerBit * serverBits
        let effectiveServer = (1 - rhoL) * fl
        let serverRuns = effectiveServer .> 0
        let perCycle = 1 / effectiveServer
        o.decodingDelay = V.select(off, V.select(serverRuns, decodeCycles * perCycle, V.select(decodeCycles .> 0, infinity, zero)), zero)
        let serverDelay = V.select(serverRuns, serverCycles * perCycle, V.select(serverCycles .> 0, infinity, zero))
        o.computeDelay = V.select(off, serverDelay, localDelay)
        o.delay = V.select(off, o.sensingDelay + o.encodingDelay + o.uplinkDelay + o.propagationDelay
            + o.decodingDelay + o.computeDelay, o.sensingDelay + o.computeDelay)
        o.energy = o.sensingEnergy + o.computeEnergy + o.uplinkEnergy
        return o
    }
}

extension Scenario {
    /// Outcome of user `u` in slot `t` under one user's decision; `server < 0` is local execution.
    /// An out-of-range server gives an infinite delay (the evaluator reports C3).
    @inlinable
    public func outcome(slot s: SlotState, user u: Int, server: Int32, semanticRatio mu: Double,
                        powerW p: Double, bandwidthHz b: Double, computeHz fl: Double,
                        localFrequencyHz fu: Double) -> UserOutcome {
        let c = taskCosts[Int(s.taskClass[u])]
        let device = devices[u]
        let I = s.payloadBits[u]
        if server < 0 {
            return SystemModel.local(payloadBits: I, taskClass: c, device: device, frequencyHz: fu)
        }
        let l = Int(server)
        guard l < s.serverCount else {
            var o = UserOutcome()
            o.delay = .infinity
            return o
        }
        let link = s.links[u * s.serverCount + l]
        return SystemModel.offload(payloadBits: I, taskClass: c, device: device,
                                   serverDeviation: serverDeviations[l], gain: link.gain, rangeM: link.rangeM,
                                   noiseDensity: parameters.noiseDensityWPerHz, serverInput: parameters.serverInput,
                                   semanticRatio: mu, powerW: p, bandwidthHz: b, computeHz: fl, localFrequencyHz: fu)
    }

    /// Local execution at full device speed: the reference of the logistic QoE (003 (10)).
    @inlinable
    public func localReference(slot s: SlotState, user u: Int) -> UserOutcome {
        SystemModel.local(payloadBits: s.payloadBits[u], taskClass: taskCosts[Int(s.taskClass[u])],
                          device: devices[u], frequencyHz: devices[u].maxFrequencyHz)
    }
}
