/// One slot's decision for every user (000 (30) plus the resources a method grants).
///
/// Structure-of-arrays so that solvers and the evaluator touch contiguous memory.
/// Entries of inactive users are ignored.
public struct SlotDecision: Hashable, Sendable {
    /// `SlotDecision.local` for local execution, otherwise the server index `l` (C2/C3).
    public var server: [Int32]
    /// Semantic ratio `mu` (C5); `mu = 1` means raw transmission without the semantic codec.
    public var semanticRatio: [Double]
    /// Transmit power `p`, W (C4).
    public var powerW: [Double]
    /// Uplink bandwidth granted by the server, Hz.
    public var bandwidthHz: [Double]
    /// Server compute granted `f_l^u`, Hz (C7).
    public var computeHz: [Double]
    /// Local CPU frequency `f_u`, Hz (C6), used by local execution and by the semantic encoder.
    public var localFrequencyHz: [Double]

    /// Marker of local execution in `server`.
    public static let local: Int32 = -1

    /// All users local at zero frequency; callers fill in what they decide.
    public init(userCount: Int) {
        server = Array(repeating: SlotDecision.local, count: userCount)
        semanticRatio = Array(repeating: 1, count: userCount)
        powerW = Array(repeating: 0, count: userCount)
        bandwidthHz = Array(repeating: 0, count: userCount)
        computeHz = Array(repeating: 0, count: userCount)
        localFrequencyHz = Array(repeating: 0, count: userCount)
    }

    public var userCount: Int { server.count }

    /// Sets user `u` to local execution at frequency `f`.
    public mutating func setLocal(_ u: Int, frequencyHz f: Double) {
        server[u] = SlotDecision.local
        semanticRatio[u] = 1
        powerW[u] = 0
        bandwidthHz[u] = 0
        computeHz[u] = 0
        localFrequencyHz[u] = f
    }

    /// Sets user `u` to offload to server `l`; resources may be filled in later by a sharing rule.
    public mutating func setOffload(_ u: Int, server l: Int, semanticRatio mu: Double, powerW p: Double,
                                    localFrequencyHz f: Double, bandwidthHz b: Double = 0, computeHz c: Double = 0) {
        server[u] = Int32(l)
        semanticRatio[u] = mu
        powerW[u] = p
        localFrequencyHz[u] = f
        bandwidthHz[u] = b
        computeHz[u] = c
    }
}
