import CGLPK

/// An optimal LP solution with its dual values, for decomposition methods (column
/// generation prices new columns with the row duals).
public struct LPSolutionWithDuals: Sendable {
    /// `.optimal` or why not; duals are only meaningful when optimal.
    public var status: SolveStatus
    /// Objective (with constant) when optimal.
    public var objective: Double?
    /// Primal column values (0-based) when optimal.
    public var values: [Double]
    /// Row duals (0-based, GLPK's sign convention: d objective / d row activity; for a
    /// minimisation a binding `<=` row has a dual `<= 0`).
    public var rowDuals: [Double]
    public var wallTime: Double = 0
}

extension LinearProblem {
    /// Solves the LP relaxation and reads back primal values and row duals.
    /// Same validation and thread rules as `solveLP`.
    public func solveLPWithDuals(options: LPOptions = LPOptions()) throws -> LPSolutionWithDuals {
        let start = monotonicSeconds()
        try options.validate()
        let model = try validated()
        var result: LPSolutionWithDuals = GLPKEnvironment.withAccess {
            withTerminalOutput(options.verbosity, log: options.log) {
                let glp = GLPKProblem(model)
                let outcome = runSimplex(glp, method: options.method, messageLevel: options.verbosity.messageLevel,
                                         timeLimit: milliseconds(options.timeLimit))
                switch outcome {
                case let .optimal(objective):
                    let n = model.problem.columns.count, m = model.problem.rows.count
                    var values = [Double](repeating: 0, count: n)
                    var duals = [Double](repeating: 0, count: m)
                    for j in 0..<n { values[j] = glp_get_col_prim(glp.pointer, Int32(j + 1)) }
                    for i in 0..<m { duals[i] = glp_get_row_dual(glp.pointer, Int32(i + 1)) }
                    return LPSolutionWithDuals(status: .optimal, objective: objective, values: values, rowDuals: duals)
                case .infeasible:
                    return LPSolutionWithDuals(status: .infeasible, objective: nil, values: [], rowDuals: [])
                case .unbounded:
                    return LPSolutionWithDuals(status: .unbounded, objective: nil, values: [], rowDuals: [])
                case .timeLimit:
                    return LPSolutionWithDuals(status: .noIncumbent, objective: nil, values: [], rowDuals: [])
                case let .failure(reason):
                    return LPSolutionWithDuals(status: .error(reason), objective: nil, values: [], rowDuals: [])
                }
            }
        }
        result.wallTime = monotonicSeconds() - start
        return result
    }
}
