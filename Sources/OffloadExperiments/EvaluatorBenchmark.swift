import Foundation
import OffloadModel
import OffloadScenarios
import OffloadSolvers

/// Throughput of the shared evaluator in user-slot evaluations per second (`offload bench evaluator`).
///
/// Decisions come from the Random method (a mix of local and offloaded users with the codec on), so
/// every branch of the model is exercised. Timing covers only `Evaluator.evaluate`.
public enum EvaluatorBenchmark {
    public struct Result: Codable, Sendable {
        /// Slots evaluated per batch (one episode call).
        public var slotsPerBatch: Int
        public var users: Int
        public var evaluations: Int
        /// CPU time of the measuring thread, s (robust when other processes share the cores).
        public var seconds: Double
        /// Wall-clock time, s.
        public var wallSeconds: Double
        /// `evaluations / seconds` (thread CPU time).
        public var evaluationsPerSecond: Double
    }

    /// Measures batches of `batchSizes` slots of `users` users and `satellites` servers,
    /// repeating each for at least `minSeconds`.
    public static func run(users: Int, satellites: Int, batchSizes: [Int], minSeconds: Double = 0.5,
                           seed: UInt64 = 1) throws -> [Result] {
        let slots = batchSizes.max() ?? 1
        let scenario = try Presets.leo(users: users, satellites: satellites, slots: slots, seed: seed).scenario()
        // Every user active: an evaluation is a user-slot with a task.
        var full = scenario
        for t in full.slots.indices { full.slots[t].active = Array(repeating: true, count: users) }
        var solver = RandomSolver(seed: seed)
        let budgets = full.devices.map(\.energyBudgetJ)
        let decisions = try (0..<slots).map {
            try solver.decide(scenario: full, slot: $0, context: SolverContext(remainingEnergy: budgets))
        }
        let evaluator = Evaluator(scenario: full)
        var buffer = SlotEvaluation()
        var results: [Result] = []
        var sink = 0.0
        for batch in batchSizes {
            var remaining = budgets
            var evaluations = 0
            let start = DispatchTime.now().uptimeNanoseconds
            let cpuStart = ThreadClock.seconds()
            var elapsed = 0.0
            repeat {
                remaining = budgets
                for t in 0..<batch {
                    evaluator.evaluate(slot: t, decision: decisions[t], remainingEnergy: &remaining, into: &buffer)
                    sink += buffer.objective
                }
                evaluations += batch * users
                elapsed = ThreadClock.seconds() - cpuStart
            } while elapsed < minSeconds
            let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            results.append(Result(slotsPerBatch: batch, users: users, evaluations: evaluations, seconds: elapsed,
                                  wallSeconds: wall, evaluationsPerSecond: Double(evaluations) / elapsed))
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
