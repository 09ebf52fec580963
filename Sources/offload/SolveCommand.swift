import ArgumentParser
import Foundation
import OffloadModel
import OffloadScenarios
import OffloadSolvers

struct SolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solve", abstract: "Solve an instance with one method and score it with the shared evaluator.")

    @OptionGroup var input: InstanceOptions

    @Option(help: "Method: \(SolverFactory.names.joined(separator: ", ")).")
    var solver: String = "local"

    @Option(help: "Solve only the first N slots.")
    var slots: Int?

    @Option(help: "Seed of the solver's own randomness.")
    var seed: UInt64 = 1

    @Flag(help: "Print the result as JSON (stable field names).")
    var json = false

    @Option(name: .customLong("decisions-out"), help: "Write the scored decisions to this file (offload-decisions/1).")
    var decisionsOut: String?

    func validate() throws {
        if let slots, slots < 1 { throw ValidationError("--slots must be at least 1 (got \(slots))") }
        guard SolverFactory.isKnown(solver) else {
            throw ValidationError("unknown solver '\(solver)': must be one of \(SolverFactory.names.joined(separator: ", "))")
        }
    }

    func run() throws {
        try reportingErrors {
            let (file, scenario) = try input.load()
            let method = try SolverFactory.make(solver, seed: seed)
            let result = try SolverFactory.run(method, scenario: scenario, slots: slots)
            var summary = RunSummary(instance: file.name, solver: solver, instanceSeed: input.effectiveSeed(file),
                                     seed: seed, scenario: scenario, report: result.report,
                                     runtimeSeconds: result.solverSeconds)
            if let milp = method as? MILPSolver {
                summary.addBounds(milp.log, report: result.report)
                for r in milp.log.slots where r.status == .infeasible {
                    let who = r.infeasibleUsers.isEmpty ? "the server capacities cannot serve every user"
                        : "users \(r.infeasibleUsers) have no option meeting their constraints"
                    FileHandle.standardError.write("warning: milp slot \(r.slot) infeasible: \(who); least-violating decision used\n".data(using: .utf8)!)
                }
            }
            if let decisionsOut {
                let decisions = DecisionFile(instance: file.name, solver: solver, seed: input.effectiveSeed(file),
                                             scenario: scenario, decisions: result.decisions)
                try write(try encodeJSON(decisions) + "\n", to: decisionsOut)
            }
            if json {
                print(try encodeJSON(summary))
            } else {
                print(render(summary))
            }
        }
    }

    private func render(_ s: RunSummary) -> String {
        var t = Table(["metric", "value"])
        t.add(["instance", s.instance])
        t.add(["solver", s.solver])
        t.add(["slots", "\(s.slots)"])
        t.add(["tasks", "\(s.tasks)"])
        t.add(["objective (\(s.objectiveKind))", fmt(s.objective, 6)])
        t.add(["mean delay (s)", fmt(s.meanDelaySeconds)])
        t.add(["max delay (s)", fmt(s.maxDelaySeconds)])
        t.add(["mean energy (J)", fmt(s.meanEnergyJoules)])
        t.add(["mean accuracy", fmt(s.meanAccuracy)])
        t.add(["mean QoE (logistic)", fmt(s.meanQoE)])
        t.add(["mean QoE (MOS)", fmt(s.meanQoEMOS)])
        t.add(["offloaded", String(format: "%.1f %%", 100 * s.offloadedFraction)])
        let by = s.violationsByConstraint.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        t.add(["violations", s.violations == 0 ? "0" : "\(s.violations) (\(by))"])
        if let ub = s.upperBound {
            t.add(["upper bound (min. sense)", fmt(ub, 6)])
            t.add(["lower bound (certified)", s.lowerBound.map { fmt($0, 6) } ?? "none for this objective"])
            if let g = s.gap { t.add(["gap", String(format: "%.4f %%", 100 * g)]) }
        }
        t.add(["runtime (s)", fmt(s.runtimeSeconds)])
        return t.render()
    }
}
