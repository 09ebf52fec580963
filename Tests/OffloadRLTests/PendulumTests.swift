import Foundation
import Testing
import NeuralNet
@testable import OffloadRL

@Suite("Pendulum-v1 fixture")
struct PendulumTests {
    /// th = 1, thdot = 0.5, u = 1.5:
    /// cost = 1 + 0.1 * 0.25 + 0.001 * 2.25 = 1.02725
    /// thdot' = 0.5 + (15 sin 1 + 3 * 1.5) * 0.05 = 0.5 + (12.6220647 + 4.5) * 0.05 = 1.35610324
    /// th' = 1 + 1.35610324 * 0.05 = 1.06780516
    @Test func oneStepByHand() {
        let r = PendulumEnvironment.dynamics(theta: 1, thetaDot: 0.5, torque: 1.5)
        #expect(abs(r.reward - -1.02725) < 1e-9)
        #expect(abs(r.thetaDot - 1.35610324) < 1e-7)
        #expect(abs(r.theta - 1.06780516) < 1e-7)
    }

    /// Torque is clipped to +-2, speed to +-8, and the cost uses the wrapped angle.
    @Test func clippingAndAngleWrap() {
        // u = 5 -> 2: cost = th^2 (wrapped 3pi/2 -> -pi/2) + 0.1*49 + 0.001*4
        let r = PendulumEnvironment.dynamics(theta: 1.5 * Double.pi, thetaDot: 7, torque: 5)
        let expectedCost = (Double.pi / 2) * (Double.pi / 2) + 4.9 + 0.004
        #expect(abs(r.reward + expectedCost) < 1e-9)
        // 7 + (15 sin(3pi/2) + 6) * 0.05 = 7 + (-15 + 6) * 0.05 = 6.55 (not clipped)
        #expect(abs(r.thetaDot - 6.55) < 1e-9)
        let fast = PendulumEnvironment.dynamics(theta: Double.pi / 2, thetaDot: 7.9, torque: 2)
        #expect(fast.thetaDot == 8)
        #expect(abs(PendulumEnvironment.angleNormalize(3 * Double.pi / 2) + Double.pi / 2) < 1e-12)
        #expect(abs(PendulumEnvironment.angleNormalize(-3 * Double.pi / 2) - Double.pi / 2) < 1e-12)
        #expect(abs(PendulumEnvironment.angleNormalize(Double.pi) + Double.pi) < 1e-12)
    }

    /// Two steps through the environment API, then a 200-step truncation with
    /// the final observation kept and an automatic new episode.
    @Test func environmentStepsAndTruncation() {
        var env = PendulumEnvironment(seed: 1)
        env.setState(theta: 1, thetaDot: 0.5)
        var obs = [Float](repeating: 0, count: 3), masks: [UInt8] = []
        var out = StepOutcome(agentCount: 1, observationSize: 3)
        var actions = HybridActionBatch(agentCount: 1, spec: env.actionSpec)
        actions.continuous[0] = 1.5
        env.step(actions, outcome: &out)
        env.observe(into: &obs, masks: &masks)
        #expect(abs(Double(out.rewards[0]) + 1.02725) < 1e-6)
        #expect(abs(Double(obs[0]) - cos(1.06780516)) < 1e-6)
        #expect(abs(Double(obs[1]) - sin(1.06780516)) < 1e-6)
        #expect(abs(Double(obs[2]) - 1.35610324) < 1e-6)
        // Second step by hand from (1.06780516, 1.35610324) with u = 1.5.
        env.step(actions, outcome: &out)
        let th1 = 1.06780516, td1 = 1.35610324
        let td2 = td1 + (15 * sin(th1) + 4.5) * 0.05
        #expect(abs(env.thetaDot - td2) < 1e-6)
        #expect(abs(env.theta - (th1 + td2 * 0.05)) < 1e-6)
        #expect(abs(Double(out.rewards[0]) + (th1 * th1 + 0.1 * td1 * td1 + 0.00225)) < 1e-5)

        for _ in 2..<199 {
            env.step(actions, outcome: &out)
            #expect(!out.truncated[0] && !out.terminated[0])
        }
        let (th, td) = (env.theta, env.thetaDot)
        env.step(actions, outcome: &out)
        #expect(out.truncated[0] && !out.terminated[0])
        let last = PendulumEnvironment.dynamics(theta: th, thetaDot: td, torque: 1.5)
        #expect(abs(Double(out.finalObservations[2]) - last.thetaDot) < 1e-5)
        #expect(env.elapsedSteps == 0)
        #expect(abs(env.thetaDot) <= 1 && abs(env.theta) <= Double.pi)
    }

    @Test func resetIsSeeded() {
        var a = PendulumEnvironment(), b = PendulumEnvironment()
        a.reset(seed: 77); b.reset(seed: 77)
        #expect(a.theta == b.theta && a.thetaDot == b.thetaDot)
        b.reset(seed: 78)
        #expect(a.theta != b.theta)
    }
}
