import Foundation

/// The factorised action distribution of one agent, evaluated for whole batches:
/// an optional masked categorical over `discreteCount` options (from logits)
/// times `continuousCount` independent Gaussians (means from the network,
/// standard deviations from a state-independent log-std vector or from gSDE),
/// each mapped into its bounds by `mapping`.
///
/// The actor network's output row is `[logits (discreteCount) | means (continuousCount)]`.
///
/// Log-probability of a hybrid action (sum over heads):
/// `log p = [z_a - logsumexp_{allowed}(z)] + sum_i [-(u_i - m_i)^2 / (2 s_i^2) - log s_i - log(2 pi)/2] + J(u)`,
/// with `J = 0` for `.clip` and `J = -sum_i log((high_i - low_i)/2 * (1 - tanh(u_i)^2))` for `.tanh`.
/// Masked options have probability 0: they are left out of the log-sum-exp and the
/// entropy and are never sampled. Entropy (for the bonus) is the categorical
/// entropy over allowed options plus the Gaussian entropy of `u` before mapping
/// (tanh-squashed Gaussians have no closed-form entropy).
public struct HybridDistribution: Sendable {
    public let discreteCount: Int
    public let continuousCount: Int
    public let mapping: ContinuousMapping
    public let low: [Float]
    public let high: [Float]
    /// gSDE: std of component c is `sqrt(sum_j h_j^2 exp(2 S[j,c]) + 1e-6)`
    /// with `h` the detached last hidden layer and `S` a `latentSize x continuousCount` parameter.
    public let stateDependent: Bool
    public let latentSize: Int

    static let halfLog2Pi = Float(0.5 * Foundation.log(2 * Double.pi))
    static let sdeEpsilon: Float = 1e-6

    public init(spec: HybridActionSpec, mapping: ContinuousMapping, stateDependent: Bool, latentSize: Int) {
        discreteCount = spec.discreteCount
        continuousCount = spec.continuousCount
        self.mapping = mapping
        low = spec.continuousLow
        high = spec.continuousHigh
        self.stateDependent = stateDependent
        self.latentSize = latentSize
    }

    /// Actor output width.
    public var outputWidth: Int { discreteCount + continuousCount }
    /// Number of log-std parameters.
    public var logStdCount: Int { stateDependent ? latentSize * continuousCount : continuousCount }

    /// Maps a Gaussian sample into `[low_c, high_c]`.
    @inline(__always)
    public func mapToBounds(_ u: Float, component c: Int) -> Float {
        switch mapping {
        case .clip: return min(max(u, low[c]), high[c])
        case .tanh: return low[c] + (high[c] - low[c]) * (Foundation.tanh(u) + 1) * 0.5
        }
    }

    /// log |d a / d u| of the mapping (0 for `.clip`, whose log-prob is that of `u`).
    @inline(__always)
    func logJacobian(_ u: Float, component c: Int) -> Float {
        switch mapping {
        case .clip: return 0
        case .tanh:
            // log(1 - tanh(u)^2) = 2 (log 2 - u - softplus(-2u)), stable for large |u|.
            let x = -2 * u
            let softplus = x > 20 ? x : Foundation.log1p(Foundation.exp(x))
            return Foundation.log((high[c] - low[c]) * 0.5) + 2 * (Float(M_LN2) - u - softplus)
        }
    }

    /// Standard deviations `std[batch x continuousCount]`. `latent` (`batch x latentSize`) is needed for gSDE;
    /// `sdeWeights` (`latentSize x continuousCount`) receives `exp(2 S)` for `backward`.
    public func computeStd(logStd: UnsafePointer<Float>, latent: UnsafePointer<Float>?, batch: Int,
                           std: UnsafeMutablePointer<Float>, sdeWeights: UnsafeMutablePointer<Float>) {
        let nc = continuousCount
        guard nc > 0 else { return }
        if stateDependent, let h = latent {
            let hs = latentSize
            for i in 0..<(hs * nc) { sdeWeights[i] = Foundation.exp(2 * logStd[i]) }
            for b in 0..<batch {
                for c in 0..<nc {
                    var v: Float = 0
                    for j in 0..<hs {
                        let hj = h[b * hs + j]
                        v += hj * hj * sdeWeights[j * nc + c]
                    }
                    std[b * nc + c] = (v + Self.sdeEpsilon).squareRoot()
                }
            }
        } else {
            for c in 0..<nc {
                let s = Foundation.exp(logStd[c])
                for b in 0..<batch { std[b * nc + c] = s }
            }
        }
    }

    /// Log-probabilities and entropies of given actions.
    /// - Parameters:
    ///   - output: actor output `batch x outputWidth`.
    ///   - std: from `computeStd`.
    ///   - masks: `batch x discreteCount` (1 allowed), or nil for all allowed.
    ///   - discrete: chosen option per row (ignored without a categorical head).
    ///   - raw: Gaussian samples `u` before mapping, `batch x continuousCount`.
    ///   - probabilities: receives the categorical probabilities (`batch x discreteCount`), needed by `backward`.
    public func evaluate(output: UnsafePointer<Float>, std: UnsafePointer<Float>, masks: UnsafePointer<UInt8>?,
                         discrete: UnsafePointer<Int32>, raw: UnsafePointer<Float>, batch: Int,
                         logProb: UnsafeMutablePointer<Float>, entropy: UnsafeMutablePointer<Float>,
                         probabilities: UnsafeMutablePointer<Float>) {
        let nk = discreteCount, nc = continuousCount, w = outputWidth
        for b in 0..<batch {
            var lp: Float = 0, ent: Float = 0
            if nk > 0 {
                let (logZ, catEntropy) = categorical(logits: output + b * w, mask: masks.map { $0 + b * nk },
                                                     probabilities: probabilities + b * nk)
                let a = Int(discrete[b])
                if logZ.isFinite && a >= 0 && a < nk { lp += output[b * w + a] - logZ }
                ent += catEntropy
            }
            for c in 0..<nc {
                let s = std[b * nc + c]
                let u = raw[b * nc + c]
                let z = (u - output[b * w + nk + c]) / s
                let logS = Foundation.log(s)
                lp += -0.5 * z * z - logS - Self.halfLog2Pi
                lp -= logJacobian(u, component: c)
                ent += 0.5 + Self.halfLog2Pi + logS
            }
            logProb[b] = lp
            entropy[b] = ent
        }
    }

    /// Softmax over allowed logits. Returns (log-normaliser, entropy); the
    /// normaliser is -inf when nothing is allowed (then probabilities are all 0).
    @inline(__always)
    func categorical(logits z: UnsafePointer<Float>, mask: UnsafePointer<UInt8>?,
                     probabilities p: UnsafeMutablePointer<Float>) -> (Float, Float) {
        let nk = discreteCount
        var maxZ = -Float.infinity
        for k in 0..<nk where mask.map({ $0[k] != 0 }) ?? true { maxZ = max(maxZ, z[k]) }
        guard maxZ > -Float.infinity else {
            for k in 0..<nk { p[k] = 0 }
            return (-Float.infinity, 0)
        }
        var sum: Float = 0
        for k in 0..<nk {
            if mask.map({ $0[k] != 0 }) ?? true {
                let e = Foundation.exp(z[k] - maxZ)
                p[k] = e
                sum += e
            } else {
                p[k] = 0
            }
        }
        let logZ = maxZ + Foundation.log(sum)
        var h: Float = 0
        for k in 0..<nk where p[k] > 0 {
            p[k] /= sum
            h -= p[k] * (z[k] - logZ)
        }
        return (logZ, h)
    }

    /// Gradients of `L = sum_b gLogProb[b] * logp_b + gEntropy * sum_b H_b` with
    /// respect to the actor output (written to `gradOutput`) and the log-std
    /// parameters (accumulated into `gradLogStd`), from `probabilities`, `std`
    /// and `sdeWeights` of the forward pass, with the closed forms
    /// `dlogp/dz_k = 1[k=a] - p_k`, `dH/dz_k = -p_k (log p_k + H)`,
    /// `dlogp/dm = (u-m)/s^2`, `dlogp/dlog s = z^2 - 1`, `dH/dlog s = 1`, and for
    /// gSDE `dlog s_c / dS[j,c] = h_j^2 exp(2 S[j,c]) / s_c^2`.
    public func backward(output: UnsafePointer<Float>, std: UnsafePointer<Float>, latent: UnsafePointer<Float>?,
                         sdeWeights: UnsafePointer<Float>, discrete: UnsafePointer<Int32>, raw: UnsafePointer<Float>,
                         probabilities: UnsafePointer<Float>, batch: Int,
                         gLogProb: UnsafePointer<Float>, gEntropy: Float,
                         gradOutput: UnsafeMutablePointer<Float>, gradLogStd: UnsafeMutablePointer<Float>) {
        let nk = discreteCount, nc = continuousCount, w = outputWidth, hs = latentSize
        for b in 0..<batch {
            let gl = gLogProb[b]
            if nk > 0 {
                let p = probabilities + b * nk
                var h: Float = 0
                for k in 0..<nk where p[k] > 0 { h -= p[k] * Foundation.log(p[k]) }
                let a = Int(discrete[b])
                for k in 0..<nk {
                    var g: Float = 0
                    if p[k] > 0 {
                        g = gl * ((k == a ? 1 : 0) - p[k]) - gEntropy * p[k] * (Foundation.log(p[k]) + h)
                    }
                    gradOutput[b * w + k] = g
                }
            }
            for c in 0..<nc {
                let s = std[b * nc + c]
                let diff = raw[b * nc + c] - output[b * w + nk + c]
                let z = diff / s
                gradOutput[b * w + nk + c] = gl * diff / (s * s)
                let gLogS = gl * (z * z - 1) + gEntropy
                if stateDependent, let hp = latent {
                    let scale = gLogS / (s * s)
                    for j in 0..<hs {
                        let hj = hp[b * hs + j]
                        gradLogStd[j * nc + c] += scale * hj * hj * sdeWeights[j * nc + c]
                    }
                } else {
                    gradLogStd[c] += gLogS
                }
            }
        }
    }
}
