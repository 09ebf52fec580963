import Foundation
import NeuralNet

/// Proximal Policy Optimisation (Schulman et al. 2017) with a hybrid action
/// head, for a vectorised parameter-sharing environment.
///
/// One iteration: collect `rolloutLength` steps of all agents with the current
/// policy (one batched forward pass per step), compute GAE, then `epochs`
/// passes of shuffled minibatches minimising
/// `L = -mean(min(r A, clip(r) A)) + c_v mean((V - R)^2) - c_e mean(H)`
/// with one Adam step per minibatch after global gradient-norm clipping.
public final class PPOTrainer<Environment: RLEnvironment> {
    /// Hyperparameters of this run.
    public let config: PPOConfig
    /// The policy being trained (save it with `policy.file(metadata:)`).
    public let policy: ActorCriticPolicy
    /// The training environment (its state after the last step).
    public private(set) var environment: Environment
    /// Adam over all policy parameters.
    public let optimizer: Adam
    /// The current rollout.
    public let buffer: RolloutBuffer
    /// Transitions collected so far.
    public private(set) var transitions = 0
    /// Updates done so far.
    public private(set) var iterations = 0
    /// Agent-episodes finished so far.
    public private(set) var episodes = 0

    private var rng: Xoshiro256StarStar
    private var observations: [Float]
    private var masks: [UInt8]
    private var outcome: StepOutcome
    private var actions: HybridActionBatch
    private let explorationMatrix: FloatBuffer
    private var runningReturns: [Double]
    private var recentReturns: [Double] = []
    // Minibatch scratch (trainer-owned so the policy workspaces stay generic).
    private var mbMasks: [UInt8]
    private let mbOldLogProb: FloatBuffer, mbAdvantage: FloatBuffer, mbReturn: FloatBuffer, mbOldValue: FloatBuffer
    var indices: [Int]

    /// Creates a trainer; `seed` fixes the initial weights, the environment's
    /// episodes, the action noise and the minibatch order.
    public init(environment: Environment, config: PPOConfig, seed: UInt64) throws {
        if let why = config.validationError() { throw PolicyError.invalidArchitecture(why) }
        var master = Xoshiro256StarStar(seed: seed)
        let policySeed = master.next(), envSeed = master.next()
        rng = master.split()
        let n = environment.agentCount, o = environment.observationSize, spec = environment.actionSpec
        guard n > 0 else { throw PolicyError.shapeMismatch("environment has no agents") }
        let architecture = PolicyArchitecture(observationSize: o, actionSpec: spec, options: config.policy)
        policy = try ActorCriticPolicy(architecture: architecture, seed: policySeed)
        self.config = config
        self.environment = environment
        optimizer = Adam(parameterCount: policy.parameters.count, learningRate: config.learningRate)
        buffer = RolloutBuffer(steps: config.rolloutLength, agents: n, observationSize: o,
                               discreteCount: spec.discreteCount, continuousCount: spec.continuousCount)
        observations = [Float](repeating: 0, count: n * o)
        masks = [UInt8](repeating: 1, count: n * spec.discreteCount)
        outcome = StepOutcome(agentCount: n, observationSize: o)
        actions = HybridActionBatch(agentCount: n, spec: spec)
        // One gSDE exploration matrix per agent (SB3 keeps one per environment copy).
        explorationMatrix = FloatBuffer(count: max(1, n * policy.distribution.logStdCount))
        runningReturns = [Double](repeating: 0, count: n)
        let mb = config.minibatchSize
        mbMasks = [UInt8](repeating: 1, count: mb * spec.discreteCount)
        mbOldLogProb = FloatBuffer(count: mb)
        mbAdvantage = FloatBuffer(count: mb)
        mbReturn = FloatBuffer(count: mb)
        mbOldValue = FloatBuffer(count: mb)
        indices = Array(0..<(config.rolloutLength * n))
        self.environment.reset(seed: envSeed)
        self.environment.observe(into: &observations, masks: &masks)
    }

    /// Runs iterations until the budget is spent. `progress` is called after every
    /// update; return false from it to stop early.
    @discardableResult
    public func train(progress: ((PPOProgress) -> Bool)? = nil) -> PPOProgress? {
        let start = Date()
        var last: PPOProgress?
        while transitions < config.totalSteps {
            collectRollout()
            var report = update()
            report.elapsedSeconds = Date().timeIntervalSince(start)
            last = report
            if let callback = progress, !callback(report) { break }
        }
        return last
    }

    /// gSDE: draws `E[j,c] ~ N(0, exp(S[j,c])^2)` for every agent.
    private func sampleExplorationMatrix() {
        let logStd = policy.logStdPointer
        let count = policy.distribution.logStdCount
        for a in 0..<environment.agentCount {
            for i in 0..<count {
                explorationMatrix[a * count + i] = Foundation.exp(logStd[i]) * rng.nextGaussianFloat()
            }
        }
    }

    /// Collects one rollout into `buffer` and computes advantages.
    public func collectRollout() {
        let n = environment.agentCount, o = environment.observationSize
        let nk = buffer.discreteCount, nc = buffer.continuousCount
        let sde = policy.distribution.stateDependent
        let ws = policy.workspace(batch: n)
        buffer.reset()
        if sde { sampleExplorationMatrix() }
        for t in 0..<config.rolloutLength {
            if sde && config.sdeSampleFrequency > 0 && t % config.sdeSampleFrequency == 0 { sampleExplorationMatrix() }
            observations.withUnsafeBufferPointer { obs in
                if policy.observationStats != nil { policy.observationStats?.update(obs.baseAddress!, rows: n) }
                policy.loadObservations(obs.baseAddress!, into: ws)
            }
            policy.forward(ws)
            masks.withUnsafeBufferPointer { m in
                policy.chooseActions(ws, masks: nk > 0 ? m.baseAddress : nil, deterministic: false,
                                     explorationMatrix: sde ? UnsafePointer(explorationMatrix.pointer) : nil,
                                     rng: &rng, actions: &actions)
            }
            let row = t * n
            buffer.observations.withUnsafeMutableBufferPointer { dst in
                (dst.baseAddress! + row * o).update(from: ws.observations.pointer, count: n * o)
            }
            buffer.rawActions.withUnsafeMutableBufferPointer { dst in
                if nc > 0 { (dst.baseAddress! + row * nc).update(from: ws.raw.pointer, count: n * nc) }
            }
            if nk > 0 {
                for b in 0..<n { buffer.discreteActions[row + b] = ws.discrete[b] }
                for i in 0..<(n * nk) { buffer.masks[row * nk + i] = masks[i] }
            }
            for b in 0..<n {
                buffer.logProbs[row + b] = ws.logProb[b]
                buffer.values[row + b] = ws.critic.output[b]
            }

            environment.step(actions, outcome: &outcome)

            var anyTruncated = false
            for b in 0..<n {
                buffer.rewards[row + b] = outcome.rewards[b]
                buffer.terminated[row + b] = outcome.terminated[b]
                buffer.truncated[row + b] = outcome.truncated[b] && !outcome.terminated[b]
                buffer.bootstrapValues[row + b] = 0
                if buffer.truncated[row + b] { anyTruncated = true }
                runningReturns[b] += Double(outcome.rewards[b])
                if outcome.terminated[b] || outcome.truncated[b] {
                    recentReturns.append(runningReturns[b])
                    if recentReturns.count > 100 { recentReturns.removeFirst(recentReturns.count - 100) }
                    runningReturns[b] = 0
                    episodes += 1
                }
            }
            if anyTruncated {
                // Time-limit end: bootstrap from V(final observation).
                outcome.finalObservations.withUnsafeBufferPointer { policy.loadObservations($0.baseAddress!, into: ws) }
                policy.critic.forward(policy.parameters, input: ws.observations.pointer, workspace: ws.critic)
                for b in 0..<n where buffer.truncated[row + b] { buffer.bootstrapValues[row + b] = ws.critic.output[b] }
            }
            environment.observe(into: &observations, masks: &masks)
            transitions += n
        }
        buffer.position = config.rolloutLength
        observations.withUnsafeBufferPointer { policy.loadObservations($0.baseAddress!, into: ws) }
        policy.critic.forward(policy.parameters, input: ws.observations.pointer, workspace: ws.critic)
        let lastValues = Array(UnsafeBufferPointer(start: ws.critic.output, count: n))
        buffer.computeAdvantages(lastValues: lastValues, gamma: config.gamma, lambda: config.gaeLambda)
    }

    /// Runs the epochs of minibatch updates on the current buffer.
    public func update() -> PPOProgress {
        let progressRemaining = 1 - Float(transitions) / Float(config.totalSteps)
        let lr = config.learningRateSchedule.rate(base: config.learningRate, progressRemaining: progressRemaining)
        optimizer.learningRate = lr
        let total = buffer.capacity, mb = config.minibatchSize
        var policyLossSum = 0.0, valueLossSum = 0.0, entropySum = 0.0, clipCount = 0, samples = 0
        var klSum = 0.0, klBatches = 0
        var lastKL: Float = 0
        epochLoop: for _ in 0..<config.epochs {
            // Fisher-Yates with the trainer's generator.
            var i = total - 1
            while i > 0 {
                let j = Int(rng.next() % UInt64(i + 1))
                indices.swapAt(i, j)
                i -= 1
            }
            var start = 0
            while start < total {
                let size = min(mb, total - start)
                let stats = minibatchStep(start: start, size: size)
                policyLossSum += stats.policyLoss * Double(size)
                valueLossSum += stats.valueLoss * Double(size)
                entropySum += stats.entropy * Double(size)
                clipCount += stats.clipped
                samples += size
                klSum += stats.approxKL; klBatches += 1
                lastKL = Float(stats.approxKL)
                start += size
                if let target = config.targetKL, lastKL > 1.5 * target { break epochLoop }
            }
        }
        iterations += 1
        let denom = Double(max(samples, 1))
        return PPOProgress(iteration: iterations, transitions: transitions, episodes: episodes,
                           meanEpisodeReturn: recentReturns.isEmpty ? nil : recentReturns.reduce(0, +) / Double(recentReturns.count),
                           policyLoss: Float(policyLossSum / denom), valueLoss: Float(valueLossSum / denom),
                           entropy: Float(entropySum / denom), approxKL: Float(klSum / Double(max(klBatches, 1))),
                           clipFraction: Float(Double(clipCount) / denom), learningRate: lr, elapsedSeconds: 0)
    }

    struct MinibatchStats {
        var policyLoss: Double; var valueLoss: Double; var entropy: Double; var clipped: Int; var approxKL: Double
    }

    /// One gradient step on the transitions `indices[start ..< start + size]`.
    private func minibatchStep(start: Int, size: Int) -> MinibatchStats {
        let stats = lossAndGradients(start: start, size: size)
        policy.parameters.clipGradientNorm(maxNorm: config.maxGradNorm)
        optimizer.step(policy.parameters)
        return stats
    }

    /// The loss `policyLoss + c_v valueLoss - c_e entropy` of a minibatch with
    /// its gradient left in `policy.parameters.gradients` (no optimiser step).
    /// Exposed to tests, which compare it with finite differences.
    func lossAndGradients(start: Int, size: Int) -> MinibatchStats {
        let o = buffer.observationSize, nk = buffer.discreteCount, nc = buffer.continuousCount
        let ws = policy.workspace(batch: size)
        let dist = policy.distribution
        // Gather.
        buffer.observations.withUnsafeBufferPointer { obs in
            buffer.rawActions.withUnsafeBufferPointer { raw in
                let dstObs = ws.observations.pointer, dstRaw = ws.raw.pointer
                for b in 0..<size {
                    let idx = indices[start + b]
                    (dstObs + b * o).update(from: obs.baseAddress! + idx * o, count: o)
                    for c in 0..<nc { dstRaw[b * nc + c] = raw[idx * nc + c] }
                    mbOldLogProb[b] = buffer.logProbs[idx]
                    mbAdvantage[b] = buffer.advantages[idx]
                    mbReturn[b] = buffer.returns[idx]
                    mbOldValue[b] = buffer.values[idx]
                    ws.discrete[b] = buffer.discreteActions[idx]
                }
            }
        }
        if nk > 0 {
            let source = buffer.masks
            mbMasks.withUnsafeMutableBufferPointer { dst in
                for b in 0..<size {
                    let idx = indices[start + b]
                    for k in 0..<nk { dst[b * nk + k] = source[idx * nk + k] }
                }
            }
        }
        if config.normalizeAdvantage && size > 1 {
            var mean = 0.0
            for b in 0..<size { mean += Double(mbAdvantage[b]) }
            mean /= Double(size)
            var v = 0.0
            for b in 0..<size { let d = Double(mbAdvantage[b]) - mean; v += d * d }
            let std = (v / Double(size - 1)).squareRoot()
            for b in 0..<size { mbAdvantage[b] = Float((Double(mbAdvantage[b]) - mean) / (std + 1e-8)) }
        }

        let params = policy.parameters
        params.zeroGradients()
        policy.forward(ws)
        let logStdGrad = params.gradients.pointer + policy.logStdOffset
        var policyLoss = 0.0, valueLoss = 0.0, entropy = 0.0, clipped = 0, kl = 0.0
        let inv = 1 / Float(size)
        ws.discrete.withUnsafeBufferPointer { disc in
            mbMasks.withUnsafeBufferPointer { m in
                let maskPointer = nk > 0 ? m.baseAddress : nil
                dist.evaluate(output: ws.actor.output, std: ws.std.pointer, masks: maskPointer, discrete: disc.baseAddress!,
                              raw: ws.raw.pointer, batch: size, logProb: ws.logProb.pointer, entropy: ws.entropy.pointer,
                              probabilities: ws.probabilities.pointer)
                for b in 0..<size {
                    let logRatio = ws.logProb[b] - mbOldLogProb[b]
                    let s = PPOLoss.clippedSurrogate(logProb: ws.logProb[b], oldLogProb: mbOldLogProb[b],
                                                     advantage: mbAdvantage[b], clipRange: config.clipRange)
                    policyLoss += Double(s.loss)
                    ws.gLogProb[b] = s.gradLogProb * inv
                    if abs(_exp(logRatio) - 1) > config.clipRange { clipped += 1 }
                    kl += Double((_exp(logRatio) - 1) - logRatio)
                    let vl = PPOLoss.valueLoss(value: ws.critic.output[b], oldValue: mbOldValue[b], target: mbReturn[b],
                                               clipRange: config.valueClipRange)
                    valueLoss += Double(vl.loss)
                    ws.critic.outputGradient[b] = config.valueCoefficient * vl.gradValue * inv
                    entropy += Double(ws.entropy[b])
                }
                dist.backward(output: ws.actor.output, std: ws.std.pointer, latent: ws.actor.lastHidden.map { UnsafePointer($0) },
                              sdeWeights: ws.sdeWeights.pointer, discrete: disc.baseAddress!, raw: ws.raw.pointer,
                              probabilities: ws.probabilities.pointer, batch: size, gLogProb: ws.gLogProb.pointer,
                              gEntropy: -config.entropyCoefficient * inv,
                              gradOutput: ws.actor.outputGradient, gradLogStd: logStdGrad)
            }
        }
        policy.actor.backward(params, input: ws.observations.pointer, workspace: ws.actor)
        policy.critic.backward(params, input: ws.observations.pointer, workspace: ws.critic)
        let d = Double(size)
        return MinibatchStats(policyLoss: policyLoss / d, valueLoss: valueLoss / d, entropy: entropy / d,
                              clipped: clipped, approxKL: kl / d)
    }
}
