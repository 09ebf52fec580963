/// Delay, energy and accuracy of one user's task in one slot, with every component.
public struct UserOutcome: Hashable, Sendable {
    /// Total synchronization delay `psi_u` (000 (25)), s.
    public var delay: Double = 0
    /// Total device energy `E_u^tot` (000 (27)), J.
    public var energy: Double = 0
    /// Semantic accuracy `eps` (003 (9)).
    public var accuracy: Double = 0
    /// Sensing delay `t_sens` (000 (2)), s.
    public var sensingDelay: Double = 0
    /// Semantic encoding delay with DT deviation (000 (13)), s.
    public var encodingDelay: Double = 0
    /// Uplink transmission delay (000 (15)), s.
    public var uplinkDelay: Double = 0
    /// Round-trip propagation delay (000 (23)), s.
    public var propagationDelay: Double = 0
    /// Decoding delay with DT deviation (000 (19)), s.
    public var decodingDelay: Double = 0
    /// Task computation delay with DT deviation: local (000 (7)-(8)) or remote (000 (22)), s.
    public var computeDelay: Double = 0
    /// Sensing energy (000 (3)), J.
    public var sensingEnergy: Double = 0
    /// Device CPU energy: local execution (000 (10)) or semantic encoding (000 (14)), J.
    public var computeEnergy: Double = 0
    /// Transmission energy (000 (16)), J.
    public var uplinkEnergy: Double = 0
    /// Uplink rate (000 (4), Shannon), bit/s; zero for local execution.
    public var rateBps: Double = 0

    public init() {}
}
