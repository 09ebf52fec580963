/// How the Gaussian part of a hybrid action is mapped into its bounds.
public enum ContinuousMapping: String, Codable, Sendable {
    /// Stable-Baselines3's default for PPO: the environment receives
    /// `clamp(u, low, high)`; the log-probability is that of the unclipped
    /// Gaussian sample `u` (the clipping is treated as part of the environment).
    case clip
    /// `a = low + (high - low) * (tanh(u) + 1) / 2`; the log-probability
    /// includes the change-of-variables term
    /// `-sum_i log((high_i - low_i) / 2 * (1 - tanh(u_i)^2))`.
    case tanh
}

/// The action space of one agent: an optional categorical choice (with a mask
/// of allowed options per step) plus `continuousCount` bounded reals.
public struct HybridActionSpec: Codable, Sendable, Equatable {
    /// Number of discrete options; 0 means no categorical head.
    public var discreteCount: Int
    /// Lower bound of each continuous component.
    public var continuousLow: [Float]
    /// Upper bound of each continuous component.
    public var continuousHigh: [Float]

    /// Number of continuous components.
    public var continuousCount: Int { continuousLow.count }

    public init(discreteCount: Int, continuousLow: [Float], continuousHigh: [Float]) {
        self.discreteCount = discreteCount
        self.continuousLow = continuousLow
        self.continuousHigh = continuousHigh
    }

    /// Describes what is wrong with the spec, or nil when it is usable.
    public func validationError() -> String? {
        if discreteCount < 0 { return "discreteCount must be >= 0, got \(discreteCount)" }
        if continuousLow.count != continuousHigh.count {
            return "continuousLow has \(continuousLow.count) bounds but continuousHigh has \(continuousHigh.count)"
        }
        for i in 0..<continuousLow.count where !(continuousLow[i] < continuousHigh[i]) {
            return "continuous component \(i): low \(continuousLow[i]) must be < high \(continuousHigh[i])"
        }
        if discreteCount == 0 && continuousLow.isEmpty { return "action space is empty" }
        return nil
    }
}

/// Actions for all agents of one step.
public struct HybridActionBatch: Sendable {
    /// Number of agents.
    public let agentCount: Int
    /// Chosen option per agent (`agentCount` entries; empty when there is no categorical head).
    public var discrete: [Int]
    /// Continuous components, already mapped into `[low, high]`, row-major `agentCount x continuousCount`.
    public var continuous: [Float]

    public init(agentCount: Int, spec: HybridActionSpec) {
        self.agentCount = agentCount
        discrete = [Int](repeating: 0, count: spec.discreteCount > 0 ? agentCount : 0)
        continuous = [Float](repeating: 0, count: agentCount * spec.continuousCount)
    }
}

/// What one `step` returns for every agent.
///
/// Episodes may end per agent. An environment auto-resets an agent whose episode
/// ended in the same `step` (Gymnasium's "same-step" autoreset): the agent's
/// last observation goes to `finalObservations`, and `observe` afterwards
/// already shows the first observation of its next episode.
public struct StepOutcome: Sendable {
    /// Reward per agent.
    public var rewards: [Float]
    /// Agent reached a terminal state (no bootstrapping).
    public var terminated: [Bool]
    /// Agent's episode was cut by a time limit (the trainer bootstraps from
    /// the value of `finalObservations`).
    public var truncated: [Bool]
    /// Last observation of agents whose episode ended, `agentCount x observationSize`;
    /// rows of other agents are ignored.
    public var finalObservations: [Float]

    public init(agentCount: Int, observationSize: Int) {
        rewards = [Float](repeating: 0, count: agentCount)
        terminated = [Bool](repeating: false, count: agentCount)
        truncated = [Bool](repeating: false, count: agentCount)
        finalObservations = [Float](repeating: 0, count: agentCount * observationSize)
    }
}

/// A vectorised, parameter-sharing multi-agent environment.
///
/// One `step` advances all `agentCount` agents at once; they share one policy,
/// which acts for all of them in one batched forward pass. Every agent-step is
/// one transition in the rollout buffer, and the trainer's step budget counts
/// these transitions.
public protocol RLEnvironment {
    /// Number of agents acting each step (fixed for the environment's life).
    var agentCount: Int { get }
    /// Length of one agent's observation vector.
    var observationSize: Int { get }
    /// Action space of one agent.
    var actionSpec: HybridActionSpec { get }

    /// Starts new episodes for every agent; the same seed gives the same episodes.
    mutating func reset(seed: UInt64)

    /// Writes the current observations (`agentCount x observationSize`) and,
    /// when `actionSpec.discreteCount > 0`, the action masks
    /// (`agentCount x discreteCount`, 1 = allowed, 0 = never chosen). Every
    /// agent must have at least one allowed option.
    func observe(into observations: inout [Float], masks: inout [UInt8])

    /// Applies `actions` and fills `outcome` (every field of every agent).
    mutating func step(_ actions: HybridActionBatch, outcome: inout StepOutcome)
}
