import Foundation
import Testing
@testable import OffloadRL

@Suite("GAE")
struct GAETests {
    /// One agent, 4 steps: terminal at t = 1, time-limit truncation at t = 2
    /// (bootstrap value 2.0), last value 1.0, gamma 0.9, lambda 0.8. By hand:
    /// t3: delta = 4 + 0.9 * 1.0 - 0.8 = 4.1, A = 4.1
    /// t2: truncated: delta = 3 + 0.9 * 2.0 - 0.7 = 4.1, A = 4.1 (no carry)
    /// t1: terminated: delta = 2 - 0.6 = 1.4, A = 1.4
    /// t0: delta = 1 + 0.9 * 0.6 - 0.5 = 1.04, A = 1.04 + 0.72 * 1.4 = 2.048
    @Test func handComputedWithDoneAndTruncation() {
        var adv: [Float] = [], ret: [Float] = []
        GAE.compute(rewards: [1, 2, 3, 4], values: [0.5, 0.6, 0.7, 0.8],
                    terminated: [false, true, false, false], truncated: [false, false, true, false],
                    bootstrapValues: [0, 0, 2.0, 0], lastValues: [1.0], agents: 1,
                    gamma: 0.9, lambda: 0.8, advantages: &adv, returns: &ret)
        let expectedA: [Float] = [2.048, 1.4, 4.1, 4.1]
        let expectedR: [Float] = [2.548, 2.0, 4.8, 4.9]
        for i in 0..<4 {
            #expect(abs(adv[i] - expectedA[i]) < 1e-5)
            #expect(abs(ret[i] - expectedR[i]) < 1e-5)
        }
    }

    /// Two agents interleaved `[step][agent]`: agent 1 never ends, so its
    /// advantages chain over all steps; agent 0's are the example above.
    @Test func agentsDoNotMix() {
        var adv: [Float] = [], ret: [Float] = []
        GAE.compute(rewards: [1, 1, 2, 1, 3, 1, 4, 1], values: [0.5, 0, 0.6, 0, 0.7, 0, 0.8, 0],
                    terminated: [false, false, true, false, false, false, false, false],
                    truncated: [false, false, false, false, true, false, false, false],
                    bootstrapValues: [0, 0, 0, 0, 2.0, 0, 0, 0], lastValues: [1.0, 0], agents: 2,
                    gamma: 0.5, lambda: 1.0, advantages: &adv, returns: &ret)
        // Agent 1 with gamma 0.5, lambda 1, V = 0: A_t = sum_k 0.5^k r: 1 + .5 + .25 + .125 = 1.875, ...
        #expect(abs(adv[1] - 1.875) < 1e-6)
        #expect(abs(adv[3] - 1.75) < 1e-6)
        #expect(abs(adv[5] - 1.5) < 1e-6)
        #expect(abs(adv[7] - 1.0) < 1e-6)
        // Agent 0, gamma 0.5 lambda 1: t3 = 4 + 0.5 - 0.8 = 3.7; t2 = 3 + 1.0 - 0.7 = 3.3; t1 = 2 - 0.6 = 1.4;
        // t0 = 1 + 0.3 - 0.5 + 0.5 * 1.4 = 1.5
        #expect(abs(adv[6] - 3.7) < 1e-6)
        #expect(abs(adv[4] - 3.3) < 1e-6)
        #expect(abs(adv[2] - 1.4) < 1e-6)
        #expect(abs(adv[0] - 1.5) < 1e-6)
    }
}

@Suite("PPO loss")
struct PPOLossTests {
    /// clip 0.2: (ratio, advantage) -> (loss, dloss/dlogp), by hand.
    /// Inside the range the unclipped term wins; outside, the pessimistic term wins:
    /// A > 0, r = 1.5: min(3.0, 2.4) = 2.4 clipped, zero gradient.
    /// A > 0, r = 0.5: min(1.0, 1.6) = 1.0 unclipped, gradient -A r = -1.0.
    /// A < 0, r = 1.5: min(-1.5, -1.2) = -1.5 unclipped, gradient -A r = 1.5.
    /// A < 0, r = 0.5: min(-0.5, -0.8) = -0.8 clipped, zero gradient.
    @Test(arguments: [
        (Float(1.1), Float(2), Float(-2.2), Float(-2.2), false),
        (1.5, 2, -2.4, 0, true),
        (0.5, 2, -1.0, -1.0, false),
        (0.9, -1, 0.9, 0.9, false),
        (1.5, -1, 1.5, 1.5, false),
        (0.5, -1, 0.8, 0, true),
    ])
    func clippedSurrogate(ratio: Float, advantage: Float, loss: Float, grad: Float, clipped: Bool) {
        let r = PPOLoss.clippedSurrogate(logProb: Foundation.log(ratio), oldLogProb: 0, advantage: advantage, clipRange: 0.2)
        #expect(abs(r.loss - loss) < 1e-5)
        #expect(abs(r.gradLogProb - grad) < 1e-5)
        #expect(r.clipped == clipped)
        // The gradient is the derivative of the loss in log-probability (central difference).
        let h: Float = 1e-3
        let lp = PPOLoss.clippedSurrogate(logProb: Foundation.log(ratio) + h, oldLogProb: 0, advantage: advantage, clipRange: 0.2).loss
        let lm = PPOLoss.clippedSurrogate(logProb: Foundation.log(ratio) - h, oldLogProb: 0, advantage: advantage, clipRange: 0.2).loss
        #expect(abs((lp - lm) / (2 * h) - grad) < 1e-2)
    }

    @Test func valueLossPlainAndClipped() {
        let plain = PPOLoss.valueLoss(value: 2, oldValue: 1, target: 3, clipRange: nil)
        #expect(plain.loss == 1 && plain.gradValue == -2)
        // SB3 clipping: prediction limited to old +- 0.5 -> 1.5, loss (1.5 - 3)^2, no gradient.
        let clipped = PPOLoss.valueLoss(value: 2, oldValue: 1, target: 3, clipRange: 0.5)
        #expect(clipped.loss == 2.25 && clipped.gradValue == 0)
        let inside = PPOLoss.valueLoss(value: 1.2, oldValue: 1, target: 3, clipRange: 0.5)
        #expect(abs(inside.loss - 3.24) < 1e-5 && abs(inside.gradValue + 3.6) < 1e-5)
    }
}
