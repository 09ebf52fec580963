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
    public var devices: [DeviceProfile]
    public var servers: [ServerProfile] { didSet { serverDeviations = servers.map(\.dtDeviation) } }
    public var slots: [SlotState]
    /// `taskClasses` without names, kept in step by `didSet`, for the formulas' hot loops.
    public private(set) var taskCosts: [TaskCost]
    /// `servers[l].dtDeviation`, kept in step by `didSet`.
    public private(set) var serverDeviations: [Double]

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
    }

    public var userCount: Int { devices.count }
    public var serverCount: Int { servers.count }
}
