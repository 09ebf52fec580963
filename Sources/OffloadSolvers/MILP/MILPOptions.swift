import OffloadModel

/// How much of a user's remaining horizon energy (C1) one slot's options may spend.
public enum EnergyCapPolicy: String, Codable, Sendable {
    /// `remaining / (slots left including this one)`; users with no option under that share
    /// fall back to the whole remaining energy (so the share never makes a slot infeasible).
    case perSlotShare
    /// The whole remaining horizon energy.
    case remaining
}

/// Resolution and limits of the per-slot MILP (docs/MODEL.md, "MILP and bounds").
public struct MILPOptions: Codable, Hashable, Sendable {
    /// Bandwidth units `N_b` per server: option `k_b` grants `k_b B_l / N_b`.
    public var bandwidthUnits: Int = 16
    /// Compute units `N_c` per server: option `k_c` grants `k_c F_l^avail / N_c`.
    public var computeUnits: Int = 16
    /// Semantic-ratio levels below 1, evenly spaced from `mu_min` (inclusive) to 1 (exclusive);
    /// `mu = 1` (raw transmission, no codec) is always added as its own level.
    public var semanticLevels: Int = 10
    /// Power levels `p_max i / n`, i = 1..n.
    public var powerLevels: Int = 3
    /// Device CPU levels `f_max i / n`, i = 1..n, for local execution and the encoder, used by
    /// energy-aware objectives; the pure delay objective uses `f_max` only (delay falls with `f`).
    public var frequencyLevels: Int = 3
    public var energyCap: EnergyCapPolicy = .perSlotShare
    /// Relative gap at which the grid MILP stops (certified against the full grid model).
    public var relativeGap: Double = 1e-5
    /// Wall-clock limit per slot, s.
    public var timeLimit: Double = 10
    /// Drop options dominated by one using fewer units of both resources at no higher cost (or by
    /// local execution). Off gives the naive full formulation.
    public var dominancePruning: Bool = true
    /// Cells (summed over visible user-server pairs) of the finer relaxed cell model also tried for the
    /// certified bound when it is finer than the grid (0: only the Lagrangian bound).
    public var relaxedCellBudget: Int = 50_000
    /// Also compute the certified lower bound of the continuous problem (relaxed model) per slot.
    public var certifiedBound: Bool = true

    public init() {}

    public func validate() throws {
        func check(_ ok: Bool, _ name: String, _ value: Any, _ rule: String) throws {
            if !ok { throw MILPError.invalidOption("\(name) = \(value): \(rule)") }
        }
        try check(bandwidthUnits >= 1 && bandwidthUnits <= 4096, "bandwidthUnits", bandwidthUnits, "must be in 1...4096")
        try check(computeUnits >= 1 && computeUnits <= 4096, "computeUnits", computeUnits, "must be in 1...4096")
        try check(semanticLevels >= 0 && semanticLevels <= 1000, "semanticLevels", semanticLevels, "must be in 0...1000")
        try check(powerLevels >= 1 && powerLevels <= 100, "powerLevels", powerLevels, "must be in 1...100")
        try check(frequencyLevels >= 1 && frequencyLevels <= 100, "frequencyLevels", frequencyLevels, "must be in 1...100")
        try check(relativeGap.isFinite && relativeGap >= 0, "relativeGap", relativeGap, "must be finite and >= 0")
        try check(timeLimit.isFinite && timeLimit > 0, "timeLimit", timeLimit, "must be positive")
    }
}

public enum MILPError: Error, CustomStringConvertible, Equatable {
    case invalidOption(String)
    case unsupported(String)
    case solver(String)

    public var description: String {
        switch self {
        case let .invalidOption(s): return "invalid MILP option \(s)"
        case let .unsupported(s): return s
        case let .solver(s): return "MILP solver failure: \(s)"
        }
    }
}

/// The grid the per-slot MILP enumerates. Tests use the same definition for brute force.
public struct MILPGrid: Sendable {
    public let options: MILPOptions
    public let objective: Objective

    public init(options: MILPOptions, objective: Objective) {
        self.options = options
        self.objective = objective
    }

    /// Whether device energy can enter the cost (then frequency and power levels matter).
    public var energyAware: Bool { objective.kind != .delay }

    /// Semantic ratios: `mu_min + i (1 - mu_min) / n` for i in 0..<n, then 1.
    public func semanticRatios(_ device: DeviceProfile) -> [Double] {
        let n = options.semanticLevels
        let lo = device.minSemanticRatio
        var levels: [Double] = []
        if lo < 1 {
            for i in 0..<n { levels.append(lo + Double(i) * (1 - lo) / Double(n)) }
        }
        levels.append(1)
        return levels
    }

    public func powers(_ device: DeviceProfile) -> [Double] {
        let n = options.powerLevels
        return (1...n).map { device.maxPowerW * Double($0) / Double(n) }
    }

    /// Device CPU levels for local execution and the encoder.
    public func frequencies(_ device: DeviceProfile) -> [Double] {
        guard energyAware else { return [device.maxFrequencyHz] }
        let n = options.frequencyLevels
        return (1...n).map { device.maxFrequencyHz * Double($0) / Double(n) }
    }

    @inlinable public func bandwidth(units k: Int, server: ServerProfile) -> Double {
        Double(k) * server.bandwidthHz / Double(options.bandwidthUnits)
    }

    @inlinable public func compute(units k: Int, available: Double) -> Double {
        Double(k) * available / Double(options.computeUnits)
    }
}
