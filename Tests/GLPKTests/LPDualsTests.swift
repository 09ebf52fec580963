import Testing
@testable import GLPK

/// `solveLPWithDuals` (used by the MILP's column generation) returns primal values and row duals.
struct LPDualsTests {
    @Test func dualsOfASmallLP() throws {
        // min 2x + 3y  s.t.  x + y >= 4 (r0),  x <= 3 (r1),  x, y >= 0  ->  x = 3, y = 1, duals 3 and -1.
        var lp = LinearProblem(sense: .minimize)
        let x = lp.addColumn(objective: 2), y = lp.addColumn(objective: 3)
        lp.addRow(bounds: .atLeast(4), terms: [(x, 1), (y, 1)])
        lp.addRow(bounds: .atMost(3), terms: [(x, 1)])
        let s = try lp.solveLPWithDuals()
        #expect(s.status == .optimal)
        #expect(abs(s.objective! - 9) < 1e-9)
        #expect(abs(s.values[0] - 3) < 1e-9 && abs(s.values[1] - 1) < 1e-9)
        #expect(abs(s.rowDuals[0] - 3) < 1e-9)
        #expect(abs(s.rowDuals[1] + 1) < 1e-9)
    }

    @Test func infeasibleLPHasNoDuals() throws {
        var lp = LinearProblem(sense: .minimize)
        let x = lp.addColumn(bounds: .range(0, 1), objective: 1)
        lp.addRow(bounds: .atLeast(2), terms: [(x, 1)])
        let s = try lp.solveLPWithDuals()
        #expect(s.status == .infeasible)
        #expect(s.rowDuals.isEmpty)
    }
}
