import Foundation
import OffloadModel

/// Generator of the terrestrial DT-synchronization scenario of 001: one base station, K mobile
/// devices with Gauss-Markov mobility (001 (1)-(2)), Rayleigh fading and path loss `beta0 d^-alpha`
/// (001 (10)-(11)).
public struct BaseStationGenerator: Codable, Hashable, Sendable {
    public var seed: UInt64
    public var users: Int
    public var slots: Int
    /// Base station position `p_B`, m.
    public var baseStationM: [Double] = [0, 0, 10]
    /// Devices start uniformly in a disc of this centre and radius, m.
    public var userCentreM: [Double] = [50, 0]
    public var userRadiusM: Double = 5
    /// Gauss-Markov memory `a` in [0, 1] (1: constant velocity).
    public var mobilityMemory: Double = 0.8
    public var meanSpeedMps: Double = 1
    public var speedStdMps: Double = 0.3
    public var directionStdRad: Double = 0.5
    /// Channel power gain at 1 m `beta0`, dB (001 Table II: -30 dB).
    public var referenceGainDB: Double = -30
    /// Path-loss exponent `alpha` (001 does not state it; docs/MODEL.md).
    public var pathLossExponent: Double = 2.5
    /// Total noise power over the system bandwidth `sigma^2`, dBm (001 Table II: -80 dBm).
    public var noisePowerDBm: Double = -80
    /// System bandwidth `B`, MHz (001 Table II: 0.2 MHz).
    public var bandwidthMHz: Double = 0.2
    /// Edge compute `f_e^max`, GHz (001: 10 GHz).
    public var computeGHz: Double = 10
    public var taskArrivalRatePerS: Double = 100
    public var payloadMbit: [Double] = [0.6, 0.8]
    public var classMix: [Double] = [1]
    public var device: DeviceSpec

    public init(seed: UInt64, users: Int, slots: Int, device: DeviceSpec) {
        self.seed = seed
        self.users = users
        self.slots = slots
        self.device = device
    }

    func validate(classCount: Int) throws {
        var r = Rules()
        let p = "baseStation"
        r.count(users, atLeast: 1, p + ".users")
        r.count(slots, atLeast: 1, p + ".slots")
        r.require(baseStationM.count == 3, p + ".baseStationM", "\(baseStationM)", "must be [x, y, height]")
        r.require(userCentreM.count == 2, p + ".userCentreM", "\(userCentreM)", "must be [x, y]")
        r.nonNegative(userRadiusM, p + ".userRadiusM")
        r.inRange(mobilityMemory, 0, 1, p + ".mobilityMemory")
        r.nonNegative(meanSpeedMps, p + ".meanSpeedMps")
        r.nonNegative(speedStdMps, p + ".speedStdMps")
        r.nonNegative(directionStdRad, p + ".directionStdRad")
        r.finite(referenceGainDB, p + ".referenceGainDB")
        r.positive(pathLossExponent, p + ".pathLossExponent")
        r.finite(noisePowerDBm, p + ".noisePowerDBm")
        r.positive(bandwidthMHz, p + ".bandwidthMHz")
        r.positive(computeGHz, p + ".computeGHz")
        TaskDraw.validate(classMix: classMix, classCount: classCount, payloadMbit: payloadMbit,
                          arrivalRatePerS: taskArrivalRatePerS, path: p, into: &r)
        device.validate(p + ".device", into: &r)
        try r.check()
    }

    func generate(instance: Instance, seed: UInt64) -> Scenario {
        var rng = SeededGenerator(seed: seed)
        let U = users, tau = instance.slotSeconds
        let bs = (baseStationM[0], baseStationM[1], baseStationM[2])
        var x = [Double](), y = [Double](), speed = [Double](), heading = [Double]()
        var devices: [DeviceProfile] = []
        for _ in 0..<U {
            let r = userRadiusM * sqrt(rng.uniform()), phi = rng.uniform(0, 2 * Double.pi)
            x.append(userCentreM[0] + r * cos(phi))
            y.append(userCentreM[1] + r * sin(phi))
            speed.append(meanSpeedMps)
            heading.append(rng.uniform(0, 2 * Double.pi))
            devices.append(device.profile(dtDeviation: rng.uniform(0, device.dtDeviation)))
        }
        let bandwidth = bandwidthMHz * 1e6
        let server = ServerProfile(name: "bs", computeHz: computeGHz * 1e9, bandwidthHz: bandwidth, dtDeviation: 0)
        // 001 states total noise power over B; the model needs a density.
        let n0 = Decibel.dBmToWatts(noisePowerDBm) / bandwidth
        let beta0 = Decibel.toLinear(referenceGainDB)
        let draw = TaskDraw(classMix: classMix, payloadMbit: payloadMbit, arrivalRatePerS: taskArrivalRatePerS,
                            slotSeconds: tau)
        let a = mobilityMemory, noise = sqrt(max(0, 1 - a * a))
        var states: [SlotState] = []
        for t in 0..<slots {
            var srng = rng.derived(UInt64(t))
            var s = SlotState(userCount: U, serverCount: 1)
            s.availableComputeHz[0] = server.computeHz
            for u in 0..<U {
                draw.draw(user: u, into: &s, using: &srng)
                let dx = x[u] - bs.0, dy = y[u] - bs.1
                let d = max(1, sqrt(dx * dx + dy * dy + bs.2 * bs.2))
                let g1 = srng.normal(), g2 = srng.normal()
                // Rayleigh: |g|^2 with g ~ CN(0, 1).
                s.links[u] = LinkState(gain: beta0 * pow(d, -pathLossExponent) * (g1 * g1 + g2 * g2) / 2,
                                       coverageS: .infinity, rangeM: d)
                // Gauss-Markov update for the next slot (001 (1)-(2), with sin for y).
                speed[u] = max(0, a * speed[u] + (1 - a) * meanSpeedMps + noise * speedStdMps * srng.normal())
                heading[u] = heading[u] + noise * directionStdRad * srng.normal()
                x[u] += speed[u] * cos(heading[u]) * tau
                y[u] += speed[u] * sin(heading[u]) * tau
            }
            states.append(s)
        }
        return Scenario(name: instance.name, parameters: instance.parameters(noiseDensityWPerHz: n0),
                        taskClasses: instance.taskClasses, devices: devices, servers: [server], slots: states)
    }
}
