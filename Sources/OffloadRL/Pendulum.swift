import Foundation
import NeuralNet

/// Gymnasium's Pendulum-v1, reproduced exactly: swing a pendulum up and keep it
/// upright. One agent, observation `[cos th, sin th, thdot]`, torque in [-2, 2].
///
/// Per step (dt = 0.05, g = 10, m = 1, l = 1): `u = clip(a, -2, 2)`,
/// `cost = angle_normalize(th)^2 + 0.1 thdot^2 + 0.001 u^2` (on the state before
/// the update), `thdot' = clip(thdot + (3g/(2l) sin th + 3/(m l^2) u) dt, -8, 8)`,
/// `th' = th + thdot' dt`, reward `-cost`. Start: th ~ U[-pi, pi], thdot ~ U[-1, 1].
/// Episodes are truncated (never terminated) after 200 steps; the environment then
/// resets itself (same-step autoreset, see `StepOutcome`). The state is kept
/// in Double like Gymnasium's NumPy float64 state; observations are Float32.
public struct PendulumEnvironment: RLEnvironment {
    public static let maxSpeed = 8.0
    public static let maxTorque = 2.0
    public static let dt = 0.05
    public static let g = 10.0
    public static let m = 1.0
    public static let l = 1.0
    public static let episodeLength = 200

    public let agentCount = 1
    public let observationSize = 3
    public let actionSpec = HybridActionSpec(discreteCount: 0, continuousLow: [-2], continuousHigh: [2])

    /// Angle (0 = upright) and angular velocity.
    public private(set) var theta = 0.0
    public private(set) var thetaDot = 0.0
    /// Steps taken in the current episode.
    public private(set) var elapsedSteps = 0
    private var rng: Xoshiro256StarStar

    public init(seed: UInt64 = 0) {
        rng = Xoshiro256StarStar(seed: seed)
        startEpisode()
    }

    /// Sets the state directly (for tests).
    public mutating func setState(theta: Double, thetaDot: Double) {
        self.theta = theta
        self.thetaDot = thetaDot
        elapsedSteps = 0
    }

    /// Wraps an angle into [-pi, pi) as Gymnasium's `angle_normalize`
    /// (`((x + pi) mod 2 pi) - pi` with Python's floor-mod).
    public static func angleNormalize(_ x: Double) -> Double {
        let twoPi = 2 * Double.pi
        let y = x + Double.pi
        return y - twoPi * (y / twoPi).rounded(.down) - Double.pi
    }

    /// One step of the dynamics: new angle, new velocity and the reward.
    public static func dynamics(theta: Double, thetaDot: Double, torque: Double) -> (theta: Double, thetaDot: Double, reward: Double) {
        let u = min(max(torque, -maxTorque), maxTorque)
        let th = angleNormalize(theta)
        let cost = th * th + 0.1 * thetaDot * thetaDot + 0.001 * u * u
        var newThetaDot = thetaDot + (3 * g / (2 * l) * Foundation.sin(theta) + 3.0 / (m * l * l) * u) * dt
        newThetaDot = min(max(newThetaDot, -maxSpeed), maxSpeed)
        let newTheta = theta + newThetaDot * dt
        return (newTheta, newThetaDot, -cost)
    }

    private mutating func startEpisode() {
        theta = rng.uniform(-Double.pi, Double.pi)
        thetaDot = rng.uniform(-1, 1)
        elapsedSteps = 0
    }

    public mutating func reset(seed: UInt64) {
        rng = Xoshiro256StarStar(seed: seed)
        startEpisode()
    }

    public func observe(into observations: inout [Float], masks: inout [UInt8]) {
        observations[0] = Float(Foundation.cos(theta))
        observations[1] = Float(Foundation.sin(theta))
        observations[2] = Float(thetaDot)
    }

    public mutating func step(_ actions: HybridActionBatch, outcome: inout StepOutcome) {
        let next = Self.dynamics(theta: theta, thetaDot: thetaDot, torque: Double(actions.continuous[0]))
        theta = next.theta
        thetaDot = next.thetaDot
        elapsedSteps += 1
        outcome.rewards[0] = Float(next.reward)
        outcome.terminated[0] = false
        outcome.truncated[0] = elapsedSteps >= Self.episodeLength
        if outcome.truncated[0] {
            outcome.finalObservations[0] = Float(Foundation.cos(theta))
            outcome.finalObservations[1] = Float(Foundation.sin(theta))
            outcome.finalObservations[2] = Float(thetaDot)
            startEpisode()
        }
    }
}
