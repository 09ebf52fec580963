import ArgumentParser
import Dispatch
import Foundation
import OffloadExperiments
import OffloadScenarios
import OffloadSolvers

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Run several methods on the same episodes and compare them with paired statistics.",
        discussion: """
            Episode e is the instance expanded with a seed derived from --seed, identical for every method \
            (common random numbers); --seeds K repeats every method with K seeds of its own randomness. Each \
            (episode, method seed) pair is one paired sample: the table shows mean ± std over the samples, the \
            relative difference to the reference, and two-sided paired Wilcoxon signed-rank p-values with Holm \
            correction across the compared methods. Progress goes to stderr, results to stdout.
            """)

    @Argument(help: "Instance file (JSON, see instances/schema.json).")
    var instance: String

    @Option(help: "Comma-separated methods (available: \(MethodRegistry.standard().available.joined(separator: ", "))).")
    var methods: String = "local,nonsemantic,random,ga"

    @Option(help: "Episodes (instance seeds) per method.")
    var episodes: Int = 100

    @Option(help: "Seeds of the methods' own randomness per episode.")
    var seeds: Int = 3

    @Option(help: "Base seed: the episodes' instance seeds and the method seeds are derived from it.")
    var seed: UInt64 = 1

    @Option(help: "Method the others are tested against (default: nonsemantic when compared, else the first method).")
    var reference: String?

    @Option(help: "Run only the first N slots of each episode.")
    var slots: Int?

    @Option(help: "Write per-episode results to this CSV file.")
    var csv: String?

    @Option(help: "Draw a bar chart with error bars (.svg, .png or .pdf) through gnuplot; data and script are kept beside it.")
    var plot: String?

    @Option(name: .customLong("plot-metric"), help: "Metric of the chart: delay, energy, qoe or violations.")
    var plotMetric: String = "delay"

    @Option(help: "Worker threads (results do not depend on it).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .customLong("ga-population"), help: "GA population size.")
    var gaPopulation: Int?

    @Option(name: .customLong("ga-generations"), help: "GA generation budget.")
    var gaGenerations: Int?

    @Flag(help: "Print the summary as JSON (format offload-compare/1).")
    var json = false

    @Flag(help: "No progress on stderr.")
    var quiet = false

    func validate() throws {
        if episodes < 1 { throw ValidationError("--episodes must be at least 1 (got \(episodes))") }
        if seeds < 1 { throw ValidationError("--seeds must be at least 1 (got \(seeds))") }
        if jobs < 1 { throw ValidationError("--jobs must be at least 1 (got \(jobs))") }
        if let slots, slots < 1 { throw ValidationError("--slots must be at least 1 (got \(slots))") }
        if ComparisonMetric(shortName: plotMetric) == nil {
            throw ValidationError("--plot-metric must be one of delay, energy, qoe, violations (got '\(plotMetric)')")
        }
        if let plot {
            let ext = URL(fileURLWithPath: plot).pathExtension
            if PlotImageFormat(fileExtension: ext) == nil {
                throw ValidationError("--plot \(plot): use a .svg, .png or .pdf file name")
            }
        }
    }

    func run() throws {
        try reportingErrors {
            var genetic = GeneticOptions()
            if let gaPopulation { genetic.population = gaPopulation }
            if let gaGenerations { genetic.generations = gaGenerations }
            try genetic.validate()
            let resolved = try MethodRegistry.standard(genetic: genetic).resolve(list: methods)
            let names = resolved.map(\.name)
            let ref = reference ?? (names.contains("nonsemantic") ? "nonsemantic" : names[0])
            guard names.contains(ref) else { throw ComparisonError.referenceNotCompared(ref, methods: names) }

            let file = try JSONCoding.load(Instance.self, path: instance)
            if !file.isGenerated && episodes > 1 && !quiet {
                printError("note: \(instance) is explicit, so every episode is the same scenario; only the method seeds vary")
            }
            let plan = EpisodePlan(baseSeed: seed, episodes: episodes, methodSeedCount: seeds)
            let comparison = Comparison(instance: file, methods: resolved, plan: plan, slots: slots, jobs: jobs)
            let progress = quiet ? nil : ProgressLine(label: "compare", unit: "runs")
            let runs = try comparison.run(progress: progress.map { p in { p.update($0, $1) } })
            progress?.finish()

            let slotCount = try min(slots ?? Int.max, file.scenario(seed: comparison.instanceSeed(episode: 0)).slots.count)
            let report = try ComparisonReport(instance: file.name, plan: plan, generated: file.isGenerated,
                                              slots: slotCount, reference: ref, runs: runs)
            if let csv {
                try write(ComparisonReport.csv(runs).text, to: csv)
                printError("wrote \(csv) (\(runs.count) rows)")
            }
            if let plot, let metric = ComparisonMetric(shortName: plotMetric) {
                let result = try Plot.render(report.barChart(metric), to: URL(fileURLWithPath: plot))
                printError(result.message)
            }
            if json {
                print(try encodeJSON(report))
            } else {
                print(render(report))
            }
        }
    }

    private func render(_ r: ComparisonReport) -> String {
        func pm(_ s: SampleSummary) -> String {
            guard let m = s.mean else { return "-" }
            return fmt(m) + " ± " + (s.standardDeviation.map { fmt($0, 2) } ?? "-")
        }
        func pct(_ x: Double?) -> String { x.map { String(format: "%+.1f %%", 100 * $0) } ?? "-" }
        func p(_ x: Double?) -> String { x.map { $0 < 1e-4 ? String(format: "%.1e", $0) : String(format: "%.4f", $0) } ?? "-" }

        var head = "\(r.instance): \(r.episodes) episodes x \(r.methodSeedCount) method seeds = \(r.samplesPerMethod) "
        head += "paired samples per method, \(r.slots) slots each, base seed \(r.baseSeed)"
        var t = Table(["method", "delay (s)", "energy (J)", "QoE", "violation rate", "runtime (s)"])
        for m in r.methods {
            t.add([m.name, pm(m.meanDelaySeconds.stats), pm(m.meanEnergyJoules.stats), pm(m.meanQoE.stats),
                   pm(m.violationRate.stats), fmt(m.runtimeSeconds.mean ?? .nan, 3)])
        }
        var v = Table(["vs \(r.reference)", "Δdelay", "p", "p Holm", "Δenergy", "p Holm", "ΔQoE", "p Holm",
                       "Δviolations", "p Holm"])
        for m in r.methods where m.name != r.reference {
            v.add([m.name, pct(m.meanDelaySeconds.relativeToReference), p(m.meanDelaySeconds.wilcoxonP),
                   p(m.meanDelaySeconds.holmP), pct(m.meanEnergyJoules.relativeToReference), p(m.meanEnergyJoules.holmP),
                   pct(m.meanQoE.relativeToReference), p(m.meanQoE.holmP),
                   pct(m.violationRate.relativeToReference), p(m.violationRate.holmP)])
        }
        var out = head + "\n\n" + t.render()
        if !v.rows.isEmpty {
            out += "\n\n" + v.render()
            out += "\n(Δ: relative difference of the means; p: two-sided paired Wilcoxon signed-rank; "
            out += "p Holm: Holm-corrected over \(v.rows.count) method(s))"
        }
        return out
    }
}

/// "label: done/total unit" on stderr, at most every five seconds and only once a run has taken more than
/// two seconds, so short runs stay quiet.
final class ProgressLine: @unchecked Sendable {
    let label: String, unit: String
    let start = DispatchTime.now().uptimeNanoseconds
    var lastPrint: UInt64 = 0
    var printed = false
    var last = (0, 0)

    init(label: String, unit: String) {
        self.label = label
        self.unit = unit
    }

    /// Called serialised by the runner.
    func update(_ done: Int, _ total: Int) {
        last = (done, total)
        let now = DispatchTime.now().uptimeNanoseconds
        guard done < total, now - start > 2_000_000_000, now - lastPrint > 5_000_000_000 else { return }
        lastPrint = now
        printed = true
        printError("\(label): \(done)/\(total) \(unit)")
    }

    /// Closing line with the wall time, when progress was shown.
    func finish() {
        guard printed else { return }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        printError("\(label): \(last.0)/\(last.1) \(unit) in \(String(format: "%.1f", seconds)) s")
    }
}
