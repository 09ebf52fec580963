import Foundation
import Testing
@testable import OffloadExperiments

// Reference values: NumPy 2.4.6 / SciPy 1.17.1 with
//   x = np.array([2,4,4,4,5,5,7,9.])
//   x.mean(), x.std(ddof=1), scipy.stats.sem(x), scipy.stats.t.ppf(0.975, 7) * scipy.stats.sem(x)
//   -> 5.0, 2.138089935299395, 0.7559289460184544, 1.7874879182362098
//   scipy.stats.t.ppf(0.995, 4) * scipy.stats.sem([1., 2, 3, 4, 5.5]) -> 3.5959130476804764
@Suite("Descriptive statistics")
struct StatisticsTests {
    let x: [Double] = [2, 4, 4, 4, 5, 5, 7, 9]

    @Test func meanStdSeAndConfidenceMatchNumPy() {
        #expect(Statistics.mean(x) == 5.0)
        #expect(close(Statistics.sampleStandardDeviation(x) ?? .nan, 2.138089935299395, relative: 1e-14))
        #expect(close(Statistics.standardError(x) ?? .nan, 0.7559289460184544, relative: 1e-14))
        #expect(close(Statistics.confidenceHalfWidth(x) ?? .nan, 1.7874879182362098, relative: 1e-12))
        #expect(close(Statistics.confidenceHalfWidth([1, 2, 3, 4, 5.5], level: 0.99) ?? .nan,
                      3.5959130476804764, relative: 1e-12))
    }

    @Test func summaryBundlesTheSameNumbersAndEncodesToJSON() throws {
        let s = SampleSummary(x)
        #expect(s.count == 8)
        #expect(s.mean == 5.0)
        #expect(close(s.confidenceHalfWidth95 ?? .nan, 1.7874879182362098, relative: 1e-12))
        let single = SampleSummary([3])
        #expect(single.mean == 3 && single.standardDeviation == nil && single.confidenceHalfWidth95 == nil)
        let json = String(decoding: try JSONEncoder().encode(single), as: UTF8.self)
        #expect(json.contains("\"count\":1"))
    }

    @Test func undefinedQuantitiesAreNil() {
        #expect(Statistics.mean([]) == nil)
        #expect(Statistics.sampleStandardDeviation([1]) == nil)
        #expect(Statistics.standardError([]) == nil)
        #expect(Statistics.confidenceHalfWidth([1]) == nil)
        #expect(Statistics.confidenceHalfWidth(x, level: 1) == nil)
    }

    /// The two-pass formula keeps precision when the spread is tiny against the mean
    /// (NumPy gives exactly 1.0 for [1e9+1, 1e9+2, 1e9+3]).
    @Test func standardDeviationIsStableForLargeOffsets() {
        #expect(Statistics.sampleStandardDeviation([1e9 + 1, 1e9 + 2, 1e9 + 3]) == 1.0)
    }

    @Test func relativeDifference() {
        #expect(close(Statistics.relativeDifference(0.55, reference: 1.0) ?? .nan, -0.45))
        #expect(close(Statistics.relativeDifference(-1.5, reference: -2.0) ?? .nan, 0.25))
        #expect(Statistics.relativeDifference(1, reference: 0) == nil)
        #expect(Statistics.relativeDifference(.nan, reference: 1) == nil)
    }
}

// Reference: SciPy 1.17.1, `scipy.stats.t.ppf(p, df)`, values printed with repr().
@Suite("Student-t quantiles")
struct StudentTTests {
    @Test func quantile975MatchesSciPyForDf1To1000() {
        #expect(scipyT975ForDf1To1000.count == 1000)
        var worst = 0.0
        for (k, expected) in scipyT975ForDf1To1000.enumerated() {
            let got = StudentT.quantile(0.975, degreesOfFreedom: Double(k + 1))
            worst = max(worst, abs(got - expected))
        }
        // The brief asks for 1e-6; the solver is far better than that.
        #expect(worst < 1e-10, "largest absolute error \(worst)")
    }

    // [t.ppf(p, df) for df in [1, 2, 3, 5, 10, 30, 100, 1000]] for each p below.
    static let dfs: [Double] = [1, 2, 3, 5, 10, 30, 100, 1000]
    static let table: [(p: Double, values: [Double])] = [
        (0.6, [0.32491969623290634, 0.2886751345948128, 0.2766706623326898, 0.2671808657041451,
               0.2601848294920803, 0.2556053649519128, 0.25402218245822766, 0.25341451583949876]),
        (0.9, [3.0776835371752544, 1.8856180831641272, 1.637744353696209, 1.4758840488244815,
               1.372183641110336, 1.3104150253913955, 1.290074761346516, 1.2823987214609247]),
        (0.95, [6.313751514675037, 2.9199855803537242, 2.3533634348018233, 2.0150483733330233,
                1.8124611228116756, 1.697260886593957, 1.6602343260853392, 1.6463788172854643]),
        (0.99, [31.820515953773935, 6.9645567342832715, 4.540702858568132, 3.3649299989072174,
                2.7637694581126957, 2.457261542400591, 2.3642173662384813, 2.330082674755513]),
        (0.995, [63.656741162871526, 9.924843200918287, 5.840909309733355, 4.032142983555228,
                 3.16927267261695, 2.7499956535672254, 2.6258905214380173, 2.580754698065951]),
        (0.9995, [636.6192487687897, 31.599054576445365, 12.923978636687961, 6.868826625881276,
                  4.586893858702708, 3.6459586350420627, 3.390491311164263, 3.300282648423944]),
        (0.025, [-12.706204736174705, -4.302652729749464, -3.1824463052837086, -2.5705818356363155,
                 -2.2281388519862753, -2.042272456301238, -1.983971518523552, -1.9623390808264085]),
        (0.001, [-318.30883898555044, -22.327124770119873, -10.214531852407385, -5.893429531356009,
                 -4.143700494046589, -3.385184866829305, -3.173739493738783, -3.0984021639129233]),
    ]

    @Test(arguments: 0..<8)
    func quantileTableMatchesSciPy(row: Int) {
        let (p, values) = Self.table[row]
        for (df, expected) in zip(Self.dfs, values) {
            let got = StudentT.quantile(p, degreesOfFreedom: df)
            #expect(close(got, expected, relative: 1e-10), "p=\(p) df=\(df): \(got) vs \(expected)")
        }
    }

    @Test func nonIntegerDegreesOfFreedomAndEdges() {
        // t.ppf(0.975, 2.5)
        #expect(close(StudentT.quantile(0.975, degreesOfFreedom: 2.5), 3.5746548420036817, relative: 1e-10))
        #expect(StudentT.quantile(0.5, degreesOfFreedom: 7) == 0)
        #expect(StudentT.quantile(1, degreesOfFreedom: 7) == .infinity)
        #expect(StudentT.quantile(0, degreesOfFreedom: 7) == -.infinity)
        #expect(StudentT.quantile(1.2, degreesOfFreedom: 7).isNaN)
        #expect(StudentT.quantile(0.9, degreesOfFreedom: 0).isNaN)
        // The CDF inverts the quantile.
        #expect(close(StudentT.cdf(StudentT.quantile(0.975, degreesOfFreedom: 17), degreesOfFreedom: 17), 0.975))
    }
}
