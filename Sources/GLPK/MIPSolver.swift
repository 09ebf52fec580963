import CGLPK

extension LinearProblem {
    /// Solves the mixed-integer problem with GLPK's branch and cut.
    ///
    /// Building, solving, reading back and freeing all happen inside this call on the
    /// calling thread, so different models may be solved on different threads at once.
    /// The call has no suspension points, so it is also safe inside Swift concurrency,
    /// but it blocks its thread for the whole solve: run long solves on a dedicated thread.
    /// With `options.initialSolution` or a `heuristic`, presolve is switched off and the LP
    /// relaxation is solved first (GLPK needs its optimal basis then).
    /// Throws `ModelError` for invalid models, options or an infeasible initial solution;
    /// solver outcomes (including infeasibility) are reported in `status`.
    public func solveMIP(options: MIPOptions = MIPOptions(), heuristic: NodeHeuristic? = nil) throws -> SolveResult {
        let start = monotonicSeconds()
        try options.validate()
        let model = try validated()
        var initial: [Double]?
        if let given = options.initialSolution {
            if let reason = model.violation(of: given, tolerance: options.feasibilityTolerance) {
                throw ModelError.infeasibleSolution(reason)
            }
            initial = model.snapped(given)
        }
        var result = GLPKEnvironment.withAccess {
            withTerminalOutput(options.verbosity, log: options.log) {
                Self.solveMIP(model, options: options, initial: initial, heuristic: heuristic, start: start)
            }
        }
        if let initial { result = Self.preferInitial(initial, over: result, model: model) }
        result.wallTime = monotonicSeconds() - start
        return result
    }

    private static func solveMIP(_ model: ValidatedModel, options: MIPOptions, initial: [Double]?,
                                 heuristic: NodeHeuristic?, start: Double) -> SolveResult {
        let problem = model.problem
        let usePresolve = options.presolve && initial == nil && heuristic == nil
        let deadline = options.timeLimit.map { start + $0 }
        let remaining = { deadline.map { max($0 - monotonicSeconds(), 0.001) } }
        let glp = GLPKProblem(model)
        var lpObjective: Double?
        if !usePresolve {
            switch runSimplex(glp, method: options.method, messageLevel: options.verbosity.messageLevel, timeLimit: milliseconds(remaining())) {
            case let .optimal(objective):
                lpObjective = objective
            case .infeasible:
                return SolveResult(status: .infeasible, stopReason: .completed)
            case .unbounded:
                return SolveResult(status: problem.hasIntegerColumns ? .infeasibleOrUnbounded : .unbounded, stopReason: .completed)
            case .timeLimit:
                return SolveResult(status: .noIncumbent, stopReason: .timeLimit)
            case let .failure(reason):
                return SolveResult(status: .error(reason), stopReason: .failure)
            }
        }
        let context = SearchContext(model: model, deadline: deadline, nodeLimit: options.nodeLimit,
                                    tolerance: options.feasibilityTolerance, initial: initial, heuristic: heuristic)
        if let lpObjective { context.tighten(bound: lpObjective) }
        var parm = glp_iocp()
        glp_init_iocp(&parm)
        parm.msg_lev = options.verbosity.messageLevel
        parm.presolve = usePresolve ? GLP_ON : GLP_OFF
        parm.tm_lim = milliseconds(remaining())
        parm.mip_gap = options.relativeGap
        parm.fp_heur = options.feasibilityPump ? GLP_ON : GLP_OFF
        if options.cuts {
            parm.gmi_cuts = options.gomoryCuts ? GLP_ON : GLP_OFF
            parm.mir_cuts = options.mirCuts ? GLP_ON : GLP_OFF
            parm.cov_cuts = options.coverCuts ? GLP_ON : GLP_OFF
            parm.clq_cuts = options.cliqueCuts ? GLP_ON : GLP_OFF
        }
        parm.cb_func = searchCallback
        parm.cb_info = Unmanaged.passUnretained(context).toOpaque()
        let code = withExtendedLifetime(context) { glp_intopt(glp.pointer, &parm) }
        var result = readBack(glp, code: code, context: context, model: model)
        result.lpRelaxationObjective = lpObjective ?? context.rootLPObjective
        result.presolveUsed = usePresolve
        return result
    }

    private static func readBack(_ glp: GLPKProblem, code: Int32, context: SearchContext,
                                 model: ValidatedModel) -> SolveResult {
        let mipStatus = glp_mip_status(glp.pointer)
        let hasSolution = mipStatus == GLP_OPT || mipStatus == GLP_FEAS
        var result: SolveResult
        switch code {
        case 0 where mipStatus == GLP_OPT:
            result = SolveResult(status: .optimal, stopReason: .completed)
        case 0 where mipStatus == GLP_FEAS:
            result = SolveResult(status: .feasible(gap: .infinity), stopReason: .completed)
        case 0 where mipStatus == GLP_NOFEAS, GLP_ENOPFS:
            result = SolveResult(status: .infeasible, stopReason: .completed)
        case GLP_ENODFS:
            result = SolveResult(status: .infeasibleOrUnbounded, stopReason: .completed)
        case GLP_ETMLIM, GLP_EMIPGAP, GLP_ESTOP:
            let reason: StopReason = code == GLP_ETMLIM ? .timeLimit : code == GLP_EMIPGAP ? .gapTolerance : (context.stopReason ?? .timeLimit)
            result = SolveResult(status: hasSolution ? .feasible(gap: .infinity) : .noIncumbent, stopReason: reason)
        default:
            let detail = code == 0 ? "glp_intopt finished with MIP status \(mipStatus)" : "glp_intopt: \(glpkReturnCodeName(code))"
            result = SolveResult(status: .error(detail), stopReason: .failure)
        }
        result.nodeCount = context.nodeCount
        result.heuristicSolutionsAccepted = context.accepted
        result.heuristicSolutionsRejected = context.rejected
        guard hasSolution, result.status != .infeasible else {
            result.bestBound = context.bestBound
            return result
        }
        let objective = glp_mip_obj_val(glp.pointer)
        result.objective = objective
        result.values = (0..<model.problem.columns.count).map { glp_mip_col_val(glp.pointer, Int32($0 + 1)) }
        if result.status == .optimal {
            result.bestBound = objective
        } else if let bound = context.bestBound {
            // A bound past the incumbent can only come from GLPK's pruning tolerances.
            result.bestBound = model.problem.sense == .minimize ? min(bound, objective) : max(bound, objective)
        }
        if case .feasible = result.status {
            result.status = .feasible(gap: result.bestBound.map { SolveResult.gap(objective: objective, bound: $0) } ?? .infinity)
        }
        return result
    }

    /// GLPK may stop before the first heuristic call (time limit during the root LP) or
    /// end with a worse incumbent; the caller's feasible solution is never lost.
    private static func preferInitial(_ initial: [Double], over result: SolveResult, model: ValidatedModel) -> SolveResult {
        let problem = model.problem
        let value = problem.objectiveValue(of: initial)
        if result.status == .optimal { return result }
        if let objective = result.objective {
            let better = problem.sense == .minimize ? value < objective : value > objective
            if !better { return result }
        }
        var updated = result
        updated.values = initial
        updated.objective = value
        updated.returnedInitialSolution = true
        if let bound = updated.bestBound {
            updated.bestBound = problem.sense == .minimize ? min(bound, value) : max(bound, value)
        }
        switch result.status {
        case .noIncumbent, .feasible:
            updated.status = .feasible(gap: updated.bestBound.map { SolveResult.gap(objective: value, bound: $0) } ?? .infinity)
        default:
            break
        }
        return updated
    }
}
