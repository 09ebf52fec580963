import Foundation
import OffloadModel

/// Runs a solver slot by slot, scoring each decision with the shared evaluator and carrying the
/// horizon energy (C1) forward.
public enum EpisodeRunner {
    public struct Result: Sendable {
        public var decisions: [SlotDecision]
        public var report: EpisodeReport
        /// Wall time spent inside the solver's `decide` calls, s.
        public var solverSeconds: Double
    }

    /// Runs `solver` over the first `slots` slots (all when nil).
    public static func run<S: SlotSolver>(_ solver: inout S, scenario: Scenario, slots: Int? = nil,
                                          progress: ((Int, Int) -> Void)? = nil) throws -> Result {
        let n = min(slots ?? scenario.slots.count, scenario.slots.count)
        let evaluator = Evaluator(scenario: scenario)
        var remaining = scenario.devices.map(\.energyBudgetJ)
        var buffer = SlotEvaluation()
        var report = EpisodeReport()
        var decisions: [SlotDecision] = []
        var seconds = 0.0
        var previous: SlotDecision?
        for t in 0..<n {
            let start = DispatchTime.now().uptimeNanoseconds
            let d = try solver.decide(scenario: scenario, slot: t,
                                      context: SolverContext(remainingEnergy: remaining, previous: previous))
            seconds += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            evaluator.evaluate(slot: t, decision: d, remainingEnergy: &remaining, into: &buffer)
            report.add(buffer)
            decisions.append(d)
            previous = d
            progress?(t + 1, n)
        }
        return Result(decisions: decisions, report: report, solverSeconds: seconds)
    }
}
