import Foundation

/// A trained policy on disk (JSON): architecture, every weight, observation
/// normalisation statistics and free-form metadata (the offloading environment
/// stores its instance fingerprint there so a policy is not used on an instance
/// of another shape).
public struct PolicyFile: Codable, Sendable, Equatable {
    /// Identifies the format.
    public var format: String = "offload-policy"
    /// Bumped when the layout changes incompatibly.
    public var version: Int = 1
    /// Shapes and options to rebuild the networks.
    public var architecture: PolicyArchitecture
    /// Flat parameter vector `[actor | critic | log-std]` in `ActorCriticPolicy` layout.
    public var parameters: [Float]
    /// Observation normalisation statistics (nil when off).
    public var observationStats: RunningMeanStd?
    /// Caller-defined strings, e.g. the instance fingerprint.
    public var metadata: [String: String]

    public init(architecture: PolicyArchitecture, parameters: [Float], observationStats: RunningMeanStd?,
                metadata: [String: String]) {
        self.architecture = architecture
        self.parameters = parameters
        self.observationStats = observationStats
        self.metadata = metadata
    }

    /// JSON bytes (sorted keys; Floats are written with round-trip precision).
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(self)
    }

    /// Writes the file.
    public func write(to url: URL) throws { try encoded().write(to: url, options: .atomic) }

    /// Decodes a policy file, with an error that says what is wrong.
    public static func decode(_ data: Data) throws -> PolicyFile {
        let file: PolicyFile
        do {
            file = try JSONDecoder().decode(PolicyFile.self, from: data)
        } catch let DecodingError.keyNotFound(key, ctx) {
            throw PolicyError.unreadableFile("missing field '\((ctx.codingPath + [key]).map(\.stringValue).joined(separator: "."))'")
        } catch let DecodingError.typeMismatch(_, ctx) {
            throw PolicyError.unreadableFile("wrong type at '\(ctx.codingPath.map(\.stringValue).joined(separator: "."))'")
        } catch {
            throw PolicyError.unreadableFile("\(error)")
        }
        guard file.format == "offload-policy" else { throw PolicyError.unreadableFile("format is '\(file.format)', expected 'offload-policy'") }
        guard file.version == 1 else { throw PolicyError.unreadableFile("version \(file.version) is not supported (expected 1)") }
        return file
    }

    /// Reads and decodes a policy file.
    public static func read(from url: URL) throws -> PolicyFile {
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw PolicyError.unreadableFile("\(url.path): \(error.localizedDescription)") }
        return try decode(data)
    }
}
