/// Generalised advantage estimation (Schulman et al. 2016) over a rollout laid
/// out `[step][agent]`.
///
/// For transition `i = t * agents + n`:
/// - next value `V' = lastValues[n]` after the final step, else `values[i + agents]`;
/// - `terminated[i]`: `V' = 0` (true end, nothing to bootstrap);
/// - `truncated[i]` (time limit): `V' = bootstrapValues[i]`, the value of the
///   episode's final observation, because the episode was cut, not finished;
/// - `delta = r + gamma V' - V`, `A = delta + gamma lambda c A_next` with `c = 0`
///   when the episode ended (terminated or truncated) so advantages never leak
///   across episodes; `return = A + V`.
public enum GAE {
    public static func compute(rewards: [Float], values: [Float], terminated: [Bool], truncated: [Bool],
                               bootstrapValues: [Float], lastValues: [Float], agents: Int,
                               gamma: Float, lambda: Float,
                               advantages: inout [Float], returns: inout [Float]) {
        let total = rewards.count
        precondition(agents > 0 && total % agents == 0 && values.count == total && terminated.count == total
                     && truncated.count == total && bootstrapValues.count == total && lastValues.count == agents,
                     "GAE: inconsistent rollout shapes")
        if advantages.count != total { advantages = [Float](repeating: 0, count: total) }
        if returns.count != total { returns = [Float](repeating: 0, count: total) }
        let steps = total / agents
        for n in 0..<agents {
            var running: Float = 0
            var t = steps - 1
            while t >= 0 {
                let i = t * agents + n
                var nextValue = t == steps - 1 ? lastValues[n] : values[i + agents]
                var carry: Float = 1
                if terminated[i] {
                    nextValue = 0; carry = 0
                } else if truncated[i] {
                    nextValue = bootstrapValues[i]; carry = 0
                }
                let delta = rewards[i] + gamma * nextValue - values[i]
                running = delta + gamma * lambda * carry * running
                advantages[i] = running
                returns[i] = running + values[i]
                t -= 1
            }
        }
    }
}

/// The per-sample pieces of PPO's loss and their derivatives.
public enum PPOLoss {
    /// Clipped surrogate for one sample, as a loss to minimise:
    /// `L = -min(r A, clamp(r, 1-eps, 1+eps) A)` with `r = exp(logp - oldLogp)`.
    /// Returns the loss, `dL/dlogp` (`-r A` when the unclipped term is the
    /// minimum or `r` is inside the clip range, else 0), and whether clipping was active.
    @inline(__always)
    public static func clippedSurrogate(logProb: Float, oldLogProb: Float, advantage: Float,
                                        clipRange: Float) -> (loss: Float, gradLogProb: Float, clipped: Bool) {
        let ratio = (logProb - oldLogProb).expApprox
        let clippedRatio = min(max(ratio, 1 - clipRange), 1 + clipRange)
        let unclipped = ratio * advantage, clipped = clippedRatio * advantage
        if unclipped <= clipped {
            return (-unclipped, -advantage * ratio, false)
        }
        // The clipped term is the minimum: its gradient is zero unless r is inside
        // the range (then clamp is the identity).
        let inside = ratio >= 1 - clipRange && ratio <= 1 + clipRange
        return (-clipped, inside ? -advantage * ratio : 0, !inside)
    }

    /// Squared-error value loss for one sample, `(V - R)^2`, optionally with
    /// SB3's clipping of the prediction to `oldValue +- clipRange`.
    /// Returns the loss and `dL/dV`.
    @inline(__always)
    public static func valueLoss(value: Float, oldValue: Float, target: Float,
                                 clipRange: Float?) -> (loss: Float, gradValue: Float) {
        var prediction = value
        var passes: Float = 1
        if let c = clipRange {
            let diff = value - oldValue
            if diff > c { prediction = oldValue + c; passes = 0 } else if diff < -c { prediction = oldValue - c; passes = 0 }
        }
        let e = prediction - target
        return (e * e, 2 * e * passes)
    }
}

extension Float {
    /// exp through Foundation-free libm.
    @inline(__always) var expApprox: Float { _exp(self) }
}
