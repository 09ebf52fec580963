import OffloadModel

/// Ready-made instances for the seeds' scenarios, used by `offload generate` and the shipped files.
/// Every number here is a calibration choice documented in docs/MODEL.md.
public enum Presets {
    /// Task classes of 000 §4.1 (light CNN 50 %, detection 30 %, segmentation 20 %).
    public static let leoTaskClasses: [TaskClass] = [
        TaskClass(name: "light-cnn", deviceCyclesPerBit: 250, serverCyclesPerBit: 60, encoderCyclesPerBit: 8,
                  decoderCyclesPerBit: 16, maxAccuracy: 0.95, accuracyExponent: 0.10),
        TaskClass(name: "detection", deviceCyclesPerBit: 450, serverCyclesPerBit: 110, encoderCyclesPerBit: 10,
                  decoderCyclesPerBit: 20, maxAccuracy: 0.90, accuracyExponent: 0.15),
        TaskClass(name: "segmentation", deviceCyclesPerBit: 700, serverCyclesPerBit: 170, encoderCyclesPerBit: 12,
                  decoderCyclesPerBit: 24, maxAccuracy: 0.88, accuracyExponent: 0.20),
    ]

    /// IoT device of 000 §4.1: f_u <= 1 GHz, p <= 0.2 W, mu_min = 0.1.
    public static let leoDevice = DeviceSpec(maxFrequencyGHz: 1, maxPowerW: 0.2, capacitance: 1e-28,
                                             sensingRateMbps: 20, sensingPowerW: 0.1, dtDeviation: 0.1,
                                             energyBudgetJ: 40, deadlineS: 30, minAccuracy: 0.6,
                                             minSemanticRatio: 0.1)

    /// The LEO-MEC scenario of 000 §4.1.
    public static func leo(name: String = "leo", users: Int = 50, satellites: Int = 5, slots: Int = 20,
                           seed: UInt64 = 1) -> Instance {
        var g = LEOGenerator(seed: seed, users: users, satellites: satellites, slots: slots, device: leoDevice)
        g.payloadMbit = [0.5, 20]
        var instance = Instance(name: name,
                                description: "LEO-MEC semantic offloading (000 §4.1): \(users) devices, \(satellites) satellites at 600 km",
                                slotSeconds: 10, taskClasses: leoTaskClasses, objective: Objective(kind: .delay), leo: g)
        instance.writeModelDefaults()
        // Delays here are seconds, not 003's milliseconds: slopes of 1/s and 1/J keep the logistic in range.
        instance.logisticQoE = LogisticQoE(delaySlopePerS: 1, energySlopePerJ: 1, accuracySlope: 2)
        instance.mosQoE = MOSQoE(minLatencyS: 1, maxLatencyS: 20, baselineScore: 0, satisfactionWeight: 0.7, costBudgetJ: 2)
        return instance
    }

    /// DT synchronization task of 001 Table II: C = 300 cycles/bit for extraction and recovery, x = 1.2, y = 1.5.
    public static let dtSyncTaskClasses: [TaskClass] = [
        TaskClass(name: "dt-sync", deviceCyclesPerBit: 300, serverCyclesPerBit: 0, encoderCyclesPerBit: 300,
                  decoderCyclesPerBit: 300, encoderExponent: 1.2, decoderExponent: 1.5, maxAccuracy: 1,
                  accuracyExponent: 0.1),
    ]

    /// Device of 001 Table II: f <= 1 GHz, p <= 0.1 W, k_loc = 1e-27, budget 0.5 J per slot.
    /// The deadline is 2.5 s, not 001's `(1 - eta) tau = 0.9 s`: under Table II no semantic ratio meets
    /// 0.9 s at K = 6 (docs/MODEL.md, "dt-sync-bs").
    public static func dtSyncDevice(slots: Int, slotSeconds: Double) -> DeviceSpec {
        DeviceSpec(maxFrequencyGHz: 1, maxPowerW: 0.1, capacitance: 1e-27, sensingRateMbps: 2.5,
                   sensingPowerW: 0.01, dtDeviation: 0, energyBudgetJ: 0.5 * Double(slots),
                   deadlineS: 2.5, minAccuracy: 0, minSemanticRatio: 0.1)
    }

    /// The base-station DT synchronization scenario of 001 (K = 6, B = 0.2 MHz, T = 30 s, N = 25).
    public static func dtSyncBaseStation(seed: UInt64 = 1, users: Int = 6, slots: Int = 25) -> Instance {
        let tau = 30.0 / 25.0
        var g = BaseStationGenerator(seed: seed, users: users, slots: slots,
                                     device: dtSyncDevice(slots: slots, slotSeconds: tau))
        g.payloadMbit = [0.6, 0.8]
        var instance = Instance(name: "dt-sync-bs",
                                description: "DT synchronization over one base station (001 Table II)",
                                slotSeconds: tau, taskClasses: dtSyncTaskClasses, objective: Objective(kind: .delay),
                                baseStation: g)
        instance.writeModelDefaults()
        instance.localExecutionAllowed = false
        instance.logisticQoE = LogisticQoE(delaySlopePerS: 5, energySlopePerJ: 10, accuracySlope: 2)
        instance.mosQoE = MOSQoE(minLatencyS: 0.5, maxLatencyS: 2.5, baselineScore: 0, satisfactionWeight: 0.7, costBudgetJ: 0.5)
        return instance
    }
}

extension Instance {
    /// Writes every optional model field with its default, so generated files describe themselves.
    mutating func writeModelDefaults() {
        serverInput = serverInput ?? .decoded
        localExecutionAllowed = localExecutionAllowed ?? true
        objective = objective ?? Objective()
        logisticQoE = logisticQoE ?? LogisticQoE()
        mosQoE = mosQoE ?? MOSQoE()
    }
}
