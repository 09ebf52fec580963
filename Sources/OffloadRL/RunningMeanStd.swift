/// Running mean and variance of observation components (Chan et al. parallel
/// update, as SB3's `RunningMeanStd`), used to normalise observations like
/// SB3's `VecNormalize`: `clamp((x - mean) / sqrt(var + 1e-8), -clip, clip)`.
public struct RunningMeanStd: Codable, Sendable, Equatable {
    /// Per-component mean and (population) variance.
    public var mean: [Double]
    public var variance: [Double]
    /// Number of samples seen (starts at 1e-4, as in SB3, to avoid dividing by zero).
    public var count: Double
    /// Clip range of normalised values.
    public var clip: Float

    public init(size: Int, clip: Float = 10) {
        mean = [Double](repeating: 0, count: size)
        variance = [Double](repeating: 1, count: size)
        count = 1e-4
        self.clip = clip
    }

    /// Folds a batch of `rows x mean.count` samples into the statistics.
    public mutating func update(_ batch: UnsafePointer<Float>, rows: Int) {
        let size = mean.count
        guard rows > 0 else { return }
        for i in 0..<size {
            var s = 0.0
            for r in 0..<rows { s += Double(batch[r * size + i]) }
            let batchMean = s / Double(rows)
            var v = 0.0
            for r in 0..<rows { let d = Double(batch[r * size + i]) - batchMean; v += d * d }
            let batchVar = v / Double(rows)
            let delta = batchMean - mean[i]
            let total = count + Double(rows)
            let m2 = variance[i] * count + batchVar * Double(rows) + delta * delta * count * Double(rows) / total
            mean[i] += delta * Double(rows) / total
            variance[i] = m2 / total
        }
        count += Double(rows)
    }

    /// Writes normalised copies of `rows` observations into `output`.
    public func normalize(_ input: UnsafePointer<Float>, rows: Int, into output: UnsafeMutablePointer<Float>) {
        let size = mean.count
        for i in 0..<size {
            let m = Float(mean[i]), inv = Float(1 / (variance[i] + 1e-8).squareRoot())
            for r in 0..<rows {
                let v = (input[r * size + i] - m) * inv
                output[r * size + i] = min(max(v, -clip), clip)
            }
        }
    }
}
