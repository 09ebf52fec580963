import Foundation

/// Descriptive statistics of one sample, as reported per method and metric by the experiment
/// runners. Every field is optional rather than NaN so that a summary encodes to JSON
/// (`JSONEncoder` rejects NaN) and so that callers must decide what an undefined value means.
public struct SampleSummary: Sendable, Equatable, Codable {
    /// Number of observations `n`.
    public let count: Int
    /// `mean = (1/n) sum x_i`; nil when `n = 0`.
    public let mean: Double?
    /// Sample standard deviation with Bessel's correction; nil when `n < 2`.
    public let standardDeviation: Double?
    /// `s / sqrt(n)`; nil when `n < 2`.
    public let standardError: Double?
    /// Half-width of the two-sided 95 % Student-t confidence interval of the mean; nil when `n < 2`.
    public let confidenceHalfWidth95: Double?

    public init(_ values: [Double]) {
        count = values.count
        mean = Statistics.mean(values)
        standardDeviation = Statistics.sampleStandardDeviation(values)
        standardError = Statistics.standardError(values)
        confidenceHalfWidth95 = Statistics.confidenceHalfWidth(values, level: 0.95)
    }
}

/// Sample statistics used to report experiments (seed 000 §4.1: mean and standard deviation
/// over episodes). Functions return nil when the quantity is undefined for the sample size
/// instead of trapping or silently returning NaN.
public enum Statistics {
    /// Arithmetic mean `xbar = (1/n) sum_i x_i`. Returns nil for an empty sample.
    public static func mean(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        return values.reduce(0, +) / Double(values.count)
    }

    /// Sample standard deviation `s = sqrt( sum_i (x_i - xbar)^2 / (n - 1) )`.
    ///
    /// Two-pass formula (mean first, then squared deviations) because the one-pass
    /// `sum x^2 - n xbar^2` loses all precision when the spread is small against the mean,
    /// which is typical for delays of similar methods. Returns nil when `n < 2`.
    public static func sampleStandardDeviation(_ values: [Double]) -> Double? {
        guard values.count >= 2, let m = mean(values) else { return nil }
        var squares = 0.0
        for x in values { squares += (x - m) * (x - m) }
        return (squares / Double(values.count - 1)).squareRoot()
    }

    /// Standard error of the mean `SE = s / sqrt(n)`. Returns nil when `n < 2`.
    public static func standardError(_ values: [Double]) -> Double? {
        guard let s = sampleStandardDeviation(values) else { return nil }
        return s / Double(values.count).squareRoot()
    }

    /// Half-width `h = t_{(1+level)/2, n-1} * s / sqrt(n)` of the two-sided confidence interval
    /// `xbar +- h` for the mean, with the Student-t quantile from `StudentT.quantile`.
    /// Returns nil when `n < 2` or `level` is not in (0, 1).
    public static func confidenceHalfWidth(_ values: [Double], level: Double = 0.95) -> Double? {
        guard level > 0, level < 1, let se = standardError(values) else { return nil }
        let t = StudentT.quantile((1 + level) / 2, degreesOfFreedom: Double(values.count - 1))
        guard t.isFinite else { return nil }
        return t * se
    }

    /// Relative difference `(value - reference) / |reference|` (e.g. -0.26 = 26 % lower than the
    /// reference). Dividing by `|reference|` keeps the sign meaning "above/below the reference"
    /// even for a negative reference (e.g. a reward). Returns nil when the reference is 0 or
    /// either input is not finite, since no meaningful ratio exists.
    public static func relativeDifference(_ value: Double, reference: Double) -> Double? {
        guard value.isFinite, reference.isFinite, reference != 0 else { return nil }
        return (value - reference) / abs(reference)
    }
}
