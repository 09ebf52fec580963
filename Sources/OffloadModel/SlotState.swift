/// Everything that varies per slot: which users have a task, the tasks, and the channels.
///
/// Per-user fields are stored structure-of-arrays. Links are an array of `LinkState` records,
/// row-major `[user * serverCount + server]`: evaluating a user's chosen link touches one cache line.
public struct SlotState: Codable, Hashable, Sendable {
    public var userCount: Int
    public var serverCount: Int
    /// Whether user `u` has a task this slot (Poisson arrivals, thinned to one task per slot).
    public var active: [Bool]
    /// Task payload `I_u[t]`, bits.
    public var payloadBits: [Double]
    /// Index into `Scenario.taskClasses`.
    public var taskClass: [Int32]
    /// Channel, coverage and range of every (user, server) link; use `link(u, l)` for the index.
    public var links: [LinkState]
    /// Compute available at each server this slot after background load, Hz (C7 capacity).
    public var availableComputeHz: [Double]

    public init(userCount: Int, serverCount: Int) {
        self.userCount = userCount
        self.serverCount = serverCount
        active = Array(repeating: false, count: userCount)
        payloadBits = Array(repeating: 0, count: userCount)
        taskClass = Array(repeating: 0, count: userCount)
        links = Array(repeating: LinkState(), count: userCount * serverCount)
        availableComputeHz = Array(repeating: 0, count: serverCount)
    }

    /// Flat index of link (u, l).
    @inlinable public func link(_ u: Int, _ l: Int) -> Int { u * serverCount + l }
    /// Whether server `l` is visible to user `u` in this slot.
    @inlinable public func isVisible(_ u: Int, _ l: Int) -> Bool { links[u * serverCount + l].coverageS > 0 }
    /// Linear channel power gain of link (u, l).
    @inlinable public func gain(_ u: Int, _ l: Int) -> Double { links[u * serverCount + l].gain }
    /// Remaining coverage of link (u, l), s (`<= 0`: not visible).
    @inlinable public func coverage(_ u: Int, _ l: Int) -> Double { links[u * serverCount + l].coverageS }
    /// Distance of link (u, l), m.
    @inlinable public func range(_ u: Int, _ l: Int) -> Double { links[u * serverCount + l].rangeM }
    /// Number of users with a task this slot.
    public var activeCount: Int { active.reduce(0) { $0 + ($1 ? 1 : 0) } }
}

/// One user-server link in one slot.
public struct LinkState: Codable, Hashable, Sendable {
    /// Linear channel power gain `h_{u,l}` including antenna gains, path loss and fading.
    public var gain: Double
    /// Remaining coverage time `t_l^cov` of the server seen from the user, s; `<= 0` means not visible (C9).
    public var coverageS: Double
    /// Slant range / distance user-server, m (propagation 000 (23)).
    public var rangeM: Double

    public init(gain: Double = 0, coverageS: Double = 0, rangeM: Double = 0) {
        self.gain = gain
        self.coverageS = coverageS
        self.rangeM = rangeM
    }
}
