import Foundation

/// A gnuplot executable, run through Foundation's `Process`.
public struct Gnuplot: Sendable, Equatable {
    public let executable: URL

    public init(executable: URL) { self.executable = executable }

    /// The first executable `gnuplot` in the colon-separated `searchPath` (default: `$PATH`),
    /// or nil when there is none.
    public static func find(searchPath: String? = ProcessInfo.processInfo.environment["PATH"]) -> Gnuplot? {
        guard let searchPath else { return nil }
        for dir in searchPath.split(separator: ":") where !dir.isEmpty {
            let candidate = URL(fileURLWithPath: String(dir)).appendingPathComponent("gnuplot")
            if FileManager.default.isExecutableFile(atPath: candidate.path) {
                return Gnuplot(executable: candidate)
            }
        }
        return nil
    }

    /// Names of the terminals this gnuplot offers (parsed from `gnuplot -e "set terminal"`,
    /// which prints the list on stderr). Empty when gnuplot cannot be run.
    public func terminals() -> Set<String> {
        guard let run = try? run(arguments: ["-e", "set terminal"], in: nil), run.status == 0 else { return [] }
        var names = Set<String>()
        for line in run.output.split(separator: "\n") {
            let words = line.split(separator: " ", omittingEmptySubsequences: true)
            // Terminal lines look like "       pngcairo  png terminal based on cairo".
            if words.count >= 2, line.hasPrefix(" "), let first = words.first { names.insert(String(first)) }
        }
        return names
    }

    /// Runs the chart's script in the image's directory (the script names its files
    /// relative to it) and checks that a non-empty image came out.
    func draw(_ files: PlotFiles) -> PlotStatus {
        let directory = files.image.deletingLastPathComponent()
        // A stale image from an earlier run must not pass for a fresh one.
        try? FileManager.default.removeItem(at: files.image)
        let result: (status: Int32, output: String)
        do {
            result = try run(arguments: [files.script.lastPathComponent], in: directory)
        } catch {
            return .gnuplotFailed(exitStatus: -1, output: "could not start \(executable.path): \(error)")
        }
        guard result.status == 0 else { return .gnuplotFailed(exitStatus: result.status, output: result.output) }
        let size = (try? FileManager.default.attributesOfItem(atPath: files.image.path)[.size] as? NSNumber)?.intValue ?? 0
        guard size > 0 else {
            return .gnuplotFailed(exitStatus: 0, output: "no image was written. " + result.output)
        }
        return .rendered
    }

    /// Runs gnuplot with stdin closed (so it never waits for input) and returns its exit
    /// status with stdout and stderr merged.
    func run(arguments: [String], in directory: URL?) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Drain before waiting: a full pipe would block gnuplot and deadlock us.
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
