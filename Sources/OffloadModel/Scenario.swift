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

/// The devices' numbers in blocks of `block` (8) users ("array of structures of arrays"): column `c` of user `u`
/// at `storage[(u / block) * count * block + c * block + u % block]`, the last block padded with ones, so the
/// evaluator loads a vector of users' parameters with one load at a fixed offset from the block.
public struct DeviceColumns: Hashable, Sendable {
    public static let sensingRateBps = 0, sensingPowerW = 1, dtDeviation = 2, capacitance = 3, maxFrequencyHz = 4,
                      maxPowerW = 5, minSemanticRatio = 6, deadlineS = 7, minAccuracy = 8, energyBudgetJ = 9
    public static let count = 10
    /// Users per block (a power of two, `1 << blockShift`).
    public static let block = 8
    public static let blockShift = 3
    public let users: Int
    public let storage: [Double]

    /// Users rounded up to whole blocks.
    @inlinable public static func paddedCount(_ users: Int) -> Int { (users + block - 1) / block * block }
    /// Index of column `c` of user `u` in `storage`.
    @inlinable public static func index(_ u: Int, _ c: Int) -> Int {
        (u &>> blockShift) &* (count &* block) &+ c &* block &+ (u & (block &- 1))
    }

    public init(_ devices: [DeviceProfile]) {
        var s = [Double](repeating: 1, count: DeviceColumns.paddedCount(devices.count) * DeviceColumns.count)
        for (u, d) in devices.enumerated() {
            s[DeviceColumns.index(u, DeviceColumns.sensingRateBps)] = d.sensingRateBps
            s[DeviceColumns.index(u, DeviceColumns.sensingPowerW)] = d.sensingPowerW
            s[DeviceColumns.index(u, DeviceColumns.dtDeviation)] = d.dtDeviation
            s[DeviceColumns.index(u, DeviceColumns.capacitance)] = d.capacitance
            s[DeviceColumns.index(u, DeviceColumns.maxFrequencyHz)] = d.maxFrequencyHz
            s[DeviceColumns.index(u, DeviceColumns.maxPowerW)] = d.maxPowerW
            s[DeviceColumns.index(u, DeviceColumns.minSemanticRatio)] = d.minSemanticRatio
            s[DeviceColumns.index(u, DeviceColumns.deadlineS)] = d.deadlineS
            s[DeviceColumns.index(u, DeviceColumns.minAccuracy)] = d.minAccuracy
            s[DeviceColumns.index(u, DeviceColumns.energyBudgetJ)] = d.energyBudgetJ
        }
        users = devices.count
        storage = s
    }
}
