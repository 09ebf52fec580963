/// The rule non-MILP methods use to grant server resources: a server splits its bandwidth and
/// available compute among the active users that chose it, equally or in proportion to weights.
public enum ResourceSharing {
    /// Fills `bandwidthHz` and `computeHz` of every active offloading user in `decision`.
    /// - Parameter weights: optional positive per-user weights (e.g. output by a method); equal shares when nil.
    public static func share(slot s: SlotState, servers: [ServerProfile], decision d: inout SlotDecision,
                             weights: [Double]? = nil) {
        var total = [Double](repeating: 0, count: s.serverCount)
        for u in 0..<s.userCount where s.active[u] {
            let l = Int(d.server[u])
            guard l >= 0, l < s.serverCount else { continue }
            total[l] += weights?[u] ?? 1
        }
        for u in 0..<s.userCount {
            let l = Int(d.server[u])
            guard s.active[u], l >= 0, l < s.serverCount, total[l] > 0 else {
                d.bandwidthHz[u] = 0
                d.computeHz[u] = 0
                continue
            }
            let share = (weights?[u] ?? 1) / total[l]
            d.bandwidthHz[u] = servers[l].bandwidthHz * share
            d.computeHz[u] = s.availableComputeHz[l] * share
        }
    }
}
