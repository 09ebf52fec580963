import Foundation
import Testing
@testable import OffloadExperiments

// Reference values: SciPy 1.17.1 (NumPy 2.4.6, Python 3.11), computed once with the defaults
//   r = scipy.stats.wilcoxon(x, y)   # zero_method='wilcox', correction=False, method='auto'
//   r.statistic, r.pvalue            # printed with repr()
// The random-looking samples were drawn once with np.random.default_rng(20261123) and are
// pasted below as literals, so the test does not depend on NumPy's generator.
// SciPy 1.17 'auto' (scipy/stats/_wilcoxon.py): N > 50 -> asymptotic; else no ties and no
// zeros -> exact; else N <= 13 -> exact permutation test; else asymptotic.
@Suite("Wilcoxon signed-rank test")
struct WilcoxonTests {
    func check(_ x: [Double], _ y: [Double], statistic: Double, p: Double,
               method: WilcoxonPValueMethod, correction: Bool = false,
               sourceLocation: SourceLocation = #_sourceLocation) throws {
        let r = try WilcoxonTest.signedRank(x, y, continuityCorrection: correction)
        #expect(r.statistic == statistic, sourceLocation: sourceLocation)
        #expect(close(r.pValue, p, relative: 1e-9), "p \(r.pValue) vs SciPy \(p)", sourceLocation: sourceLocation)
        #expect(r.method == method, sourceLocation: sourceLocation)
    }

    // wilcoxon(x8, y8) -> (3.0, 0.0390625)
    @Test func exactSmallSampleN8() throws {
        try check([1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06],
                  [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14],
                  statistic: 3.0, p: 0.0390625, method: .exact)
    }

    // wilcoxon(x12, y12) -> (29.0, 0.4697265625); differences all distinct -> exact.
    @Test func exactSmallSampleN12() throws {
        try check([125.0, 115.0, 130.0, 140.0, 140.0, 115.0, 140.0, 125.0, 140.0, 135.0, 121.0, 137.0],
                  [110.0, 122.0, 125.0, 120.0, 141.0, 124.0, 123.0, 137.0, 134.0, 145.0, 113.0, 129.5],
                  statistic: 29.0, p: 0.4697265625, method: .exact)
    }

    // wilcoxon([1.,-2.,-3.,4.], [0.,0.,0.,0.]) -> (5.0, 1.0): W+ at the mean, p clipped to 1.
    @Test func exactPValueIsCappedAtOne() throws {
        try check([1, -2, -3, 4], [0, 0, 0, 0], statistic: 5.0, p: 1.0, method: .exact)
    }

    // wilcoxon(x51[:50], y51[:50]) -> (399.0, 0.020665866669398625): largest N still exact.
    @Test func exactAtTheThresholdN50() throws {
        let x: [Double] = [99.0, 102.0, 103.0, 104.0, 105.0, 106.0, 107.0, 108.0, 91.0, 110.0, 111.0, 112.0, 87.0, 86.0, 85.0, 116.0, 117.0, 118.0, 119.0, 120.0, 121.0, 122.0, 123.0, 124.0, 75.0, 74.0, 73.0, 128.0, 71.0, 70.0, 131.0, 132.0, 67.0, 134.0, 135.0, 136.0, 137.0, 62.0, 139.0, 140.0, 141.0, 142.0, 143.0, 56.0, 55.0, 146.0, 147.0, 148.0, 149.0, 50.0]
        try check(x, [Double](repeating: 100, count: 50), statistic: 399.0, p: 0.020665866669398625, method: .exact)
    }

    // wilcoxon(x51, y51) -> (399.0, 0.013338724594837748): N = 51 > 50 switches to the normal approximation.
    @Test func normalApproximationAboveThresholdN51() throws {
        let x: [Double] = [99.0, 102.0, 103.0, 104.0, 105.0, 106.0, 107.0, 108.0, 91.0, 110.0, 111.0, 112.0, 87.0, 86.0, 85.0, 116.0, 117.0, 118.0, 119.0, 120.0, 121.0, 122.0, 123.0, 124.0, 75.0, 74.0, 73.0, 128.0, 71.0, 70.0, 131.0, 132.0, 67.0, 134.0, 135.0, 136.0, 137.0, 62.0, 139.0, 140.0, 141.0, 142.0, 143.0, 56.0, 55.0, 146.0, 147.0, 148.0, 149.0, 50.0, 151.0]
        try check(x, [Double](repeating: 100, count: 51), statistic: 399.0, p: 0.013338724594837748,
                  method: .normalApproximation)
    }

    // wilcoxon(xc, yc) -> (423.5, 0.0004950360286403811)
    // wilcoxon(xc, yc, correction=True) -> (423.5, 0.0005020615485768891)
    @Test func normalApproximationN60WithAndWithoutContinuityCorrection() throws {
        let x: [Double] = [0.962, 1.437, 0.829, 0.726, 0.769, 0.785, 0.571, 0.824, 1.24, 0.562, 1.073, 0.848, 0.912, 1.312, 1.209, 1.353, 1.483, 0.437, 0.658, 1.72, 1.0, 1.675, 1.029, 1.27, 0.827, 1.035, 1.05, 1.15, 1.25, 1.539, 0.987, 0.496, 0.919, 1.017, 0.624, 1.498, 0.931, 1.148, 0.864, 1.323, 1.302, 0.982, 1.124, 0.655, 0.873, 0.651, 0.983, 1.129, 0.993, 1.204, 1.806, 0.634, 1.301, 0.973, 1.528, 1.069, 1.286, 1.245, 1.66, 0.386]
        let y: [Double] = [0.901, 1.121, 0.826, 0.492, 0.568, 0.789, 0.403, 0.658, 1.002, 0.628, 1.03, 0.507, 0.91, 1.515, 1.054, 1.738, 1.36, 0.045, 0.541, 1.858, 0.954, 1.405, 0.56, 1.024, 1.113, 0.676, 1.18, 1.171, 1.236, 1.295, 1.037, 0.358, 0.654, 0.739, 0.706, 1.633, 0.931, 1.019, 0.878, 1.022, 1.173, 0.877, 1.284, 0.575, 1.03, 1.005, 0.922, 1.14, 1.003, 1.171, 1.381, 0.568, 1.154, 0.723, 1.091, 0.974, 0.864, 0.839, 1.734, 0.076]
        try check(x, y, statistic: 423.5, p: 0.0004950360286403811, method: .normalApproximation)
        try check(x, y, statistic: 423.5, p: 0.0005020615485768891, method: .normalApproximation, correction: true)
    }

    // wilcoxon(xt, yt) -> (8.0, 0.056640625): ties, N = 10 <= 13 -> exact enumeration.
    @Test func tiesSmallSampleUseEnumeration() throws {
        try check([2.0, 3.5, 1.0, 4.0, 2.5, 3.0, 1.5, 5.0, 2.0, 3.0],
                  [1.0, 2.5, 2.0, 2.0, 1.5, 2.0, 2.5, 3.0, 1.0, 1.0],
                  statistic: 8.0, p: 0.056640625, method: .permutation)
    }

    // wilcoxon(xz, yz) -> (4.5, 0.125): two zero differences dropped, N = 9 -> enumeration.
    @Test func zeroDifferencesAreDropped() throws {
        let x: [Double] = [1, 2, 3, 4, 5, 6, 7, 8, 9]
        let y: [Double] = [1.0, 1.5, 3.0, 2.75, 3.0, 6.5, 5.0, 4.0, 10.0]
        try check(x, y, statistic: 4.5, p: 0.125, method: .permutation)
        let r = try WilcoxonTest.signedRank(x, y)
        #expect(r.zeroCount == 2 && r.nonZeroCount == 7)
    }

    // wilcoxon(ties20_x, ties20_y) -> (54.5, 0.47987642616202597): ties, N = 20 -> normal with tie correction.
    @Test func tiesMediumSampleUseTieCorrectedNormal() throws {
        let x: [Double] = [13.5, 10.0, 12.0, 10.5, 13.5, 10.0, 12.0, 11.5, 10.0, 12.5, 13.5, 12.0, 12.5, 12.0, 10.0, 10.0, 10.0, 13.0, 11.5, 10.0]
        let y: [Double] = [13.0, 13.0, 13.0, 11.5, 12.5, 12.0, 13.0, 13.0, 10.0, 12.5, 13.0, 11.0, 12.0, 13.0, 9.5, 9.5, 9.5, 13.0, 9.5, 10.0]
        try check(x, y, statistic: 54.5, p: 0.47987642616202597, method: .normalApproximation)
    }

    // wilcoxon(zeros30_x, zeros30_y) -> (208.0, 0.8365783768387653): zeros and ties, N = 30.
    @Test func zerosMediumSampleUseNormal() throws {
        let x: [Double] = [4.0, 0.0, 2.0, 4.0, 9.0, 6.0, 2.0, 9.0, 7.0, 9.0, 2.0, 1.0, 2.0, 9.0, 4.0, 4.0, 5.0, 2.0, 0.0, 2.0, 2.0, 5.0, 7.0, 0.0, 7.0, 0.0, 3.0, 9.0, 0.0, 7.0]
        let y: [Double] = [7.0, 8.0, 7.0, 0.0, 5.0, 2.0, 4.0, 8.0, 5.0, 9.0, 1.0, 8.0, 3.0, 5.0, 1.0, 7.0, 2.0, 5.0, 4.0, 9.0, 1.0, 1.0, 0.0, 3.0, 6.0, 1.0, 1.0, 6.0, 2.0, 2.0]
        try check(x, y, statistic: 208.0, p: 0.8365783768387653, method: .normalApproximation)
    }

    // wilcoxon([3.0]*5, [3.0]*5) -> (0.0, 1.0); wilcoxon([3.0]*20, [3.0]*20) -> (0.0, nan)
    // (SciPy warns "invalid value encountered in scalar divide" for the latter).
    @Test func allEqualInputDoesNotCrash() throws {
        let small = try WilcoxonTest.signedRank([Double](repeating: 3, count: 5), [Double](repeating: 3, count: 5))
        #expect(small.statistic == 0 && small.pValue == 1)
        let large = try WilcoxonTest.signedRank([Double](repeating: 3, count: 20), [Double](repeating: 3, count: 20))
        #expect(large.statistic == 0 && large.pValue.isNaN)
        let empty = try WilcoxonTest.signedRank([], [])
        #expect(empty.statistic.isNaN && empty.pValue.isNaN)
    }

    @Test func swappingSamplesKeepsStatisticAndP() throws {
        let x: [Double] = [1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06]
        let y: [Double] = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14]
        let a = try WilcoxonTest.signedRank(x, y), b = try WilcoxonTest.signedRank(y, x)
        #expect(a.statistic == b.statistic && a.pValue == b.pValue)
        #expect(a.rankSumPositive == b.rankSumNegative)
    }

    @Test func invalidInputThrows() {
        #expect(throws: WilcoxonError.lengthMismatch(x: 2, y: 1)) { try WilcoxonTest.signedRank([1, 2], [1]) }
        #expect(throws: WilcoxonError.nonFiniteValue(index: 1)) { try WilcoxonTest.signedRank([1, .nan], [0, 0]) }
    }

    /// The null distribution sums to 1 and matches the closed form for n = 3 (1,1,1,2,1,1,1)/8.
    @Test func nullDistribution() {
        #expect(WilcoxonTest.nullDistribution(n: 3) == [1, 1, 1, 2, 1, 1, 1].map { $0 / 8.0 })
        #expect(close(WilcoxonTest.nullDistribution(n: 50).reduce(0, +), 1, relative: 1e-12))
    }
}
