/// Everything that varies per slot: which users have a task, the tasks, and the channels.
///
/// Stored structure-of-arrays; per-(user, server) arrays are row-major `[user * serverCount + server]`
/// so one user's links are contiguous for the evaluator and option enumeration.
public struct SlotState: Codable, Hashable, Sendable {
    public var userCount: Int
    public var serverCount: Int
    /// Whether user `u` has a task this slot (Poisson arrivals, thinned to one task per slot).
    public var active: [Bool]
    /// Task payload `I_u[t]`, bits.
    public var payloadBits: [Double]
    /// Index into `Scenario.taskClasses`.
    public var taskClass: [Int32]
    /// Linear channel power gain `h_{u,l}` including antenna gains, path loss and fading.
    public var gain: [Double]
    /// Remaining coverage time `t_l^cov` of server `l` seen from user `u`, s; `<= 0` means not visible (C9).
    public var coverageS: [Double]
    /// Slant range / distance user-server, m (propagation 000 (23)).
    public var rangeM: [Double]
    /// Compute available at each server this slot after background load, Hz (C7 capacity).
    public var availableComputeHz: [Double]

    public init(userCount: Int, serverCount: Int) {
        self.userCount = userCount
        self.serverCount = serverCount
        active = Array(repeating: false, count: userCount)
        payloadBits = Array(repeating: 0, count: userCount)
        taskClass = Array(repeating: 0, count: userCount)
        gain = Array(repeating: 0, count: userCount * serverCount)
        coverageS = Array(repeating: 0, count: userCount * serverCount)
        rangeM = Array(repeating: 0, count: userCount * serverCount)
        availableComputeHz = Array(repeating: 0, count: serverCount)
    }

    /// Flat index of link (u, l).
    @inlinable public func link(_ u: Int, _ l: Int) -> Int { u * serverCount + l }
    /// Whether server `l` is visible to user `u` in this slot.
    @inlinable public func isVisible(_ u: Int, _ l: Int) -> Bool { coverageS[u * serverCount + l] > 0 }
    /// Number of users with a task this slot.
    public var activeCount: Int { active.reduce(0) { $0 + ($1 ? 1 : 0) } }
}
