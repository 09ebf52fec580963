import Foundation
import Testing
@testable import OffloadModel
@testable import OffloadScenarios
@testable import OffloadSolvers

/// Local, Random and Non-semantic decisions pass or fail the checker as they should.
struct BaselineTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    func leoDefault() throws -> Scenario {
        try JSONCoding.load(Instance.self, path: Self.root.appendingPathComponent("instances/leo-default.json").path).scenario()
    }

    func run<S: SlotSolver>(_ s: S, _ sc: Scenario) throws -> EpisodeRunner.Result {
        var solver = s
        return try EpisodeRunner.run(&solver, scenario: sc)
    }

    /// Constraints a method controls directly (mode, knobs, resource shares); it never breaks these.
    static let structural: Set<ConstraintID> = [.C2, .C3, .C4, .C5, .C6, .C7, .BW]

    @Test func localIsFeasibleOnLeoDefault() throws {
        let r = try run(LocalSolver(), leoDefault())
        #expect(r.report.violations.isEmpty)
        #expect(r.report.offloadedTasks == 0)
        // Local delay is sensing plus lambda I / ((1 - rho) f_max), checked for one task.
        let sc = try leoDefault()
        let s = sc.slots[0]
        let u = (0..<s.userCount).first { s.active[$0] }!
        let c = sc.taskClasses[Int(s.taskClass[u])], dev = sc.devices[u]
        let expected = s.payloadBits[u] / dev.sensingRateBps
            + c.deviceCyclesPerBit * s.payloadBits[u] / ((1 - dev.dtDeviation) * dev.maxFrequencyHz)
        var buffer = SlotEvaluation()
        var energy = sc.devices.map(\.energyBudgetJ)
        Evaluator(scenario: sc).evaluate(slot: 0, decision: r.decisions[0], remainingEnergy: &energy, into: &buffer)
        #expect(abs(buffer.outcomes[u].delay - expected) < 1e-12 * expected)
    }

    @Test(arguments: [UInt64(1), 2, 3, 4])
    func baselinesRespectStructuralConstraints(seed: UInt64) throws {
        let sc = try Presets.leo(users: 40, satellites: 4, slots: 6, seed: seed).scenario()
        for result in [try run(RandomSolver(seed: seed), sc), try run(NonSemanticSolver(), sc), try run(LocalSolver(), sc)] {
            let broken = Set(result.report.violations.map(\.constraint)).intersection(Self.structural)
            #expect(broken.isEmpty)
        }
    }

    @Test func randomOffloadsOnlyToVisibleServersWithValidKnobs() throws {
        let sc = try Presets.leo(users: 30, satellites: 5, slots: 4, seed: 11).scenario()
        let r = try run(RandomSolver(seed: 5), sc)
        for (t, d) in r.decisions.enumerated() {
            let s = sc.slots[t]
            for u in 0..<s.userCount where s.active[u] && d.server[u] >= 0 {
                #expect(s.isVisible(u, Int(d.server[u])))
                #expect(d.semanticRatio[u] >= sc.devices[u].minSemanticRatio && d.semanticRatio[u] <= 1)
                #expect(d.powerW[u] > 0 && d.powerW[u] <= sc.devices[u].maxPowerW)
            }
        }
        #expect(r.report.offloadedTasks > 0 && r.report.offloadedTasks < r.report.tasks)
        // Same seed, same decisions; another seed, others.
        #expect(try run(RandomSolver(seed: 5), sc).decisions == r.decisions)
        #expect(try run(RandomSolver(seed: 6), sc).decisions != r.decisions)
    }

    @Test func nonSemanticSendsRawDataAtFullPowerAndSharesEqually() throws {
        let sc = try leoDefault()
        let r = try run(NonSemanticSolver(), sc)
        #expect(r.report.offloadedTasks > 0)
        for (t, d) in r.decisions.enumerated() {
            let s = sc.slots[t]
            var users = [Int](repeating: 0, count: s.serverCount)
            for u in 0..<s.userCount where s.active[u] && d.server[u] >= 0 { users[Int(d.server[u])] += 1 }
            for u in 0..<s.userCount where s.active[u] && d.server[u] >= 0 {
                let l = Int(d.server[u])
                #expect(d.semanticRatio[u] == 1 && d.powerW[u] == sc.devices[u].maxPowerW)
                #expect(abs(d.bandwidthHz[u] - sc.servers[l].bandwidthHz / Double(users[l])) < 1e-6)
                #expect(abs(d.computeHz[u] - s.availableComputeHz[l] / Double(users[l])) < 1e-3)
            }
        }
    }

    @Test func nonSemanticPrefersLocalWhenOffloadingIsWorse() throws {
        // With a hopeless channel every estimate is worse than local execution.
        var sc = try Presets.leo(users: 10, satellites: 3, slots: 2, seed: 1).scenario()
        for t in sc.slots.indices { for k in sc.slots[t].links.indices { sc.slots[t].links[k].gain *= 1e-12 } }
        let r = try run(NonSemanticSolver(), sc)
        #expect(r.report.offloadedTasks == 0)
    }

    @Test func decisionsSurviveTheDecisionFile() throws {
        let sc = try leoDefault()
        let r = try run(RandomSolver(seed: 2), sc)
        let file = DecisionFile(instance: sc.name, solver: "random", seed: 1, scenario: sc, decisions: r.decisions)
        let data = try JSONCoding.encoder().encode(file)
        let back = try JSONCoding.decode(DecisionFile.self, from: data, file: "d.json").slotDecisions(for: sc)
        let again = Evaluator(scenario: sc).evaluateEpisode(back)
        #expect(again.totalDelay == r.report.totalDelay && again.violations == r.report.violations)
    }
}
