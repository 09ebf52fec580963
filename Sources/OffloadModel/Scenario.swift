/// What the remote server computes on after semantic decoding (000 (20) `I_l`, ambiguous in the paper).
public enum ServerInput: String, Codable, Sendable {
    /// The decoder reconstructs the raw payload `I` and the task runs on it (default; 000 (20) "data size after decoding").
    case decoded
    /// The task runs directly on the transmitted semantic features `mu I`.
    case features
}

/// Model-wide parameters that are neither per device, per server nor per slot.
public struct ModelParameters: Codable, Hashable, Sendable {
    /// Slot length `tau`, s.
    public var slotSeconds: Double
    /// Receiver noise power spectral density `N0`, W/Hz (000 (4)).
    public var noiseDensityWPerHz: Double
    public var serverInput: ServerInput
    /// Whether local execution is a permitted mode (001 has no local option).
    public var localExecutionAllowed: Bool
    public var objective: Objective
    public var logisticQoE: LogisticQoE
    public var mosQoE: MOSQoE

    public init(slotSeconds: Double, noiseDensityWPerHz: Double, serverInput: ServerInput = .decoded,
                localExecutionAllowed: Bool = true, objective: Objective = Objective(),
                logisticQoE: LogisticQoE = LogisticQoE(), mosQoE: MOSQoE = MOSQoE()) {
        self.slotSeconds = slotSeconds
        self.noiseDensityWPerHz = noiseDensityWPerHz
        self.serverInput = serverInput
        self.localExecutionAllowed = localExecutionAllowed
        self.objective = objective
        self.logisticQoE = logisticQoE
        self.mosQoE = mosQoE
    }
}

/// A fully expanded problem: static devices and servers plus every slot's state.
/// Generators and explicit instance files both end here; solvers and the evaluator read only this.
public struct Scenario: Hashable, Sendable {
    public var name: String
    public var parameters: ModelParameters
    public var taskClasses: [TaskClass] { didSet { taskCosts = taskClasses.map(\.cost) } }
    public var devices: [DeviceProfile] { didSet { deviceColumns = DeviceColumns(devices) } }
    public var servers: [ServerProfile] { didSet { serverDeviations = servers.map(\.dtDeviation) } }
    public var slots: [SlotState]
    /// `taskClasses` without names, kept in step by `didSet`, for the formulas' hot loops.
    public private(set) var taskCosts: [TaskCost]
    /// `servers[l].dtDeviation`, kept in step by `didSet`.
    public private(set) var serverDeviations: [Double]
    /// `devices` as padded columns for the evaluator's SIMD lanes, kept in step by `didSet`.
    public private(set) var deviceColumns: DeviceColumns

    public init(name: String, parameters: ModelParameters, taskClasses: [TaskClass],
                devices: [DeviceProfile], servers: [ServerProfile], slots: [SlotState]) {
        self.name = name
        self.parameters = parameters
        self.taskClasses = taskClasses
        self.devices = devices
        self.servers = servers
        self.slots = slots
        taskCosts = taskClasses.map(\.cost)
        serverDeviations = servers.map(\.dtDeviation)
        deviceColumns = DeviceColumns(devices)
    }

    public var userCount: Int { devices.count }
    public var serverCount: Int { servers.count }
}

/// The devices' numbers structure-of-arrays: column `c` of user `u` at `storage[c * stride + u]`, with
/// `stride` the user count rounded up to a multiple of 8 (padding repeats benign values), so the
/// evaluator loads 4 or 8 users' parameters with one vector load.
public struct DeviceColumns: Hashable, Sendable {
    public static let sensingRateBps = 0, sensingPowerW = 1, dtDeviation = 2, capacitance = 3, maxFrequencyHz = 4,
                      maxPowerW = 5, minSemanticRatio = 6, deadlineS = 7, minAccuracy = 8, energyBudgetJ = 9
    public static let count = 10
    public let stride: Int
    public let storage: [Double]

    /// Users rounded up to whole vectors of 8.
    @inlinable public static func paddedCount(_ users: Int) -> Int { (users + 7) & ~7 }

    public init(_ devices: [DeviceProfile]) {
        let P = DeviceColumns.paddedCount(devices.count)
        var s = [Double](repeating: 1, count: P * DeviceColumns.count)
        for (u, d) in devices.enumerated() {
            s[DeviceColumns.sensingRateBps * P + u] = d.sensingRateBps
            s[DeviceColumns.sensingPowerW * P + u] = d.sensingPowerW
            s[DeviceColumns.dtDeviation * P + u] = d.dtDeviation
            s[DeviceColumns.capacitance * P + u] = d.capacitance
            s[DeviceColumns.maxFrequencyHz * P + u] = d.maxFrequencyHz
            s[DeviceColumns.maxPowerW * P + u] = d.maxPowerW
            s[DeviceColumns.minSemanticRatio * P + u] = d.minSemanticRatio
            s[DeviceColumns.deadlineS * P + u] = d.deadlineS
            s[DeviceColumns.minAccuracy * P + u] = d.minAccuracy
            s[DeviceColumns.energyBudgetJ * P + u] = d.energyBudgetJ
        }
        stride = P
        storage = s
    }
}
