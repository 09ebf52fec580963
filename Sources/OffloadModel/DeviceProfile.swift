/// Static parameters of one user device (constant over the horizon).
public struct DeviceProfile: Codable, Hashable, Sendable {
    /// Maximum CPU frequency `f_u^max`, Hz (C6).
    public var maxFrequencyHz: Double
    /// Maximum transmit power `p_u^max`, W (C4).
    public var maxPowerW: Double
    /// Effective switched capacitance `Lambda_u` (000 (10)), J/(cycle Hz^2).
    public var capacitance: Double
    /// Sensing rate `s_u`, bit/s (000 (2)).
    public var sensingRateBps: Double
    /// Power drawn while sensing `p_u^sens`, W (000 (3)).
    public var sensingPowerW: Double
    /// Relative DT deviation of the device CPU: `fhat_u = rho_u * f_u` (000 (8)), in [0, 1).
    public var dtDeviation: Double
    /// Energy budget over the whole horizon `eps_u`, J (C1).
    public var energyBudgetJ: Double
    /// Delay threshold `d_max`, s (C8).
    public var deadlineS: Double
    /// Minimum semantic accuracy `eps_min` (003 (11k)), in [0, 1].
    public var minAccuracy: Double
    /// Minimum semantic ratio `mu_min` (C5), in (0, 1].
    public var minSemanticRatio: Double

    public init(maxFrequencyHz: Double, maxPowerW: Double, capacitance: Double, sensingRateBps: Double,
                sensingPowerW: Double, dtDeviation: Double, energyBudgetJ: Double, deadlineS: Double,
                minAccuracy: Double, minSemanticRatio: Double) {
        self.maxFrequencyHz = maxFrequencyHz
        self.maxPowerW = maxPowerW
        self.capacitance = capacitance
        self.sensingRateBps = sensingRateBps
        self.sensingPowerW = sensingPowerW
        self.dtDeviation = dtDeviation
        self.energyBudgetJ = energyBudgetJ
        self.deadlineS = deadlineS
        self.minAccuracy = minAccuracy
        self.minSemanticRatio = minSemanticRatio
    }
}

/// Static parameters of one server (a LEO satellite's MEC host or a base station).
public struct ServerProfile: Codable, Hashable, Sendable {
    public var name: String
    /// Nominal compute capacity `f_l^max`, Hz (C7 before background load).
    public var computeHz: Double
    /// Uplink bandwidth shared by the server's users `B_l`, Hz.
    public var bandwidthHz: Double
    /// Relative DT deviation of the server CPU: `fhat_l^u = rho_l * f_l^u` (000 (18), (21)).
    public var dtDeviation: Double

    public init(name: String, computeHz: Double, bandwidthHz: Double, dtDeviation: Double) {
        self.name = name
        self.computeHz = computeHz
        self.bandwidthHz = bandwidthHz
        self.dtDeviation = dtDeviation
    }
}
