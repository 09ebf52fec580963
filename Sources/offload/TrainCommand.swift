import ArgumentParser
import Foundation
import OffloadRL
import OffloadScenarios

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a PPO-SO policy on episodes of an instance (one thread; progress on stderr).",
        discussion: """
            Steps are per-user transitions: one slot of a 50-user instance is 50 steps, one 20-slot episode 1,000. \
            Every episode is the instance expanded with a fresh seed from the training stream of --seed (disjoint from \
            the episodes 'offload compare' and 'offload evaluate' use). Defaults: PPO-SO of 000 §4.1 (actor and critic \
            128-64, gamma 0.99, GAE 0.95, clip 0.2, minibatch 64, 10 epochs, lr 3e-4), one episode per rollout, \
            tanh-mapped Gaussian heads, observation normalisation; reward -(delay + kappa 1{violation}) / scale \
            (docs/RL.md §6).
            """)

    @Argument(help: "Instance file (JSON, see instances/schema.json).")
    var instance: String

    @Option(help: "Algorithm (only ppo).")
    var algo: String = "ppo"

    @Option(help: "Training budget in per-user transitions (whole rollouts are collected).")
    var steps: Int = 25_000

    @Option(help: "Training seed (weights, episodes, exploration, minibatch order).")
    var seed: UInt64 = 1

    @Option(name: [.short, .customLong("output")], help: "Policy file to write (JSON).")
    var output: String

    @Option(help: "Write the learning curve (one row per update) to this CSV file.")
    var curve: String?

    @Option(help: "Episode length in slots (default: the instance's horizon).")
    var slots: Int?

    @Option(help: "Slots per rollout (default: one episode).")
    var rollout: Int?

    @Option(help: "Discount factor (paper: 0.99; 0.5 learns faster on leo-default, docs/RL.md §7).")
    var gamma: Float = 0.99

    @Option(name: .customLong("learning-rate"), help: "Adam learning rate.")
    var learningRate: Float = 3e-4

    @Option(help: "Epochs per update.")
    var epochs: Int = 10

    @Option(name: .customLong("entropy-coef"), help: "Entropy bonus coefficient.")
    var entropyCoef: Float = 0

    @Option(help: "Violation penalty kappa, seconds of delay.")
    var kappa: Double = 10

    @Option(name: .customLong("reward-scale"), help: "Rewards are divided by this many seconds.")
    var rewardScale: Double = 10

    @Flag(help: "No progress on stderr.")
    var quiet = false

    func validate() throws {
        guard algo == "ppo" else { throw ValidationError("unknown --algo '\(algo)': only ppo is available") }
        if steps < 1 { throw ValidationError("--steps must be at least 1 (got \(steps))") }
        if let slots, slots < 1 { throw ValidationError("--slots must be at least 1 (got \(slots))") }
        if let rollout, rollout < 1 { throw ValidationError("--rollout must be at least 1 (got \(rollout))") }
        if !(kappa >= 0) { throw ValidationError("--kappa must be >= 0 (got \(kappa))") }
        if !(rewardScale > 0) { throw ValidationError("--reward-scale must be > 0 (got \(rewardScale))") }
    }

    func run() throws {
        try reportingErrors {
            let file = try JSONCoding.load(Instance.self, path: instance)
            let horizon = try min(slots ?? Int.max, file.scenario().slots.count)
            var config = OffloadTraining.config(horizon: horizon, steps: steps)
            if let rollout { config.rolloutLength = rollout }
            config.gamma = gamma
            config.learningRate = learningRate
            config.epochs = epochs
            config.entropyCoefficient = entropyCoef
            if let why = config.validationError() { throw ValidationError(why) }
            let reward = OffloadReward(violationPenaltyS: kappa, scaleS: rewardScale)
            var lastPrint = Date.distantPast
            let result = try OffloadTraining.train(instance: file, config: config, seed: seed, slots: slots,
                                                   reward: reward) { p in
                guard !quiet else { return }
                let now = Date()
                if now.timeIntervalSince(lastPrint) >= 2 || p.transitions >= steps {
                    lastPrint = now
                    let ret = p.meanEpisodeReturn.map { String(format: "%.3f", $0) } ?? "-"
                    printError(String(format: "train: %d/%d steps, iteration %d, mean return %@, entropy %.3f, %.1f s",
                                      p.transitions, steps, p.iteration, ret, p.entropy, p.elapsedSeconds))
                }
            }
            do { try result.file.write(to: URL(fileURLWithPath: output)) } catch {
                throw InstanceError.unreadable(file: output, detail: "cannot write: \(error.localizedDescription)")
            }
            if let curve {
                let text = ([OffloadTraining.CurvePoint.csvHeader] + result.curve.map(\.csvRow)).joined(separator: "\n") + "\n"
                try write(text, to: curve)
            }
            if !quiet {
                printError(String(format: "wrote %@ (%d transitions in %.1f s, %.0f steps/s; shape %@)", output,
                                  result.transitions, result.trainingSeconds,
                                  Double(result.transitions) / result.trainingSeconds, result.fingerprint.description))
            }
        }
    }
}
