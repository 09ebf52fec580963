import ArgumentParser
import Foundation
import GLPK
import OffloadModel
import OffloadScenarios
import OffloadSolvers

struct ExportMILPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-milp",
        abstract: "Write one slot's grid MILP (or the relaxed bound model) as CPLEX LP or free MPS.",
        discussion: "The file is a minimisation without objective constant; the model objective equals the file objective. Energy caps use the devices' full budgets as remaining energy (the slot is taken on its own).")

    @OptionGroup var input: InstanceOptions

    @Option(help: "Slot index (0-based).")
    var slot: Int = 0

    @Option(help: "lp (CPLEX LP) or mps (free MPS, full precision; read with glpsol --freemps).")
    var format: String = "mps"

    @Flag(help: "Export the relaxed model whose optimum is a certified lower bound (delay, delayEnergy).")
    var relaxed = false

    @Option(help: "Resource units per server.")
    var units: Int = 16

    @Option(name: .shortAndLong, help: "Output file.")
    var output: String

    func validate() throws {
        guard ["lp", "mps"].contains(format) else { throw ValidationError("--format must be lp or mps (got '\(format)')") }
        if slot < 0 { throw ValidationError("--slot must be >= 0 (got \(slot))") }
        if units < 1 || units > 4096 { throw ValidationError("--units must be in 1...4096 (got \(units))") }
    }

    func run() throws {
        try reportingErrors {
            let (_, scenario) = try input.load()
            guard slot < scenario.slots.count else {
                throw ValidationError("--slot \(slot) is out of range: the instance has \(scenario.slots.count) slots")
            }
            var options = MILPOptions()
            options.bandwidthUnits = units
            options.computeUnits = units
            let model: AssignmentModel
            if relaxed {
                guard RelaxedBound.isCertified(scenario.parameters.objective) else {
                    throw MILPError.unsupported("no relaxed bound model for objective '\(scenario.parameters.objective.kind.rawValue)' (only delay and delayEnergy)")
                }
                var energy: [Double] = [], infeasible: [Int] = []
                model = RelaxedBound(scenario: scenario, options: options).model(slot: slot, energyLB: &energy, infeasibleUsers: &infeasible)
                if !infeasible.isEmpty { FileHandle.standardError.write("warning: users \(infeasible) have no feasible option (left out)\n".data(using: .utf8)!) }
            } else {
                model = OptionEnumerator(scenario: scenario, options: options)
                    .enumerate(slot: slot, remainingEnergy: scenario.devices.map(\.energyBudgetJ)).model
            }
            let lp = model.linearProblem(relaxed: false, name: "slot\(slot)\(relaxed ? "_relaxed" : "")", named: true)
            let relation = try lp.write(to: output, format: format == "lp" ? .cplexLP : .freeMPSExact)
            print("wrote \(output): \(lp.columns.count) columns (\(model.optionCount) binaries), \(lp.rows.count) rows; minimisation, objective constant \(relation.constant) (\(relation.note))")
        }
    }
}
