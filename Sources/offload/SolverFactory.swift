import ArgumentParser
import OffloadModel
import OffloadRL
import OffloadSolvers

/// The solver names the CLI accepts, mapped to solver values.
enum SolverFactory {
    static let names = ["local", "nonsemantic", "random", "ga", "milp", "ppo:FILE"]

    /// Whether `name` is a solver name (`ppo:FILE` with any non-empty file).
    static func isKnown(_ name: String) -> Bool {
        names.contains(name) || (name.hasPrefix("ppo:") && name.count > 4)
    }

    static func make(_ name: String, seed: UInt64) throws -> any SlotSolver {
        switch name {
        case "local": return LocalSolver()
        case "nonsemantic": return NonSemanticSolver()
        case "random": return RandomSolver(seed: seed)
        case "ga": return try GeneticSolver(seed: seed)
        case "milp": return MILPSolver()
        case _ where name.hasPrefix("ppo:") && name.count > 4:
            return try PPOSolver(policy: PPOPolicy.load(path: String(name.dropFirst(4))), name: name)
        default:
            throw ValidationError("unknown solver '\(name)': must be one of \(names.joined(separator: ", "))")
        }
    }

    /// Runs an existential solver through the generic runner.
    static func run(_ solver: any SlotSolver, scenario: Scenario, slots: Int?) throws -> EpisodeRunner.Result {
        func open<S: SlotSolver>(_ s: S) throws -> EpisodeRunner.Result {
            var s = s
            return try EpisodeRunner.run(&s, scenario: scenario, slots: slots)
        }
        return try open(solver)
    }
}
