import ArgumentParser
import Foundation
import OffloadExperiments
import OffloadRL
import OffloadScenarios

struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Score a trained policy (deterministic) over episodes of an instance.",
        discussion: """
            Episode e is the instance expanded with the instance seed 'offload compare --seed' gives episode e, so \
            the numbers equal the ppo:FILE row of 'offload compare' with the same --seed and --episodes.
            """)

    @Argument(help: "Instance file (JSON, see instances/schema.json).")
    var instance: String

    @Option(help: "Policy file written by 'offload train'.")
    var policy: String

    @Option(help: "Episodes (instance seeds).")
    var episodes: Int = 100

    @Option(help: "Base seed of the episode plan (as in 'offload compare').")
    var seed: UInt64 = 1

    @Option(help: "Run only the first N slots of each episode.")
    var slots: Int?

    @Option(help: "Worker threads (results do not depend on it).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Print JSON (format offload-evaluate/1).")
    var json = false

    func validate() throws {
        if episodes < 1 { throw ValidationError("--episodes must be at least 1 (got \(episodes))") }
        if jobs < 1 { throw ValidationError("--jobs must be at least 1 (got \(jobs))") }
        if let slots, slots < 1 { throw ValidationError("--slots must be at least 1 (got \(slots))") }
    }

    struct Output: Codable {
        var format = "offload-evaluate/1"
        var instance: String
        var policy: String
        var baseSeed: UInt64
        var episodes: Int
        var slots: Int
        var instanceSeeds: [UInt64]
        var meanDelaySeconds: SampleSummary
        var meanEnergyJoules: SampleSummary
        var meanQoE: SampleSummary
        var violationRate: SampleSummary
        var violations: Int
    }

    func run() throws {
        try reportingErrors {
            let file = try JSONCoding.load(Instance.self, path: instance)
            let loaded = try PPOPolicy.load(path: policy)
            let plan = EpisodePlan(baseSeed: seed, episodes: episodes, methodSeedCount: 1)
            let first = try file.scenario(seed: file.isGenerated ? plan.instanceSeed(episode: 0) : nil)
            try loaded.check(scenario: first)
            let method = try MethodRegistry.standard().resolve("ppo:\(policy)")
            let comparison = Comparison(instance: file, methods: [method], plan: plan, slots: slots, jobs: jobs)
            let runs = try comparison.run()
            let slotCount = min(slots ?? Int.max, first.slots.count)
            let report = try ComparisonReport(instance: file.name, plan: plan, generated: file.isGenerated,
                                              slots: slotCount, reference: method.name, runs: runs)
            let m = report.methods[0]
            let out = Output(instance: file.name, policy: policy, baseSeed: seed, episodes: episodes, slots: slotCount,
                             instanceSeeds: report.instanceSeeds, meanDelaySeconds: m.meanDelaySeconds.stats,
                             meanEnergyJoules: m.meanEnergyJoules.stats, meanQoE: m.meanQoE.stats,
                             violationRate: m.violationRate.stats, violations: runs.reduce(0) { $0 + $1.violations })
            if json {
                print(try encodeJSON(out))
            } else {
                func pm(_ s: SampleSummary) -> String {
                    guard let mean = s.mean else { return "-" }
                    return fmt(mean) + " ± " + (s.standardDeviation.map { fmt($0, 2) } ?? "-")
                }
                print("\(file.name): policy \(policy), \(episodes) episodes x \(slotCount) slots, base seed \(seed)\n")
                var t = Table(["metric", "mean ± std over episodes"])
                t.add(["delay (s)", pm(out.meanDelaySeconds)])
                t.add(["energy (J)", pm(out.meanEnergyJoules)])
                t.add(["QoE (logistic)", pm(out.meanQoE)])
                t.add(["violation rate", pm(out.violationRate)])
                t.add(["violations (total)", "\(out.violations)"])
                print(t.render())
            }
        }
    }
}
