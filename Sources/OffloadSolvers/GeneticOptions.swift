/// Tuning of the genetic algorithm (002 "GA"). The defaults are sized for `instances/leo-default.json`
/// (50 users, 5 satellites, about 32 active users per slot): in a release build one 20-slot episode takes
/// about a second on one core (see docs/COMPARE.md for the measured numbers).
public struct GeneticOptions: Codable, Hashable, Sendable {
    /// How two parents are recombined. Both keep a user's gene (mode, mu, p, weight) together.
    public enum Crossover: String, Codable, Hashable, Sendable, CaseIterable {
        /// Each user's gene from either parent with probability 1/2 (per-user uniform crossover).
        case uniform
        /// Genes of users before a random cut from the first parent, the rest from the second.
        case onePoint
    }

    /// Individuals per generation.
    public var population: Int = 40
    /// Upper bound on generations (the run stops earlier when it stalls).
    public var generations: Int = 200
    /// Stop when the best penalised fitness has not improved for this many generations.
    public var stallGenerations: Int = 30
    /// Probability that a child is a crossover of two parents rather than a copy of the first.
    public var crossoverRate: Double = 0.9
    public var crossover: Crossover = .uniform
    /// Probability that one user's gene of a child is mutated; nil: `1 / active users` (one gene per child on average).
    public var mutationRate: Double? = nil
    /// When a gene mutates: probability that its mode is resampled among the user's feasible modes
    /// (local where allowed, visible servers); mu, p and the weight are always perturbed.
    public var modeResampleProbability: Double = 0.3
    /// Standard deviation of the Gaussian step of `mu`, as a fraction of `1 - mu_min`.
    public var semanticRatioSigma: Double = 0.15
    /// Standard deviation of the Gaussian step of `p`, as a fraction of `p_max`.
    public var powerSigma: Double = 0.15
    /// Standard deviation of the Gaussian step of the log resource weight (a weight is multiplied by `exp(sigma N)`).
    public var weightSigma: Double = 0.4
    /// Resource weights stay in `[1 / weightRange, weightRange]` (shares of a server's bandwidth and compute).
    public var weightRange: Double = 10
    /// Individuals per tournament.
    public var tournamentSize: Int = 3
    /// Best individuals copied unchanged into the next generation (at least 1, so the best never gets lost).
    public var eliteCount: Int = 2
    /// Penalty added to the fitness per violated constraint, in units of the slot objective.
    ///
    /// Fitness = evaluator objective of the slot (minimisation convention) + `penaltyPerViolation` x number of
    /// violations the evaluator reports. With the default delay objective one unit is one second of delay; a
    /// user's delay is bounded by the deadline (30 s on leo-default), so 1000 makes any violation cost more than
    /// every delay it could save. Scale it with the objective on instances whose objective is normalised.
    public var penaltyPerViolation: Double = 1000

    public init() {}

    /// Checks every option; throws naming the option, its value and the rule.
    public func validate() throws {
        func fail(_ name: String, _ value: Any, _ rule: String) -> GeneticOptionsError {
            GeneticOptionsError(option: name, value: "\(value)", rule: rule)
        }
        guard population >= 2 else { throw fail("population", population, "must be at least 2") }
        guard generations >= 0 else { throw fail("generations", generations, "must be >= 0") }
        guard stallGenerations >= 1 else { throw fail("stallGenerations", stallGenerations, "must be >= 1") }
        guard crossoverRate >= 0, crossoverRate <= 1 else { throw fail("crossoverRate", crossoverRate, "must be in [0, 1]") }
        if let m = mutationRate, !(m >= 0 && m <= 1) { throw fail("mutationRate", m, "must be in [0, 1]") }
        guard modeResampleProbability >= 0, modeResampleProbability <= 1 else {
            throw fail("modeResampleProbability", modeResampleProbability, "must be in [0, 1]")
        }
        guard semanticRatioSigma >= 0, semanticRatioSigma.isFinite else { throw fail("semanticRatioSigma", semanticRatioSigma, "must be >= 0") }
        guard powerSigma >= 0, powerSigma.isFinite else { throw fail("powerSigma", powerSigma, "must be >= 0") }
        guard weightSigma >= 0, weightSigma.isFinite else { throw fail("weightSigma", weightSigma, "must be >= 0") }
        guard weightRange >= 1, weightRange.isFinite else { throw fail("weightRange", weightRange, "must be >= 1") }
        guard tournamentSize >= 1 else { throw fail("tournamentSize", tournamentSize, "must be at least 1") }
        guard eliteCount >= 1, eliteCount < population else {
            throw fail("eliteCount", eliteCount, "must be in [1, population - 1]")
        }
        guard penaltyPerViolation >= 0, penaltyPerViolation.isFinite else {
            throw fail("penaltyPerViolation", penaltyPerViolation, "must be finite and >= 0")
        }
    }
}

/// An invalid genetic-algorithm option.
public struct GeneticOptionsError: Error, Hashable, Sendable, CustomStringConvertible {
    public var option: String
    public var value: String
    public var rule: String
    public var description: String { "invalid GA option \(option) = \(value): \(rule)" }
}
