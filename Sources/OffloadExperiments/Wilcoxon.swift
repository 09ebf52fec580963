import Foundation

/// How the p-value of a Wilcoxon signed-rank test was obtained.
public enum WilcoxonPValueMethod: String, Sendable, Codable {
    /// Exact null distribution of `W+` over `n_r` untied non-zero ranks.
    case exact
    /// Exact enumeration of all `2^n_r` sign assignments of the observed (possibly tied,
    /// averaged) ranks; SciPy's `auto` uses this as a permutation test for small samples with
    /// ties or zeros.
    case permutation
    /// Normal approximation with tie correction (and optional continuity correction).
    case normalApproximation
}

/// Which p-value computation to request; `.auto` follows SciPy 1.17's `method='auto'`.
public enum WilcoxonMethodChoice: String, Sendable, Codable {
    case auto, exact, asymptotic
}

/// Result of the paired two-sided Wilcoxon signed-rank test.
public struct WilcoxonResult: Sendable, Equatable, Codable {
    /// SciPy's two-sided statistic `min(W+, W-)`.
    public let statistic: Double
    /// Two-sided p-value in [0, 1], or NaN when undefined (see `WilcoxonTest.signedRank`).
    public let pValue: Double
    /// Sum of the ranks of the positive differences `d_i = x_i - y_i`.
    public let rankSumPositive: Double
    /// Sum of the ranks of the negative differences.
    public let rankSumNegative: Double
    /// Number of non-zero differences `n_r` that were ranked.
    public let nonZeroCount: Int
    /// Number of zero differences that were dropped (zero_method = 'wilcox').
    public let zeroCount: Int
    /// Whether some non-zero |d_i| are tied.
    public let hasTies: Bool
    /// How the p-value was computed.
    public let method: WilcoxonPValueMethod
    /// `z` of the normal approximation (NaN when that method was not used).
    public let zStatistic: Double

    // NaN never equals NaN; compare bit patterns so identical results are equal.
    public static func == (l: WilcoxonResult, r: WilcoxonResult) -> Bool {
        l.statistic.bitPattern == r.statistic.bitPattern && l.pValue.bitPattern == r.pValue.bitPattern
            && l.rankSumPositive == r.rankSumPositive && l.rankSumNegative == r.rankSumNegative
            && l.nonZeroCount == r.nonZeroCount && l.zeroCount == r.zeroCount && l.hasTies == r.hasTies
            && l.method == r.method && l.zStatistic.bitPattern == r.zStatistic.bitPattern
    }
}

/// Input errors of the Wilcoxon test.
public enum WilcoxonError: Error, Equatable, CustomStringConvertible {
    case lengthMismatch(x: Int, y: Int)
    case nonFiniteValue(index: Int)

    public var description: String {
        switch self {
        case let .lengthMismatch(x, y): return "Wilcoxon test needs paired samples of equal length (got \(x) and \(y))"
        case let .nonFiniteValue(i): return "Wilcoxon test input has a NaN or infinite value at index \(i)"
        }
    }
}

/// Paired Wilcoxon signed-rank test, reproducing `scipy.stats.wilcoxon(x, y)` of SciPy 1.17
/// with its defaults: `zero_method='wilcox'`, `correction=False`, `alternative='two-sided'`,
/// `method='auto'`.
public enum WilcoxonTest {
    /// Two-sided paired signed-rank test of `H0: the differences d_i = x_i - y_i are symmetric
    /// about 0`.
    ///
    /// - Zero differences are dropped; the remaining `n_r` values get ranks `R_i` of `|d_i|`
    ///   (ties share the average rank). `W+ = sum_{d_i>0} R_i`, `W- = sum_{d_i<0} R_i`;
    ///   the statistic is `min(W+, W-)`.
    /// - `method: .auto` decides like SciPy 1.17 (`_wilcoxon.py`), with `N` = number of pairs
    ///   *including* zero differences:
    ///   `N > 50` -> normal approximation; otherwise no ties and no zeros -> exact distribution;
    ///   otherwise `N <= 13` -> exact enumeration of all sign flips (SciPy's permutation test,
    ///   deterministic for `2^N <= 9999`); otherwise normal approximation.
    /// - Exact: `p = min(1, 2 min(P(W+ >= floor w), P(W+ <= ceil w)))` under the null
    ///   distribution of `W+` for `n_r` distinct ranks (rounding matches SciPy for tied data).
    /// - Enumeration: `p = min(1, 2 min(#{T <= w}, #{T >= w}) / 2^n_r)` over the sign flips,
    ///   comparing with SciPy's relative tolerance `100 eps |w|`.
    /// - Normal: `z = (W+ - n_r(n_r+1)/4) / sigma`,
    ///   `sigma^2 = (n_r(n_r+1)(2n_r+1) - sum_j (t_j^3 - t_j)/2) / 24` over tie groups of size `t_j`;
    ///   with `continuityCorrection`, `z -= sign(z) * 0.5 / sigma`; `p = 2 (1 - Phi(|z|))`.
    ///
    /// Degenerate inputs behave as SciPy does: with no pairs at all, statistic and p are NaN;
    /// when every difference is zero the statistic is 0 and p is 1 for `N <= 13` (the
    /// enumeration sees a single outcome) but NaN for larger `N` (the normal approximation
    /// divides 0 by `sigma = 0`). Callers should treat NaN as "no evidence of a difference".
    ///
    /// - Throws: `WilcoxonError` when the lengths differ or a value is NaN/infinite.
    public static func signedRank(
        _ x: [Double], _ y: [Double],
        continuityCorrection: Bool = false,
        method: WilcoxonMethodChoice = .auto
    ) throws -> WilcoxonResult {
        guard x.count == y.count else { throw WilcoxonError.lengthMismatch(x: x.count, y: y.count) }
        var d: [Double] = []
        d.reserveCapacity(x.count)
        for i in x.indices {
            let di = x[i] - y[i]
            guard x[i].isFinite, y[i].isFinite, di.isFinite else { throw WilcoxonError.nonFiniteValue(index: i) }
            d.append(di)
        }
        return signedRank(differences: d, continuityCorrection: continuityCorrection, method: method)
    }

    /// The same test on precomputed differences `d_i` (SciPy's `wilcoxon(d)`); non-finite
    /// differences make the p-value NaN (SciPy's `nan_policy='propagate'`).
    public static func signedRank(
        differences d: [Double],
        continuityCorrection: Bool = false,
        method: WilcoxonMethodChoice = .auto
    ) -> WilcoxonResult {
        let total = d.count
        let nonZero = d.filter { $0 != 0 }
        let zeroCount = total - nonZero.count
        let n = nonZero.count
        if total == 0 || d.contains(where: { !$0.isFinite }) {
            return WilcoxonResult(statistic: .nan, pValue: .nan, rankSumPositive: .nan, rankSumNegative: .nan,
                                  nonZeroCount: n, zeroCount: zeroCount, hasTies: false,
                                  method: .normalApproximation, zStatistic: .nan)
        }

        let ranking = averageRanks(nonZero.map { abs($0) })
        var wPlus = 0.0, wMinus = 0.0
        for i in 0..<n {
            if nonZero[i] > 0 { wPlus += ranking.ranks[i] } else { wMinus += ranking.ranks[i] }
        }
        let hasTies = ranking.tieGroupSizes.contains { $0 > 1 }

        let chosen: WilcoxonPValueMethod
        switch method {
        case .exact: chosen = .exact
        case .asymptotic: chosen = .normalApproximation
        case .auto:
            if total > 50 { chosen = .normalApproximation }
            else if !hasTies && zeroCount == 0 { chosen = .exact }
            else if total <= 13 { chosen = .permutation }
            else { chosen = .normalApproximation }
        }

        var p: Double
        var z = Double.nan
        switch chosen {
        case .exact:
            p = exactTwoSided(wPlus: wPlus, n: n)
        case .permutation:
            p = enumeratedTwoSided(wPlus: wPlus, ranks: ranking.ranks)
        case .normalApproximation:
            let nr = Double(n)
            let meanW = nr * (nr + 1) / 4
            let tieTerm = ranking.tieGroupSizes.reduce(0.0) { acc, t in
                let t = Double(t)
                return acc + (t * t * t - t)
            }
            let sigma = ((nr * (nr + 1) * (2 * nr + 1) - tieTerm / 2) / 24).squareRoot()
            z = (wPlus - meanW) / sigma
            if continuityCorrection {
                let s: Double = z > 0 ? 1 : (z < 0 ? -1 : 0)
                z -= s * 0.5 / sigma
            }
            // 2 * (1 - Phi(|z|)) = erfc(|z| / sqrt 2), accurate for tiny p.
            p = erfc(abs(z) / 2.0.squareRoot())
            if !z.isNaN { z = -abs(z) }  // SciPy reports -|z| for two-sided tests
        }
        if p > 1 { p = 1 }
        return WilcoxonResult(statistic: min(wPlus, wMinus), pValue: p, rankSumPositive: wPlus,
                              rankSumNegative: wMinus, nonZeroCount: n, zeroCount: zeroCount,
                              hasTies: hasTies, method: chosen, zStatistic: z)
    }

    /// Average ranks (1-based) of `values` and the sizes of their tie groups.
    static func averageRanks(_ values: [Double]) -> (ranks: [Double], tieGroupSizes: [Int]) {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var groups: [Int] = []
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && values[order[end + 1]] == values[order[start]] { end += 1 }
            // positions start...end (0-based) share ranks start+1 ... end+1
            let average = Double(start + end + 2) / 2
            for k in start...end { ranks[order[k]] = average }
            groups.append(end - start + 1)
            start = end + 1
        }
        return (ranks, groups)
    }

    /// Null distribution of `W+` for `n` distinct ranks 1...n: `pmf[w] = P(W+ = w)`, built by
    /// adding one rank at a time (each rank is positive with probability 1/2), as in SciPy's
    /// `_get_wilcoxon_distr`.
    static func nullDistribution(n: Int) -> [Double] {
        var c: [Double] = [1]
        if n < 1 { return c }
        for k in 1...n {
            var next = [Double](repeating: 0, count: k * (k + 1) / 2 + 1)
            for (w, pw) in c.enumerated() {
                next[w] += 0.5 * pw
                next[w + k] += 0.5 * pw
            }
            c = next
        }
        return c
    }

    /// Exact two-sided p-value, mirroring SciPy's `WilcoxonDistribution.cdf/sf` (each tail is
    /// summed directly on its own side of the mean to keep precision).
    static func exactTwoSided(wPlus: Double, n: Int) -> Double {
        let pmf = nullDistribution(n: n)
        let maxW = pmf.count - 1
        let mean = Double(n) * Double(n + 1) / 4
        func sumRange(_ lo: Int, _ hi: Int) -> Double {
            let lo = max(lo, 0), hi = min(hi, maxW)
            guard lo <= hi else { return 0 }
            var s = 0.0
            for w in lo...hi { s += pmf[w] }
            return s
        }
        func cdf(_ k: Int) -> Double { Double(k) <= mean ? sumRange(0, k) : 1 - sumRange(k + 1, maxW) }
        func sf(_ k: Int) -> Double { Double(k) <= mean ? sumRange(k, maxW) : 1 - sumRange(0, k - 1) }
        let p = 2 * min(sf(Int(wPlus.rounded(.down))), cdf(Int(wPlus.rounded(.up))))
        return min(max(p, 0), 1)
    }

    /// Two-sided p-value by enumerating all `2^n` sign flips of the given ranks
    /// (SciPy's `permutation_test` with `permutation_type='samples'` when it is exact).
    /// Zero differences do not change `W+` under a flip, so enumerating only the non-zero
    /// ones gives the same proportions as SciPy's `2^N`.
    static func enumeratedTwoSided(wPlus: Double, ranks: [Double]) -> Double {
        let n = ranks.count
        let gamma = abs(wPlus) * Double.ulpOfOne * 100
        var lessEqual = 0, greaterEqual = 0
        let patterns = 1 << n
        for mask in 0..<patterns {
            var t = 0.0
            for i in 0..<n where mask & (1 << i) != 0 { t += ranks[i] }
            if t <= wPlus + gamma { lessEqual += 1 }
            if t >= wPlus - gamma { greaterEqual += 1 }
        }
        let p = 2 * Double(min(lessEqual, greaterEqual)) / Double(patterns)
        return min(max(p, 0), 1)
    }
}
