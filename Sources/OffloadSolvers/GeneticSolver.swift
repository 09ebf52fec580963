import Foundation
import OffloadModel

/// What one slot's genetic search found, with the numbers that show how it got there.
public struct GeneticResult: Sendable {
    /// The best decision found (resources filled in by `ResourceSharing` with the best weights).
    public var decision: SlotDecision
    /// Its penalised fitness: objective + penalty x violations (minimisation).
    public var fitness: Double
    /// Its evaluator objective (minimisation convention) and number of violations.
    public var objective: Double
    public var violations: Int
    /// The best penalised fitness of the initial population (Non-semantic, all-local, random individuals).
    public var bestInitialFitness: Double
    /// Generations run (fewer than the budget when the search stalled).
    public var generations: Int
    /// Fitness evaluations (calls of the shared evaluator).
    public var evaluations: Int
}

/// Genetic algorithm over one slot's per-user choices (002 "GA", BRIEF §4).
///
/// A chromosome holds one gene per active user: mode (local, or one server visible to the user),
/// semantic ratio `mu` in `[mu_min, 1]`, transmit power `p` in `(0, p_max]` and a resource weight; a server
/// splits its bandwidth and compute among its users in proportion to the weights
/// (`ResourceSharing.share(..., weights:)`), and the device CPU runs at full speed (as for every non-MILP method).
///
/// - Initial population: the Non-semantic greedy decision, all-local (where allowed), and random feasible
///   decisions drawn as `RandomSolver` draws them (002: "based on the RA"), all with equal weights.
/// - Fitness: the shared evaluator's slot objective (minimisation) plus `penaltyPerViolation` per violated
///   constraint, evaluated with the remaining energy of the context (C1); the caller's array is not changed.
/// - Each generation: the `eliteCount` best survive unchanged; the other children come from two tournament
///   winners by per-user crossover (`crossoverRate`) and per-gene mutation (mode resampled among the
///   feasible modes, Gaussian steps of mu, p and log-weight clipped to their bounds).
/// - Stops after `generations` or after `stallGenerations` without improvement. With at least one elite the
///   best fitness never gets worse, so the result is never worse than the best initial individual.
///
/// Deterministic: slot `t` uses the stream `SeededGenerator(seed).derived(t)`, so a slot's decision depends
/// only on the seed, the scenario, the slot and the context.
public struct GeneticSolver: SlotSolver {
    public let name = "ga"
    public let seed: UInt64
    public let options: GeneticOptions
    /// Statistics of the last `decide` call.
    public private(set) var lastResult: GeneticResult?

    /// - Throws: `GeneticOptionsError` when an option is out of range.
    public init(seed: UInt64, options: GeneticOptions = GeneticOptions()) throws {
        try options.validate()
        self.seed = seed
        self.options = options
    }

    public mutating func decide(scenario: Scenario, slot t: Int, context: SolverContext) throws -> SlotDecision {
        let r = search(scenario: scenario, slot: t, context: context)
        lastResult = r
        return r.decision
    }

    /// The penalised fitness the GA minimises, for any decision (tests and diagnostics use it to compare the
    /// GA with other decisions on the same footing).
    public static func fitness(scenario: Scenario, slot t: Int, decision: SlotDecision, remainingEnergy: [Double],
                               penaltyPerViolation: Double) -> Double {
        var energy = remainingEnergy
        var buffer = SlotEvaluation()
        Evaluator(scenario: scenario).evaluate(slot: t, decision: decision, remainingEnergy: &energy, into: &buffer)
        return penalised(buffer, penaltyPerViolation)
    }

    @inline(__always)
    static func penalised(_ e: SlotEvaluation, _ penalty: Double) -> Double {
        let f = e.objective + penalty * Double(e.violations.count)
        return f.isNaN ? .infinity : f
    }

    /// Runs the search for slot `t` and returns the best decision with its statistics.
    public func search(scenario: Scenario, slot t: Int, context: SolverContext) -> GeneticResult {
        var state = SearchState(scenario: scenario, slot: t, context: context, options: options,
                                rng: SeededGenerator(seed: seed).derived(UInt64(t)))
        return state.run()
    }
}

/// The population and scratch buffers of one slot's search. Genes are flat arrays `[individual * n + k]`
/// over the `n` active users; `next*` is the generation under construction. Nothing is allocated per
/// fitness evaluation except the per-server totals inside `ResourceSharing.share`.
private struct SearchState {
    let scenario: Scenario
    let state: SlotState
    let slot: Int
    let options: GeneticOptions
    let evaluator: Evaluator
    let budgets: [Double]
    var rng: SeededGenerator

    /// Active users, and per active user `k` its feasible modes `modes[modeStart[k]..<modeStart[k+1]]`.
    var users: [Int] = []
    var modeStart: [Int] = []
    var modes: [Int32] = []
    var n = 0
    var size = 0

    var mode: [Int32] = [], mu: [Double] = [], power: [Double] = [], weight: [Double] = []
    var fit: [Double] = []
    var nextMode: [Int32] = [], nextMu: [Double] = [], nextPower: [Double] = [], nextWeight: [Double] = []
    var nextFit: [Double] = []

    // Scratch for one evaluation.
    var decision: SlotDecision
    var weights: [Double]
    var energy: [Double]
    var evaluation = SlotEvaluation()
    var evaluations = 0
    var muMin: [Double] = [], pMax: [Double] = []

    init(scenario: Scenario, slot t: Int, context: SolverContext, options: GeneticOptions, rng: SeededGenerator) {
        self.scenario = scenario
        state = scenario.slots[t]
        slot = t
        self.options = options
        evaluator = Evaluator(scenario: scenario)
        budgets = context.remainingEnergy
        self.rng = rng
        let U = scenario.userCount
        decision = SlotDecision(userCount: U)
        for u in 0..<U { decision.setLocal(u, frequencyHz: scenario.devices[u].maxFrequencyHz) }
        weights = Array(repeating: 1, count: U)
        energy = context.remainingEnergy
    }

    mutating func run() -> GeneticResult {
        let s = state
        let localAllowed = scenario.parameters.localExecutionAllowed
        modeStart.append(0)
        for u in 0..<s.userCount where s.active[u] {
            users.append(u)
            if localAllowed { modes.append(SlotDecision.local) }
            for l in 0..<s.serverCount where s.isVisible(u, l) { modes.append(Int32(l)) }
            // Nothing feasible: local is the only gene value left (the evaluator reports it).
            if modes.count == modeStart.last! { modes.append(SlotDecision.local) }
            modeStart.append(modes.count)
            muMin.append(scenario.devices[u].minSemanticRatio)
            pMax.append(scenario.devices[u].maxPowerW)
        }
        n = users.count
        size = options.population
        let total = size * n
        mode = Array(repeating: SlotDecision.local, count: total)
        mu = Array(repeating: 1, count: total)
        power = Array(repeating: 0, count: total)
        weight = Array(repeating: 1, count: total)
        fit = Array(repeating: .infinity, count: size)
        nextMode = mode; nextMu = mu; nextPower = power; nextWeight = weight; nextFit = fit

        // Initial population.
        var i = 0
        var greedySolver = NonSemanticSolver()
        let greedy = greedySolver.decide(scenario: scenario, slot: slot, context: SolverContext(remainingEnergy: budgets))
        for k in 0..<n {
            let u = users[k]
            randomGene(into: k, of: i)   // mu and p stay meaningful if mutation later makes a local gene offload
            mode[i * n + k] = greedy.server[u]
            if greedy.server[u] >= 0 {
                mu[i * n + k] = greedy.semanticRatio[u]
                power[i * n + k] = greedy.powerW[u]
            }
        }
        i += 1
        if localAllowed && i < size {
            for k in 0..<n {
                randomGene(into: k, of: i)
                mode[i * n + k] = SlotDecision.local
            }
            i += 1
        }
        while i < size {
            for k in 0..<n { randomGene(into: k, of: i) }
            i += 1
        }
        for j in 0..<size { fit[j] = evaluate(j, current: true) }
        var best = argmin(fit)
        let bestInitial = fit[best]
        var bestFitness = bestInitial

        // Generations.
        var generation = 0
        var stall = 0
        if n > 0 {
            let mutation = options.mutationRate ?? 1 / Double(n)
            let elites = options.eliteCount
            var eliteIndex = [Int](repeating: 0, count: elites)
            while generation < options.generations && stall < options.stallGenerations {
                selectElites(into: &eliteIndex)
                for (j, e) in eliteIndex.enumerated() { copy(e, toNext: j); nextFit[j] = fit[e] }
                for c in elites..<size {
                    let a = tournament()
                    let b = tournament()
                    var changed = false
                    if a != b && rng.uniform() < options.crossoverRate {
                        changed = crossover(a, b, child: c)
                    } else {
                        copy(a, toNext: c)
                    }
                    if mutate(c, rate: mutation) { changed = true }
                    nextFit[c] = changed ? evaluate(c, current: false) : fit[a]
                }
                swap(&mode, &nextMode); swap(&mu, &nextMu); swap(&power, &nextPower)
                swap(&weight, &nextWeight); swap(&fit, &nextFit)
                generation += 1
                best = argmin(fit)
                if fit[best] < bestFitness - 1e-12 * max(1, abs(bestFitness)) {
                    stall = 0
                } else {
                    stall += 1
                }
                bestFitness = min(bestFitness, fit[best])
            }
        }

        // Rebuild and score the best individual.
        let f = evaluate(best, current: true)
        let result = decision
        return GeneticResult(decision: result, fitness: f, objective: evaluation.objective,
                             violations: evaluation.violations.count, bestInitialFitness: bestInitial,
                             generations: generation, evaluations: evaluations)
    }

    // MARK: operators

    /// A gene as `RandomSolver` draws it: mode uniform over the feasible modes, `mu ~ U[mu_min, 1]`,
    /// `p ~ U(0, p_max]`, weight 1 (equal shares).
    mutating func randomGene(into k: Int, of i: Int) {
        let lo = modeStart[k], count = modeStart[k + 1] - lo
        let g = i * n + k
        mode[g] = modes[lo + rng.index(below: count)]
        mu[g] = rng.uniform(muMin[k], 1)
        power[g] = pMax[k] * (1 - rng.uniform())
        weight[g] = 1
    }

    func argmin(_ values: [Double]) -> Int {
        var best = 0
        for j in 1..<values.count where values[j] < values[best] { best = j }
        return best
    }

    /// Indices of the `e` fittest individuals (ties: lower index first), without sorting the population.
    func selectElites(into out: inout [Int]) {
        for e in out.indices {
            var best = -1
            for j in 0..<size {
                if out[0..<e].contains(j) { continue }
                if best < 0 || fit[j] < fit[best] { best = j }
            }
            out[e] = best
        }
    }

    mutating func tournament() -> Int {
        var best = rng.index(below: size)
        for _ in 1..<max(1, options.tournamentSize) {
            let j = rng.index(below: size)
            if fit[j] < fit[best] { best = j }
        }
        return best
    }

    mutating func copy(_ from: Int, toNext to: Int) {
        let a = from * n, b = to * n
        for k in 0..<n {
            nextMode[b + k] = mode[a + k]; nextMu[b + k] = mu[a + k]
            nextPower[b + k] = power[a + k]; nextWeight[b + k] = weight[a + k]
        }
    }

    /// Writes a child of `a` and `b` into `next[child]`; returns whether it differs from `a`.
    mutating func crossover(_ a: Int, _ b: Int, child: Int) -> Bool {
        copy(a, toNext: child)
        let cut = options.crossover == .onePoint ? rng.index(below: n + 1) : 0
        var changed = false
        let pb = b * n, pc = child * n
        for k in 0..<n {
            let fromB = options.crossover == .uniform ? rng.uniform() < 0.5 : k >= cut
            guard fromB else { continue }
            nextMode[pc + k] = mode[pb + k]; nextMu[pc + k] = mu[pb + k]
            nextPower[pc + k] = power[pb + k]; nextWeight[pc + k] = weight[pb + k]
            changed = true
        }
        return changed
    }

    /// Mutates genes of `next[child]` with probability `rate` each; returns whether any changed.
    mutating func mutate(_ child: Int, rate: Double) -> Bool {
        var changed = false
        let base = child * n
        let logRange = log(options.weightRange)
        for k in 0..<n where rng.uniform() < rate {
            let g = base + k
            changed = true
            let lo = modeStart[k], count = modeStart[k + 1] - lo
            if count > 1 && rng.uniform() < options.modeResampleProbability {
                // A different mode among the feasible ones.
                var m = modes[lo + rng.index(below: count - 1)]
                if m == nextMode[g] { m = modes[lo + count - 1] }
                nextMode[g] = m
            }
            let span = 1 - muMin[k]
            nextMu[g] = min(1, max(muMin[k], nextMu[g] + options.semanticRatioSigma * span * rng.normal()))
            nextPower[g] = min(pMax[k], max(pMax[k] * 1e-3, nextPower[g] + options.powerSigma * pMax[k] * rng.normal()))
            let lw = min(logRange, max(-logRange, log(nextWeight[g]) + options.weightSigma * rng.normal()))
            nextWeight[g] = exp(lw)
        }
        return changed
    }

    // MARK: fitness

    /// Builds individual `i`'s decision into `decision` and returns its penalised fitness.
    mutating func evaluate(_ i: Int, current: Bool) -> Double {
        let base = i * n
        for k in 0..<n {
            let u = users[k]
            let m = current ? mode[base + k] : nextMode[base + k]
            let f = scenario.devices[u].maxFrequencyHz
            if m < 0 {
                decision.setLocal(u, frequencyHz: f)
            } else {
                decision.setOffload(u, server: Int(m), semanticRatio: current ? mu[base + k] : nextMu[base + k],
                                    powerW: current ? power[base + k] : nextPower[base + k], localFrequencyHz: f)
            }
            weights[u] = current ? weight[base + k] : nextWeight[base + k]
        }
        ResourceSharing.share(slot: state, servers: scenario.servers, decision: &decision, weights: weights)
        for u in energy.indices { energy[u] = budgets[u] }
        evaluator.evaluate(slot: slot, decision: decision, remainingEnergy: &energy, into: &evaluation)
        evaluations += 1
        return GeneticSolver.penalised(evaluation, options.penaltyPerViolation)
    }
}
