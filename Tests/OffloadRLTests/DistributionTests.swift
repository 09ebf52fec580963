import Foundation
import Testing
import NeuralNet
@testable import OffloadRL

@Suite("Hybrid distribution")
struct HybridDistributionTests {
    let spec = HybridActionSpec(discreteCount: 3, continuousLow: [0, -1], continuousHigh: [1, 3])

    /// Masked categorical (option 1 masked despite the largest logit) plus two
    /// tanh-squashed Gaussians with state-independent log-std; every term by hand.
    @Test func logProbAndEntropyByHand() {
        let d = HybridDistribution(spec: spec, mapping: .tanh, stateDependent: false, latentSize: 4)
        let out: [Float] = [1, 5, 2, 0.3, -0.2]       // logits | means
        let logStd: [Float] = [-0.5, 0.1]
        let raw: [Float] = [0.8, -1.3]
        let mask: [UInt8] = [1, 0, 1]
        var std = [Float](repeating: 0, count: 2), w = [Float](repeating: 0, count: 8)
        var lp: [Float] = [0], ent: [Float] = [0], probs = [Float](repeating: 0, count: 3)
        d.computeStd(logStd: logStd, latent: nil, batch: 1, std: &std, sdeWeights: &w)
        d.evaluate(output: out, std: std, masks: mask, discrete: [2], raw: raw, batch: 1,
                   logProb: &lp, entropy: &ent, probabilities: &probs)
        let e1 = exp(1.0), e2 = exp(2.0)
        let logZ = log(e1 + e2)
        var expected = 2 - logZ
        var expectedEntropy = -((e1 / (e1 + e2)) * (1 - logZ) + (e2 / (e1 + e2)) * (2 - logZ))
        let means = [0.3, -0.2], ls = [-0.5, 0.1], us = [0.8, -1.3], half = [0.5, 2.0]
        for c in 0..<2 {
            let s = exp(ls[c]), z = (us[c] - means[c]) / s
            expected += -0.5 * z * z - ls[c] - 0.5 * log(2 * Double.pi)
            expected -= log(half[c] * (1 - tanh(us[c]) * tanh(us[c])))
            expectedEntropy += 0.5 + 0.5 * log(2 * Double.pi) + ls[c]
        }
        #expect(abs(Double(lp[0]) - expected) < 1e-5)
        #expect(abs(Double(ent[0]) - expectedEntropy) < 1e-5)
        #expect(probs[1] == 0)
        #expect(abs(Double(probs[2]) - e2 / (e1 + e2)) < 1e-6)
        // The mapping: a = low + (high - low)(tanh u + 1)/2.
        #expect(abs(Double(d.mapToBounds(0.8, component: 0)) - (tanh(0.8) + 1) / 2) < 1e-6)
        #expect(abs(Double(d.mapToBounds(-1.3, component: 1)) - (-1 + 4 * (tanh(-1.3) + 1) / 2)) < 1e-6)
    }

    /// With `.clip`, the log-prob is the Gaussian density of the unclipped sample
    /// and the action is clamped.
    @Test func clipMappingUsesUnclippedDensity() {
        let s1 = HybridActionSpec(discreteCount: 0, continuousLow: [-2], continuousHigh: [2])
        let d = HybridDistribution(spec: s1, mapping: .clip, stateDependent: false, latentSize: 1)
        var std: [Float] = [0], w: [Float] = [0], lp: [Float] = [0], ent: [Float] = [0], probs: [Float] = []
        d.computeStd(logStd: [0], latent: nil, batch: 1, std: &std, sdeWeights: &w)
        d.evaluate(output: [0.5], std: std, masks: nil, discrete: [0], raw: [3.5], batch: 1,
                   logProb: &lp, entropy: &ent, probabilities: &probs)
        #expect(abs(Double(lp[0]) - (-0.5 * 9 - 0.5 * log(2 * Double.pi))) < 1e-5)
        #expect(d.mapToBounds(3.5, component: 0) == 2)
        #expect(d.mapToBounds(-7, component: 0) == -2)
    }

    /// dL/d(logits, means, log-std) of `L = sum_b g_b logp_b + g_H sum_b H_b` against
    /// central differences, for state-independent std and for gSDE.
    @Test(arguments: [false, true])
    func gradientsMatchFiniteDifferences(stateDependent: Bool) {
        let latentSize = 3
        let d = HybridDistribution(spec: spec, mapping: .tanh, stateDependent: stateDependent, latentSize: latentSize)
        let batch = 3
        var rng = Xoshiro256StarStar(seed: 21)
        var out = (0..<(batch * 5)).map { _ in Float(rng.uniform(-1, 1)) }
        var logStd = (0..<d.logStdCount).map { _ in Float(rng.uniform(-0.7, 0.3)) }
        let latent = (0..<(batch * latentSize)).map { _ in Float(rng.uniform(-1, 1)) }
        let raw = (0..<(batch * 2)).map { _ in Float(rng.uniform(-1.5, 1.5)) }
        let masks: [UInt8] = [1, 0, 1, 1, 1, 1, 0, 1, 1]
        let discrete: [Int32] = [2, 0, 1]
        let gl: [Float] = [0.7, -1.2, 0.4]
        let ge: Float = -0.3
        func loss(_ out: [Float], _ logStd: [Float]) -> Double {
            var std = [Float](repeating: 0, count: batch * 2), w = [Float](repeating: 0, count: max(1, d.logStdCount))
            var lp = [Float](repeating: 0, count: batch), ent = [Float](repeating: 0, count: batch)
            var probs = [Float](repeating: 0, count: batch * 3)
            d.computeStd(logStd: logStd, latent: latent, batch: batch, std: &std, sdeWeights: &w)
            d.evaluate(output: out, std: std, masks: masks, discrete: discrete, raw: raw, batch: batch,
                       logProb: &lp, entropy: &ent, probabilities: &probs)
            var l = 0.0
            for b in 0..<batch { l += Double(gl[b]) * Double(lp[b]) + Double(ge) * Double(ent[b]) }
            return l
        }
        var std = [Float](repeating: 0, count: batch * 2), w = [Float](repeating: 0, count: max(1, d.logStdCount))
        var lp = [Float](repeating: 0, count: batch), ent = [Float](repeating: 0, count: batch)
        var probs = [Float](repeating: 0, count: batch * 3)
        d.computeStd(logStd: logStd, latent: latent, batch: batch, std: &std, sdeWeights: &w)
        d.evaluate(output: out, std: std, masks: masks, discrete: discrete, raw: raw, batch: batch,
                   logProb: &lp, entropy: &ent, probabilities: &probs)
        var gOut = [Float](repeating: 0, count: batch * 5), gStd = [Float](repeating: 0, count: d.logStdCount)
        d.backward(output: out, std: std, latent: latent, sdeWeights: w, discrete: discrete, raw: raw,
                   probabilities: probs, batch: batch, gLogProb: gl, gEntropy: ge, gradOutput: &gOut, gradLogStd: &gStd)
        let h: Float = 1e-2
        for i in 0..<out.count {
            let saved = out[i]
            out[i] = saved + h; let lpl = loss(out, logStd)
            out[i] = saved - h; let lml = loss(out, logStd)
            out[i] = saved
            let numeric = (lpl - lml) / Double(2 * h)
            #expect(abs(numeric - Double(gOut[i])) < 2e-3 + 1e-2 * abs(numeric), "output \(i): \(numeric) vs \(gOut[i])")
        }
        // Masked logits get no gradient.
        #expect(gOut[1] == 0 && gOut[5 * 2 + 0] == 0)
        for i in 0..<logStd.count {
            let saved = logStd[i]
            logStd[i] = saved + h; let lpl = loss(out, logStd)
            logStd[i] = saved - h; let lml = loss(out, logStd)
            logStd[i] = saved
            let numeric = (lpl - lml) / Double(2 * h)
            #expect(abs(numeric - Double(gStd[i])) < 2e-3 + 1e-2 * abs(numeric), "log-std \(i): \(numeric) vs \(gStd[i])")
        }
    }

    /// Sampling never picks a masked option; deterministic acting picks the best allowed one.
    @Test func maskedOptionsAreNeverChosen() throws {
        var options = PolicyOptions()
        options.actorHidden = [8]
        options.criticHidden = [8]
        let policy = try ActorCriticPolicy(architecture: PolicyArchitecture(observationSize: 2, actionSpec: spec, options: options), seed: 3)
        // Make option 1 overwhelmingly likely through the output bias, then mask it.
        let outLayer = policy.actor.layers[policy.actor.layers.count - 1]
        policy.parameters.values[outLayer.biasOffset + 1] = 50
        policy.parameters.values[outLayer.biasOffset + 2] = 1
        var rng = Xoshiro256StarStar(seed: 9)
        var counts = [0, 0, 0]
        for _ in 0..<300 {
            let a = try policy.act(observations: [0.1, -0.2, 0.3, 0.4], masks: [1, 0, 1, 1, 0, 1], deterministic: false, rng: &rng)
            for c in a.discrete { counts[c] += 1 }
            for (i, x) in a.continuous.enumerated() {
                let c = i % 2
                #expect(x >= spec.continuousLow[c] && x <= spec.continuousHigh[c])
            }
        }
        #expect(counts[1] == 0)
        #expect(counts[2] > counts[0])
        let det = try policy.actDeterministic(observations: [0.1, -0.2, 0.3, 0.4], masks: [1, 0, 1, 1, 0, 1])
        #expect(det.discrete == [2, 2])
        let unmasked = try policy.actDeterministic(observations: [0.1, -0.2], masks: [1, 1, 1])
        #expect(unmasked.discrete == [1])
        #expect(throws: PolicyError.self) { try policy.actDeterministic(observations: [0.1, -0.2], masks: [1, 1]) }
        #expect(throws: PolicyError.self) { try policy.actDeterministic(observations: [0.1, -0.2, 0.3], masks: [1, 1, 1]) }
    }
}
