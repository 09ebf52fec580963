/// Identifiers of the constraints the checker reports (000 (28) C1-C9 plus BW of 000 §2.3 and ACC of 003 (11k)).
public enum ConstraintID: String, Codable, Sendable, CaseIterable, Comparable {
    /// Horizon energy budget `sum_t E_u <= eps_u`.
    case C1
    /// Binary mode; also "local execution not allowed" on instances without a local option.
    case C2
    /// One existing server.
    case C3
    /// `0 <= p <= p_max` (for offloading users; `p = 0` also makes the uplink infinite).
    case C4
    /// `mu_min <= mu <= 1`.
    case C5
    /// `0 < f_u <= f_u^max` where the device CPU is used.
    case C6
    /// `sum_u f_l^u <= F_l` (available compute after background load); negative grants too.
    case C7
    /// `psi_u <= d_max`.
    case C8
    /// Server visible and `psi_u <= t_l^cov` (offloaded work finishes inside the coverage window).
    case C9
    /// Per-server bandwidth `sum_u b <= B_l`; negative grants too.
    case BW
    /// Accuracy `eps >= eps_min`.
    case ACC

    public static func < (a: ConstraintID, b: ConstraintID) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// One-line statement of the rule.
    public var rule: String {
        switch self {
        case .C1: return "horizon energy must stay within the device budget"
        case .C2: return "mode must be local or one server (local only where allowed)"
        case .C3: return "server index must name an existing server"
        case .C4: return "transmit power must be in [0, p_max]"
        case .C5: return "semantic ratio must be in [mu_min, 1]"
        case .C6: return "local CPU frequency must be in (0, f_max]"
        case .C7: return "granted compute must be >= 0 and sum to at most the server's available compute"
        case .C8: return "delay must not exceed the deadline d_max"
        case .C9: return "server must be visible and the task must finish inside its coverage window"
        case .BW: return "granted bandwidth must be >= 0 and sum to at most the server's bandwidth"
        case .ACC: return "semantic accuracy must be at least eps_min"
        }
    }
}

/// One violated constraint: which, where, and by how much.
public struct Violation: Codable, Hashable, Sendable, CustomStringConvertible {
    public var constraint: ConstraintID
    public var slot: Int
    /// The user concerned, if the constraint is per user.
    public var user: Int?
    /// The server concerned, if any.
    public var server: Int?
    /// The offending value (e.g. the delay) and the limit it broke.
    public var value: Double
    public var limit: Double
    /// How far past the limit, in the unit of the constraint (non-negative).
    public var amount: Double

    public init(constraint: ConstraintID, slot: Int, user: Int?, server: Int?, value: Double, limit: Double) {
        self.constraint = constraint
        self.slot = slot
        self.user = user
        self.server = server
        self.value = value
        self.limit = limit
        self.amount = abs(value - limit)
    }

    public var description: String {
        var s = "\(constraint.rawValue) slot \(slot)"
        if let user { s += " user \(user)" }
        if let server { s += " server \(server)" }
        return s + ": value \(value) vs limit \(limit) (\(constraint.rule))"
    }
}
