import ArgumentParser
import Foundation
import OffloadSolvers

struct MILPBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "milp",
        abstract: "Per-slot grid MILP: this solver vs GLPK on the naive full formulation (build with -c release).")

    @Option(help: "Comma-separated user counts (every user active).")
    var users: String = "50,100,200"

    @Option(help: "Satellites.")
    var satellites: Int = 9

    @Option(help: "Resource units per server (bandwidth and compute).")
    var units: Int = 16

    @Option(name: .customLong("time-limit"), help: "Time limit per solve, s (both methods).")
    var timeLimit: Double = 10

    @Option(help: "Relative gap at which both methods stop (0: prove optimality).")
    var gap: Double = 0

    @Option(help: "Generator seed.")
    var seed: UInt64 = 1

    @Option(help: "Visible satellites per user: 'lo-hi' (a random subset per user, BRIEF §6's generator) or 'all' (the LEO geometry).")
    var visible: String = "3-6"

    @Flag(name: .customLong("no-naive"), help: "Skip the naive formulation.")
    var noNaive = false

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        let sizes = users.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !sizes.isEmpty, sizes.allSatisfy({ $0 > 0 }), satellites > 0, units > 0, timeLimit > 0, gap >= 0 else {
            throw ValidationError("--users must list positive integers; --satellites, --units, --time-limit must be positive, --gap >= 0")
        }
        var range: (Int, Int)?
        if visible != "all" {
            let parts = visible.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 2, parts[0] >= 1, parts[1] >= parts[0] else {
                throw ValidationError("--visible must be 'lo-hi' with 1 <= lo <= hi, or 'all' (got '\(visible)')")
            }
            range = (parts[0], parts[1])
        }
        let rows = try reportingErrors {
            try MILPBenchmark.run(users: sizes, satellites: satellites, units: units, timeLimit: timeLimit, relativeGap: gap,
                                  seed: seed, naive: !noNaive, visible: range) { FileHandle.standardError.write(($0 + "\n").data(using: .utf8)!) }
        }
        if json {
            struct Out: Codable { var benchmark: String; var timeLimit: Double; var units: Int; var results: [MILPBenchmark.Row] }
            print(try encodeJSON(Out(benchmark: "milp", timeLimit: timeLimit, units: units, results: rows)))
        } else {
            var t = Table(["users", "options", "seconds", "gap", "status", "naive options", "naiveSeconds", "naiveGap", "naive status"])
            for r in rows {
                t.add(["\(r.users)", "\(r.options)", fmt(r.seconds), String(format: "%.5f %%", 100 * r.gap), r.status,
                       "\(r.naiveOptions)", r.naiveSeconds.map { fmt($0) } ?? "-",
                       r.naiveGap.map { String(format: "%.4f %%", 100 * $0) } ?? "-", r.naiveStatus ?? "-"])
            }
            print(t.render())
        }
    }
}
