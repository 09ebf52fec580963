import Foundation
import OffloadModel

/// Helpers shared by the generators: class mix, payload range, Poisson arrivals.
struct TaskDraw {
    /// Cumulative class probabilities.
    let cumulative: [Double]
    let payloadMinBits: Double
    let payloadMaxBits: Double
    /// Probability that a Poisson process of the given rate has at least one arrival in a slot.
    let activeProbability: Double

    init(classMix: [Double], payloadMbit: [Double], arrivalRatePerS: Double, slotSeconds: Double) {
        let total = classMix.reduce(0, +)
        var acc = 0.0
        cumulative = classMix.map { acc += $0 / total; return acc }
        payloadMinBits = payloadMbit[0] * 1e6
        payloadMaxBits = payloadMbit[1] * 1e6
        activeProbability = 1 - exp(-arrivalRatePerS * slotSeconds)
    }

    /// Draws whether user `u` has a task and, if so, its class and size, into `s`.
    func draw(user u: Int, into s: inout SlotState, using rng: inout SeededGenerator) {
        // Draw all three numbers always, so the stream stays aligned whatever the outcome.
        let arrival = rng.uniform()
        let classDraw = rng.uniform()
        let size = rng.uniform(payloadMinBits, payloadMaxBits)
        s.active[u] = arrival < activeProbability
        s.taskClass[u] = Int32(cumulative.firstIndex { classDraw < $0 } ?? (cumulative.count - 1))
        s.payloadBits[u] = size
    }

    static func validate(classMix: [Double], classCount: Int, payloadMbit: [Double], arrivalRatePerS: Double,
                         path: String, into r: inout Rules) {
        r.require(classMix.count == classCount, path + ".classMix", "\(classMix.count) entries",
                  "must have one share per task class (\(classCount))")
        for (i, w) in classMix.enumerated() { r.nonNegative(w, path + ".classMix[\(i)]") }
        r.require(classMix.reduce(0, +) > 0, path + ".classMix", "\(classMix)", "shares must not all be zero")
        r.require(payloadMbit.count == 2, path + ".payloadMbit", "\(payloadMbit)", "must be [min, max]")
        if payloadMbit.count == 2 {
            r.positive(payloadMbit[0], path + ".payloadMbit[0]")
            r.require(payloadMbit[1] >= payloadMbit[0], path + ".payloadMbit[1]", "\(payloadMbit[1])",
                      "must be >= payloadMbit[0]")
        }
        r.positive(arrivalRatePerS, path + ".taskArrivalRatePerS")
    }
}
