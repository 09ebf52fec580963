import NeuralNet

/// Every PPO hyperparameter in one place (CleanRL's `Args`), with defaults.
///
/// Units: `totalSteps` counts transitions (one agent acting once); a rollout is
/// `rolloutLength` environment steps, i.e. `rolloutLength * agentCount`
/// transitions. Training runs whole rollouts until at least `totalSteps`
/// transitions are collected (as SB3's `learn`, which also finishes the rollout).
public struct PPOConfig: Codable, Sendable, Equatable {
    /// Transition budget.
    public var totalSteps: Int = 25_000
    /// Environment steps per rollout (SB3 `n_steps`).
    public var rolloutLength: Int = 2048
    /// Passes over each rollout (SB3 `n_epochs`).
    public var epochs: Int = 10
    /// Transitions per gradient step (SB3 `batch_size`).
    public var minibatchSize: Int = 64
    /// Discount factor.
    public var gamma: Float = 0.99
    /// GAE lambda.
    public var gaeLambda: Float = 0.95
    /// Policy ratio clip range epsilon.
    public var clipRange: Float = 0.2
    /// Clip of the value prediction around the old value (SB3 `clip_range_vf`); nil = unclipped.
    public var valueClipRange: Float? = nil
    /// Normalise advantages per minibatch (mean 0, unbiased std 1).
    public var normalizeAdvantage: Bool = true
    /// Entropy bonus weight.
    public var entropyCoefficient: Float = 0
    /// Value loss weight.
    public var valueCoefficient: Float = 0.5
    /// Global gradient-norm clip.
    public var maxGradNorm: Float = 0.5
    /// Adam learning rate (initial, for a schedule).
    public var learningRate: Float = 3e-4
    /// Constant or linear decay over the budget.
    public var learningRateSchedule: LearningRateSchedule = .constant
    /// gSDE: resample the exploration matrix every this many environment steps
    /// (-1 = only at the start of each rollout), as SB3 `sde_sample_freq`.
    public var sdeSampleFrequency: Int = -1
    /// Stop an update's epochs early once the approximate KL exceeds 1.5 x this (SB3 `target_kl`).
    public var targetKL: Float? = nil
    /// Network and distribution options.
    public var policy = PolicyOptions()

    public init() {}

    /// PPO-SO of seed 000 §4.1: actor and critic 128-64, gamma 0.99, GAE 0.95,
    /// clip 0.2, minibatch 64, 25k steps. The paper does not give the learning
    /// rate, rollout length, epochs or loss weights: SB3's defaults fill them
    /// (3e-4, 2048, 10, value 0.5, entropy 0, max-grad-norm 0.5).
    public static var paper: PPOConfig { PPOConfig() }

    /// The Stable-Baselines3 anchor on Pendulum-v1 (BRIEF §6, rl-zoo's tuned
    /// PPO entry): one environment, 128-64, 1024-step rollouts, 10 epochs,
    /// minibatch 64, gamma 0.9, GAE 0.95, clip 0.2, lr 1e-3, gSDE resampled every
    /// 4 steps, tanh, orthogonal init, log-std init 0, no observation normalisation.
    public static var pendulumAnchor: PPOConfig {
        var c = PPOConfig()
        c.rolloutLength = 1024
        c.gamma = 0.9
        c.learningRate = 1e-3
        c.sdeSampleFrequency = 4
        c.policy.stateDependentExploration = true
        return c
    }

    /// Describes what is wrong with the configuration, or nil.
    public func validationError() -> String? {
        if totalSteps <= 0 { return "totalSteps must be > 0, got \(totalSteps)" }
        if rolloutLength <= 0 { return "rolloutLength must be > 0, got \(rolloutLength)" }
        if epochs <= 0 { return "epochs must be > 0, got \(epochs)" }
        if minibatchSize <= 0 { return "minibatchSize must be > 0, got \(minibatchSize)" }
        if !(gamma >= 0 && gamma <= 1) { return "gamma must be in [0, 1], got \(gamma)" }
        if !(gaeLambda >= 0 && gaeLambda <= 1) { return "gaeLambda must be in [0, 1], got \(gaeLambda)" }
        if !(clipRange > 0) { return "clipRange must be > 0, got \(clipRange)" }
        if !(learningRate > 0) { return "learningRate must be > 0, got \(learningRate)" }
        if !(maxGradNorm > 0) { return "maxGradNorm must be > 0, got \(maxGradNorm)" }
        return nil
    }
}

/// What the trainer reports after each update.
public struct PPOProgress: Codable, Sendable {
    /// Updates done.
    public var iteration: Int
    /// Transitions collected so far.
    public var transitions: Int
    /// Episodes finished so far (per agent).
    public var episodes: Int
    /// Mean return of the last (up to) 100 finished agent-episodes, nil before the first.
    public var meanEpisodeReturn: Double?
    /// Means over the update's minibatch samples: clipped-surrogate loss, value loss,
    /// entropy, approximate KL `mean((r - 1) - log r)`, fraction with `|r - 1| > clip`.
    public var policyLoss: Float
    public var valueLoss: Float
    public var entropy: Float
    public var approxKL: Float
    public var clipFraction: Float
    /// Learning rate used in this update.
    public var learningRate: Float
    /// Wall-clock seconds since `train` started.
    public var elapsedSeconds: Double
}
