import ArgumentParser
import Foundation
import Testing
@testable import offload

/// The package root, from this file's path (Tests/CLITests/...).
private let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
private let leoDefault = root.appendingPathComponent("instances/leo-default.json").path

@Suite("offload compare (CLI)")
struct CompareCommandTests {
    /// Unknown and not-yet-available methods exit with status 2 (bad input), not a crash or a usage error.
    @Test(arguments: ["local,foo", "local,sac", "ppo:agent.json", "ga:3", "ga,ga"])
    func rejectsMethodsItCannotRun(methods: String) throws {
        var command = try CompareCommand.parseAsRoot([leoDefault, "--methods", methods, "--episodes", "1", "--seeds", "1",
                                                      "--quiet"])
        #expect(throws: ExitCode(2)) { try command.run() }
    }

    @Test func rejectsAReferenceThatIsNotCompared() throws {
        var command = try CompareCommand.parseAsRoot([leoDefault, "--methods", "local,random", "--reference", "ga",
                                                      "--episodes", "1", "--seeds", "1", "--quiet"])
        #expect(throws: ExitCode(2)) { try command.run() }
    }

    @Test(arguments: [["--episodes", "0"], ["--seeds", "0"], ["--plot", "x.gif"], ["--plot-metric", "speed"]])
    func rejectsBadOptions(extra: [String]) {
        #expect(throws: (any Error).self) { _ = try CompareCommand.parseAsRoot([leoDefault] + extra) }
    }

    /// A small end-to-end run writes the CSV (one row per run) and the chart's data and script.
    @Test func writesCSVAndPlotFiles() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("offload-cli-compare-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("runs.csv").path
        let plot = dir.appendingPathComponent("delay.svg").path
        var command = try CompareCommand.parseAsRoot([
            leoDefault, "--methods", "local,nonsemantic,random,ga", "--episodes", "2", "--seeds", "2", "--slots", "1",
            "--ga-population", "6", "--ga-generations", "3", "--csv", csv, "--plot", plot, "--json", "--quiet"])
        try command.run()
        let text = try String(contentsOfFile: csv, encoding: .utf8)
        let lines = text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.count == 1 + 4 * 2 * 2)
        #expect(lines[0].hasPrefix("method,methodSeed,episode,instanceSeed,meanDelaySeconds"))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("delay.dat").path))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("delay.gp").path))
    }
}
