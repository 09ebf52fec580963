import Foundation
import OffloadModel

/// Generator of LEO-MEC scenarios (000 §4.1), calibrated as documented in docs/MODEL.md.
///
/// Geometry is a flat-Earth pass model: each satellite flies a straight ground track at
/// `groundSpeedKmPerS` at altitude `altitudeKm`; it is visible to a user while its elevation is at
/// least `minElevationDeg`, which at 600 km and 40 degrees gives passes of about 200 s. Slot state
/// (range, gain, remaining coverage) is taken at the start of each slot.
public struct LEOGenerator: Codable, Hashable, Sendable {
    public var seed: UInt64
    public var users: Int
    public var satellites: Int
    public var slots: Int
    public var altitudeKm: Double = 600
    public var minElevationDeg: Double = 40
    public var groundSpeedKmPerS: Double = 7.06
    /// Side of the square region the users are scattered over, km.
    public var regionKm: Double = 200
    /// Satellite ground tracks pass within this cross-track distance of the region centre, km.
    public var crossTrackSpreadKm: Double = 250
    public var carrierGHz: Double = 2
    public var deviceAntennaGainDBi: Double = 3
    public var satelliteAntennaGainDBi: Double = 30
    public var noiseFigureDB: Double = 5
    /// Rician K-factor of the small-scale fading, dB (000 §4.1: 6 dB).
    public var ricianKDB: Double = 6
    public var satelliteBandwidthMHz: Double = 10
    public var satelliteComputeGHz: Double = 10
    /// Standard deviation of the relative background load taken off each satellite's compute per slot.
    public var computeJitter: Double = 0.05
    /// Largest relative DT deviation of a satellite CPU (`rho_l` drawn in [0, this]).
    public var serverDtDeviation: Double = 0.05
    public var taskArrivalRatePerS: Double = 0.1
    public var payloadMbit: [Double] = [0.5, 20]
    public var classMix: [Double] = [0.5, 0.3, 0.2]
    public var device: DeviceSpec
    /// Optional handover/congestion shock (000 fig. 6) over slots `[fromSlot, toSlot)`.
    public var regimeShift: RegimeShift?

    /// A temporary degradation of compute and channel between two slots.
    public struct RegimeShift: Codable, Hashable, Sendable {
        public var fromSlot: Int
        public var toSlot: Int
        /// Multiplies every satellite's available compute.
        public var computeFactor: Double
        /// Added to every channel gain, dB (negative: worse).
        public var gainOffsetDB: Double
    }

    public init(seed: UInt64, users: Int, satellites: Int, slots: Int, device: DeviceSpec) {
        self.seed = seed
        self.users = users
        self.satellites = satellites
        self.slots = slots
        self.device = device
    }

    func validate(classCount: Int) throws {
        var r = Rules()
        let p = "leo"
        r.count(users, atLeast: 1, p + ".users")
        r.count(satellites, atLeast: 1, p + ".satellites")
        r.count(slots, atLeast: 1, p + ".slots")
        r.positive(altitudeKm, p + ".altitudeKm")
        r.inRange(minElevationDeg, 0, 90, p + ".minElevationDeg", open: true)
        r.positive(groundSpeedKmPerS, p + ".groundSpeedKmPerS")
        r.nonNegative(regionKm, p + ".regionKm")
        r.nonNegative(crossTrackSpreadKm, p + ".crossTrackSpreadKm")
        r.positive(carrierGHz, p + ".carrierGHz")
        r.finite(deviceAntennaGainDBi, p + ".deviceAntennaGainDBi")
        r.finite(satelliteAntennaGainDBi, p + ".satelliteAntennaGainDBi")
        r.nonNegative(noiseFigureDB, p + ".noiseFigureDB")
        r.finite(ricianKDB, p + ".ricianKDB")
        r.positive(satelliteBandwidthMHz, p + ".satelliteBandwidthMHz")
        r.positive(satelliteComputeGHz, p + ".satelliteComputeGHz")
        r.inRange(computeJitter, 0, 0.5, p + ".computeJitter")
        r.below(serverDtDeviation, 1, p + ".serverDtDeviation")
        TaskDraw.validate(classMix: classMix, classCount: classCount, payloadMbit: payloadMbit,
                          arrivalRatePerS: taskArrivalRatePerS, path: p, into: &r)
        device.validate(p + ".device", into: &r)
        if let s = regimeShift {
            r.require(s.fromSlot >= 0 && s.fromSlot <= s.toSlot, p + ".regimeShift.fromSlot", "\(s.fromSlot)",
                      "must be in [0, toSlot]")
            r.positive(s.computeFactor, p + ".regimeShift.computeFactor")
            r.finite(s.gainOffsetDB, p + ".regimeShift.gainOffsetDB")
        }
        try r.check()
    }

    /// Noise PSD `N0 = k T 10^(NF/10)`, W/Hz.
    var noiseDensity: Double { PhysicalConstants.thermalNoiseDensity * Decibel.toLinear(noiseFigureDB) }

    func generate(instance: Instance, seed: UInt64) -> Scenario {
        var rng = SeededGenerator(seed: seed)
        let U = users, L = satellites
        let tau = instance.slotSeconds
        let H = altitudeKm * 1e3
        let v = groundSpeedKmPerS * 1e3
        let maxHorizontal = H / tan(minElevationDeg * Double.pi / 180)
        let episodeS = Double(slots) * tau

        var devices: [DeviceProfile] = []
        var positions: [(Double, Double)] = []
        for _ in 0..<U {
            let x = rng.uniform(-0.5, 0.5) * regionKm * 1e3
            let y = rng.uniform(-0.5, 0.5) * regionKm * 1e3
            positions.append((x, y))
            devices.append(device.profile(dtDeviation: rng.uniform(0, device.dtDeviation)))
        }
        struct Track { var dx, dy, nx, ny, closestS, offsetM: Double }
        var tracks: [Track] = []
        var servers: [ServerProfile] = []
        for l in 0..<L {
            let theta = rng.uniform(0, 2 * Double.pi)
            // Stratified closest-approach times spread the passes over the episode.
            let closest = episodeS * (Double(l) + rng.uniform()) / Double(L)
            let offset = rng.uniform(-crossTrackSpreadKm, crossTrackSpreadKm) * 1e3
            tracks.append(Track(dx: cos(theta), dy: sin(theta), nx: -sin(theta), ny: cos(theta),
                                closestS: closest, offsetM: offset))
            servers.append(ServerProfile(name: "sat-\(l)", computeHz: satelliteComputeGHz * 1e9,
                                         bandwidthHz: satelliteBandwidthMHz * 1e6,
                                         dtDeviation: rng.uniform(0, serverDtDeviation)))
        }

        let wavelength = PhysicalConstants.speedOfLight / (carrierGHz * 1e9)
        let antennaGain = Decibel.toLinear(deviceAntennaGainDBi + satelliteAntennaGainDBi)
        let k = Decibel.toLinear(ricianKDB)
        let los = sqrt(k / (k + 1)), scatter = sqrt(1 / (2 * (k + 1)))
        let draw = TaskDraw(classMix: classMix, payloadMbit: payloadMbit, arrivalRatePerS: taskArrivalRatePerS,
                            slotSeconds: tau)

        var slotStates: [SlotState] = []
        for t in 0..<slots {
            var srng = rng.derived(UInt64(t))
            var s = SlotState(userCount: U, serverCount: L)
            let time = Double(t) * tau
            let shifted = regimeShift.map { t >= $0.fromSlot && t < $0.toSlot } ?? false
            let gainShift = shifted ? Decibel.toLinear(regimeShift?.gainOffsetDB ?? 0) : 1
            for l in 0..<L {
                let load = min(0.5, abs(srng.normal() * computeJitter))
                s.availableComputeHz[l] = servers[l].computeHz * (1 - load) * (shifted ? regimeShift?.computeFactor ?? 1 : 1)
            }
            for u in 0..<U {
                draw.draw(user: u, into: &s, using: &srng)
                for l in 0..<L {
                    let tr = tracks[l]
                    // Satellite sub-point relative to the user: r0 + v (t - t_l) e.
                    let rx = tr.offsetM * tr.nx - positions[u].0
                    let ry = tr.offsetM * tr.ny - positions[u].1
                    let cross = rx * tr.nx + ry * tr.ny
                    let along = rx * tr.dx + ry * tr.dy + v * (time - tr.closestS)
                    let horizontal = sqrt(cross * cross + along * along)
                    let range = sqrt(horizontal * horizontal + H * H)
                    let idx = s.link(u, l)
                    let halfChord = maxHorizontal * maxHorizontal - cross * cross
                    let coverage = halfChord > 0 && abs(along) <= sqrt(halfChord) ? (sqrt(halfChord) - along) / v : 0
                    let a = los + scatter * srng.normal(), b = scatter * srng.normal()
                    let pathGain = pow(wavelength / (4 * Double.pi * range), 2)
                    s.links[idx] = LinkState(gain: antennaGain * pathGain * (a * a + b * b) * gainShift,
                                             coverageS: coverage, rangeM: range)
                }
            }
            slotStates.append(s)
        }
        return Scenario(name: instance.name, parameters: instance.parameters(noiseDensityWPerHz: noiseDensity),
                        taskClasses: instance.taskClasses, devices: devices, servers: servers, slots: slotStates)
    }
}
