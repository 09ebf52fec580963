import Dispatch
import Foundation
import OffloadModel
import OffloadScenarios
import OffloadSolvers

/// One method on one episode with one method seed: a row of `offload compare --csv`.
public struct ComparisonRun: Codable, Hashable, Sendable {
    public var method: String
    /// Seed of the method's own randomness (the same value for every method in repetition k).
    public var methodSeed: UInt64
    /// Index of the method seed, 0..<seeds (pairs samples across methods).
    public var repetition: Int
    public var episode: Int
    /// Generator seed of the episode (nil for explicit instances, where every episode is the file).
    public var instanceSeed: UInt64?
    public var tasks: Int
    public var meanDelaySeconds: Double
    public var meanEnergyJoules: Double
    /// Mean logistic QoE per task (003 (10)).
    public var meanQoE: Double
    /// Fraction of tasks with at least one per-user violation.
    public var violationRate: Double
    /// Number of violated constraints.
    public var violations: Int
    /// Sum of slot objectives (minimisation convention).
    public var objective: Double
    /// Wall time inside the solver, s (measured per run; runs may share the machine).
    public var runtimeSeconds: Double
}

/// Every method on the same episodes (common random numbers), in parallel where that is safe.
///
/// Runs are indexed `(method m, repetition k, episode e)` -> `(m * K + k) * E + e`; each writes only its own
/// preallocated result slot, so the results (and everything computed from them) are identical for any
/// number of jobs. Only `runtimeSeconds` depends on the machine.
public struct Comparison {
    public var instance: Instance
    public var methods: [ComparisonMethod]
    public var plan: EpisodePlan
    /// Slots per episode (all when nil).
    public var slots: Int?
    /// Worker threads (1 = serial).
    public var jobs: Int

    public init(instance: Instance, methods: [ComparisonMethod], plan: EpisodePlan, slots: Int? = nil,
                jobs: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.instance = instance
        self.methods = methods
        self.plan = plan
        self.slots = slots
        self.jobs = jobs
    }

    /// Instance seed of episode `e`, or nil for an explicit instance.
    public func instanceSeed(episode e: Int) -> UInt64? {
        instance.isGenerated ? plan.instanceSeed(episode: e) : nil
    }

    public var runCount: Int { methods.count * plan.samplesPerMethod }

    /// Runs everything; `progress(done, total)` is called after each run (serialised, `done` increasing).
    /// - Throws: `ComparisonError` for bad settings, instance errors, or the first (lowest-index) solver error.
    public func run(progress: ((Int, Int) -> Void)? = nil) throws -> [ComparisonRun] {
        guard plan.episodes >= 1 else { throw ComparisonError.invalid(option: "--episodes", value: "\(plan.episodes)", rule: "must be at least 1") }
        guard plan.methodSeedCount >= 1 else {
            throw ComparisonError.invalid(option: "--seeds", value: "\(plan.methodSeedCount)", rule: "must be at least 1")
        }
        guard jobs >= 1 else { throw ComparisonError.invalid(option: "--jobs", value: "\(jobs)", rule: "must be at least 1") }
        if let slots, slots < 1 { throw ComparisonError.invalid(option: "--slots", value: "\(slots)", rule: "must be at least 1") }
        guard !methods.isEmpty else { throw ComparisonError.noMethods }
        try instance.validate()

        // Episodes once, shared by every method.
        let E = plan.episodes, K = plan.methodSeedCount
        let instance = self.instance
        let scenarios = try Comparison.parallelMap(count: E, jobs: jobs) { e in
            try instance.scenario(seed: instanceSeed(episode: e))
        }
        let methodSeeds = plan.methodSeeds
        let total = runCount
        let lock = NSLock()
        var done = 0
        let methods = self.methods, slots = self.slots
        return try Comparison.parallelMap(count: total, jobs: jobs) { index in
            let e = index % E
            let k = (index / E) % K
            let m = index / (E * K)
            let method = methods[m]
            let solver = try method.make(methodSeeds[k])
            let result = try Comparison.runEpisode(solver, scenario: scenarios[e], slots: slots)
            let r = result.report
            let run = ComparisonRun(method: method.name, methodSeed: methodSeeds[k], repetition: k, episode: e,
                                    instanceSeed: instanceSeed(episode: e), tasks: r.tasks,
                                    meanDelaySeconds: r.meanDelay, meanEnergyJoules: r.meanEnergy,
                                    meanQoE: r.meanQoELogistic, violationRate: r.violationRate,
                                    violations: r.violations.count, objective: r.objective,
                                    runtimeSeconds: result.solverSeconds)
            if let progress {
                lock.lock()
                done += 1
                progress(done, total)
                lock.unlock()
            }
            return run
        }
    }

    /// Runs an existential solver through the generic `EpisodeRunner`.
    public static func runEpisode(_ solver: any SlotSolver, scenario: Scenario, slots: Int?) throws -> EpisodeRunner.Result {
        func open<S: SlotSolver>(_ s: S) throws -> EpisodeRunner.Result {
            var s = s
            return try EpisodeRunner.run(&s, scenario: scenario, slots: slots)
        }
        return try open(solver)
    }

    /// `(0..<count).map(body)` on `jobs` threads. Workers take the next index from a shared counter and write
    /// only their result's slot, so the output is the same as the serial map. Errors: the lowest index's.
    public static func parallelMap<T>(count: Int, jobs: Int, _ body: (Int) throws -> T) throws -> [T] {
        if jobs <= 1 || count <= 1 { return try (0..<count).map(body) }
        var results = [Result<T, Error>?](repeating: nil, count: count)
        let lock = NSLock()
        var next = 0
        results.withUnsafeMutableBufferPointer { buffer in
            let slots = buffer
            withoutActuallyEscaping(body) { body in
                DispatchQueue.concurrentPerform(iterations: min(jobs, count)) { _ in
                    while true {
                        lock.lock()
                        let i = next
                        next += 1
                        lock.unlock()
                        guard i < count else { return }
                        slots[i] = Result { try body(i) }
                    }
                }
            }
        }
        return try results.map { try $0!.get() }
    }
}
