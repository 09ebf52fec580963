import OffloadModel

/// The shape of an instance as a policy sees it: a policy trained on one shape can act on any
/// instance (or episode) of the same shape, and only on those.
public struct InstanceFingerprint: Codable, Hashable, Sendable, CustomStringConvertible {
    /// Users (agents).
    public var users: Int
    /// Servers (categorical options besides local).
    public var servers: Int
    /// Task classes (one-hot width in the observation).
    public var classes: Int
    /// Per-user observation length (`OffloadObservation.size`).
    public var observationSize: Int

    public init(users: Int, servers: Int, classes: Int) {
        self.users = users
        self.servers = servers
        self.classes = classes
        observationSize = OffloadObservation.size(servers: servers, classes: classes)
    }

    public init(scenario: Scenario) {
        self.init(users: scenario.userCount, servers: scenario.serverCount, classes: scenario.taskClasses.count)
    }

    /// `users=50 servers=5 classes=3 observation=46`: stored in the policy file's metadata.
    public var description: String {
        "users=\(users) servers=\(servers) classes=\(classes) observation=\(observationSize)"
    }

    /// Parses `description`; nil when the text is not a fingerprint.
    public init?(_ text: String) {
        var fields: [String: Int] = [:]
        for part in text.split(separator: " ") {
            let kv = part.split(separator: "=", maxSplits: 1)
            guard kv.count == 2, let v = Int(kv[1]) else { return nil }
            fields[String(kv[0])] = v
        }
        guard let u = fields["users"], let s = fields["servers"], let c = fields["classes"],
              let o = fields["observation"] else { return nil }
        users = u
        servers = s
        classes = c
        observationSize = o
    }

    /// Metadata key of the fingerprint in a policy file.
    public static let metadataKey = "instanceFingerprint"
}
