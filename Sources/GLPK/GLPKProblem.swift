import CGLPK
import Foundation

/// Owner of one `glp_prob`. Internal on purpose: it must not outlive the synchronous call
/// that created it, because GLPK's environment (and so the problem's memory) belongs to
/// the creating OS thread.
final class GLPKProblem {
    let pointer: OpaquePointer
    private let owner = pthread_self()

    init() {
        pointer = glp_create_prob()
    }

    deinit {
        // GLPK aborts when a problem is freed by another thread's environment.
        assert(pthread_equal(owner, pthread_self()) != 0, "glp_prob freed on a different thread")
        glp_delete_prob(pointer)
    }

    var rowCount: Int { Int(glp_get_num_rows(pointer)) }
    var columnCount: Int { Int(glp_get_num_cols(pointer)) }

    /// Loads a validated model. `forFile` adds names (a solve skips them to save time and
    /// memory on large models) and drops the objective constant, which the CPLEX LP writer
    /// would lose anyway; `normalize` also turns maximisation into minimisation of -f.
    convenience init(_ model: ValidatedModel, forFile: Bool = false, normalize: Bool = false) {
        self.init()
        let problem = model.problem
        let flip = normalize && problem.sense == .maximize
        let names = forFile
        if names {
            glp_set_obj_name(pointer, "obj")
            if let name = problem.name { glp_set_prob_name(pointer, name) }
        }
        glp_set_obj_dir(pointer, (problem.sense == .maximize && !flip) ? GLP_MAX : GLP_MIN)
        if !forFile { glp_set_obj_coef(pointer, 0, problem.objectiveConstant) }
        let m = problem.rows.count, n = problem.columns.count
        if m > 0 { glp_add_rows(pointer, Int32(m)) }
        glp_add_cols(pointer, Int32(n))
        for (i, row) in problem.rows.enumerated() {
            let index = Int32(i + 1)
            let (type, lower, upper) = Self.boundType(row.bounds)
            glp_set_row_bnds(pointer, index, type, lower, upper)
            if names { glp_set_row_name(pointer, index, row.name ?? "r\(i + 1)") }
        }
        for (j, column) in problem.columns.enumerated() {
            let index = Int32(j + 1)
            let (type, lower, upper) = Self.boundType(column.bounds)
            glp_set_col_bnds(pointer, index, type, lower, upper)
            if column.kind != .continuous { glp_set_col_kind(pointer, index, GLP_IV) }
            glp_set_obj_coef(pointer, index, flip ? -column.objective : column.objective)
            if names { glp_set_col_name(pointer, index, column.name ?? "c\(j + 1)") }
        }
        let count = model.entryCount
        if count > 0 {
            model.ia.withUnsafeBufferPointer { ia in
                model.ja.withUnsafeBufferPointer { ja in
                    model.ar.withUnsafeBufferPointer { ar in
                        glp_load_matrix(pointer, Int32(count), ia.baseAddress, ja.baseAddress, ar.baseAddress)
                    }
                }
            }
        }
    }

    static func boundType(_ bounds: Bounds) -> (Int32, Double, Double) {
        let hasLower = bounds.lower.isFinite, hasUpper = bounds.upper.isFinite
        switch (hasLower, hasUpper) {
        case (false, false): return (GLP_FR, 0, 0)
        case (true, false): return (GLP_LO, bounds.lower, 0)
        case (false, true): return (GLP_UP, 0, bounds.upper)
        case (true, true):
            return (bounds.lower == bounds.upper ? GLP_FX : GLP_DB, bounds.lower, bounds.upper)
        }
    }

    /// Reads everything back into a value; used for files read from disk.
    func toLinearProblem() -> LinearProblem {
        var problem = LinearProblem(sense: glp_get_obj_dir(pointer) == GLP_MAX ? .maximize : .minimize,
                                    name: glp_get_prob_name(pointer).map { String(cString: $0) })
        problem.objectiveConstant = glp_get_obj_coef(pointer, 0)
        let m = rowCount, n = columnCount
        for i in 1...max(m, 1) where i <= m {
            let index = Int32(i)
            let bounds = Self.bounds(type: glp_get_row_type(pointer, index),
                                     lower: glp_get_row_lb(pointer, index), upper: glp_get_row_ub(pointer, index))
            problem.addRow(name: glp_get_row_name(pointer, index).map { String(cString: $0) }, bounds: bounds)
        }
        var indices = [Int32](repeating: 0, count: m + 1)
        var values = [Double](repeating: 0, count: m + 1)
        for j in 1...max(n, 1) where j <= n {
            let index = Int32(j)
            let bounds = Self.bounds(type: glp_get_col_type(pointer, index),
                                     lower: glp_get_col_lb(pointer, index), upper: glp_get_col_ub(pointer, index))
            var kind = VariableKind.continuous
            if glp_get_col_kind(pointer, index) != GLP_CV { // GLP_BV for integers within [0, 1]
                kind = (bounds.lower >= 0 && bounds.upper <= 1) ? .binary : .integer
            }
            let column = problem.addColumn(name: glp_get_col_name(pointer, index).map { String(cString: $0) },
                                           kind: kind, bounds: bounds, objective: glp_get_obj_coef(pointer, index))
            let length = Int(glp_get_mat_col(pointer, index, &indices, &values))
            for k in stride(from: 1, through: length, by: 1) {
                problem.addEntry(row: Int(indices[k]) - 1, column: column, value: values[k])
            }
        }
        return problem
    }

    private static func bounds(type: Int32, lower: Double, upper: Double) -> Bounds {
        switch type {
        case GLP_FR: return .free
        case GLP_LO: return Bounds(lower: lower)
        case GLP_UP: return Bounds(upper: upper)
        default: return Bounds(lower: lower, upper: upper)
        }
    }
}
