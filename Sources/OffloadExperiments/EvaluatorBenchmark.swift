import CClockProbe
import Foundation
import OffloadModel
import OffloadScenarios
import OffloadSolvers

/// Throughput of the shared evaluator in user-slot evaluations per second (`offload bench evaluator`).
///
/// Workload: independent 20-slot LEO episodes (`Presets.leo(users:satellites:slots: 20, seed: k)`,
/// k = seed, seed + 1, ...) laid end to end, every user given a task in every slot, decisions from
/// the Random method (a mix of local and offloaded users, codec on: `mu ~ U[mu_min, 1]`). A batch of
/// `n` slots is the first `n` slots of that sequence, so every slot has the satellite visibility of a
/// real episode (one long episode would leave late slots with no satellite in view and mostly cheap
/// local decisions). C1 is tracked within each episode. Timing covers only `Evaluator.evaluate` (and
/// resetting the energy budgets at episode starts), in thread CPU time.
public enum EvaluatorBenchmark {
    public static let episodeSlots = 20
    /// Slots evaluated between two readings of the clock (at least one batch).
    public static let clockReadingSlots = 100
    /// Length of the clock probe after each reading: about 0.17 ms at 3 GHz (a 100-slot window of 200
    /// users takes about 0.7 ms).
    static let probeAdds: UInt64 = 500_000

    public struct Result: Codable, Sendable {
        /// Slots evaluated per batch.
        public var slotsPerBatch: Int
        public var users: Int
        /// Independent 20-slot episodes the batch spans.
        public var episodes: Int
        /// Fraction of the batch's user-slots that offload (the rest run locally).
        public var offloadFraction: Double
        /// Fraction of offloading user-slots that run the semantic codec (`mu < 1`).
        public var codecFraction: Double
        /// User-slot evaluations in the median repeat.
        public var evaluations: Int
        /// CPU time of the measuring thread in the median repeat, s (robust when other processes share the cores).
        public var seconds: Double
        /// Wall-clock time of the median repeat (including the clock probes), s.
        public var wallSeconds: Double
        /// Median over repeats of `evaluations / seconds` (thread CPU time).
        public var evaluationsPerSecond: Double
        /// Slowest and fastest repeat.
        public var evaluationsPerSecondMin: Double
        public var evaluationsPerSecondMax: Double
        public var repeats: Int
        /// Median over repeats of the clock the thread got (`ClockProbe` around every clock reading), GHz.
        public var clockGHz: Double
        /// Median over repeats of clock cycles per evaluation (each window's time times the clock
        /// probed around it, summed, over the evaluations): steadier than the rate on a shared host
        /// whose clock moves.
        public var cyclesPerEvaluation: Double
    }

    struct Episode {
        var evaluator: Evaluator
        var decisions: [SlotDecision]
        var budgets: [Double]
    }

    /// Measures batches of `batchSizes` slots of `users` users and `satellites` servers: `repeats`
    /// measurements per batch size, each lasting at least `minSeconds / repeats` of thread CPU time.
    public static func run(users: Int, satellites: Int, batchSizes: [Int], minSeconds: Double = 0.5,
                           seed: UInt64 = 1, repeats: Int = 5) throws -> [Result] {
        let slots = batchSizes.max() ?? 1
        let episodeCount = (slots + episodeSlots - 1) / episodeSlots
        var episodes: [Episode] = []
        for k in 0..<episodeCount {
            let episodeSeed = seed + UInt64(k)
            var scenario = try Presets.leo(users: users, satellites: satellites, slots: episodeSlots, seed: episodeSeed)
                .scenario()
            // Every user active: an evaluation is a user-slot with a task.
            for t in scenario.slots.indices { scenario.slots[t].active = Array(repeating: true, count: users) }
            var solver = RandomSolver(seed: episodeSeed)
            let budgets = scenario.devices.map(\.energyBudgetJ)
            let decisions = try (0..<episodeSlots).map {
                try solver.decide(scenario: scenario, slot: $0, context: SolverContext(remainingEnergy: budgets))
            }
            episodes.append(Episode(evaluator: Evaluator(scenario: scenario), decisions: decisions, budgets: budgets))
        }
        // Flat constants for the timed loop (no nested array access per slot).
        let evaluators = episodes.map(\.evaluator)
        let decisions = episodes.flatMap(\.decisions)
        var buffer = SlotEvaluation()
        var results: [Result] = []
        var sink = 0.0
        let perRepeat = minSeconds / Double(max(1, repeats))
        for batch in batchSizes {
            // Workload statistics of this batch.
            var offloaded = 0, codec = 0, tasks = 0
            for j in 0..<batch {
                let d = episodes[j / episodeSlots].decisions[j % episodeSlots]
                for u in 0..<users {
                    tasks += 1
                    if d.server[u] >= 0 { offloaded += 1; if d.semanticRatio[u] < 1 { codec += 1 } }
                }
            }
            var measurements: [(rate: Double, evaluations: Int, seconds: Double, wall: Double, clock: Double, cycles: Double)] = []
            var clockBefore = ClockProbe.hertz()
            for _ in 0..<max(1, repeats) {
                var remaining = episodes[0].budgets
                var evaluations = 0
                let start = DispatchTime.now().uptimeNanoseconds
                var elapsed = 0.0, cycles = 0.0
                // Reading the thread CPU clock is a system call (about a microsecond, a sixth of one
                // 200-user slot), so small batches run several times between readings.
                let passesPerReading = max(1, clockReadingSlots / batch)
                // Decisions are read in place (`decisionAt:`) and the next one's arrays hinted
                // (`prefetch(decisionAt:)`), as a caller with a large batch would: a 1000-slot batch has evicted
                // them, and the evaluator's retains would each wait a memory latency.
                evaluators.withUnsafeBufferPointer { evaluators in
                decisions.withUnsafeBufferPointer { decisions in
                repeat {
                    let windowStart = ThreadClock.seconds()
                    for _ in 0..<passesPerReading {
                        for j in 0..<batch {
                            let e = j / episodeSlots, t = j % episodeSlots
                            // Reset the budgets in place: assigning the array would share it, and
                            // the evaluator's first write would then copy it (an allocation per episode).
                            if t == 0 { remaining.withUnsafeMutableBufferPointer { r in
                                episodes[e].budgets.withUnsafeBufferPointer { b in
                                    r.baseAddress!.update(from: b.baseAddress!, count: min(r.count, b.count))
                                }
                            } }
                            if j + 1 < batch { Evaluator.prefetch(decisionAt: decisions.baseAddress! + j + 1) }
                            evaluators[e].evaluate(slot: t, decisionAt: decisions.baseAddress! + j, remainingEnergy: &remaining, into: &buffer)
                            sink += buffer.objective
                            evaluations += buffer.activeUsers
                        }
                    }
                    let window = ThreadClock.seconds() - windowStart
                    // The clock is probed around every window (outside the timed part): it moves
                    // within a repeat, so one probe per repeat would not tell the cycles spent.
                    let clockAfter = ClockProbe.hertz(adds: probeAdds)
                    cycles += window * (clockBefore + clockAfter) / 2
                    clockBefore = clockAfter
                    elapsed += window
                } while elapsed < perRepeat
                }}
                let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                measurements.append((Double(evaluations) / elapsed, evaluations, elapsed, wall, cycles / elapsed,
                                     cycles / Double(max(1, evaluations))))
            }
            let sorted = measurements.sorted { $0.rate < $1.rate }
            let median = sorted[sorted.count / 2]
            let clocks = measurements.map(\.clock).sorted()
            let cycles = measurements.map(\.cycles).sorted()
            results.append(Result(slotsPerBatch: batch, users: users,
                                  episodes: (batch + episodeSlots - 1) / episodeSlots,
                                  offloadFraction: Double(offloaded) / Double(max(1, tasks)),
                                  codecFraction: Double(codec) / Double(max(1, offloaded)),
                                  evaluations: median.evaluations, seconds: median.seconds, wallSeconds: median.wall,
                                  evaluationsPerSecond: median.rate, evaluationsPerSecondMin: sorted.first!.rate,
                                  evaluationsPerSecondMax: sorted.last!.rate, repeats: sorted.count,
                                  clockGHz: clocks[clocks.count / 2] / 1e9, cyclesPerEvaluation: cycles[cycles.count / 2]))
        }
        if sink.isNaN { FileHandle.standardError.write(Data("nan objective\n".utf8)) }
        return results
    }
}

/// CPU time of the calling thread; benchmarks use it so that other work on the machine does not
/// distort single-thread throughput.
public enum ThreadClock {
    public static func seconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}

/// The clock the measuring thread gets, from a chain of dependent one-cycle additions timed in thread
/// CPU time (`offload_dependent_adds`). On a shared virtual machine the clock a thread gets moved
/// between about 1.9 and 3.6 GHz from minute to minute (docs/BENCHMARKS.md); dividing by this estimate
/// turns a rate into cycles per operation, which moves much less.
public enum ClockProbe {
    /// Estimated clock in Hz; `adds` one-cycle additions take about 2 ms at 3 GHz.
    public static func hertz(adds: UInt64 = 6_000_000) -> Double {
        let start = ThreadClock.seconds()
        let chain = offload_dependent_adds(adds)
        let seconds = ThreadClock.seconds() - start
        return seconds > 0 && chain == adds ? Double(adds) / seconds : .nan
    }
}
