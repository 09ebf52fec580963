import Foundation
import OffloadModel
import OffloadSolvers
import OffloadRL

/// A method ready for a comparison: its name as the user wrote it (`ga`, `ppo:agent.json`) and a factory that
/// makes a fresh solver for one run from that run's method seed.
public struct ComparisonMethod: Sendable {
    public typealias Factory = @Sendable (_ seed: UInt64) throws -> any SlotSolver

    /// Name in outputs, e.g. `ga` or `ppo:agent.json`.
    public let name: String
    /// Whether the solver uses its seed (Random, GA, stochastic policies). Deterministic methods are still run
    /// once per method seed so every method has the same paired samples.
    public let usesSeed: Bool
    public let make: Factory

    public init(name: String, usesSeed: Bool, make: @escaping Factory) {
        self.name = name
        self.usesSeed = usesSeed
        self.make = make
    }
}

/// Why a `--methods` list was rejected.
public enum ComparisonError: Error, Equatable, CustomStringConvertible {
    case unknownMethod(String, available: [String])
    case unavailableMethod(String, note: String, available: [String])
    case missingParameter(method: String, parameter: String)
    case unexpectedParameter(method: String, given: String)
    case duplicateMethod(String)
    case noMethods
    case referenceNotCompared(String, methods: [String])
    case invalid(option: String, value: String, rule: String)

    public var description: String {
        switch self {
        case let .unknownMethod(name, available):
            return "unknown method '\(name)': available methods are \(available.joined(separator: ", "))"
        case let .unavailableMethod(name, note, available):
            return "method '\(name)' is not available yet (\(note)); available methods are \(available.joined(separator: ", "))"
        case let .missingParameter(method, parameter):
            return "method '\(method)' needs a parameter: write it as \(method):\(parameter)"
        case let .unexpectedParameter(method, given):
            return "method '\(method)' takes no parameter (got '\(method):\(given)')"
        case let .duplicateMethod(name):
            return "method '\(name)' is listed twice in --methods"
        case .noMethods:
            return "--methods must name at least one method"
        case let .referenceNotCompared(reference, methods):
            return "reference method '\(reference)' is not among the compared methods (\(methods.joined(separator: ", ")))"
        case let .invalid(option, value, rule):
            return "invalid \(option) \(value): \(rule)"
        }
    }
}

/// The methods `offload compare` knows, by name. Adding a method is one `register` call:
///
/// ```swift
/// // a method without a parameter (the solver gets the run's method seed):
/// registry.register("milp", summary: "per-slot MILP (GLPK)", usesSeed: false) { _ in MILPSolver() }
/// // a method with a parameter, written `ppo:FILE` on the command line; `prepare` runs once per
/// // comparison (e.g. loads the policy file), the returned factory once per run:
/// registry.register("ppo", parameter: "FILE", summary: "trained PPO-SO policy", usesSeed: true) { file in
///     let policy = try PPOPolicy.load(path: file)
///     return { seed in PPOSolver(policy: policy, seed: seed) }
/// }
/// ```
/// and deleting the name from `planned` in `MethodRegistry.standard`.
public struct MethodRegistry: Sendable {
    public typealias Prepare = @Sendable (_ parameter: String) throws -> ComparisonMethod.Factory

    public struct Entry: Sendable {
        public let name: String
        /// Placeholder of the parameter (`FILE` for `ppo:FILE`), nil when the method takes none.
        public let parameter: String?
        public let summary: String
        public let usesSeed: Bool
        let prepare: Prepare

        /// How the method is written on the command line, e.g. `ga` or `ppo:FILE`.
        public var usage: String { parameter.map { "\(name):\($0)" } ?? name }
    }

    public private(set) var entries: [Entry] = []
    /// Methods that are announced but not built yet, with a note shown when someone asks for them.
    public var planned: [String: String] = [:]

    public init() {}

    /// Registers a method without a parameter; `make` builds a fresh solver for one run from its seed.
    public mutating func register(_ name: String, summary: String, usesSeed: Bool,
                                  make: @escaping ComparisonMethod.Factory) {
        add(Entry(name: name, parameter: nil, summary: summary, usesSeed: usesSeed, prepare: { _ in make }))
    }

    /// Registers a method written `name:PARAMETER`; `prepare` gets the parameter once per comparison
    /// (load files there) and returns the per-run factory.
    public mutating func register(_ name: String, parameter: String, summary: String, usesSeed: Bool,
                                  prepare: @escaping Prepare) {
        add(Entry(name: name, parameter: parameter, summary: summary, usesSeed: usesSeed, prepare: prepare))
    }

    private mutating func add(_ e: Entry) {
        precondition(!e.name.isEmpty && !e.name.contains(":") && !e.name.contains(","), "bad method name '\(e.name)'")
        entries.removeAll { $0.name == e.name }
        entries.append(e)
        planned[e.name] = nil
    }

    /// Usages of the registered methods, in registration order.
    public var available: [String] { entries.map(\.usage) }

    /// The method a `--methods` item names (`ga`, `ppo:agent.json`).
    public func resolve(_ item: String) throws -> ComparisonMethod {
        let spec = item.trimmingCharacters(in: .whitespaces)
        let name: String, argument: String?
        if let colon = spec.firstIndex(of: ":") {
            name = String(spec[..<colon])
            argument = String(spec[spec.index(after: colon)...])
        } else {
            name = spec
            argument = nil
        }
        guard let entry = entries.first(where: { $0.name == name }) else {
            if let note = planned[name] { throw ComparisonError.unavailableMethod(spec, note: note, available: available) }
            throw ComparisonError.unknownMethod(spec, available: available)
        }
        switch (entry.parameter, argument) {
        case let (p?, a) where a == nil || a!.isEmpty:
            throw ComparisonError.missingParameter(method: name, parameter: p)
        case let (nil, a?):
            throw ComparisonError.unexpectedParameter(method: name, given: a)
        default:
            break
        }
        let factory = try entry.prepare(argument ?? "")
        return ComparisonMethod(name: spec, usesSeed: entry.usesSeed, make: factory)
    }

    /// The methods of a comma-separated list, in order; rejects unknown, unavailable and repeated names.
    public func resolve(list: String) throws -> [ComparisonMethod] {
        let items = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !items.isEmpty else { throw ComparisonError.noMethods }
        var seen = Set<String>()
        for item in items where !seen.insert(item).inserted { throw ComparisonError.duplicateMethod(item) }
        return try items.map(resolve)
    }

    /// Local, Non-semantic, Random and GA, with MILP and PPO announced.
    ///
    /// Registration hook for new methods: add one `r.register(...)` line here (or in an extension that
    /// returns a modified registry) and delete the method from `planned`.
    public static func standard(genetic: GeneticOptions = GeneticOptions()) -> MethodRegistry {
        var r = MethodRegistry()
        r.register("local", summary: "everything on the device (000 Local)", usesSeed: false) { _ in LocalSolver() }
        r.register("nonsemantic", summary: "greedy M/M/1 without semantic codec (000 Non-semantic)", usesSeed: false) { _ in
            NonSemanticSolver()
        }
        r.register("random", summary: "uniform over the feasible actions (000 Random, 002 RA)", usesSeed: true) { seed in
            RandomSolver(seed: seed)
        }
        r.register("ga", summary: "genetic algorithm (002 GA)", usesSeed: true) { seed in
            try GeneticSolver(seed: seed, options: genetic)
        }
        r.register("milp", summary: "per-slot MILP solved with GLPK (grid optimum)", usesSeed: false) { _ in MILPSolver() }
        r.register("ppo", parameter: "FILE", summary: "trained PPO-SO policy (offload train), deterministic",
                   usesSeed: false) { file in
            let policy = try PPOPolicy.load(path: file)
            return { _ in try PPOSolver(policy: policy, name: "ppo:\(file)") }
        }
        return r
    }
}
