import Testing
@testable import GLPK

private func base() -> LinearProblem {
    var p = LinearProblem()
    p.addColumn(name: "x", objective: 1)
    p.addColumn(name: "y", objective: 1)
    p.addRow(name: "r", bounds: .atLeast(1))
    p.addEntry(row: 0, column: 0, value: 1)
    return p
}

@Test func duplicateEntriesAreRejectedByDefault() throws {
    var p = base()
    p.addEntry(row: 0, column: 0, value: 2)
    #expect(throws: ModelError.duplicateEntry(row: "row 0 'r'", column: "column 0 'x'")) { try p.solveLP() }
    #expect(throws: ModelError.self) { try p.solveMIP() }
    #expect(throws: ModelError.self) { try p.write(to: "/tmp/never-written.mps", format: .freeMPS) }
}

@Test func duplicateEntriesAreSummedOnRequest() throws {
    var p = base()
    p.addEntry(row: 0, column: 0, value: 1) // x has coefficient 2 in total
    p.duplicateEntries = .sum
    let result = try p.solveLP()
    #expect(result.status == .optimal)
    #expect(abs((result.objective ?? 0) - 0.5) < 1e-12)
    // Entries that cancel are dropped, not passed to GLPK as zeros.
    p.addEntry(row: 0, column: 1, value: 3)
    p.addEntry(row: 0, column: 1, value: -3)
    #expect(try p.solveLP().status == .optimal)
}

@Test func badBoundsAreRejected() {
    var p = base()
    p.columns[1].bounds = .range(3, 2)
    #expect(throws: ModelError.invalidBounds(location: "column 1 'y'", lower: 3, upper: 2, reason: "lower bound exceeds upper bound")) {
        try p.solveLP()
    }
    var q = base()
    q.rows[0].bounds = Bounds(lower: .infinity)
    #expect(throws: ModelError.self) { try q.solveLP() }
    var r = base()
    r.columns[0].kind = .integer
    r.columns[0].bounds = .range(0, 2.5)
    #expect(throws: ModelError.self) { try r.solveMIP() }
    var s = base()
    s.columns[0].kind = .binary
    s.columns[0].bounds = .range(0, 2)
    #expect(throws: ModelError.self) { try s.solveMIP() }
}

@Test func nonFiniteNumbersAreRejected() {
    var p = base()
    p.addEntry(row: 0, column: 1, value: .nan)
    #expect(throws: ModelError.self) { try p.solveLP() }
    var q = base()
    q.columns[0].objective = .infinity
    #expect(throws: ModelError.invalidNumber(location: "objective coefficient of column 0 'x'", value: .infinity)) {
        try q.solveLP()
    }
    var r = base()
    r.objectiveConstant = .nan
    #expect(throws: ModelError.self) { try r.solveLP() }
    var s = base()
    s.rows[0].bounds = .atMost(.nan)
    #expect(throws: ModelError.self) { try s.solveLP() }
}

@Test func indicesOutOfRangeAreRejected() {
    var p = base()
    p.addEntry(row: 1, column: 0, value: 1)
    #expect(throws: ModelError.indexOutOfRange(location: "row of matrix entry 1", index: 1, count: 1)) { try p.solveLP() }
    var q = base()
    q.addEntry(row: 0, column: -1, value: 1)
    #expect(throws: ModelError.self) { try q.solveLP() }
}

@Test func badNamesAreRejected() {
    var p = base()
    p.columns[0].name = String(repeating: "a", count: 256)
    #expect(throws: ModelError.self) { try p.solveLP() }
    for bad in ["has space", "tab\there", "1starts", ".dot", "x$1", "free", "Infinity", "", "ünï"] {
        var q = base()
        q.columns[1].name = bad
        #expect(throws: ModelError.self, "\(bad)") { try q.solveLP() }
    }
    var r = base()
    r.columns[1].name = "x"
    #expect(throws: ModelError.duplicateName(kind: "column", name: "x", firstIndex: 0, secondIndex: 1)) { try r.solveLP() }
    var s = base()
    s.rows[0].name = "obj"
    #expect(throws: ModelError.self) { try s.solveLP() }
    var ok = base()
    ok.columns[1].name = String(repeating: "b", count: 255)
    ok.columns[0].name = "x(1,2)_a.b~c"
    #expect(throws: Never.self) { try ok.solveLP() }
}

@Test func emptyModelAndBadOptionsAreRejected() {
    #expect(throws: ModelError.emptyModel) { try LinearProblem().solveMIP() }
    let p = base()
    #expect(throws: ModelError.self) { try p.solveMIP(options: MIPOptions(timeLimit: -1)) }
    #expect(throws: ModelError.self) { try p.solveMIP(options: MIPOptions(timeLimit: .nan)) }
    #expect(throws: ModelError.self) { try p.solveMIP(options: MIPOptions(relativeGap: -0.1)) }
    #expect(throws: ModelError.self) { try p.solveMIP(options: MIPOptions(nodeLimit: 0)) }
    #expect(throws: ModelError.self) { try p.solveLP(options: LPOptions(timeLimit: 0)) }
}

@Test func infeasibleInitialSolutionIsRejected() {
    let p = base() // x >= 1 via the row
    #expect(throws: ModelError.self) { try p.solveMIP(options: MIPOptions(initialSolution: [0, 0])) }
    #expect(throws: ModelError.self) { try p.solveMIP(options: MIPOptions(initialSolution: [1])) }
    #expect(throws: ModelError.self) { try p.solveMIP(options: MIPOptions(initialSolution: [.nan, 1])) }
}

@Test func feasibilityCheckNamesTheViolation() throws {
    let p = Knapsack.small.problem
    let all = [Double](repeating: 1, count: 12)
    let message = try p.feasibilityViolation(of: all)
    #expect(message?.contains("capacity") == true)
    #expect(try p.feasibilityViolation(of: Knapsack.small.greedySolution) == nil)
    var half = Knapsack.small.greedySolution
    half[0] = 0.5
    #expect(try p.feasibilityViolation(of: half)?.contains("not integral") == true)
}
