import Foundation
import OffloadModel

/// The per-episode quantities every method is compared by.
public enum ComparisonMetric: String, CaseIterable, Codable, Sendable {
    case meanDelaySeconds, meanEnergyJoules, meanQoE, violationRate

    public func value(_ r: ComparisonRun) -> Double {
        switch self {
        case .meanDelaySeconds: return r.meanDelaySeconds
        case .meanEnergyJoules: return r.meanEnergyJoules
        case .meanQoE: return r.meanQoE
        case .violationRate: return r.violationRate
        }
    }

    /// Axis/column label with unit.
    public var label: String {
        switch self {
        case .meanDelaySeconds: return "mean delay (s)"
        case .meanEnergyJoules: return "mean energy (J)"
        case .meanQoE: return "mean QoE (logistic)"
        case .violationRate: return "violation rate"
        }
    }

    /// Short names accepted on the command line (`--plot-metric delay`).
    public init?(shortName: String) {
        switch shortName {
        case "delay", "meanDelaySeconds": self = .meanDelaySeconds
        case "energy", "meanEnergyJoules": self = .meanEnergyJoules
        case "qoe", "meanQoE": self = .meanQoE
        case "violations", "violationRate": self = .violationRate
        default: return nil
        }
    }
}

/// One metric of one method: statistics over the paired samples and the test against the reference.
public struct MetricSummary: Codable, Equatable, Sendable {
    /// Mean, sample standard deviation, standard error and 95 % t half-width over the samples
    /// (episodes x method seeds; each sample is one episode's per-task mean).
    public var stats: SampleSummary
    /// `(mean - reference mean) / |reference mean|`; nil for the reference itself or a zero reference.
    public var relativeToReference: Double?
    /// Two-sided paired Wilcoxon signed-rank p-value against the reference (SciPy 1.17 `wilcoxon` defaults);
    /// nil for the reference and when undefined (e.g. every difference zero with more than 13 pairs).
    public var wilcoxonP: Double?
    /// Holm-adjusted p-value across the methods compared with the reference (this metric only).
    public var holmP: Double?
}

public struct MethodSummary: Codable, Equatable, Sendable {
    public var name: String
    public var samples: Int
    public var meanDelaySeconds: MetricSummary
    public var meanEnergyJoules: MetricSummary
    public var meanQoE: MetricSummary
    public var violationRate: MetricSummary
    /// Solver wall time per episode, s.
    public var runtimeSeconds: SampleSummary

    public func metric(_ m: ComparisonMetric) -> MetricSummary {
        switch m {
        case .meanDelaySeconds: return meanDelaySeconds
        case .meanEnergyJoules: return meanEnergyJoules
        case .meanQoE: return meanQoE
        case .violationRate: return violationRate
        }
    }
}

/// The stable summary of `offload compare --json` (format `offload-compare/1`). Field names are part of the
/// command-line contract: add fields, never rename them. Undefined statistics are absent (not NaN).
public struct ComparisonReport: Codable, Equatable, Sendable {
    public var format = "offload-compare/1"
    public var instance: String
    public var baseSeed: UInt64
    public var episodes: Int
    public var methodSeedCount: Int
    /// Slots per episode actually run.
    public var slots: Int
    public var reference: String
    /// Generator seed of each episode (empty for explicit instances).
    public var instanceSeeds: [UInt64]
    public var methodSeeds: [UInt64]
    /// Paired samples per method (episodes x method seeds).
    public var samplesPerMethod: Int
    public var methods: [MethodSummary]

    /// Summarises runs ordered as `Comparison.run` returns them.
    /// - Throws: `ComparisonError.referenceNotCompared` when `reference` is not among the runs' methods.
    public init(instance: String, plan: EpisodePlan, generated: Bool, slots: Int, reference: String,
                runs: [ComparisonRun]) throws {
        var names: [String] = []
        for r in runs where !names.contains(r.method) { names.append(r.method) }
        guard names.contains(reference) else { throw ComparisonError.referenceNotCompared(reference, methods: names) }
        self.instance = instance
        baseSeed = plan.baseSeed
        episodes = plan.episodes
        methodSeedCount = plan.methodSeedCount
        self.slots = slots
        self.reference = reference
        instanceSeeds = generated ? plan.instanceSeeds : []
        methodSeeds = plan.methodSeeds
        samplesPerMethod = plan.samplesPerMethod

        // Samples in (repetition, episode) order, so index i pairs across methods.
        func samples(_ name: String) -> [ComparisonRun] {
            runs.filter { $0.method == name }.sorted { ($0.repetition, $0.episode) < ($1.repetition, $1.episode) }
        }
        let byMethod = names.map(samples)
        let ref = samples(reference)
        let others = names.indices.filter { names[$0] != reference }

        var metrics = [[MetricSummary]](repeating: [], count: names.count)
        for metric in ComparisonMetric.allCases {
            let refValues = ref.map(metric.value)
            let refMean = Statistics.mean(refValues)
            var raw = [Double](repeating: .nan, count: names.count)
            for i in others {
                let values = byMethod[i].map(metric.value)
                if values.count == refValues.count, let w = try? WilcoxonTest.signedRank(values, refValues) {
                    raw[i] = w.pValue
                }
            }
            let adjusted = Holm.adjust(others.map { raw[$0] })
            for i in names.indices {
                let values = byMethod[i].map(metric.value)
                let stats = SampleSummary(values)
                let isRef = names[i] == reference
                var rel: Double? = nil
                if !isRef, let m = stats.mean, let r = refMean { rel = Statistics.relativeDifference(m, reference: r) }
                let p = isRef || raw[i].isNaN ? nil : raw[i]
                let h = others.firstIndex(of: i).map { adjusted[$0] }.flatMap { $0.isNaN ? nil : $0 }
                metrics[i].append(MetricSummary(stats: stats, relativeToReference: rel, wilcoxonP: p, holmP: h))
            }
        }
        methods = names.indices.map { i in
            MethodSummary(name: names[i], samples: byMethod[i].count, meanDelaySeconds: metrics[i][0],
                          meanEnergyJoules: metrics[i][1], meanQoE: metrics[i][2], violationRate: metrics[i][3],
                          runtimeSeconds: SampleSummary(byMethod[i].map(\.runtimeSeconds)))
        }
    }

    /// Columns of the per-episode CSV.
    public static let csvHeader = ["method", "methodSeed", "episode", "instanceSeed", "meanDelaySeconds",
                                   "meanEnergyJoules", "meanQoE", "violationRate", "violations", "runtimeSeconds"]

    /// One row per run, in run order (method, method seed, episode); empty instance seed for explicit instances.
    public static func csv(_ runs: [ComparisonRun]) -> CSVTable {
        var t = CSVTable(header: csvHeader)
        for r in runs {
            // Field count always matches the header.
            try! t.append([r.method, "\(r.methodSeed)", "\(r.episode)", r.instanceSeed.map { "\($0)" } ?? "",
                           CSV.number(r.meanDelaySeconds), CSV.number(r.meanEnergyJoules), CSV.number(r.meanQoE),
                           CSV.number(r.violationRate), "\(r.violations)", CSV.number(r.runtimeSeconds)])
        }
        return t
    }

    /// Bar chart of one metric: one bar per method, mean +- sample standard deviation over the samples.
    public func barChart(_ metric: ComparisonMetric) -> BarChart {
        let values = methods.map { m -> MeanAndSpread in
            let s = m.metric(metric).stats
            return MeanAndSpread(mean: s.mean ?? .nan, spread: s.standardDeviation ?? 0)
        }
        return BarChart(title: "\(instance): \(metric.label), \(episodes) episodes x \(methodSeedCount) seeds (mean +- std)",
                        xLabel: "method", yLabel: metric.label, categories: methods.map(\.name),
                        series: [BarChart.Series(name: metric.label, values: values)])
    }
}
