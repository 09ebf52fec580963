import ArgumentParser
import Foundation
import NeuralNet
import OffloadRL
import OffloadScenarios

/// `offload bench ppo`: PPO training throughput on the pendulum fixture and on an offloading instance.
struct PPOBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ppo",
        abstract: "PPO training throughput (transitions per second incl. all updates, one thread; build with -c release).")

    @Option(help: "Training budget per run, transitions.")
    var steps: Int = 25_000

    @Option(help: "Training seed.")
    var seed: UInt64 = 1

    @Option(help: "Offloading instance benchmarked with the paper's configuration.")
    var instance: String = "instances/leo-default.json"

    @Flag(help: "Print JSON.")
    var json = false

    func validate() throws {
        if steps < 1 { throw ValidationError("--steps must be at least 1 (got \(steps))") }
    }

    /// One run (same fields as `PPOBenchmark.Result`).
    struct Run: Codable {
        var environment: String
        var seed: UInt64
        var transitions: Int
        var trainingSeconds: Double
        var stepsPerSecond: Double
        /// Mean deterministic-policy return of the evaluation agent-episodes (reward units of the environment).
        var finalReturn: Double
    }

    struct Out: Codable {
        var benchmark = "ppo"
        var results: [Run]
    }

    func run() throws {
        let results = try reportingErrors { () -> [Run] in
            GEMM.useSingleThread()
            let pendulum = try PPOBenchmark.pendulum(steps: steps, seed: seed)
            let file = try JSONCoding.load(Instance.self, path: instance)
            let horizon = try file.scenario().slots.count
            let r = try OffloadTraining.train(instance: file, config: OffloadTraining.config(horizon: horizon, steps: steps),
                                              seed: seed)
            let env = try OffloadEnvironment(instance: file, seed: seed &+ 1_000_003)
            let eval = try PolicyEvaluator.evaluate(policy: r.policy, environment: env, episodes: 1, seed: seed &+ 1_000_003)
            let leo = Run(environment: file.name, seed: seed, transitions: r.transitions,
                          trainingSeconds: r.trainingSeconds, stepsPerSecond: Double(r.transitions) / r.trainingSeconds,
                          finalReturn: eval.mean)
            let p = Run(environment: pendulum.environment, seed: pendulum.seed, transitions: pendulum.transitions,
                        trainingSeconds: pendulum.trainingSeconds, stepsPerSecond: pendulum.stepsPerSecond,
                        finalReturn: pendulum.finalReturn)
            return [p, leo]
        }
        if json {
            print(try encodeJSON(Out(results: results)))
        } else {
            var t = Table(["environment", "transitions", "seconds", "steps/s", "final return"])
            for r in results {
                t.add([r.environment, "\(r.transitions)", fmt(r.trainingSeconds), fmt(r.stepsPerSecond, 5), fmt(r.finalReturn)])
            }
            print(t.render())
        }
    }
}
