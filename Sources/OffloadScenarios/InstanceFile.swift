import OffloadModel

/// The JSON instance format (`instances/schema.json`): either generator parameters plus a seed,
/// expanded deterministically, or every slot written out. Field names carry their units.
public struct Instance: Codable, Hashable, Sendable {
    /// Format tag, `"offload-instance/1"`.
    public var format: String
    public var name: String
    public var description: String?
    /// Slot length `tau`, s.
    public var slotSeconds: Double
    public var serverInput: ServerInput?
    public var localExecutionAllowed: Bool?
    public var objective: Objective?
    public var logisticQoE: LogisticQoE?
    public var mosQoE: MOSQoE?
    public var taskClasses: [TaskClass]
    /// Exactly one of `leo`, `baseStation`, `explicit` is present.
    public var leo: LEOGenerator?
    public var baseStation: BaseStationGenerator?
    public var explicit: ExplicitScenario?

    public static let formatTag = "offload-instance/1"

    public init(name: String, description: String? = nil, slotSeconds: Double, taskClasses: [TaskClass],
                objective: Objective? = nil, leo: LEOGenerator? = nil, baseStation: BaseStationGenerator? = nil,
                explicit: ExplicitScenario? = nil) {
        self.format = Instance.formatTag
        self.name = name
        self.description = description
        self.slotSeconds = slotSeconds
        self.taskClasses = taskClasses
        self.objective = objective
        self.leo = leo
        self.baseStation = baseStation
        self.explicit = explicit
    }

    /// Whether a seed changes the scenario (generated instances) or not (explicit ones).
    public var isGenerated: Bool { explicit == nil }

    /// The generator seed written in the file (nil for explicit instances).
    public var seed: UInt64? { leo?.seed ?? baseStation?.seed }

    /// Checks every field; throws the first rule broken, naming field, value and rule.
    public func validate() throws {
        var r = Rules()
        r.require(format == Instance.formatTag, "format", "\"\(format)\"", "must be \"\(Instance.formatTag)\"")
        r.require(!name.isEmpty, "name", "\"\"", "must not be empty")
        r.positive(slotSeconds, "slotSeconds")
        r.count(taskClasses.count, atLeast: 1, "taskClasses")
        for (i, c) in taskClasses.enumerated() { c.validate("taskClasses[\(i)]", into: &r) }
        let sources = [leo != nil, baseStation != nil, explicit != nil].filter { $0 }.count
        r.require(sources == 1, "leo|baseStation|explicit", "\(sources) given",
                  "exactly one of 'leo', 'baseStation' or 'explicit' must be present")
        if let o = objective { o.validate(into: &r) }
        if let q = logisticQoE {
            r.nonNegative(q.delayWeight, "logisticQoE.delayWeight")
            r.nonNegative(q.energyWeight, "logisticQoE.energyWeight")
            r.nonNegative(q.accuracyWeight, "logisticQoE.accuracyWeight")
            r.nonNegative(q.delaySlopePerS, "logisticQoE.delaySlopePerS")
            r.nonNegative(q.energySlopePerJ, "logisticQoE.energySlopePerJ")
            r.nonNegative(q.accuracySlope, "logisticQoE.accuracySlope")
        }
        if let m = mosQoE {
            r.nonNegative(m.minLatencyS, "mosQoE.minLatencyS")
            r.require(m.maxLatencyS > m.minLatencyS, "mosQoE.maxLatencyS", "\(m.maxLatencyS)", "must exceed mosQoE.minLatencyS")
            r.inRange(m.satisfactionWeight, 0, 1, "mosQoE.satisfactionWeight")
            r.positive(m.costBudgetJ, "mosQoE.costBudgetJ")
        }
        try r.check()
        if let g = leo { try g.validate(classCount: taskClasses.count) }
        if let g = baseStation { try g.validate(classCount: taskClasses.count) }
        if let e = explicit { try e.validate(classCount: taskClasses.count) }
    }

    /// The model parameters this instance implies, with the given noise density.
    func parameters(noiseDensityWPerHz: Double) -> ModelParameters {
        ModelParameters(slotSeconds: slotSeconds, noiseDensityWPerHz: noiseDensityWPerHz,
                        serverInput: serverInput ?? .decoded, localExecutionAllowed: localExecutionAllowed ?? true,
                        objective: objective ?? Objective(), logisticQoE: logisticQoE ?? LogisticQoE(),
                        mosQoE: mosQoE ?? MOSQoE())
    }

    /// Expands the instance into a scenario. For generated instances `seed` overrides the file's seed
    /// (experiments draw many episodes from one file); explicit instances ignore it.
    public func scenario(seed: UInt64? = nil) throws -> Scenario {
        try validate()
        if let g = leo { return g.generate(instance: self, seed: seed ?? g.seed) }
        if let g = baseStation { return g.generate(instance: self, seed: seed ?? g.seed) }
        if let e = explicit { return try e.scenario(instance: self) }
        throw InstanceError.missing(field: "leo|baseStation|explicit")
    }
}

extension Objective {
    func validate(into r: inout Rules) {
        r.inRange(energyWeight, 0, 1, "objective.energyWeight")
        r.positive(delayScaleS, "objective.delayScaleS")
        r.positive(energyScaleJ, "objective.energyScaleJ")
        r.finite(utilityDelayWeight, "objective.utilityDelayWeight")
        r.finite(utilityEnergyWeight, "objective.utilityEnergyWeight")
        r.finite(utilityQoEWeight, "objective.utilityQoEWeight")
        if aggregation == .max {
            r.require(kind == .delay || kind == .delayEnergy, "objective.aggregation", "\"max\"",
                      "max aggregation applies to delay and delayEnergy objectives only")
        }
    }
}
