import Foundation
import Testing
@testable import OffloadExperiments

// Reference values: statsmodels 0.15.0 (NumPy 2.4.6), computed once with
//   from statsmodels.stats.multitest import multipletests
//   multipletests([0.01, 0.04, 0.03, 0.04, 0.005], method='holm')[1]
//     -> [0.04, 0.09, 0.09, 0.09, 0.025]
//   multipletests([0.30, 0.012, 0.5, 0.012, 0.9], method='holm')[1]
//     -> [0.8999999999999999, 0.06, 1.0, 0.06, 1.0]
@Suite("Holm-Bonferroni adjustment")
struct HolmTests {
    /// Ties (two 0.04) and the running maximum (0.03*3 = 0.09 carried to the 0.04s, whose raw
    /// products are 0.08 and 0.04).
    @Test func matchesStatsmodelsWithTiesAndMonotonicity() {
        let got = Holm.adjust([0.01, 0.04, 0.03, 0.04, 0.005])
        let expected = [0.04, 0.09, 0.09, 0.09, 0.025]
        for (g, e) in zip(got, expected) { #expect(close(g, e, relative: 1e-14)) }
    }

    /// Tied smallest values and values capped at 1 (0.5*2 = 1.0, 0.9*1 carried up by the max).
    @Test func matchesStatsmodelsWithCapping() {
        let got = Holm.adjust([0.30, 0.012, 0.5, 0.012, 0.9])
        let expected = [0.8999999999999999, 0.06, 1.0, 0.06, 1.0]
        for (g, e) in zip(got, expected) { #expect(close(g, e, relative: 1e-14)) }
        #expect(Holm.adjust([0.6, 0.7, 0.8]) == [1, 1, 1])
    }

    @Test func nanIsLeftOutOfTheFamily() {
        let got = Holm.adjust([0.01, .nan, 0.04])
        #expect(close(got[0], 0.02) && got[1].isNaN && close(got[2], 0.04))
        #expect(Holm.adjust([]) == [])
    }
}
