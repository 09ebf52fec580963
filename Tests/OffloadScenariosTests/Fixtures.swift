import Foundation

/// Paths of the files shipped in `instances/`, found from this source file so tests run from any directory.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static func instance(_ name: String) -> String { root.appendingPathComponent("instances/\(name)").path }
}
