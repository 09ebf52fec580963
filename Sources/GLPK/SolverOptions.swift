/// Simplex variant for LP solves (and the root LP of a MIP when presolve is off).
public enum SimplexMethod: Sendable, Equatable {
    /// GLPK's default (`GLP_PRIMAL`), as in glpsol.
    case primal
    /// Dual simplex, falling back to primal if it fails (`GLP_DUALP`).
    case dual
}

/// Options of `LinearProblem.solveLP`.
public struct LPOptions: Sendable {
    public var method: SimplexMethod = .primal
    /// Wall-clock limit in seconds (nil: none).
    public var timeLimit: Double?
    public var verbosity: Verbosity = .silent
    /// Where GLPK's output goes when not silent; stderr when nil.
    public var log: SolverLog?

    public init(method: SimplexMethod = .primal, timeLimit: Double? = nil, verbosity: Verbosity = .silent, log: SolverLog? = nil) {
        self.method = method
        self.timeLimit = timeLimit
        self.verbosity = verbosity
        self.log = log
    }
}

/// Options of `LinearProblem.solveMIP`.
public struct MIPOptions: Sendable {
    /// GLPK's MIP presolver. Forced off when an initial solution or a node heuristic is
    /// given, because `glp_ios_heur_sol` would index the presolved problem's columns.
    public var presolve: Bool = true
    /// Method for the LP relaxation solved before branch and cut when presolve is off.
    public var method: SimplexMethod = .primal
    /// Wall-clock limit in seconds for the whole call (LP + branch-and-cut); nil: none.
    public var timeLimit: Double?
    /// Stop when |incumbent - bound| / (|incumbent| + eps) <= relativeGap (0: prove optimality).
    public var relativeGap: Double = 0
    /// Stop at the next node selection once more than this many branch-and-bound nodes
    /// have been created (nil: none). 1 processes the root node only.
    public var nodeLimit: Int?
    /// A feasible solution to start from (one value per column). It is checked in Swift,
    /// must be feasible within `feasibilityTolerance`, and is injected at the first
    /// heuristic call of the search; it is also returned if GLPK finds nothing better.
    public var initialSolution: [Double]?
    /// Tolerance for checking caller solutions (bounds, rows, integrality), absolute plus
    /// relative to the bound's magnitude.
    public var feasibilityTolerance: Double = 1e-6
    /// GLPK's cut generators (Gomory, MIR, cover, clique). Off by default as in glpsol.
    public var cuts: Bool = false
    /// With `cuts` on: which of GLPK's cut families run (all by default).
    public var gomoryCuts: Bool = true
    public var mirCuts: Bool = true
    public var coverCuts: Bool = true
    public var cliqueCuts: Bool = true
    /// GLPK's feasibility pump heuristic.
    public var feasibilityPump: Bool = false
    public var verbosity: Verbosity = .silent
    /// Where GLPK's output goes when not silent; stderr when nil.
    public var log: SolverLog?

    public init(presolve: Bool = true, timeLimit: Double? = nil, relativeGap: Double = 0,
                nodeLimit: Int? = nil, initialSolution: [Double]? = nil) {
        self.presolve = presolve
        self.timeLimit = timeLimit
        self.relativeGap = relativeGap
        self.nodeLimit = nodeLimit
        self.initialSolution = initialSolution
    }

    func validate() throws {
        if let timeLimit, !(timeLimit.isFinite && timeLimit > 0) {
            throw ModelError.invalidOption(name: "timeLimit", reason: "must be a positive finite number of seconds, got \(timeLimit)")
        }
        if !(relativeGap.isFinite && relativeGap >= 0) {
            throw ModelError.invalidOption(name: "relativeGap", reason: "must be finite and >= 0, got \(relativeGap)")
        }
        if let nodeLimit, nodeLimit < 1 {
            throw ModelError.invalidOption(name: "nodeLimit", reason: "must be >= 1, got \(nodeLimit)")
        }
        if !(feasibilityTolerance.isFinite && feasibilityTolerance >= 0) {
            throw ModelError.invalidOption(name: "feasibilityTolerance", reason: "must be finite and >= 0")
        }
    }
}

extension LPOptions {
    func validate() throws {
        if let timeLimit, !(timeLimit.isFinite && timeLimit > 0) {
            throw ModelError.invalidOption(name: "timeLimit", reason: "must be a positive finite number of seconds, got \(timeLimit)")
        }
    }
}

/// GLPK's limits are `int` milliseconds; INT_MAX means none.
func milliseconds(_ seconds: Double?) -> Int32 {
    guard let seconds else { return Int32.max }
    let ms = (seconds * 1000).rounded(.up)
    if ms >= Double(Int32.max) { return Int32.max }
    return Int32(max(ms, 1))
}
