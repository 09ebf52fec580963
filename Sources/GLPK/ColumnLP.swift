import CGLPK

/// An LP kept alive inside GLPK across solves, for column generation: columns are added
/// (continuous, `>= 0`) between solves, and each solve starts from the previous optimal
/// basis (new columns enter non-basic at zero, so that basis stays valid) instead of
/// from scratch. Only usable inside `LinearProblem.withColumnLP`, which creates, solves
/// and frees the GLPK problem on the calling thread.
public final class ColumnLP {
    let glp: GLPKProblem
    public let rowCount: Int
    public private(set) var columnCount: Int
    private var solved = false
    private var indices: [Int32] = [0]
    private var values: [Double] = [0]
    private var seen: [Int]
    private var stamp = 0

    init(_ model: ValidatedModel) {
        glp = GLPKProblem(model)
        rowCount = model.problem.rows.count
        columnCount = model.problem.columns.count
        seen = [Int](repeating: -1, count: rowCount)
    }

    /// Adds a continuous column `>= 0` with the given objective and (row, value) entries
    /// (0-based rows). Validated first: finite numbers, rows in range, no row twice, so that
    /// GLPK never aborts. Zero values are skipped. Returns the new column's 0-based index.
    @discardableResult
    public func addColumn(objective: Double, entries: [(row: Int, value: Double)]) throws -> Int {
        guard objective.isFinite else {
            throw ModelError.invalidNumber(location: "objective of column \(columnCount + 1)", value: objective)
        }
        guard columnCount < Int(Int32.max) - 1 else { throw ModelError.tooLarge("\(columnCount + 1) columns") }
        stamp += 1
        indices.removeSubrange(1...)
        values.removeSubrange(1...)
        for (row, value) in entries where value != 0 {
            guard row >= 0 && row < rowCount else {
                throw ModelError.indexOutOfRange(location: "row of column \(columnCount + 1)", index: row, count: rowCount)
            }
            guard value.isFinite else {
                throw ModelError.invalidNumber(location: "entry (\(row + 1), \(columnCount + 1))", value: value)
            }
            guard seen[row] != stamp else { throw ModelError.duplicateEntry(row: "\(row + 1)", column: "\(columnCount + 1)") }
            seen[row] = stamp
            indices.append(Int32(row + 1))
            values.append(value)
        }
        let j = glp_add_cols(glp.pointer, 1)
        glp_set_col_bnds(glp.pointer, j, GLP_LO, 0, 0)
        glp_set_obj_coef(glp.pointer, j, objective)
        if indices.count > 1 {
            glp_set_mat_col(glp.pointer, j, Int32(indices.count - 1), indices, values)
        }
        columnCount += 1
        return columnCount - 1
    }

    /// Solves the LP (primal simplex; the first solve from an advanced basis, later ones from
    /// the last basis) and reads back primal values and row duals.
    public func solve(timeLimit: Double? = nil) -> LPSolutionWithDuals {
        let start = monotonicSeconds()
        var parm = glp_smcp()
        glp_init_smcp(&parm)
        parm.msg_lev = GLP_MSG_OFF
        parm.tm_lim = milliseconds(timeLimit)
        parm.meth = GLP_PRIMAL
        parm.presolve = GLP_OFF
        if !solved { glp_adv_basis(glp.pointer, 0) }
        var code = glp_simplex(glp.pointer, &parm)
        if code == GLP_EBADB || code == GLP_ESING || code == GLP_ECOND {
            // The kept basis is unusable (should not happen): start over from an advanced basis.
            glp_adv_basis(glp.pointer, 0)
            code = glp_simplex(glp.pointer, &parm)
        }
        solved = true
        var result: LPSolutionWithDuals
        switch code {
        case 0:
            switch glp_get_status(glp.pointer) {
            case GLP_OPT:
                let n = columnCount, m = rowCount
                var x = [Double](repeating: 0, count: n)
                var duals = [Double](repeating: 0, count: m)
                for j in 0..<n { x[j] = glp_get_col_prim(glp.pointer, Int32(j + 1)) }
                for i in 0..<m { duals[i] = glp_get_row_dual(glp.pointer, Int32(i + 1)) }
                result = LPSolutionWithDuals(status: .optimal, objective: glp_get_obj_val(glp.pointer), values: x, rowDuals: duals)
            case GLP_NOFEAS:
                result = LPSolutionWithDuals(status: .infeasible, objective: nil, values: [], rowDuals: [])
            case GLP_UNBND:
                result = LPSolutionWithDuals(status: .unbounded, objective: nil, values: [], rowDuals: [])
            case let status:
                result = LPSolutionWithDuals(status: .error("glp_simplex finished with status \(status)"), objective: nil, values: [], rowDuals: [])
            }
        case GLP_ETMLIM:
            result = LPSolutionWithDuals(status: .noIncumbent, objective: nil, values: [], rowDuals: [])
        default:
            result = LPSolutionWithDuals(status: .error("glp_simplex: \(glpkReturnCodeName(code))"), objective: nil, values: [], rowDuals: [])
        }
        result.wallTime = monotonicSeconds() - start
        return result
    }
}

extension LinearProblem {
    /// Loads this (validated) problem as a `ColumnLP` for column generation and runs `body`
    /// with it. Everything happens synchronously on the calling thread (GLPK's same-thread
    /// rule), with GLPK's terminal output off; the problem is freed when `body` returns.
    /// Integrality is ignored; columns added later are continuous and `>= 0`.
    public func withColumnLP<T>(_ body: (ColumnLP) throws -> T) throws -> T {
        let model = try validated()
        return try GLPKEnvironment.withAccess {
            try withTerminalOutput(.silent, log: nil) {
                let lp = ColumnLP(model)
                return try withExtendedLifetime(lp) { try body(lp) }
            }
        }
    }
}
