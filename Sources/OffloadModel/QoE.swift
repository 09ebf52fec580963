#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Logistic QoE of 003 (10), normalized against local execution of the same task.
///
/// `QoE = w_t / (1 + e^{-lambda (t_loc - t)}) + w_e / (1 + e^{-beta (E_loc - E)}) + w_a / (1 + e^{-eta (eps - eps_loc)})`;
/// local execution scores exactly `(w_t + w_e + w_a) / 2`.
public struct LogisticQoE: Codable, Hashable, Sendable {
    public var delayWeight: Double
    public var energyWeight: Double
    public var accuracyWeight: Double
    /// Slope `lambda`, 1/s. 003 uses 1e3 for millisecond-scale tasks.
    public var delaySlopePerS: Double
    /// Slope `beta`, 1/J.
    public var energySlopePerJ: Double
    /// Slope `eta` per unit of accuracy.
    public var accuracySlope: Double

    public init(delayWeight: Double = 1.0 / 3, energyWeight: Double = 1.0 / 3, accuracyWeight: Double = 1.0 / 3,
                delaySlopePerS: Double = 1, energySlopePerJ: Double = 1, accuracySlope: Double = 2) {
        self.delayWeight = delayWeight
        self.energyWeight = energyWeight
        self.accuracyWeight = accuracyWeight
        self.delaySlopePerS = delaySlopePerS
        self.energySlopePerJ = energySlopePerJ
        self.accuracySlope = accuracySlope
    }

    /// QoE of one task given its outcome and the local-execution reference.
    @inlinable
    public func score(delay: Double, energy: Double, accuracy: Double,
                      localDelay: Double, localEnergy: Double, localAccuracy: Double) -> Double {
        score(lanes: delay, energy: energy, accuracy: accuracy,
              localDelay: localDelay, localEnergy: localEnergy, localAccuracy: localAccuracy)
    }

    /// `score` for a lane of users (the one implementation).
    @_transparent
    public func score<V: ModelLane>(lanes delay: V, energy: V, accuracy: V,
                                    localDelay: V, localEnergy: V, localAccuracy: V,
                                    constants t: UnsafePointer<Double> = FastMath.constants) -> V {
        let a = 1 + FastMath.exp(lanes: -delaySlopePerS * (localDelay - delay), constants: t)
        let b = 1 + FastMath.exp(lanes: -energySlopePerJ * (localEnergy - energy), constants: t)
        let c = 1 + FastMath.exp(lanes: -accuracySlope * (accuracy - localAccuracy), constants: t)
        // One division instead of three while the product stays finite (the common case):
        // (w_t b c + w_e a c + w_a a b) / (a b c), the numerator factored to four operations.
        let ab = a * b, abc = ab * c
        let fast = V.fma(ab, V(repeating: accuracyWeight), (delayWeight * b + energyWeight * a) * c) / abc
        let finite = abc .< .infinity // a, b, c >= 1 or NaN: finite means below +inf
        if finite.allSet { return fast }
        return V.select(finite, fast, delayWeight / a + energyWeight / b + accuracyWeight / c)
    }
}

/// MOS-style QoE of 004 (10)-(11): latency satisfaction `W(L)` plus cost saving `(B - C) / B`.
///
/// 004 leaves the "cost" abstract; here it is the device energy of the task and `B` an energy
/// budget per task (docs/MODEL.md).
public struct MOSQoE: Codable, Hashable, Sendable {
    /// `L_min`, s: at or below it satisfaction is 1.
    public var minLatencyS: Double
    /// `L_max`, s: above it satisfaction is the baseline `W_b`.
    public var maxLatencyS: Double
    /// `W_b`, satisfaction for unsatisfactory latency.
    public var baselineScore: Double
    /// `lambda^w`; the cost weight `lambda^s` is `1 - lambda^w`.
    public var satisfactionWeight: Double
    /// `B`, J.
    public var costBudgetJ: Double

    public init(minLatencyS: Double = 1, maxLatencyS: Double = 20, baselineScore: Double = 0,
                satisfactionWeight: Double = 0.7, costBudgetJ: Double = 2) {
        self.minLatencyS = minLatencyS
        self.maxLatencyS = maxLatencyS
        self.baselineScore = baselineScore
        self.satisfactionWeight = satisfactionWeight
        self.costBudgetJ = costBudgetJ
    }

    /// `W(L)` of 004 (11).
    @inlinable
    public func satisfaction(latency: Double) -> Double { satisfaction(lanes: latency) }

    /// `W(L)` for a lane of users.
    @_transparent
    public func satisfaction<V: ModelLane>(lanes latency: V) -> V {
        // Scaled by the reciprocal: a vector division costs as much as ten multiplications, and the
        // evaluator runs this for every user (the result may differ from a division in the last bit).
        let linear = (maxLatencyS - latency) * (1 / (maxLatencyS - minLatencyS))
        return V.select(latency .<= minLatencyS, V(repeating: 1),
                        V.select(latency .<= maxLatencyS, linear, V(repeating: baselineScore)))
    }

    /// QoE of 004 (10).
    @inlinable
    public func score(latency: Double, energy: Double) -> Double { score(lanes: latency, energy: energy) }

    /// `score` for a lane of users (the one implementation).
    @inlinable @inline(__always)
    public func score<V: ModelLane>(lanes latency: V, energy: V) -> V {
        satisfactionWeight * satisfaction(lanes: latency)
            + (1 - satisfactionWeight) * (costBudgetJ - energy) * (1 / costBudgetJ)
    }
}
