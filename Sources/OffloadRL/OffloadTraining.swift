import Foundation
import NeuralNet
import OffloadModel
import OffloadScenarios

/// Training PPO-SO on an instance (`offload train`, `offload bench ppo`).
public enum OffloadTraining {
    /// PPO-SO's configuration for an environment with `horizon` slots per episode: `PPOConfig.paper`
    /// (000 §4.1 + SB3 defaults) with tanh-mapped Gaussian heads, observation normalisation and one episode
    /// (`horizon` slots x all users) per rollout, since SB3's 2048-step rollout would hold
    /// 2048 x 50 = 102,400 transitions, four times the paper's whole 25k budget.
    public static func config(horizon: Int, steps: Int = 25_000) -> PPOConfig {
        var c = PPOConfig.paper
        c.totalSteps = steps
        c.rolloutLength = max(1, horizon)
        c.policy.continuousMapping = .tanh
        c.policy.normalizeObservations = true
        return c
    }

    /// One row of the learning curve: the trainer's progress report after an update.
    public typealias CurvePoint = PPOProgress

    public struct Result {
        public var policy: ActorCriticPolicy
        public var file: PolicyFile
        public var curve: [CurvePoint]
        public var transitions: Int
        public var trainingSeconds: Double
        public var fingerprint: InstanceFingerprint
    }

    /// Trains on episodes of `instance` drawn from the training stream of `seed` (one thread).
    public static func train(instance: Instance, config: PPOConfig, seed: UInt64, slots: Int? = nil,
                             reward: OffloadReward = OffloadReward(), metadata: [String: String] = [:],
                             progress: ((PPOProgress) -> Void)? = nil) throws -> Result {
        GEMM.useSingleThread()
        let env = try OffloadEnvironment(instance: instance, slots: slots, reward: reward, seed: seed)
        let trainer = try PPOTrainer(environment: env, config: config, seed: seed)
        var curve: [CurvePoint] = []
        let start = Date()
        trainer.train { p in
            curve.append(p)
            progress?(p)
            return true
        }
        let seconds = Date().timeIntervalSince(start)
        var meta = metadata
        meta[InstanceFingerprint.metadataKey] = env.fingerprint.description
        meta["instance"] = instance.name
        meta["algorithm"] = "ppo"
        meta["trainingSeed"] = String(seed)
        meta["transitions"] = String(trainer.transitions)
        meta["rewardViolationPenaltyS"] = String(reward.violationPenaltyS)
        meta["rewardScaleS"] = String(reward.scaleS)
        meta["rolloutLength"] = String(config.rolloutLength)
        meta["gamma"] = String(config.gamma)
        meta["learningRate"] = String(config.learningRate)
        return Result(policy: trainer.policy, file: trainer.policy.file(metadata: meta), curve: curve,
                      transitions: trainer.transitions, trainingSeconds: seconds, fingerprint: env.fingerprint)
    }
}

extension PPOProgress {
    /// Header of the learning-curve CSV (`offload train --curve`).
    public static let csvHeader = "iteration,transitions,episodes,meanEpisodeReturn,policyLoss,valueLoss,entropy,approxKL,clipFraction,learningRate,elapsedSeconds"
    public var csvRow: String {
        [String(iteration), String(transitions), String(episodes), meanEpisodeReturn.map { String($0) } ?? "",
         String(policyLoss), String(valueLoss), String(entropy), String(approxKL), String(clipFraction),
         String(learningRate), String(elapsedSeconds)].joined(separator: ",")
    }
}
