import OffloadModel

/// The decisions file written by `offload solve --decisions-out` and read by `offload check`.
/// Only users with a task are listed; each record states its mode and every knob in SI units.
public struct DecisionFile: Codable, Hashable, Sendable {
    public var format: String
    public var instance: String
    public var solver: String
    /// The generator seed the scenario was expanded with (nil: explicit instance or the file's own seed).
    public var seed: UInt64?
    public var slots: [Slot]

    public static let formatTag = "offload-decisions/1"

    public struct Slot: Codable, Hashable, Sendable {
        public var slot: Int
        public var users: [User]
    }

    public struct User: Codable, Hashable, Sendable {
        public var user: Int
        /// Server index, or nil for local execution.
        public var server: Int?
        public var semanticRatio: Double
        public var powerW: Double
        public var bandwidthHz: Double
        public var computeHz: Double
        public var localFrequencyHz: Double
    }

    public init(instance: String, solver: String, seed: UInt64?, scenario: Scenario, decisions: [SlotDecision]) {
        format = DecisionFile.formatTag
        self.instance = instance
        self.solver = solver
        self.seed = seed
        slots = decisions.enumerated().map { t, d in
            let s = scenario.slots[t]
            let users = (0..<s.userCount).filter { s.active[$0] }.map { u in
                User(user: u, server: d.server[u] < 0 ? nil : Int(d.server[u]), semanticRatio: d.semanticRatio[u],
                     powerW: d.powerW[u], bandwidthHz: d.bandwidthHz[u], computeHz: d.computeHz[u],
                     localFrequencyHz: d.localFrequencyHz[u])
            }
            return Slot(slot: t, users: users)
        }
    }

    /// The decisions as slot arrays for the evaluator; checks shape against the scenario.
    /// A user with a task but no record is left local at zero frequency, which the checker flags (C6).
    public func slotDecisions(for scenario: Scenario) throws -> [SlotDecision] {
        var r = Rules()
        r.require(format == DecisionFile.formatTag, "format", "\"\(format)\"", "must be \"\(DecisionFile.formatTag)\"")
        r.require(slots.count <= scenario.slots.count, "slots", "\(slots.count) slots",
                  "must not exceed the instance's \(scenario.slots.count) slots")
        try r.check()
        var out: [SlotDecision] = []
        for (k, slot) in slots.enumerated() {
            r.require(slot.slot == k, "slots[\(k)].slot", "\(slot.slot)", "slots must be listed in order from 0")
            var d = SlotDecision(userCount: scenario.userCount)
            for (j, user) in slot.users.enumerated() {
                let p = "slots[\(k)].users[\(j)]"
                guard user.user >= 0 && user.user < scenario.userCount else {
                    r.require(false, p + ".user", "\(user.user)", "must name a user in [0, \(scenario.userCount - 1)]")
                    continue
                }
                for (value, name) in [(user.semanticRatio, "semanticRatio"), (user.powerW, "powerW"),
                                      (user.bandwidthHz, "bandwidthHz"), (user.computeHz, "computeHz"),
                                      (user.localFrequencyHz, "localFrequencyHz")] {
                    r.require(!value.isNaN, p + "." + name, "nan", "must be a number")
                }
                let u = user.user
                d.server[u] = Int32(clamping: user.server ?? -1)
                if let l = user.server, l < 0 { d.server[u] = Int32.max } // reported as C3, not silently local
                d.semanticRatio[u] = user.semanticRatio
                d.powerW[u] = user.powerW
                d.bandwidthHz[u] = user.bandwidthHz
                d.computeHz[u] = user.computeHz
                d.localFrequencyHz[u] = user.localFrequencyHz
            }
            out.append(d)
        }
        try r.check()
        return out
    }
}
