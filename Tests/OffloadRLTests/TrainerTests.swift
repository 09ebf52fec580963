import Foundation
import Testing
import NeuralNet
@testable import OffloadRL

/// A small hybrid-action task with several agents: each agent sees a random
/// 3-vector; option 2 pays most (option 0 is masked for odd agents), and the
/// continuous component pays for being near 0.7 of its [0, 1] range.
struct ToyHybridEnvironment: RLEnvironment {
    let agentCount = 4
    let observationSize = 3
    var actionSpec = HybridActionSpec(discreteCount: 3, continuousLow: [0], continuousHigh: [1])
    var rng = Xoshiro256StarStar(seed: 0)
    var state = [Float](repeating: 0, count: 12)
    var t = 0

    mutating func reset(seed: UInt64) { rng = Xoshiro256StarStar(seed: seed); t = 0; draw() }
    mutating func draw() { for i in 0..<12 { state[i] = Float(rng.uniform(-1, 1)) } }

    func observe(into observations: inout [Float], masks: inout [UInt8]) {
        for i in 0..<12 { observations[i] = state[i] }
        for a in 0..<agentCount { masks[a * 3] = a % 2 == 1 ? 0 : 1; masks[a * 3 + 1] = 1; masks[a * 3 + 2] = 1 }
    }

    mutating func step(_ actions: HybridActionBatch, outcome: inout StepOutcome) {
        t += 1
        for a in 0..<agentCount {
            let bonus: Float = [0.2, 0.5, 1.0][actions.discrete[a]]
            let x = actions.continuous.isEmpty ? 0.7 : actions.continuous[a]
            outcome.rewards[a] = bonus - 2 * (x - 0.7) * (x - 0.7)
            outcome.terminated[a] = false
            outcome.truncated[a] = t % 10 == 0
            if outcome.truncated[a] { for i in 0..<3 { outcome.finalObservations[a * 3 + i] = state[a * 3 + i] } }
        }
        draw()
    }
}

@Suite("PPO trainer")
struct TrainerTests {
    func smallConfig() -> PPOConfig {
        var c = PPOConfig.pendulumAnchor
        c.totalSteps = 256
        c.rolloutLength = 128
        c.minibatchSize = 32
        c.epochs = 2
        c.policy.actorHidden = [16, 8]
        c.policy.criticHidden = [16, 8]
        return c
    }

    @Test func sameSeedGivesBitIdenticalWeights() throws {
        let a = try PPOTrainer(environment: PendulumEnvironment(), config: smallConfig(), seed: 5)
        let b = try PPOTrainer(environment: PendulumEnvironment(), config: smallConfig(), seed: 5)
        let c = try PPOTrainer(environment: PendulumEnvironment(), config: smallConfig(), seed: 6)
        a.train(); b.train(); c.train()
        #expect(a.transitions == 256)
        let wa = a.policy.parameters.values.array, wb = b.policy.parameters.values.array
        #expect(wa.map(\.bitPattern) == wb.map(\.bitPattern))
        #expect(wa != c.policy.parameters.values.array)
        // Training moved the weights away from the initial ones.
        let fresh = try PPOTrainer(environment: PendulumEnvironment(), config: smallConfig(), seed: 5)
        #expect(fresh.policy.parameters.values.array != wa)
    }

    @Test func hybridMultiAgentTaskIsLearned() throws {
        var c = PPOConfig()
        c.totalSteps = 6_000
        c.rolloutLength = 64
        c.minibatchSize = 64
        c.epochs = 4
        c.learningRate = 3e-3
        c.gamma = 0.5
        c.policy.actorHidden = [32, 32]
        c.policy.criticHidden = [32, 32]
        c.policy.continuousMapping = .tanh
        c.policy.normalizeObservations = true
        let trainer = try PPOTrainer(environment: ToyHybridEnvironment(), config: c, seed: 1)
        let before = try PolicyEvaluator.evaluate(policy: trainer.policy, environment: ToyHybridEnvironment(), episodes: 5, seed: 9)
        var reports = 0
        trainer.train { _ in reports += 1; return true }
        // 256 transitions per rollout (64 steps x 4 agents): 24 rollouts reach 6,000.
        #expect(reports == 24)
        #expect(trainer.transitions == 6_144)
        let after = try PolicyEvaluator.evaluate(policy: trainer.policy, environment: ToyHybridEnvironment(), episodes: 5, seed: 9)
        // Optimal: 10 steps x (1.0 - 0) = 10 per episode.
        #expect(after.mean > 9.0, "return before \(before.mean), after \(after.mean)")
        #expect(after.mean > before.mean)
        #expect(after.episodeReturns.count == 5 * 4)
        #expect(trainer.policy.observationStats != nil)
    }

    /// Without Gaussian heads the same trainer runs a purely categorical (masked) policy.
    @Test func discreteOnlyTaskIsLearned() throws {
        var env = ToyHybridEnvironment()
        env.actionSpec = HybridActionSpec(discreteCount: 3, continuousLow: [], continuousHigh: [])
        var c = PPOConfig()
        c.totalSteps = 3_000
        c.rolloutLength = 64
        c.epochs = 4
        c.learningRate = 3e-3
        c.gamma = 0.5
        c.policy.actorHidden = [16]
        c.policy.criticHidden = [16]
        let trainer = try PPOTrainer(environment: env, config: c, seed: 2)
        trainer.train()
        #expect(trainer.policy.distribution.logStdCount == 0)
        let after = try PolicyEvaluator.evaluate(policy: trainer.policy, environment: env, episodes: 3, seed: 9)
        #expect(after.mean > 9.9, "return \(after.mean)")
    }

    @Test func invalidConfigurationIsRejected() {
        var c = PPOConfig()
        c.minibatchSize = 0
        #expect(throws: PolicyError.self) { try PPOTrainer(environment: PendulumEnvironment(), config: c, seed: 1) }
        var bad = PolicyOptions()
        bad.actorHidden = []
        let arch = PolicyArchitecture(observationSize: 3, actionSpec: HybridActionSpec(discreteCount: 0, continuousLow: [1], continuousHigh: [0]), options: bad)
        #expect(throws: PolicyError.self) { try ActorCriticPolicy(architecture: arch, seed: 1) }
    }

    @Test func runningMeanStdMatchesDirectComputation() {
        var stats = RunningMeanStd(size: 2)
        let data: [Float] = [1, 10, 2, 20, 3, 30, 4, 40, 5, 50]
        data.withUnsafeBufferPointer { p in
            stats.update(p.baseAddress!, rows: 2)
            stats.update(p.baseAddress! + 4, rows: 3)
        }
        #expect(abs(stats.mean[0] - 3) < 1e-3 && abs(stats.mean[1] - 30) < 1e-2)
        #expect(abs(stats.variance[0] - 2) < 1e-3 && abs(stats.variance[1] - 200) < 0.1)
        var out = [Float](repeating: 0, count: 2)
        [Float(5), 30].withUnsafeBufferPointer { stats.normalize($0.baseAddress!, rows: 1, into: &out) }
        #expect(abs(out[0] - Float(2 / 2.0.squareRoot())) < 1e-3 && abs(out[1]) < 1e-3)
    }
}

@Suite("Policy file")
struct PolicyFileTests {
    @Test func jsonRoundTripKeepsWeightsStatsAndMetadata() throws {
        var c = PPOConfig()
        c.totalSteps = 128; c.rolloutLength = 32; c.minibatchSize = 32; c.epochs = 1
        c.policy.actorHidden = [8, 4]; c.policy.criticHidden = [8]
        c.policy.normalizeObservations = true
        c.policy.continuousMapping = .tanh
        let trainer = try PPOTrainer(environment: ToyHybridEnvironment(), config: c, seed: 4)
        trainer.train()
        let file = trainer.policy.file(metadata: ["instanceFingerprint": "abc123"])
        let data = try file.encoded()
        let decoded = try PolicyFile.decode(data)
        #expect(decoded == file)
        let loaded = try ActorCriticPolicy(file: decoded)
        #expect(loaded.parameters.values.array.map(\.bitPattern) == trainer.policy.parameters.values.array.map(\.bitPattern))
        #expect(loaded.observationStats == trainer.policy.observationStats)
        #expect(decoded.metadata["instanceFingerprint"] == "abc123")
        let obs: [Float] = [0.1, 0.2, 0.3, -0.1, -0.2, -0.3]
        let masks: [UInt8] = [1, 1, 1, 0, 1, 1]
        let a1 = try trainer.policy.actDeterministic(observations: obs, masks: masks)
        let a2 = try loaded.actDeterministic(observations: obs, masks: masks)
        #expect(a1.discrete == a2.discrete && a1.continuous == a2.continuous)
        // Written to disk and read back.
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("policy-\(UInt32.random(in: 0...UInt32.max)).json")
        try file.write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try PolicyFile.read(from: url) == file)
    }

    @Test func badFilesGiveClearErrors() throws {
        var file = try ActorCriticPolicy(architecture: PolicyArchitecture(
            observationSize: 3, actionSpec: PendulumEnvironment().actionSpec, options: PolicyOptions()), seed: 1).file()
        file.parameters.removeLast()
        #expect(throws: PolicyError.parameterCountMismatch(expected: file.parameters.count + 1, found: file.parameters.count)) {
            try ActorCriticPolicy(file: file)
        }
        #expect(throws: PolicyError.self) { try PolicyFile.decode(Data("{\"format\":\"offload-policy\"}".utf8)) }
        #expect(throws: PolicyError.self) { try PolicyFile.decode(Data("not json".utf8)) }
        let policy = try ActorCriticPolicy(architecture: PolicyArchitecture(
            observationSize: 3, actionSpec: PendulumEnvironment().actionSpec, options: PolicyOptions()), seed: 1)
        #expect(throws: PolicyError.self) {
            try policy.checkCompatible(observationSize: 4, actionSpec: PendulumEnvironment().actionSpec)
        }
        #expect(throws: PolicyError.self) {
            try PolicyEvaluator.evaluate(policy: policy, environment: ToyHybridEnvironment(), episodes: 1, seed: 1)
        }
    }
}

/// The pendulum target (BRIEF §6): -250 or better after 25k steps for seeds 1-3.
/// Long; runs only with OFFLOAD_LONG_TESTS=1 (release: `offload-rl-bench pendulum`).
@Suite("Long-running")
struct LongTests {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["OFFLOAD_LONG_TESTS"] == "1"), arguments: [UInt64(1), 2, 3])
    func pendulumReachesAnchorTarget(seed: UInt64) throws {
        let result = try PPOBenchmark.pendulum(steps: 25_000, seed: seed)
        #expect(result.finalReturn >= -250, "seed \(seed): \(result.finalReturn)")
    }
}

/// The whole minibatch loss (clipped surrogate + value + entropy, through the
/// distribution and both MLPs) against central differences in every parameter.
@Suite("PPO loss gradient end to end")
struct EndToEndGradientTests {
    func check<E: RLEnvironment>(_ env: E, _ config: PPOConfig, seed: UInt64) throws {
        let trainer = try PPOTrainer(environment: env, config: config, seed: seed)
        trainer.collectRollout()
        // Move the weights a little so ratios differ from 1 (some samples clipped).
        var rng = Xoshiro256StarStar(seed: 99)
        let p = trainer.policy.parameters
        for i in 0..<p.count { p.values[i] += Float(rng.uniform(-0.05, 0.05)) }
        let size = 32
        let c = config
        func total(_ s: PPOTrainer<E>.MinibatchStats) -> Double {
            s.policyLoss + Double(c.valueCoefficient) * s.valueLoss - Double(c.entropyCoefficient) * s.entropy
        }
        p.zeroGradients()
        _ = trainer.lossAndGradients(start: 0, size: size)
        let analytic = p.gradients.array
        // gSDE detaches the latent features in the std path (SB3 learn_features=False),
        // so only parameters after the last hidden layer have the plain derivative.
        let actor = trainer.policy.actor
        let detachedEnd = trainer.policy.distribution.stateDependent ? actor.layers[actor.layers.count - 1].weightOffset : 0
        let h: Float = 5e-3
        var checked = 0
        for i in detachedEnd..<p.count {
            let saved = p.values[i]
            p.values[i] = saved + h
            let lp = total(trainer.lossAndGradients(start: 0, size: size))
            p.values[i] = saved - h
            let lm = total(trainer.lossAndGradients(start: 0, size: size))
            p.values[i] = saved
            let numeric = (lp - lm) / Double(2 * h)
            #expect(abs(numeric - Double(analytic[i])) < 3e-3 + 3e-2 * abs(numeric), "parameter \(i): \(numeric) vs \(analytic[i])")
            checked += 1
        }
        #expect(checked > 30)
    }

    @Test func hybridTanhDiagonal() throws {
        var c = PPOConfig()
        c.rolloutLength = 16; c.minibatchSize = 32; c.entropyCoefficient = 0.05; c.valueCoefficient = 0.7
        c.policy.actorHidden = [8, 4]; c.policy.criticHidden = [6]
        c.policy.continuousMapping = .tanh
        c.policy.logStdInit = -0.3
        try check(ToyHybridEnvironment(), c, seed: 3)
    }

    @Test func pendulumStateDependentClippedValue() throws {
        var c = PPOConfig.pendulumAnchor
        c.rolloutLength = 64; c.minibatchSize = 32; c.entropyCoefficient = 0.01; c.valueClipRange = 0.5
        c.policy.actorHidden = [8, 4]; c.policy.criticHidden = [6]
        try check(PendulumEnvironment(), c, seed: 4)
    }
}
