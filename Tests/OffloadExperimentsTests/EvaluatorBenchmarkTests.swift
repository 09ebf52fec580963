import Foundation
import Testing
@testable import OffloadExperiments

@Suite("Evaluator benchmark")
struct EvaluatorBenchmarkTests {
    /// The dependent-add chain really runs (a folded loop would report an absurd clock or NaN).
    @Test func clockProbeReportsAPlausibleClock() {
        let hz = ClockProbe.hertz()
        #expect(hz.isFinite && hz > 0.2e9 && hz < 10e9, "clock probe: \(hz) Hz")
    }

    /// Every user-slot of every pass is counted, and the cycles, clock and rate of a single repeat agree.
    @Test func countsEveryUserSlotAndReportsCycles() throws {
        let users = 16
        let results = try EvaluatorBenchmark.run(users: users, satellites: 3, batchSizes: [1, 3, 25], minSeconds: 0.002,
                                                 repeats: 1)
        #expect(results.map(\.slotsPerBatch) == [1, 3, 25])
        for r in results {
            #expect(r.evaluations > 0 && r.evaluations % (users * r.slotsPerBatch) == 0, "\(r.evaluations) evaluations")
            #expect(r.episodes == (r.slotsPerBatch + EvaluatorBenchmark.episodeSlots - 1) / EvaluatorBenchmark.episodeSlots)
            #expect(r.evaluationsPerSecond == r.evaluationsPerSecondMin && r.evaluationsPerSecond == r.evaluationsPerSecondMax)
            #expect(r.cyclesPerEvaluation.isFinite && r.cyclesPerEvaluation > 0)
            // One repeat: cycles per evaluation times evaluations per second is the clock it was weighted by.
            let clock = r.cyclesPerEvaluation * r.evaluationsPerSecond
            #expect(abs(clock / (r.clockGHz * 1e9) - 1) < 1e-9, "\(clock) Hz vs \(r.clockGHz) GHz")
            #expect(r.offloadFraction > 0 && r.offloadFraction < 1)
        }
    }
}
