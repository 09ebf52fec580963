import Foundation

/// Holm-Bonferroni step-down adjustment for multiple comparisons (Holm 1979), used for the
/// paired Wilcoxon tests of several methods against one reference (seed 000 §4.1).
public enum Holm {
    /// Adjusted p-values, in the order of the input.
    ///
    /// With the `m` valid p-values sorted ascending, `p_(1) <= ... <= p_(m)`:
    /// `p~_(i) = min(1, max_{j <= i} (m - j + 1) p_(j))`.
    /// The running maximum makes the adjusted values monotone in the raw ones (a smaller raw
    /// p never gets a larger adjusted p), and the cap keeps them probabilities. Matches
    /// statsmodels' `multipletests(p, method='holm')[1]`; tied raw p-values get equal adjusted
    /// values whatever their order.
    ///
    /// NaN entries (e.g. a Wilcoxon test on all-equal data) are not counted in `m` and stay
    /// NaN in the output, as in R's `p.adjust` - a test that could not be run should neither be
    /// "significant" nor make the others harder to pass. Values outside [0, 1] are clamped.
    public static func adjust(_ pValues: [Double]) -> [Double] {
        var result = [Double](repeating: .nan, count: pValues.count)
        let valid = pValues.indices.filter { !pValues[$0].isNaN }
        // Stable order keeps the output deterministic for ties (values are equal anyway).
        let order = valid.sorted { (pValues[$0], $0) < (pValues[$1], $1) }
        let m = order.count
        var runningMax = 0.0
        for (rank, index) in order.enumerated() {
            let p = min(max(pValues[index], 0), 1)
            runningMax = max(runningMax, p * Double(m - rank))
            result[index] = min(runningMax, 1)
        }
        return result
    }
}
