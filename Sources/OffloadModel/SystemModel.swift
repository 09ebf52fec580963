#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The delay/energy/accuracy formulas of the system model (BRIEF §2; docs/MODEL.md).
///
/// This is the only place the formulas live. Solvers that need a user's outcome for a candidate
/// decision (MILP option enumeration, GA fitness, RL rewards) call these functions.
public enum SystemModel {
    /// Outcome of executing user `u`'s task locally at CPU frequency `f` (000 (2)-(3), (7)-(10)).
    ///
    /// The DT deviation `fhat = rho f` turns `t_loc + Dt_loc` of 000 (7)-(8) into `lambda I / (f - fhat)`.
    @inlinable
    public static func local(payloadBits I: Double, taskClass c: TaskCost, device: DeviceProfile,
                             frequencyHz f: Double) -> UserOutcome {
        var o = UserOutcome()
        o.sensingDelay = I / device.sensingRateBps
        o.sensingEnergy = device.sensingPowerW * o.sensingDelay
        let effective = (1 - device.dtDeviation) * f
        let cycles = c.deviceCyclesPerBit * I
        if effective > 0 {
            o.computeDelay = cycles / effective
            o.computeEnergy = device.capacitance * cycles * effective * effective
        } else {
            o.computeDelay = cycles > 0 ? .infinity : 0
        }
        o.delay = o.sensingDelay + o.computeDelay
        o.energy = o.sensingEnergy + o.computeEnergy
        o.accuracy = c.maxAccuracy
        return o
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
        var o = UserOutcome()
        o.sensingDelay = I / device.sensingRateBps
        o.sensingEnergy = device.sensingPowerW * o.sensingDelay

        var encodeCycles = 0.0
        var decodeCycles = 0.0
        o.accuracy = c.maxAccuracy
        if mu < 1 {
            // One logarithm serves all three power laws of mu.
            let lnMu = FastMath.log(mu)
            encodeCycles = c.encoderCyclesPerBit * I * FastMath.exp(-c.encoderExponent * lnMu)
            decodeCycles = c.decoderCyclesPerBit * I * FastMath.exp((1 - c.decoderExponent) * lnMu)
            o.accuracy = c.maxAccuracy * FastMath.exp(c.accuracyExponent * lnMu)
        }
        if encodeCycles > 0 {
            let effective = (1 - device.dtDeviation) * fu
            if effective > 0 {
                o.encodingDelay = encodeCycles / effective
                o.computeEnergy = device.capacitance * encodeCycles * effective * effective
            } else {
                o.encodingDelay = .infinity
            }
        }

        let bits = mu * I
        if b > 0 && p > 0 {
            o.rateBps = b * FastMath.log2(1 + p * h / (b * n0))
            o.uplinkDelay = bits / o.rateBps
            o.uplinkEnergy = p * o.uplinkDelay
        } else {
            o.uplinkDelay = bits > 0 ? .infinity : 0
        }
        o.propagationDelay = d * (2 / PhysicalConstants.speedOfLight)

        let serverBits = serverInput == .decoded ? I : bits
        let serverCycles = c.serverCyclesPerBit * serverBits
        let effectiveServer = (1 - rhoL) * fl
        if effectiveServer > 0 {
            let perCycle = 1 / effectiveServer
            o.decodingDelay = decodeCycles * perCycle
            o.computeDelay = serverCycles * perCycle
        } else {
            o.decodingDelay = decodeCycles > 0 ? .infinity : 0
            o.computeDelay = serverCycles > 0 ? .infinity : 0
        }
        o.delay = o.sensingDelay + o.encodingDelay + o.uplinkDelay + o.propagationDelay
            + o.decodingDelay + o.computeDelay
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
