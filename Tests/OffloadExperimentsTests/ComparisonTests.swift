import Foundation
import Testing
import OffloadModel
import OffloadScenarios
import OffloadSolvers
@testable import OffloadExperiments

private func tinyGA() -> GeneticOptions {
    var o = GeneticOptions()
    o.population = 8
    o.generations = 5
    return o
}

private func comparison(methods: String = "local,nonsemantic,random,ga", episodes: Int = 3, seeds: Int = 2,
                        jobs: Int = 1) throws -> Comparison {
    let instance = Presets.leo(users: 8, satellites: 2, slots: 2, seed: 9)
    let resolved = try MethodRegistry.standard(genetic: tinyGA()).resolve(list: methods)
    return Comparison(instance: instance, methods: resolved,
                      plan: EpisodePlan(baseSeed: 11, episodes: episodes, methodSeedCount: seeds), jobs: jobs)
}

/// Runs without the machine-dependent runtime, for equality checks.
private func withoutRuntime(_ runs: [ComparisonRun]) -> [ComparisonRun] {
    runs.map { var r = $0; r.runtimeSeconds = 0; return r }
}

@Suite("offload compare")
struct ComparisonTests {
    /// Common random numbers: every method sees the same instance seed in episode e (distinct across episodes),
    /// the same method seeds, and a row can be reproduced from its seeds alone.
    @Test func commonRandomNumbers() throws {
        let c = try comparison()
        let runs = try c.run()
        #expect(runs.count == 4 * 3 * 2)
        let seedsByEpisode = Dictionary(grouping: runs, by: \.episode).mapValues { Set($0.map(\.instanceSeed)) }
        for e in 0..<3 { #expect(seedsByEpisode[e]?.count == 1) }
        #expect(Set(runs.map(\.instanceSeed)).count == 3)
        #expect(Set(runs.map(\.methodSeed)).count == 2)
        #expect(runs.allSatisfy { $0.instanceSeed == c.plan.instanceSeed(episode: $0.episode) })
        // Deterministic methods give the same numbers for every method seed.
        let local = runs.filter { $0.method == "local" }
        for r in local where r.repetition == 1 {
            let first = local.first { $0.episode == r.episode && $0.repetition == 0 }!
            #expect(first.meanDelaySeconds == r.meanDelaySeconds)
        }
        // Reproduce one GA row from its seeds.
        let row = runs.first { $0.method == "ga" && $0.episode == 2 && $0.repetition == 1 }!
        let scenario = try c.instance.scenario(seed: row.instanceSeed)
        var ga = try GeneticSolver(seed: row.methodSeed, options: tinyGA())
        let again = try EpisodeRunner.run(&ga, scenario: scenario)
        #expect(again.report.meanDelay == row.meanDelaySeconds)
        #expect(again.report.violations.count == row.violations)
    }

    /// The plan's seeds depend only on the base seed, and the two seed families differ.
    @Test func episodePlanSeeds() {
        let a = EpisodePlan(baseSeed: 1, episodes: 5, methodSeedCount: 3)
        let b = EpisodePlan(baseSeed: 1, episodes: 8, methodSeedCount: 2)
        #expect(Array(b.instanceSeeds.prefix(5)) == a.instanceSeeds)
        #expect(Array(a.methodSeeds.prefix(2)) == b.methodSeeds)
        #expect(Set(a.instanceSeeds).isDisjoint(with: a.methodSeeds))
        #expect(EpisodePlan(baseSeed: 2, episodes: 5, methodSeedCount: 3).instanceSeeds != a.instanceSeeds)
    }

    /// Parallel runs give exactly the serial results, in the same order.
    @Test func parallelEqualsSerial() throws {
        let serial = try comparison(jobs: 1).run()
        var calls: [Int] = []
        let parallel = try comparison(jobs: 2).run { done, total in
            calls.append(done)
            #expect(total == 24)
        }
        #expect(withoutRuntime(serial) == withoutRuntime(parallel))
        #expect(calls == Array(1...24), "progress is serialised and increasing")
        let r1 = try ComparisonReport(instance: "x", plan: comparison().plan, generated: true, slots: 2,
                                      reference: "nonsemantic", runs: withoutRuntime(serial))
        let r2 = try ComparisonReport(instance: "x", plan: comparison().plan, generated: true, slots: 2,
                                      reference: "nonsemantic", runs: withoutRuntime(parallel))
        #expect(r1 == r2)
    }

    @Test func parallelMapKeepsOrderAndReportsLowestError() throws {
        struct Boom: Error, Equatable { var index: Int }
        let squares = try Comparison.parallelMap(count: 100, jobs: 2) { $0 * $0 }
        #expect(squares == (0..<100).map { $0 * $0 })
        #expect(throws: Boom(index: 7)) {
            _ = try Comparison.parallelMap(count: 50, jobs: 2) { i -> Int in
                if i == 7 || i == 30 { throw Boom(index: i) }
                return i
            }
        }
    }

    /// One CSV row per (method, method seed, episode), with the documented columns.
    @Test func csvHasOneRowPerRun() throws {
        let runs = try comparison(methods: "local,random", episodes: 4, seeds: 3).run()
        let table = ComparisonReport.csv(runs)
        #expect(table.header == ["method", "methodSeed", "episode", "instanceSeed", "meanDelaySeconds",
                                 "meanEnergyJoules", "meanQoE", "violationRate", "violations", "runtimeSeconds"])
        #expect(table.rows.count == 2 * 4 * 3)
        #expect(table.rows.filter { $0[0] == "random" }.count == 12)
        #expect(table.rows[0][0] == "local" && table.rows[0][2] == "0")
        #expect(table.text.components(separatedBy: "\r\n").count == 1 + 24 + 1)
    }

    /// Statistics: the reference has no test, the others have raw and Holm p-values with Holm >= raw, and the
    /// relative difference is that of the means.
    @Test func reportStatistics() throws {
        let c = try comparison(episodes: 4, seeds: 2)
        let runs = try c.run()
        let report = try ComparisonReport(instance: "leo", plan: c.plan, generated: true, slots: 2,
                                          reference: "nonsemantic", runs: runs)
        #expect(report.methods.map(\.name) == ["local", "nonsemantic", "random", "ga"])
        #expect(report.samplesPerMethod == 8)
        let ref = report.methods[1]
        #expect(ref.meanDelaySeconds.wilcoxonP == nil && ref.meanDelaySeconds.relativeToReference == nil)
        for m in report.methods where m.name != "nonsemantic" {
            let d = m.meanDelaySeconds
            #expect(d.stats.count == 8)
            let p = try #require(d.wilcoxonP), h = try #require(d.holmP)
            #expect(h >= p)
            let expected = (d.stats.mean! - ref.meanDelaySeconds.stats.mean!) / abs(ref.meanDelaySeconds.stats.mean!)
            #expect(abs(d.relativeToReference! - expected) < 1e-12)
        }
        // Raw p-value equals the Wilcoxon test on the paired per-episode delays.
        let ga = runs.filter { $0.method == "ga" }.map(\.meanDelaySeconds)
        let ns = runs.filter { $0.method == "nonsemantic" }.map(\.meanDelaySeconds)
        #expect(report.methods[3].meanDelaySeconds.wilcoxonP == (try WilcoxonTest.signedRank(ga, ns)).pValue)
        #expect(throws: ComparisonError.self) {
            try ComparisonReport(instance: "leo", plan: c.plan, generated: true, slots: 2, reference: "milp", runs: runs)
        }
        let json = String(decoding: try JSONCoding.encoder().encode(report), as: UTF8.self)
        #expect(json.contains("\"format\" : \"offload-compare/1\""))
        #expect(report.barChart(.meanDelaySeconds).categories == ["local", "nonsemantic", "random", "ga"])
        // Even a tiny GA (seeded with the Non-semantic decision) beats Random on mean delay here.
        #expect(report.methods[3].meanDelaySeconds.stats.mean! <= report.methods[2].meanDelaySeconds.stats.mean!)
    }

    /// Unknown names, methods not built yet, parameters and duplicates are rejected with clear messages.
    @Test func methodRegistryRejectsWhatItCannotRun() throws {
        var r = MethodRegistry.standard()
        r.planned["sac"] = "SAC-SO is being built"
        #expect(r.available == ["local", "nonsemantic", "random", "ga", "milp", "ppo:FILE"])
        #expect(throws: ComparisonError.unknownMethod("foo", available: r.available)) { try r.resolve(list: "local,foo") }
        #expect(throws: ComparisonError.unavailableMethod("sac", note: r.planned["sac"]!, available: r.available)) {
            try r.resolve(list: "local,sac")
        }
        #expect(throws: (any Error).self) { try r.resolve(list: "ppo:no-such-policy.json") } // the file is read when resolved
        #expect(throws: ComparisonError.unexpectedParameter(method: "ga", given: "x")) { try r.resolve(list: "ga:x") }
        #expect(throws: ComparisonError.duplicateMethod("ga")) { try r.resolve(list: "ga,local,ga") }
        #expect(throws: ComparisonError.noMethods) { try r.resolve(list: " , ") }
        let message = ComparisonError.unavailableMethod("sac", note: "n", available: r.available).description
        #expect(message.contains("sac") && message.contains("local, nonsemantic, random, ga, milp"))
    }

    /// The hook MILP and PPO use: a registered method with a parameter is prepared once and named as written.
    @Test func registeringAParameterisedMethod() throws {
        var r = MethodRegistry.standard()
        final class Log: @unchecked Sendable { var files: [String] = [] }
        let log = Log()
        r.register("ppo", parameter: "FILE", summary: "test", usesSeed: true) { file in
            log.files.append(file)
            return { seed in RandomSolver(seed: seed) }
        }
        #expect(r.planned["ppo"] == nil)
        #expect(r.available.last == "ppo:FILE")
        #expect(throws: ComparisonError.missingParameter(method: "ppo", parameter: "FILE")) { try r.resolve(list: "ppo") }
        let methods = try r.resolve(list: "local,ppo:a.json")
        #expect(methods.map(\.name) == ["local", "ppo:a.json"])
        #expect(log.files == ["a.json"])
        _ = try methods[1].make(3)
        #expect(log.files == ["a.json"], "prepare runs once per comparison, not per run")
    }

    /// An explicit instance has no seeds: every episode is the file, rows have no instance seed.
    @Test func explicitInstanceHasNoInstanceSeeds() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("instances/tiny-explicit.json").path
        let instance = try JSONCoding.load(Instance.self, path: path)
        let plan = EpisodePlan(baseSeed: 3, episodes: 2, methodSeedCount: 2)
        let c = Comparison(instance: instance, methods: try MethodRegistry.standard(genetic: tinyGA()).resolve(list: "local,ga"),
                           plan: plan, jobs: 2)
        let runs = try c.run()
        #expect(runs.count == 8 && runs.allSatisfy { $0.instanceSeed == nil })
        let local = runs.filter { $0.method == "local" }
        #expect(Set(local.map(\.meanDelaySeconds)).count == 1, "every episode is the same scenario")
        let report = try ComparisonReport(instance: instance.name, plan: plan, generated: false, slots: 2,
                                          reference: "local", runs: runs)
        #expect(report.instanceSeeds.isEmpty && report.methodSeeds.count == 2)
        #expect(ComparisonReport.csv(runs).rows.allSatisfy { $0[3] == "" })
    }

    /// Settings the runner cannot honour are errors, not crashes.
    @Test func badSettingsAreRejected() throws {
        var c = try comparison()
        c.jobs = 0
        #expect(throws: ComparisonError.self) { try c.run() }
        c = try comparison()
        c.plan.episodes = 0
        #expect(throws: ComparisonError.self) { try c.run() }
        c = try comparison()
        c.slots = 0
        #expect(throws: ComparisonError.self) { try c.run() }
    }
}
