/// The evaluator's verdict on one slot: per-user outcomes, scores, violations and totals.
/// Buffers are reused across calls (`Evaluator.evaluate(slot:decision:into:)`), so the hot loop allocates nothing.
public struct SlotEvaluation: Sendable {
    public var slot: Int = 0
    /// Per-user outcomes (zero for inactive users): `outcomes[u]`.
    public var outcomes = UserOutcomes()
    /// Logistic QoE of 003 (10) per user (0 for inactive users).
    public var qoeLogistic: [Double] = []
    /// MOS QoE of 004 (10) per user (0 for inactive users).
    public var qoeMOS: [Double] = []
    /// Every violated constraint, in user order then server order.
    public var violations: [Violation] = []
    /// Users with a task this slot.
    public var activeUsers = 0
    /// Active users that offloaded (chose a server, including an invalid one).
    public var offloadingUsers = 0
    /// Active users with at least one per-user violation.
    public var violatingUsers = 0
    public var totalDelay = 0.0
    public var maxDelay = 0.0
    public var totalEnergy = 0.0
    public var totalAccuracy = 0.0
    public var totalQoELogistic = 0.0
    public var totalQoEMOS = 0.0
    /// Slot objective in the minimization convention: `sum_u sumCost_u + max_u maxCost_u`.
    public var objective = 0.0
    /// Per-server sums of granted bandwidth and compute (Hz), for C7/BW.
    public var serverBandwidth: [Double] = []
    public var serverCompute: [Double] = []
    /// The evaluator's structure-of-arrays scratch (`Evaluator.Column`), reused across calls.
    @usableFromInline var scratch: [Double] = []

    public init() {}

    mutating func reset(slot t: Int, userCount: Int, serverCount: Int) {
        if serverBandwidth.count != serverCount {
            serverBandwidth = Array(repeating: 0, count: serverCount)
            serverCompute = Array(repeating: 0, count: serverCount)
        } else {
            for l in 0..<serverCount { serverBandwidth[l] = 0; serverCompute[l] = 0 }
        }
        slot = t
        if outcomes.count != userCount {
            outcomes = UserOutcomes(count: userCount)
            qoeLogistic = Array(repeating: 0, count: userCount)
            qoeMOS = Array(repeating: 0, count: userCount)
        }
        violations.removeAll(keepingCapacity: true)
        activeUsers = 0; offloadingUsers = 0; violatingUsers = 0
        totalDelay = 0; maxDelay = 0; totalEnergy = 0; totalAccuracy = 0
        totalQoELogistic = 0; totalQoEMOS = 0; objective = 0
    }
}
