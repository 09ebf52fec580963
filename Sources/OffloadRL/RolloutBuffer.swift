import NeuralNet

/// One rollout of `steps x agents` transitions, stored `[step][agent]` in flat
/// arrays (SB3's `RolloutBuffer`). Observations are stored already normalised,
/// Gaussian actions before mapping (the log-probability is of those).
public final class RolloutBuffer {
    public let steps: Int
    public let agents: Int
    public let observationSize: Int
    public let discreteCount: Int
    public let continuousCount: Int
    /// Transitions stored when full.
    public var capacity: Int { steps * agents }

    // Per transition, `[step][agent]` order: observation rows, Gaussian samples before
    // mapping, categorical choices, masks, log-prob, value, reward, end flags, the value of
    // the final observation at truncations, and (after GAE) advantages and returns.
    public internal(set) var observations: [Float]
    public internal(set) var rawActions: [Float]
    public internal(set) var discreteActions: [Int32]
    public internal(set) var masks: [UInt8]
    public internal(set) var logProbs: [Float]
    public internal(set) var values: [Float]
    public internal(set) var rewards: [Float]
    public internal(set) var terminated: [Bool]
    public internal(set) var truncated: [Bool]
    public internal(set) var bootstrapValues: [Float]
    public internal(set) var advantages: [Float]
    public internal(set) var returns: [Float]
    /// Steps written so far in this rollout.
    public internal(set) var position = 0

    public init(steps: Int, agents: Int, observationSize: Int, discreteCount: Int, continuousCount: Int) {
        self.steps = steps
        self.agents = agents
        self.observationSize = observationSize
        self.discreteCount = discreteCount
        self.continuousCount = continuousCount
        let n = steps * agents
        observations = [Float](repeating: 0, count: n * observationSize)
        rawActions = [Float](repeating: 0, count: n * continuousCount)
        discreteActions = [Int32](repeating: 0, count: n)
        masks = [UInt8](repeating: 1, count: n * discreteCount)
        logProbs = [Float](repeating: 0, count: n)
        values = [Float](repeating: 0, count: n)
        rewards = [Float](repeating: 0, count: n)
        terminated = [Bool](repeating: false, count: n)
        truncated = [Bool](repeating: false, count: n)
        bootstrapValues = [Float](repeating: 0, count: n)
        advantages = [Float](repeating: 0, count: n)
        returns = [Float](repeating: 0, count: n)
    }

    /// Starts a new rollout.
    public func reset() { position = 0 }

    /// Whether `steps` steps have been written.
    public var isFull: Bool { position >= steps }

    /// Computes advantages and returns (see `GAE`).
    public func computeAdvantages(lastValues: [Float], gamma: Float, lambda: Float) {
        GAE.compute(rewards: rewards, values: values, terminated: terminated, truncated: truncated,
                    bootstrapValues: bootstrapValues, lastValues: lastValues, agents: agents,
                    gamma: gamma, lambda: lambda, advantages: &advantages, returns: &returns)
    }
}
