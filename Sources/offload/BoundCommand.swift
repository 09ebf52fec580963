import ArgumentParser
import Foundation
import OffloadModel
import OffloadScenarios
import OffloadSolvers

struct BoundCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bound",
        abstract: "Certified lower bound, MILP upper bound and gap per slot and in total (docs/MODEL.md, 'MILP and bounds').")

    @OptionGroup var input: InstanceOptions

    @Option(help: "Only the first N slots.")
    var slots: Int?

    @Flag(help: "Also bound the whole horizon in one model (energy coupling C1, future known).")
    var horizon = false

    @Option(help: "Resource units per server (bandwidth and compute) of the grid MILP and the relaxed model.")
    var units: Int = 16

    @Option(name: .customLong("semantic-levels"), help: "Semantic-ratio levels below 1 of the grid MILP (mu = 1 is always added).")
    var semanticLevels: Int = 10

    @Option(name: .customLong("power-levels"), help: "Power levels of the grid MILP.")
    var powerLevels: Int = 3

    @Option(name: .customLong("time-limit"), help: "Time limit per slot solve (and for the horizon model), s.")
    var timeLimit: Double = 10

    @Flag(help: "Print JSON.")
    var json = false

    struct SlotRow: Codable {
        var slot: Int
        var activeUsers: Int
        var status: String
        var lowerBound: Double?
        var upperBound: Double
        var gap: Double?
        var gridLowerBound: Double
        var gridGap: Double
        var seconds: Double
    }

    struct Output: Codable {
        var instance: String
        var objectiveKind: String
        var aggregation: String
        /// Why there is no certified bound, when there is none.
        var note: String?
        var slots: [SlotRow]
        var lowerBound: Double?
        var upperBound: Double
        var gap: Double?
        var horizonLowerBound: Double?
        var horizonCoupledBound: Double?
        var horizonGap: Double?
        var horizonSeconds: Double?
    }

    func validate() throws {
        if let slots, slots < 1 { throw ValidationError("--slots must be at least 1 (got \(slots))") }
        if units < 1 || units > 4096 { throw ValidationError("--units must be in 1...4096 (got \(units))") }
        if !(timeLimit > 0) { throw ValidationError("--time-limit must be positive (got \(timeLimit))") }
    }

    func run() throws {
        try reportingErrors {
            let (file, scenario) = try input.load()
            var options = MILPOptions()
            options.bandwidthUnits = units
            options.computeUnits = units
            options.timeLimit = timeLimit
            options.semanticLevels = semanticLevels
            options.powerLevels = powerLevels
            try options.validate()
            let objective = scenario.parameters.objective
            let certified = RelaxedBound.isCertified(objective)
            options.certifiedBound = certified
            var solver = MILPSolver(options: options)
            let run = try EpisodeRunner.run(&solver, scenario: scenario, slots: slots) { done, total in
                if !json { FileHandle.standardError.write("slot \(done)/\(total)\n".data(using: .utf8)!) }
            }
            var rows: [SlotRow] = []
            for (k, r) in solver.log.slots.enumerated() {
                let ub = run.report.slots[k].objective
                rows.append(SlotRow(slot: r.slot, activeUsers: scenario.slots[r.slot].activeCount, status: r.status.rawValue,
                                    lowerBound: r.certifiedLowerBound, upperBound: ub,
                                    gap: r.certifiedLowerBound.map { AssignmentResult.relativeGap(upper: ub, lower: $0) },
                                    gridLowerBound: r.gridLowerBound, gridGap: r.gridGap, seconds: r.seconds + r.boundSeconds))
            }
            let total = solver.log.certifiedLowerBound
            let ub = run.report.objective
            var out = Output(instance: file.name, objectiveKind: objective.kind.rawValue, aggregation: objective.aggregation.rawValue,
                             note: certified ? nil : "no certified lower bound for objective '\(objective.kind.rawValue)': the logistic/MOS QoE terms are not bounded by the relaxation (only delay and delayEnergy are); gridLowerBound bounds the grid model only",
                             slots: rows, lowerBound: total, upperBound: ub,
                             gap: total.map { AssignmentResult.relativeGap(upper: ub, lower: $0) })
            if horizon && certified {
                let h = try HorizonBound(scenario: scenario, options: options).solve(slots: slots, timeLimit: timeLimit)
                let best = max(h.coupledBound, total ?? -.infinity)
                out.horizonCoupledBound = h.coupledBound
                out.horizonLowerBound = best
                out.horizonGap = AssignmentResult.relativeGap(upper: ub, lower: best)
                out.horizonSeconds = h.seconds
            } else if horizon {
                throw MILPError.unsupported(out.note ?? "no horizon bound")
            }
            if json {
                print(try encodeJSON(out))
                return
            }
            var t = Table(["slot", "users", "status", "lower bound", "upper bound", "gap", "grid gap", "seconds"])
            for r in rows {
                t.add(["\(r.slot)", "\(r.activeUsers)", r.status, r.lowerBound.map { fmt($0, 6) } ?? "-", fmt(r.upperBound, 6),
                       r.gap.map { String(format: "%.3f %%", 100 * $0) } ?? "-", String(format: "%.4f %%", 100 * r.gridGap), fmt(r.seconds)])
            }
            t.add(["total", "", "", total.map { fmt($0, 6) } ?? "-", fmt(ub, 6),
                   out.gap.map { String(format: "%.3f %%", 100 * $0) } ?? "-", "", ""])
            print(t.render())
            if let note = out.note { print("note: \(note)") }
            if let h = out.horizonLowerBound {
                print("horizon lower bound (any policy, future known): \(fmt(h, 6))  (coupled model \(fmt(out.horizonCoupledBound!, 6)));  gap of the MILP policy: \(String(format: "%.3f %%", 100 * out.horizonGap!))")
            }
            print("objective in minimization sense (\(objective.kind.rawValue), \(objective.aggregation.rawValue))")
        }
    }
}
