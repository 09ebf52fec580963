import Testing
import GLPK

/// The warm-started restricted master of column generation (`LinearProblem.withColumnLP`).
struct MILPColumnLPTests {
    /// min sum c x, one-of rows for two groups, one capacity row; columns added in rounds.
    @Test func warmStartedRoundsMatchAFreshSolve() throws {
        var master = LinearProblem(sense: .minimize)
        master.addColumn(kind: .continuous, bounds: .nonNegative, objective: 100) // big-M, group 0
        master.addColumn(kind: .continuous, bounds: .nonNegative, objective: 100) // big-M, group 1
        master.addRow(bounds: .exactly(1)); master.addRow(bounds: .exactly(1)); master.addRow(bounds: .atMost(3))
        master.addEntry(row: 0, column: 0, value: 1); master.addEntry(row: 1, column: 1, value: 1)
        let later: [(Double, Int, Double)] = [(1, 0, 2), (3, 0, 0), (1, 1, 2), (2, 1, 1)] // (cost, group, use)
        var fresh = master
        let objectives = try master.withColumnLP { lp -> [Double] in
            var seen: [Double] = []
            for (c, g, a) in later {
                try lp.addColumn(objective: c, entries: [(row: g, value: 1), (row: 2, value: a)])
                let sol = lp.solve()
                #expect(sol.status == .optimal)
                seen.append(sol.objective ?? .nan)
                #expect(sol.values.count == lp.columnCount && sol.rowDuals.count == 3)
            }
            // Invalid columns are refused before GLPK sees them.
            #expect(throws: ModelError.self) { try lp.addColumn(objective: 1, entries: [(row: 3, value: 1)]) }
            #expect(throws: ModelError.self) { try lp.addColumn(objective: 1, entries: [(row: 0, value: 1), (row: 0, value: 2)]) }
            #expect(throws: ModelError.self) { try lp.addColumn(objective: .nan, entries: []) }
            #expect(throws: ModelError.self) { try lp.addColumn(objective: 1, entries: [(row: 1, value: .infinity)]) }
            return seen
        }
        for (j, (c, g, a)) in later.enumerated() {
            let col = fresh.addColumn(kind: .continuous, bounds: .nonNegative, objective: c)
            fresh.addEntry(row: g, column: col, value: 1); fresh.addEntry(row: 2, column: col, value: a)
            let sol = try fresh.solveLPWithDuals()
            #expect(abs((sol.objective ?? .nan) - objectives[j]) <= 1e-9)
        }
        #expect(abs(objectives.last! - 3) <= 1e-9) // e.g. group 0 cost 1 (use 2) + group 1 cost 2 (use 1)
    }
}
