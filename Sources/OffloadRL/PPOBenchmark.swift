import Foundation
import NeuralNet

/// Training benchmarks that the CLI (`offload bench ppo`) and `offload-rl-bench` call.
public enum PPOBenchmark {
    /// One benchmark run (Codable for `--json`).
    public struct Result: Codable, Sendable {
        /// Environment name.
        public var environment: String
        /// Training seed.
        public var seed: UInt64
        /// Transitions collected (whole rollouts, so at least the budget).
        public var transitions: Int
        /// Wall-clock seconds of training (rollouts and updates; evaluation excluded).
        public var trainingSeconds: Double
        /// `transitions / trainingSeconds`.
        public var stepsPerSecond: Double
        /// Mean deterministic-policy return over the evaluation episodes.
        public var finalReturn: Double
        /// Return of each evaluation episode.
        public var evaluationReturns: [Double]
    }

    /// PPO with the SB3 anchor settings (`PPOConfig.pendulumAnchor`) on Pendulum-v1,
    /// one thread, then `evaluationEpisodes` deterministic episodes.
    public static func pendulum(steps: Int = 25_000, seed: UInt64, evaluationEpisodes: Int = 10,
                                config: PPOConfig = .pendulumAnchor,
                                progress: ((PPOProgress) -> Void)? = nil) throws -> Result {
        GEMM.useSingleThread()
        var c = config
        c.totalSteps = steps
        let trainer = try PPOTrainer(environment: PendulumEnvironment(), config: c, seed: seed)
        let start = Date()
        trainer.train { p in progress?(p); return true }
        let seconds = Date().timeIntervalSince(start)
        let eval = try PolicyEvaluator.evaluate(policy: trainer.policy, environment: PendulumEnvironment(),
                                                episodes: evaluationEpisodes, seed: seed &+ 1_000_003)
        return Result(environment: "Pendulum-v1", seed: seed, transitions: trainer.transitions, trainingSeconds: seconds,
                      stepsPerSecond: Double(trainer.transitions) / seconds, finalReturn: eval.mean,
                      evaluationReturns: eval.episodeReturns)
    }
}
