/// Which quantity a method optimizes (BRIEF §2, "Objectives").
public enum ObjectiveKind: String, Codable, Sendable, CaseIterable {
    /// Total (or max) DT synchronization delay, 000 (28), 001.
    case delay
    /// `(1-w) T/T_ref + w E/E_ref`, 002 (17).
    case delayEnergy
    /// Total logistic QoE, 003 (11a), maximized.
    case qoe
    /// `w1 L + w2 E - w3 QoE_MOS`, 004 (12a), minimized.
    case utility
}

/// How per-user delays combine into a slot objective.
public enum Aggregation: String, Codable, Sendable {
    /// Sum over users (000 (28)).
    case sum
    /// Makespan: the largest user delay (002 (6)-(7)); energy terms still add up.
    case max
}

/// The objective of an instance. Every solver and the evaluator use the same per-user split
/// `slotObjective = sum_u sumCost_u + max_u maxCost_u`, so a MILP can write it linearly.
public struct Objective: Codable, Hashable, Sendable {
    public var kind: ObjectiveKind
    public var aggregation: Aggregation
    /// Energy weight `mu` of 002 (17), in [0, 1].
    public var energyWeight: Double
    /// Delay normalizer `T_max` of 002 (17), s.
    public var delayScaleS: Double
    /// Energy normalizer `E_max` of 002 (17), J.
    public var energyScaleJ: Double
    /// Weights `w1` (per s), `w2` (per J), `w3` (per QoE unit) of 004 (12a).
    public var utilityDelayWeight: Double
    public var utilityEnergyWeight: Double
    public var utilityQoEWeight: Double

    public init(kind: ObjectiveKind = .delay, aggregation: Aggregation = .sum, energyWeight: Double = 0.5,
                delayScaleS: Double = 1, energyScaleJ: Double = 1, utilityDelayWeight: Double = 1,
                utilityEnergyWeight: Double = 1, utilityQoEWeight: Double = 1) {
        self.kind = kind
        self.aggregation = aggregation
        self.energyWeight = energyWeight
        self.delayScaleS = delayScaleS
        self.energyScaleJ = energyScaleJ
        self.utilityDelayWeight = utilityDelayWeight
        self.utilityEnergyWeight = utilityEnergyWeight
        self.utilityQoEWeight = utilityQoEWeight
    }

    /// True when the natural sense is maximization (QoE); internally everything is minimized.
    public var maximizes: Bool { kind == .qoe }

    /// The part of a user's cost that adds up over users (minimization convention).
    @inlinable
    public func sumCost(delay: Double, energy: Double, qoeLogistic: Double, qoeMOS: Double) -> Double {
        sumCost(lanes: delay, energy: energy, qoeLogistic: qoeLogistic, qoeMOS: qoeMOS)
    }

    /// `sumCost` for a lane of users (the one implementation).
    @_transparent
    public func sumCost<V: ModelLane>(lanes delay: V, energy: V, qoeLogistic: V, qoeMOS: V) -> V {
        switch kind {
        case .delay: return aggregation == .sum ? delay : V(repeating: 0)
        case .delayEnergy:
            let e = energyWeight * energy / energyScaleJ
            return aggregation == .sum ? (1 - energyWeight) * delay / delayScaleS + e : e
        case .qoe: return -qoeLogistic
        case .utility: return utilityDelayWeight * delay + utilityEnergyWeight * energy - utilityQoEWeight * qoeMOS
        }
    }

    /// The part of a user's cost whose maximum over users enters the objective (zero for sums).
    @inlinable
    public func maxCost(delay: Double) -> Double { maxCost(lanes: delay) }

    /// `maxCost` for a lane of users (the one implementation).
    @_transparent
    public func maxCost<V: ModelLane>(lanes delay: V) -> V {
        guard aggregation == .max else { return V(repeating: 0) }
        switch kind {
        case .delay: return delay
        case .delayEnergy: return (1 - energyWeight) * delay / delayScaleS
        case .qoe, .utility: return V(repeating: 0)
        }
    }
}
