/// Why the solver stopped, kept apart from whether a solution exists (as in JuMP's
/// termination status vs. primal status): read `values` for the solution.
public enum SolveStatus: Sendable, Equatable {
    /// Proven optimal within GLPK's tolerances; `bestBound == objective`.
    case optimal
    /// A feasible solution exists but optimality is not proven (a limit or the gap
    /// tolerance stopped the search). `gap` is relative, `.infinity` if no bound is known.
    case feasible(gap: Double)
    case infeasible
    /// A feasible point exists and the objective is unbounded (pure LPs).
    case unbounded
    /// The LP relaxation is unbounded or dual infeasible, so the MIP is unbounded if it has
    /// any feasible point; deciding which would need another solve.
    case infeasibleOrUnbounded
    /// A limit was reached before any feasible solution was found.
    case noIncumbent
    /// GLPK failed (numerical trouble); the string says where.
    case error(String)
}

/// The limit or event that ended the search.
public enum StopReason: Sendable, Equatable {
    case completed
    case timeLimit
    case gapTolerance
    case nodeLimit
    case failure
}

/// Outcome of one solve. Values are 0-based per column and include nothing of GLPK.
public struct SolveResult: Sendable {
    public var status: SolveStatus
    public var stopReason: StopReason
    /// Objective (with constant) of `values`; nil when there is no solution.
    public var objective: Double?
    /// Proven bound on the optimum (lower for minimisation, upper for maximisation);
    /// nil when none is known (e.g. stopped before the root LP was solved).
    public var bestBound: Double?
    /// Primal column values of the best solution; nil when there is none.
    public var values: [Double]?
    /// Objective of the LP relaxation: from `glp_simplex` when it ran (presolve off, or
    /// `solveLP`), else of the root node of the presolved problem as seen in the callback.
    public var lpRelaxationObjective: Double?
    /// Branch-and-bound nodes created (0 for LPs or when the presolver solved everything).
    public var nodeCount: Int = 0
    /// Wall-clock seconds of the whole call, model building included.
    public var wallTime: Double = 0
    /// Heuristic solutions (node heuristic and initial solution) GLPK accepted as incumbent.
    public var heuristicSolutionsAccepted: Int = 0
    /// Heuristic candidates rejected: infeasible in the Swift check, or not better.
    public var heuristicSolutionsRejected: Int = 0
    /// Whether the returned solution is the caller's initial solution (GLPK found nothing better).
    public var returnedInitialSolution: Bool = false
    /// Whether GLPK's presolver was used.
    public var presolveUsed: Bool = false

    /// Whether `values` holds a feasible solution (JuMP's primal status).
    public var hasSolution: Bool { values != nil }

    /// |objective - bound| / (|objective| + eps), GLPK's definition; 0 when optimal.
    public var relativeGap: Double? {
        if status == .optimal { return 0 }
        guard let objective, let bestBound else { return nil }
        return Self.gap(objective: objective, bound: bestBound)
    }

    static func gap(objective: Double, bound: Double) -> Double {
        abs(objective - bound) / (abs(objective) + Double.ulpOfOne)
    }

    init(status: SolveStatus, stopReason: StopReason) {
        self.status = status
        self.stopReason = stopReason
    }
}
