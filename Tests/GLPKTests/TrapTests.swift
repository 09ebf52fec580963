import CGLPK
import Foundation
import Testing
@testable import GLPK

// Experiments on GLPK itself (only calls that return, never ones that abort) that
// document why the wrapper does what it does. If a GLPK upgrade changes one of these,
// the corresponding guard may be revisited.

private func tinyMIP() -> GLPKProblem {
    var p = LinearProblem(sense: .maximize)
    let x = p.addColumn(kind: .integer, bounds: .range(0, 10), objective: 1)
    let y = p.addColumn(kind: .integer, bounds: .range(0, 10), objective: 1)
    p.addRow(bounds: .atMost(7.5), terms: [(x, 2), (y, 1)])
    p.addRow(bounds: .atMost(7.5), terms: [(x, 1), (y, 2)])
    // validated() cannot fail for this literal model.
    return GLPKProblem((try? p.validated())!)
}

@Test func glpkIntoptWithoutLPBasisReturnsEROOT() {
    let previous = glp_term_out(GLP_OFF)
    defer { glp_term_out(previous) }
    let glp = tinyMIP()
    var parm = glp_iocp()
    glp_init_iocp(&parm)
    parm.presolve = GLP_OFF
    #expect(glp_intopt(glp.pointer, &parm) == GLP_EROOT)
    // The wrapper solves the LP first, so the same model solves.
    parm.presolve = GLP_ON
    #expect(glp_intopt(glp.pointer, &parm) == 0)
    #expect(glp_mip_status(glp.pointer) == GLP_OPT)
}

private final class HeurProbe {
    var accepted: Int32 = -1
}

@Test func glpkHeurSolAcceptsAnInfeasiblePoint() {
    let previous = glp_term_out(GLP_OFF)
    defer { glp_term_out(previous) }
    let glp = tinyMIP()
    var smcp = glp_smcp()
    glp_init_smcp(&smcp)
    smcp.msg_lev = GLP_MSG_OFF
    #expect(glp_simplex(glp.pointer, &smcp) == 0)
    let probe = HeurProbe()
    var parm = glp_iocp()
    glp_init_iocp(&parm)
    parm.cb_info = Unmanaged.passUnretained(probe).toOpaque()
    parm.cb_func = { tree, info in
        guard let tree, let info, glp_ios_reason(tree) == GLP_IHEUR else { return }
        let probe = Unmanaged<HeurProbe>.fromOpaque(info).takeUnretainedValue()
        guard probe.accepted == -1 else { return }
        let infeasible: [Double] = [0, 10, 10] // 1-based; violates both rows
        probe.accepted = glp_ios_heur_sol(tree, infeasible)
        glp_ios_terminate(tree)
    }
    let code = withExtendedLifetime(probe) { glp_intopt(glp.pointer, &parm) }
    #expect(code == GLP_ESTOP)
    // GLPK took it (0 = accepted) and reports it as its incumbent: the wrapper must check rows first.
    #expect(probe.accepted == 0)
    #expect(glp_mip_status(glp.pointer) == GLP_FEAS)
    #expect(glp_mip_obj_val(glp.pointer) == 20)
}

@Test func glpkLPWriterDropsTheObjectiveConstant() throws {
    var p = Knapsack.small.problem
    p.objectiveConstant = 1000
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("glpk-trap-\(UUID().uuidString).lp").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    let previous = glp_term_out(GLP_OFF)
    defer { glp_term_out(previous) }
    let glp = GLPKProblem(try p.validated()) // keeps the constant in GLPK's c0
    #expect(glp_get_obj_coef(glp.pointer, 0) == 1000)
    #expect(glp_write_lp(glp.pointer, nil, path) == 0)
    let text = try String(contentsOfFile: path, encoding: .utf8)
    #expect(text.contains("constant term = 1000")) // only as a comment
    let read = try LinearProblem(contentsOf: path, format: .cplexLP)
    #expect(read.objectiveConstant == 0)
}

@Test func glpkFreeMPSLosesMaximisation() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("glpk-trap-\(UUID().uuidString).mps").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    let previous = glp_term_out(GLP_OFF)
    defer { glp_term_out(previous) }
    let glp = GLPKProblem(try Knapsack.small.problem.validated())
    #expect(glp_get_obj_dir(glp.pointer) == GLP_MAX)
    #expect(glp_write_mps(glp.pointer, GLP_MPS_FILE, nil, path) == 0)
    let read = try LinearProblem(contentsOf: path, format: .freeMPS)
    #expect(read.sense == .minimize)
}

@Test func glpkIsBuiltWithThreadLocalEnvironment() {
    #expect(GLPKEnvironment.isThreadLocal)
    #expect(GLPKEnvironment.version.hasPrefix("5."))
}
