import CBLAS

/// Learning-rate schedule as a function of the remaining training progress
/// (1 at the start, 0 at the end), as in Stable-Baselines3.
public enum LearningRateSchedule: Codable, Sendable, Equatable {
    /// Always the base rate.
    case constant
    /// `base * progressRemaining`: linear decay to zero.
    case linear

    /// Rate to use when `progressRemaining` of training is left.
    public func rate(base: Float, progressRemaining: Float) -> Float {
        switch self {
        case .constant: return base
        case .linear: return base * max(0, min(1, progressRemaining))
        }
    }
}

/// Adam (Kingma & Ba) over a whole `ParameterSet`, with PyTorch's update order:
/// `m = b1 m + (1-b1) g`, `v = b2 v + (1-b2) g^2`,
/// `p -= lr / (1-b1^t) * m / (sqrt(v) / sqrt(1-b2^t) + eps)`.
public final class Adam {
    /// Current learning rate (change it between steps for a schedule).
    public var learningRate: Float
    /// Decay of the first-moment estimate.
    public let beta1: Float
    /// Decay of the second-moment estimate.
    public let beta2: Float
    /// Added to the bias-corrected root second moment.
    public let epsilon: Float
    /// Steps taken so far.
    public private(set) var stepCount = 0
    let m: FloatBuffer
    let v: FloatBuffer

    /// `epsilon` defaults to 1e-5, the value SB3 passes to PyTorch's Adam for PPO.
    public init(parameterCount: Int, learningRate: Float, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-5) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        m = FloatBuffer(count: parameterCount)
        v = FloatBuffer(count: parameterCount)
    }

    /// First and second moment estimates (for tests and checkpoints).
    public var moments: (m: [Float], v: [Float]) { (m.array, v.array) }

    /// Applies one update from `parameters.gradients`.
    public func step(_ parameters: ParameterSet) {
        precondition(parameters.count == m.count, "Adam: parameter count changed")
        stepCount += 1
        let t = Double(stepCount)
        let bc1 = 1 - Foundation_pow(Double(beta1), t)
        let bc2 = 1 - Foundation_pow(Double(beta2), t)
        let stepSize = Float(Double(learningRate) / bc1)
        let invSqrtBc2 = Float(1 / bc2.squareRoot())
        let p = parameters.values.pointer, g = parameters.gradients.pointer
        let mp = m.pointer, vp = v.pointer
        let b1 = beta1, b2 = beta2, eps = epsilon
        let n = parameters.count
        // The loop lives in the C shim: clang vectorises it, Swift did not (SIMD sqrt is per-lane).
        offload_adam_update(p, g, mp, vp, n, b1, b2, stepSize, invSqrtBc2, eps)
    }
}
