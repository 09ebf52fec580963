import OffloadModel

/// Device parameters as written in instance files (units in the field names).
public struct DeviceSpec: Codable, Hashable, Sendable {
    public var maxFrequencyGHz: Double
    public var maxPowerW: Double
    /// Effective switched capacitance `Lambda_u`, J per cycle per Hz^2.
    public var capacitance: Double
    public var sensingRateMbps: Double
    public var sensingPowerW: Double
    /// Relative DT deviation of the device CPU `rho_u`; generators draw each device's value in [0, this].
    public var dtDeviation: Double
    public var energyBudgetJ: Double
    public var deadlineS: Double
    public var minAccuracy: Double
    public var minSemanticRatio: Double

    public init(maxFrequencyGHz: Double, maxPowerW: Double, capacitance: Double, sensingRateMbps: Double,
                sensingPowerW: Double, dtDeviation: Double, energyBudgetJ: Double, deadlineS: Double,
                minAccuracy: Double, minSemanticRatio: Double) {
        self.maxFrequencyGHz = maxFrequencyGHz
        self.maxPowerW = maxPowerW
        self.capacitance = capacitance
        self.sensingRateMbps = sensingRateMbps
        self.sensingPowerW = sensingPowerW
        self.dtDeviation = dtDeviation
        self.energyBudgetJ = energyBudgetJ
        self.deadlineS = deadlineS
        self.minAccuracy = minAccuracy
        self.minSemanticRatio = minSemanticRatio
    }

    func validate(_ path: String, into r: inout Rules) {
        r.positive(maxFrequencyGHz, path + ".maxFrequencyGHz")
        r.positive(maxPowerW, path + ".maxPowerW")
        r.positive(capacitance, path + ".capacitance")
        r.positive(sensingRateMbps, path + ".sensingRateMbps")
        r.nonNegative(sensingPowerW, path + ".sensingPowerW")
        r.below(dtDeviation, 1, path + ".dtDeviation")
        r.positive(energyBudgetJ, path + ".energyBudgetJ")
        r.positive(deadlineS, path + ".deadlineS")
        r.inRange(minAccuracy, 0, 1, path + ".minAccuracy")
        r.inRange(minSemanticRatio, 0, 1, path + ".minSemanticRatio", open: true)
    }

    /// The SI profile of one device with DT deviation `rho`.
    func profile(dtDeviation rho: Double) -> DeviceProfile {
        DeviceProfile(maxFrequencyHz: maxFrequencyGHz * 1e9, maxPowerW: maxPowerW, capacitance: capacitance,
                      sensingRateBps: sensingRateMbps * 1e6, sensingPowerW: sensingPowerW, dtDeviation: rho,
                      energyBudgetJ: energyBudgetJ, deadlineS: deadlineS, minAccuracy: minAccuracy,
                      minSemanticRatio: minSemanticRatio)
    }
}

extension TaskClass {
    func validate(_ path: String, into r: inout Rules) {
        r.require(!name.isEmpty, path + ".name", "\"\"", "must not be empty")
        r.nonNegative(deviceCyclesPerBit, path + ".deviceCyclesPerBit")
        r.nonNegative(serverCyclesPerBit, path + ".serverCyclesPerBit")
        r.nonNegative(encoderCyclesPerBit, path + ".encoderCyclesPerBit")
        r.nonNegative(decoderCyclesPerBit, path + ".decoderCyclesPerBit")
        r.nonNegative(encoderExponent, path + ".encoderExponent")
        r.nonNegative(decoderExponent, path + ".decoderExponent")
        r.inRange(maxAccuracy, 0, 1, path + ".maxAccuracy")
        r.nonNegative(accuracyExponent, path + ".accuracyExponent")
    }
}
