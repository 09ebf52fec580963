import Testing
import OffloadModel
import OffloadScenarios
@testable import OffloadSolvers

/// A small GA budget so property tests stay fast in debug builds.
private func smallOptions() -> GeneticOptions {
    var o = GeneticOptions()
    o.population = 12
    o.generations = 15
    o.stallGenerations = 10
    return o
}

private func leo(users: Int, satellites: Int, slots: Int, seed: UInt64) throws -> Scenario {
    try Presets.leo(users: users, satellites: satellites, slots: slots, seed: seed).scenario()
}

@Suite("Genetic algorithm")
struct GeneticSolverTests {
    /// Property: over several instances, slots and seeds the GA's result is never worse (penalised fitness) than
    /// its best initial individual, nor than the Non-semantic and all-local decisions it is seeded with, and the
    /// fitness it reports is the one the shared evaluator gives its decision.
    @Test(arguments: [UInt64(1), 2, 3])
    func neverWorseThanItsInitialPopulation(seed: UInt64) throws {
        var bsInstance = Presets.dtSyncBaseStation(seed: seed, users: 6, slots: 3)
        bsInstance.localExecutionAllowed = false
        let scenarios = [try leo(users: 12, satellites: 3, slots: 3, seed: seed), try bsInstance.scenario()]
        for scenario in scenarios {
            let options = smallOptions()
            let ga = try GeneticSolver(seed: seed &* 7, options: options)
            let budgets = scenario.devices.map(\.energyBudgetJ)
            for t in scenario.slots.indices {
                let context = SolverContext(remainingEnergy: budgets)
                let r = ga.search(scenario: scenario, slot: t, context: context)
                #expect(r.fitness <= r.bestInitialFitness)
                let recomputed = GeneticSolver.fitness(scenario: scenario, slot: t, decision: r.decision,
                                                       remainingEnergy: budgets, penaltyPerViolation: options.penaltyPerViolation)
                #expect(recomputed == r.fitness)
                var greedy = NonSemanticSolver()
                let g = greedy.decide(scenario: scenario, slot: t, context: context)
                #expect(r.fitness <= GeneticSolver.fitness(scenario: scenario, slot: t, decision: g, remainingEnergy: budgets,
                                                           penaltyPerViolation: options.penaltyPerViolation))
                if scenario.parameters.localExecutionAllowed {
                    var local = LocalSolver()
                    let l = local.decide(scenario: scenario, slot: t, context: context)
                    #expect(r.fitness <= GeneticSolver.fitness(scenario: scenario, slot: t, decision: l,
                                                               remainingEnergy: budgets,
                                                               penaltyPerViolation: options.penaltyPerViolation))
                }
                #expect(context.remainingEnergy == budgets, "the caller's energy must not change")
            }
        }
    }

    /// On 3 users and 2 satellites a large budget reaches (or beats) the best decision of a grid the GA can
    /// represent: every mode x mu in {0.1, 0.25, 0.5, 0.75, 1} x p in {0.05, 0.1, 0.15, 0.2} W per user, equal
    /// shares (weight 1), full-speed CPU; the grid is enumerated exhaustively (33^3 decisions).
    @Test(arguments: [UInt64(1), 2, 3])
    func reachesBruteForceOptimumOfAGrid(seed: UInt64) throws {
        var scenario = try leo(users: 3, satellites: 2, slots: 1, seed: seed)
        scenario.slots[0].active = [true, true, true]
        let s = scenario.slots[0]
        let budgets = scenario.devices.map(\.energyBudgetJ)
        let visible = (0..<3).map { u in (0..<2).filter { s.isVisible(u, $0) } }
        #expect(visible.allSatisfy { !$0.isEmpty }, "the test wants a server visible to every user")

        struct Option { var server: Int; var mu: Double; var p: Double }
        let mus = [0.1, 0.25, 0.5, 0.75, 1.0], powers = [0.05, 0.1, 0.15, 0.2]
        let options = (0..<3).map { u -> [Option] in
            var o = [Option(server: -1, mu: 1, p: 0)]
            for l in visible[u] { for mu in mus { for p in powers { o.append(Option(server: l, mu: mu, p: p)) } } }
            return o
        }
        let penalty = GeneticOptions().penaltyPerViolation
        let evaluator = Evaluator(scenario: scenario)
        var buffer = SlotEvaluation()
        var d = SlotDecision(userCount: 3)
        var bruteBest = Double.infinity
        for a in options[0] { for b in options[1] { for c in options[2] {
            for (u, o) in [a, b, c].enumerated() {
                let f = scenario.devices[u].maxFrequencyHz
                if o.server < 0 { d.setLocal(u, frequencyHz: f) } else {
                    d.setOffload(u, server: o.server, semanticRatio: o.mu, powerW: o.p, localFrequencyHz: f)
                }
            }
            ResourceSharing.share(slot: s, servers: scenario.servers, decision: &d)
            var energy = budgets
            evaluator.evaluate(slot: 0, decision: d, remainingEnergy: &energy, into: &buffer)
            bruteBest = min(bruteBest, GeneticSolver.penalised(buffer, penalty))
        } } }

        var big = GeneticOptions()
        big.population = 60
        big.generations = 400
        big.stallGenerations = 150
        let r = try GeneticSolver(seed: seed, options: big).search(scenario: scenario, slot: 0,
                                                                     context: SolverContext(remainingEnergy: budgets))
        #expect(bruteBest.isFinite)
        #expect(r.fitness <= bruteBest + 1e-9 * abs(bruteBest), "GA \(r.fitness) vs grid optimum \(bruteBest)")
    }

    /// Same seed, same decisions over an episode; the solver's result does not depend on earlier calls.
    @Test func sameSeedSameDecisions() throws {
        let scenario = try leo(users: 15, satellites: 3, slots: 4, seed: 5)
        var a = try GeneticSolver(seed: 42, options: smallOptions())
        var b = try GeneticSolver(seed: 42, options: smallOptions())
        let ra = try EpisodeRunner.run(&a, scenario: scenario)
        let rb = try EpisodeRunner.run(&b, scenario: scenario)
        #expect(ra.decisions == rb.decisions)
        #expect(ra.report == rb.report)
        // Slot 2 alone gives the decision slot 2 got inside the episode (given the same context).
        var energy = scenario.devices.map(\.energyBudgetJ)
        var buffer = SlotEvaluation()
        let evaluator = Evaluator(scenario: scenario)
        for t in 0..<2 { evaluator.evaluate(slot: t, decision: ra.decisions[t], remainingEnergy: &energy, into: &buffer) }
        let alone = try GeneticSolver(seed: 42, options: smallOptions())
            .search(scenario: scenario, slot: 2, context: SolverContext(remainingEnergy: energy, previous: ra.decisions[1]))
        #expect(alone.decision == ra.decisions[2])
    }

    @Test func optionsAreValidated() {
        var o = GeneticOptions()
        o.population = 1
        #expect(throws: GeneticOptionsError.self) { try GeneticSolver(seed: 1, options: o) }
        o = GeneticOptions()
        o.eliteCount = 0
        #expect(throws: GeneticOptionsError.self) { try GeneticSolver(seed: 1, options: o) }
        o = GeneticOptions()
        o.crossoverRate = 1.5
        #expect(throws: GeneticOptionsError.self) { try GeneticSolver(seed: 1, options: o) }
        #expect(throws: Never.self) { _ = try GeneticSolver(seed: 1) }
    }

    /// A slot with no active user gives the all-local decision and no violations.
    @Test func noActiveUsers() throws {
        var scenario = try leo(users: 4, satellites: 2, slots: 1, seed: 1)
        scenario.slots[0].active = [false, false, false, false]
        let r = try GeneticSolver(seed: 1, options: smallOptions())
            .search(scenario: scenario, slot: 0, context: SolverContext(remainingEnergy: scenario.devices.map(\.energyBudgetJ)))
        #expect(r.violations == 0)
        #expect(r.decision.server.allSatisfy { $0 == SlotDecision.local })
        #expect(r.generations == 0)
    }
}
