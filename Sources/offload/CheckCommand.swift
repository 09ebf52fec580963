import ArgumentParser
import Foundation
import OffloadModel
import OffloadScenarios

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a decisions file against an instance; exit status 1 when any constraint is violated.")

    @OptionGroup var input: InstanceOptions

    @Argument(help: "Decisions file (offload-decisions/1).")
    var decisions: String

    @Flag(help: "Print the report as JSON.")
    var json = false

    struct Report: Codable {
        var instance: String
        var decisions: String
        var slots: Int
        var tasks: Int
        var feasible: Bool
        var violations: [Violation]
    }

    func run() throws {
        let feasible = try reportingErrors { () throws -> Bool in
            let file = try JSONCoding.load(DecisionFile.self, path: decisions)
            let instance = try JSONCoding.load(Instance.self, path: input.instance)
            // Expand with the seed the decisions were made for unless the user overrides it.
            let scenario = try instance.scenario(seed: input.instanceSeed ?? file.seed)
            let slotDecisions = try file.slotDecisions(for: scenario)
            let report = Evaluator(scenario: scenario).evaluateEpisode(slotDecisions)
            let out = Report(instance: instance.name, decisions: decisions, slots: slotDecisions.count,
                             tasks: report.tasks, feasible: report.violations.isEmpty, violations: report.violations)
            if json {
                print(try encodeJSON(out))
            } else if report.violations.isEmpty {
                print("feasible: \(report.tasks) tasks in \(slotDecisions.count) slots, no constraint violated")
            } else {
                print("infeasible: \(report.violations.count) violations in \(slotDecisions.count) slots")
                for v in report.violations { print("  " + v.description) }
            }
            return report.violations.isEmpty
        }
        if !feasible { throw ExitCode(1) }
    }
}
