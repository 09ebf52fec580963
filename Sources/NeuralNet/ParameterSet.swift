/// All trainable values of a model in one contiguous buffer, with a gradient
/// buffer of the same shape.
///
/// Layers address their weights by offset. Keeping everything in one vector
/// makes Adam, global-norm clipping, zeroing and serialisation single loops.
public final class ParameterSet {
    /// Parameter values.
    public let values: FloatBuffer
    /// Gradients, accumulated by backward passes (zero them before each minibatch).
    public let gradients: FloatBuffer

    /// Number of scalar parameters.
    public var count: Int { values.count }

    /// Allocates `count` zero parameters and gradients.
    public init(count: Int) {
        values = FloatBuffer(count: count)
        gradients = FloatBuffer(count: count)
    }

    /// Sets all gradients to zero.
    public func zeroGradients() { gradients.zero() }

    /// Euclidean norm of the whole gradient vector (accumulated in Double).
    public func gradientNorm() -> Float {
        let g = gradients.pointer
        var acc = SIMD16<Float>(repeating: 0)
        var total = 0.0
        var i = 0
        while i + 16 <= count {
            let v = UnsafeRawPointer(g + i).loadUnaligned(as: SIMD16<Float>.self)
            acc += v * v
            i += 16
            // Flush to Double now and then so long vectors do not lose precision.
            if i & 1023 == 0 { total += Double(acc.sum()); acc = .zero }
        }
        total += Double(acc.sum())
        while i < count { total += Double(g[i] * g[i]); i += 1 }
        return Float(total.squareRoot())
    }

    /// Global gradient-norm clipping as in PyTorch's `clip_grad_norm_`: scales
    /// all gradients by `maxNorm / (norm + 1e-6)` when that is below 1.
    /// Returns the norm before clipping.
    @discardableResult
    public func clipGradientNorm(maxNorm: Float) -> Float {
        let norm = gradientNorm()
        let coefficient = maxNorm / (norm + 1e-6)
        if coefficient < 1 {
            let g = gradients.pointer
            for i in 0..<count { g[i] *= coefficient }
        }
        return norm
    }
}

/// Hands out consecutive ranges of a parameter vector while a model is being laid out.
public struct ParameterLayout {
    /// Total parameters reserved so far.
    public private(set) var count = 0

    public init() {}

    /// Reserves `size` parameters and returns their offset.
    public mutating func reserve(_ size: Int) -> Int {
        defer { count += size }
        return count
    }
}
