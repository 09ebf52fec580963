import Foundation
import NeuralNet

/// Returns of evaluation episodes.
public struct EvaluationResult: Codable, Sendable {
    /// Undiscounted return of each finished agent-episode, in finishing order.
    public var episodeReturns: [Double]
    public var mean: Double { episodeReturns.isEmpty ? 0 : episodeReturns.reduce(0, +) / Double(episodeReturns.count) }
    /// Population standard deviation.
    public var standardDeviation: Double {
        guard !episodeReturns.isEmpty else { return 0 }
        let m = mean
        return (episodeReturns.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(episodeReturns.count)).squareRoot()
    }
}

/// Runs a policy without learning.
public enum PolicyEvaluator {
    /// Plays `episodes` episodes of every agent with `policy` (deterministic by
    /// default: most likely option and Gaussian mean) and returns the
    /// `episodes * agentCount` agent-episode returns. Observation statistics are
    /// frozen. `maxSteps` guards against environments that never end an episode.
    public static func evaluate<E: RLEnvironment>(policy: ActorCriticPolicy, environment: E, episodes: Int, seed: UInt64,
                                                  deterministic: Bool = true, maxSteps: Int = 10_000_000) throws -> EvaluationResult {
        try policy.checkCompatible(observationSize: environment.observationSize, actionSpec: environment.actionSpec)
        var env = environment
        env.reset(seed: seed)
        let n = env.agentCount
        var obs = [Float](repeating: 0, count: n * env.observationSize)
        var masks = [UInt8](repeating: 1, count: n * env.actionSpec.discreteCount)
        var outcome = StepOutcome(agentCount: n, observationSize: env.observationSize)
        var rng = Xoshiro256StarStar(seed: seed ^ 0x5EED)
        var running = [Double](repeating: 0, count: n)
        var finished: [Double] = []
        let wanted = episodes * n
        var steps = 0
        while finished.count < wanted && steps < maxSteps {
            env.observe(into: &obs, masks: &masks)
            let actions = try policy.act(observations: obs, masks: masks, deterministic: deterministic, rng: &rng)
            env.step(actions, outcome: &outcome)
            for b in 0..<n {
                running[b] += Double(outcome.rewards[b])
                if outcome.terminated[b] || outcome.truncated[b] {
                    finished.append(running[b])
                    running[b] = 0
                }
            }
            steps += 1
        }
        return EvaluationResult(episodeReturns: Array(finished.prefix(wanted)))
    }
}
