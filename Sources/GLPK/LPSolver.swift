import CGLPK
import Foundation

enum SimplexOutcome {
    case optimal(Double)
    case infeasible
    case unbounded
    case timeLimit
    case failure(String)
}

/// Monotonic seconds, for limits and wall time.
func monotonicSeconds() -> Double {
    Double(DispatchTime.now().uptimeNanoseconds) / 1e9
}

/// Names GLPK's return codes for error messages.
func glpkReturnCodeName(_ code: Int32) -> String {
    let names: [Int32: String] = [
        GLP_EBADB: "GLP_EBADB (invalid basis)", GLP_ESING: "GLP_ESING (singular basis)",
        GLP_ECOND: "GLP_ECOND (ill-conditioned basis)", GLP_EBOUND: "GLP_EBOUND (invalid bounds)",
        GLP_EFAIL: "GLP_EFAIL (solver failure)", GLP_EOBJLL: "GLP_EOBJLL", GLP_EOBJUL: "GLP_EOBJUL",
        GLP_EITLIM: "GLP_EITLIM (iteration limit)", GLP_ETMLIM: "GLP_ETMLIM (time limit)",
        GLP_ENOPFS: "GLP_ENOPFS (no primal feasible solution)", GLP_ENODFS: "GLP_ENODFS (no dual feasible solution)",
        GLP_EROOT: "GLP_EROOT (no optimal LP basis)", GLP_ESTOP: "GLP_ESTOP (stopped)",
        GLP_EMIPGAP: "GLP_EMIPGAP (gap reached)",
    ]
    return names[code] ?? "GLPK return code \(code)"
}

/// Solves the LP relaxation in place from an advanced initial basis (as glpsol does), so
/// that `glp_intopt` with presolve off finds the optimal basis it requires.
func runSimplex(_ glp: GLPKProblem, method: SimplexMethod, messageLevel: Int32, timeLimit: Int32) -> SimplexOutcome {
    var parm = glp_smcp()
    glp_init_smcp(&parm)
    parm.msg_lev = messageLevel
    parm.tm_lim = timeLimit
    parm.meth = method == .dual ? GLP_DUALP : GLP_PRIMAL
    parm.presolve = GLP_OFF // keeps the statuses (the LP presolver reports only return codes)
    glp_adv_basis(glp.pointer, 0)
    let code = glp_simplex(glp.pointer, &parm)
    switch code {
    case 0:
        switch glp_get_status(glp.pointer) {
        case GLP_OPT: return .optimal(glp_get_obj_val(glp.pointer))
        case GLP_NOFEAS: return .infeasible
        case GLP_UNBND: return .unbounded
        case let status: return .failure("glp_simplex finished with status \(status)")
        }
    case GLP_ETMLIM:
        return .timeLimit
    default:
        return .failure("glp_simplex: \(glpkReturnCodeName(code))")
    }
}

extension LinearProblem {
    /// Solves the LP relaxation (integrality ignored) with the primal simplex method.
    /// Throws `ModelError` for invalid models or options; solver outcomes are in `status`.
    public func solveLP(options: LPOptions = LPOptions()) throws -> SolveResult {
        let start = monotonicSeconds()
        try options.validate()
        let model = try validated()
        var result = GLPKEnvironment.withAccess {
            withTerminalOutput(options.verbosity, log: options.log) {
                Self.solveLP(model, options: options)
            }
        }
        result.wallTime = monotonicSeconds() - start
        return result
    }

    private static func solveLP(_ model: ValidatedModel, options: LPOptions) -> SolveResult {
        let glp = GLPKProblem(model)
        let outcome = runSimplex(glp, method: options.method, messageLevel: options.verbosity.messageLevel, timeLimit: milliseconds(options.timeLimit))
        var result: SolveResult
        switch outcome {
        case let .optimal(objective):
            result = SolveResult(status: .optimal, stopReason: .completed)
            result.objective = objective
            result.bestBound = objective
            result.lpRelaxationObjective = objective
        case .infeasible:
            return SolveResult(status: .infeasible, stopReason: .completed)
        case .unbounded:
            return SolveResult(status: .unbounded, stopReason: .completed)
        case .timeLimit:
            guard glp_get_prim_stat(glp.pointer) == GLP_FEAS else {
                return SolveResult(status: .noIncumbent, stopReason: .timeLimit)
            }
            result = SolveResult(status: .feasible(gap: .infinity), stopReason: .timeLimit)
            result.objective = glp_get_obj_val(glp.pointer)
        case let .failure(reason):
            return SolveResult(status: .error(reason), stopReason: .failure)
        }
        result.values = (0..<model.problem.columns.count).map { glp_get_col_prim(glp.pointer, Int32($0 + 1)) }
        return result
    }
}
