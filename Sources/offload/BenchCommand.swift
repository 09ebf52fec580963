import ArgumentParser
import Foundation
import OffloadExperiments

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Benchmarks that print numbers (build with -c release).",
        subcommands: [EvaluatorBench.self, MILPBench.self, PPOBench.self])
}

struct EvaluatorBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluator", abstract: "Evaluator throughput in user-slot evaluations per second (one thread).")

    @Option(help: "Users per slot.")
    var users: Int = 200

    @Option(help: "Satellites.")
    var satellites: Int = 9

    @Option(help: "Comma-separated batch sizes in slots.")
    var batches: String = "1,10,100,1000"

    @Option(help: "Minimum seconds per measurement.")
    var seconds: Double = 0.5

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        let sizes = batches.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !sizes.isEmpty, sizes.allSatisfy({ $0 > 0 }), users > 0, satellites > 0 else {
            throw ValidationError("--batches must list positive integers; --users and --satellites must be positive")
        }
        let results = try reportingErrors {
            try EvaluatorBenchmark.run(users: users, satellites: satellites, batchSizes: sizes, minSeconds: seconds)
        }
        if json {
            struct Out: Codable { var benchmark: String; var results: [EvaluatorBenchmark.Result] }
            print(try encodeJSON(Out(benchmark: "evaluator", results: results)))
        } else {
            var t = Table(["slots/batch", "users", "evaluations", "seconds", "evaluations/s", "clock GHz", "cycles/evaluation"])
            for r in results {
                t.add(["\(r.slotsPerBatch)", "\(r.users)", "\(r.evaluations)", fmt(r.seconds), fmt(r.evaluationsPerSecond),
                       fmt(r.clockGHz), fmt(r.cyclesPerEvaluation)])
            }
            print(t.render())
        }
    }
}
