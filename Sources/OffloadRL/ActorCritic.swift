import Foundation
import NeuralNet

/// Network and distribution choices of a policy (everything but the environment's shapes).
public struct PolicyOptions: Codable, Sendable, Equatable {
    /// Hidden layer widths of the actor (policy) network.
    public var actorHidden: [Int] = [128, 64]
    /// Hidden layer widths of the critic (value) network.
    public var criticHidden: [Int] = [128, 64]
    /// Hidden activation (SB3's default for PPO is tanh).
    public var activation: Activation = .tanh
    /// How Gaussian samples are mapped into the continuous bounds.
    public var continuousMapping: ContinuousMapping = .clip
    /// Generalised state-dependent exploration (SB3 `use_sde`) instead of a
    /// state-independent log-std vector.
    public var stateDependentExploration: Bool = false
    /// Initial value of every log-std parameter (SB3 default 0).
    public var logStdInit: Float = 0
    /// Orthogonal init (gains sqrt(2) hidden, 0.01 policy output, 1 value output) as SB3;
    /// otherwise PyTorch-like uniform +-1/sqrt(fan-in).
    public var orthogonalInit: Bool = true
    /// Normalise observations with running statistics (SB3 `VecNormalize(norm_obs=True)`).
    public var normalizeObservations: Bool = false

    public init() {}
}

/// Everything needed to rebuild a policy's networks: shapes plus options.
public struct PolicyArchitecture: Codable, Sendable, Equatable {
    public var observationSize: Int
    public var actionSpec: HybridActionSpec
    public var options: PolicyOptions

    public init(observationSize: Int, actionSpec: HybridActionSpec, options: PolicyOptions) {
        self.observationSize = observationSize
        self.actionSpec = actionSpec
        self.options = options
    }
}

/// Errors of policy construction and loading, each naming what is wrong.
public enum PolicyError: Error, CustomStringConvertible, Equatable {
    case invalidArchitecture(String)
    case parameterCountMismatch(expected: Int, found: Int)
    case shapeMismatch(String)
    case unreadableFile(String)

    public var description: String {
        switch self {
        case .invalidArchitecture(let why): return "invalid policy architecture: \(why)"
        case .parameterCountMismatch(let e, let f): return "policy file has \(f) parameters, architecture needs \(e)"
        case .shapeMismatch(let why): return "policy does not fit this environment: \(why)"
        case .unreadableFile(let why): return "cannot read policy file: \(why)"
        }
    }
}

/// Preallocated buffers for one batch size of an `ActorCriticPolicy`.
public final class PolicyWorkspace {
    /// Rows per forward pass.
    public let batch: Int
    let actor: MLPWorkspace
    let critic: MLPWorkspace
    let observations: FloatBuffer   // normalised inputs
    let std: FloatBuffer
    let sdeWeights: FloatBuffer
    let logProb: FloatBuffer
    let entropy: FloatBuffer
    let probabilities: FloatBuffer
    let gLogProb: FloatBuffer
    let raw: FloatBuffer            // Gaussian samples before mapping
    var discrete: [Int32]

    init(policy: ActorCriticPolicy, batch: Int) {
        self.batch = batch
        let d = policy.distribution
        actor = MLPWorkspace(network: policy.actor, batch: batch)
        critic = MLPWorkspace(network: policy.critic, batch: batch)
        observations = FloatBuffer(count: batch * policy.architecture.observationSize)
        std = FloatBuffer(count: batch * d.continuousCount)
        sdeWeights = FloatBuffer(count: max(1, d.latentSize * d.continuousCount))
        logProb = FloatBuffer(count: batch)
        entropy = FloatBuffer(count: batch)
        probabilities = FloatBuffer(count: batch * d.discreteCount)
        gLogProb = FloatBuffer(count: batch)
        raw = FloatBuffer(count: batch * d.continuousCount)
        discrete = [Int32](repeating: 0, count: batch)
    }
}

/// Actor and critic MLPs with a hybrid action head, sharing one parameter vector
/// (`[actor | critic | log-std]`) so one Adam and one gradient clip cover all.
///
/// The actor maps an observation to `[logits | Gaussian means]`; the critic to a
/// scalar value. Observation normalisation statistics, when enabled, belong to
/// the policy and are saved with it.
public final class ActorCriticPolicy {
    /// Shapes and options (saved in the policy file).
    public let architecture: PolicyArchitecture
    /// All weights: `[actor | critic | log-std]`.
    public let parameters: ParameterSet
    /// Observation -> `[logits | means]`.
    public let actor: MLP
    /// Observation -> value.
    public let critic: MLP
    /// The hybrid action distribution over the actor's output.
    public let distribution: HybridDistribution
    /// Offset of the log-std parameters in `parameters`.
    public let logStdOffset: Int
    /// Running observation statistics (nil when normalisation is off).
    public var observationStats: RunningMeanStd?
    private var workspaces: [Int: PolicyWorkspace] = [:]

    /// Builds a freshly initialised policy; the same seed gives the same weights.
    public init(architecture: PolicyArchitecture, seed: UInt64) throws {
        let a = architecture
        if let why = a.actionSpec.validationError() { throw PolicyError.invalidArchitecture(why) }
        guard a.observationSize > 0 else { throw PolicyError.invalidArchitecture("observationSize must be > 0") }
        guard !a.options.actorHidden.isEmpty, a.options.actorHidden.allSatisfy({ $0 > 0 }),
              a.options.criticHidden.allSatisfy({ $0 > 0 }) else {
            throw PolicyError.invalidArchitecture("hidden layer widths must be positive and the actor needs at least one hidden layer")
        }
        self.architecture = a
        var layout = ParameterLayout()
        let latent = a.options.actorHidden[a.options.actorHidden.count - 1]
        let dist = HybridDistribution(spec: a.actionSpec, mapping: a.options.continuousMapping,
                                      stateDependent: a.options.stateDependentExploration, latentSize: latent)
        distribution = dist
        actor = MLP(inputSize: a.observationSize, hidden: a.options.actorHidden, outputSize: dist.outputWidth,
                    activation: a.options.activation, layout: &layout)
        critic = MLP(inputSize: a.observationSize, hidden: a.options.criticHidden, outputSize: 1,
                     activation: a.options.activation, layout: &layout)
        logStdOffset = layout.reserve(dist.logStdCount)
        parameters = ParameterSet(count: layout.count)
        observationStats = a.options.normalizeObservations ? RunningMeanStd(size: a.observationSize) : nil

        var rng = Xoshiro256StarStar(seed: seed)
        if a.options.orthogonalInit {
            actor.initialize(parameters, hidden: .orthogonal(gain: Float(2).squareRoot()), output: .orthogonal(gain: 0.01), rng: &rng)
            critic.initialize(parameters, hidden: .orthogonal(gain: Float(2).squareRoot()), output: .orthogonal(gain: 1), rng: &rng)
        } else {
            actor.initialize(parameters, hidden: .scaledUniform(scale: 1), output: .scaledUniform(scale: 1), rng: &rng)
            critic.initialize(parameters, hidden: .scaledUniform(scale: 1), output: .scaledUniform(scale: 1), rng: &rng)
        }
        for i in 0..<dist.logStdCount { parameters.values[logStdOffset + i] = a.options.logStdInit }
    }

    /// Rebuilds a saved policy.
    public convenience init(file: PolicyFile) throws {
        try self.init(architecture: file.architecture, seed: 0)
        guard file.parameters.count == parameters.count else {
            throw PolicyError.parameterCountMismatch(expected: parameters.count, found: file.parameters.count)
        }
        parameters.values.assign(file.parameters)
        if architecture.options.normalizeObservations {
            guard let stats = file.observationStats, stats.mean.count == architecture.observationSize,
                  stats.variance.count == architecture.observationSize else {
                throw PolicyError.unreadableFile("observation normalisation is on but its statistics are missing or of the wrong size")
            }
            observationStats = stats
        }
    }

    /// The policy as a serialisable file with caller-defined `metadata`
    /// (e.g. an instance fingerprint).
    public func file(metadata: [String: String] = [:]) -> PolicyFile {
        PolicyFile(architecture: architecture, parameters: parameters.values.array,
                   observationStats: observationStats, metadata: metadata)
    }

    /// Checks that this policy can act in an environment with these shapes.
    public func checkCompatible(observationSize: Int, actionSpec: HybridActionSpec) throws {
        if observationSize != architecture.observationSize {
            throw PolicyError.shapeMismatch("observation size \(observationSize), policy expects \(architecture.observationSize)")
        }
        if actionSpec != architecture.actionSpec {
            throw PolicyError.shapeMismatch("action spec \(actionSpec), policy expects \(architecture.actionSpec)")
        }
    }

    /// The cached workspace for `batch` rows.
    public func workspace(batch: Int) -> PolicyWorkspace {
        if let ws = workspaces[batch] { return ws }
        let ws = PolicyWorkspace(policy: self, batch: batch)
        workspaces[batch] = ws
        return ws
    }

    var logStdPointer: UnsafeMutablePointer<Float> { parameters.values.pointer + logStdOffset }

    /// Copies (and normalises, if enabled) raw observations into `ws.observations`.
    func loadObservations(_ raw: UnsafePointer<Float>, into ws: PolicyWorkspace) {
        let n = ws.batch * architecture.observationSize
        if let stats = observationStats {
            stats.normalize(raw, rows: ws.batch, into: ws.observations.pointer)
        } else {
            ws.observations.pointer.update(from: raw, count: n)
        }
    }

    /// Actor, critic and std for the rows in `ws.observations`.
    func forward(_ ws: PolicyWorkspace, critic withCritic: Bool = true) {
        let x = UnsafePointer(ws.observations.pointer)
        actor.forward(parameters, input: x, workspace: ws.actor)
        if withCritic { critic.forward(parameters, input: x, workspace: ws.critic) }
        distribution.computeStd(logStd: logStdPointer, latent: ws.actor.lastHidden.map { UnsafePointer($0) },
                                batch: ws.batch, std: ws.std.pointer, sdeWeights: ws.sdeWeights.pointer)
    }

    /// Chooses actions for the rows of `ws` (after `forward`): writes the
    /// categorical choice to `ws.discrete`, the Gaussian sample to `ws.raw`, the
    /// mapped actions to `actions`, and (when sampling) log-probabilities to `ws.logProb`.
    /// `explorationMatrix` (one `latentSize x continuousCount` block per row) gives gSDE noise; nil draws i.i.d. noise.
    func chooseActions(_ ws: PolicyWorkspace, masks: UnsafePointer<UInt8>?, deterministic: Bool,
                       explorationMatrix: UnsafePointer<Float>?, rng: inout Xoshiro256StarStar,
                       actions: inout HybridActionBatch) {
        let d = distribution
        let nk = d.discreteCount, nc = d.continuousCount, w = d.outputWidth, hs = d.latentSize
        let out = ws.actor.output
        let probs = ws.probabilities.pointer
        for b in 0..<ws.batch {
            if nk > 0 {
                let mask = masks.map { $0 + b * nk }
                _ = d.categorical(logits: out + b * w, mask: mask, probabilities: probs + b * nk)
                var choice = 0
                if deterministic {
                    var best = -Float.infinity
                    for k in 0..<nk where probs[b * nk + k] > 0 && out[b * w + k] > best { best = out[b * w + k]; choice = k }
                } else {
                    // Inverse CDF over allowed options; masked ones have p = 0 and can't be hit.
                    let r = rng.nextUnitFloat()
                    var acc: Float = 0
                    var lastAllowed = 0
                    choice = -1
                    for k in 0..<nk where probs[b * nk + k] > 0 {
                        acc += probs[b * nk + k]
                        lastAllowed = k
                        if r < acc { choice = k; break }
                    }
                    if choice < 0 { choice = lastAllowed } // rounding left r above the last partial sum
                }
                ws.discrete[b] = Int32(choice)
                actions.discrete[b] = choice
            }
            for c in 0..<nc {
                let mean = out[b * w + nk + c]
                var u = mean
                if !deterministic {
                    if d.stateDependent, let e = explorationMatrix, let h = ws.actor.lastHidden {
                        var noise: Float = 0
                        let block = e + b * hs * nc
                        for j in 0..<hs { noise += h[b * hs + j] * block[j * nc + c] }
                        u += noise
                    } else {
                        u += ws.std[b * nc + c] * rng.nextGaussianFloat()
                    }
                }
                ws.raw[b * nc + c] = u
                actions.continuous[b * nc + c] = d.mapToBounds(u, component: c)
            }
        }
        if !deterministic {
            ws.discrete.withUnsafeBufferPointer { disc in
                d.evaluate(output: out, std: ws.std.pointer, masks: masks, discrete: disc.baseAddress!,
                           raw: ws.raw.pointer, batch: ws.batch, logProb: ws.logProb.pointer,
                           entropy: ws.entropy.pointer, probabilities: probs)
            }
        }
    }

    /// Acts for all agents in one batched forward pass.
    /// - Parameters:
    ///   - observations: raw observations, `agents x observationSize` (normalised here if enabled).
    ///   - masks: `agents x discreteCount` (1 allowed); empty when there is no categorical head.
    ///   - deterministic: most likely option and Gaussian mean (for evaluation) instead of sampling.
    ///   - rng: noise source when sampling (i.i.d. Gaussian noise even for gSDE policies).
    public func act(observations: [Float], masks: [UInt8], deterministic: Bool,
                    rng: inout Xoshiro256StarStar) throws -> HybridActionBatch {
        let o = architecture.observationSize, nk = distribution.discreteCount
        guard observations.count % o == 0, observations.count > 0 else {
            throw PolicyError.shapeMismatch("\(observations.count) observation values is not a multiple of \(o)")
        }
        let agents = observations.count / o
        if nk > 0 && masks.count != agents * nk {
            throw PolicyError.shapeMismatch("expected \(agents * nk) mask entries, got \(masks.count)")
        }
        let ws = workspace(batch: agents)
        observations.withUnsafeBufferPointer { loadObservations($0.baseAddress!, into: ws) }
        forward(ws, critic: false)
        var actions = HybridActionBatch(agentCount: agents, spec: architecture.actionSpec)
        masks.withUnsafeBufferPointer { m in
            chooseActions(ws, masks: nk > 0 ? m.baseAddress : nil, deterministic: deterministic,
                          explorationMatrix: nil, rng: &rng, actions: &actions)
        }
        return actions
    }

    /// Deterministic actions (most likely option, Gaussian mean mapped into bounds).
    public func actDeterministic(observations: [Float], masks: [UInt8]) throws -> HybridActionBatch {
        var rng = Xoshiro256StarStar(seed: 0)
        return try act(observations: observations, masks: masks, deterministic: true, rng: &rng)
    }

    /// Critic values of raw observations (`rows x observationSize`).
    public func values(observations: [Float]) throws -> [Float] {
        let o = architecture.observationSize
        guard observations.count % o == 0, observations.count > 0 else {
            throw PolicyError.shapeMismatch("\(observations.count) observation values is not a multiple of \(o)")
        }
        let ws = workspace(batch: observations.count / o)
        observations.withUnsafeBufferPointer { loadObservations($0.baseAddress!, into: ws) }
        critic.forward(parameters, input: ws.observations.pointer, workspace: ws.critic)
        return Array(UnsafeBufferPointer(start: ws.critic.output, count: ws.batch))
    }
}
