/// Weight initialisation schemes.
public enum WeightInit: Codable, Sendable, Equatable {
    /// Orthogonal matrix times `gain` (Saxe et al.; the PPO/SB3 default:
    /// sqrt(2) for hidden layers, 0.01 for the policy output, 1 for the value output).
    case orthogonal(gain: Float)
    /// Uniform in +-`scale`/sqrt(fanIn) (PyTorch's Linear default uses scale 1).
    case scaledUniform(scale: Float)
}

/// Builders of initial weight matrices (layout `inputs x outputs`, row-major).
public enum Initializer {
    /// Returns a weight matrix in this module's layout (`inputs x outputs`,
    /// row-major), built as PyTorch's `orthogonal_` builds the `outputs x inputs`
    /// matrix: QR of a Gaussian matrix (the tall orientation), columns of Q made
    /// sign-consistent with diag(R) > 0, times `gain`.
    public static func orthogonal(inputs: Int, outputs: Int, gain: Float, rng: inout Xoshiro256StarStar) -> [Float] {
        let tallRows = max(inputs, outputs), tallCols = min(inputs, outputs)
        // Column-major tall matrix q[c][r], Gaussian entries.
        var q = [[Double]](repeating: [Double](repeating: 0, count: tallRows), count: tallCols)
        for r in 0..<tallRows { for c in 0..<tallCols { q[c][r] = rng.nextGaussian() } }
        // Modified Gram-Schmidt: gives Q with positive diag(R), i.e. the
        // sign-corrected QR factor.
        for c in 0..<tallCols {
            for p in 0..<c {
                var dot = 0.0
                for r in 0..<tallRows { dot += q[p][r] * q[c][r] }
                for r in 0..<tallRows { q[c][r] -= dot * q[p][r] }
            }
            var norm = 0.0
            for r in 0..<tallRows { norm += q[c][r] * q[c][r] }
            norm = norm.squareRoot()
            let inv = norm > 0 ? 1 / norm : 0
            for r in 0..<tallRows { q[c][r] *= inv }
        }
        var w = [Float](repeating: 0, count: inputs * outputs)
        for i in 0..<inputs {
            for o in 0..<outputs {
                // Torch weight W_t[o][i]. If outputs >= inputs the tall matrix is W_t
                // (rows = outputs), else it is W_t transposed (rows = inputs).
                let value = outputs >= inputs ? q[i][o] : q[o][i]
                w[i * outputs + o] = Float(value) * gain
            }
        }
        return w
    }

    /// Uniform in +-scale/sqrt(inputs), layout `inputs x outputs`.
    public static func scaledUniform(inputs: Int, outputs: Int, scale: Float, rng: inout Xoshiro256StarStar) -> [Float] {
        let bound = Double(scale) / Double(max(inputs, 1)).squareRoot()
        return (0..<(inputs * outputs)).map { _ in Float(rng.uniform(-bound, bound)) }
    }
}
