import Testing
@testable import GLPK

/// max 3x + 2y s.t. x + y <= 4, x + 3y <= 6, x <= 3: optimum at (3, 1) with value 11.
private func smallLP() -> LinearProblem {
    var p = LinearProblem(sense: .maximize)
    let x = p.addColumn(name: "x", objective: 3)
    let y = p.addColumn(name: "y", objective: 2)
    p.addRow(name: "a", bounds: .atMost(4), terms: [(x, 1), (y, 1)])
    p.addRow(name: "b", bounds: .atMost(6), terms: [(x, 1), (y, 3)])
    p.columns[x].bounds = .range(0, 3)
    return p
}

@Test func smallLPHasHandComputedOptimum() throws {
    var p = smallLP()
    p.objectiveConstant = 5
    let result = try p.solveLP()
    #expect(result.status == .optimal)
    #expect(abs((result.objective ?? 0) - 16) < 1e-9)
    #expect(abs((result.values?[0] ?? 0) - 3) < 1e-9)
    #expect(abs((result.values?[1] ?? 0) - 1) < 1e-9)
    #expect(result.bestBound == result.objective)
}

@Test func rangeAndEqualityRowsAreRespected() throws {
    // min x + y s.t. 2 <= x - y <= 5, x + y == 10, free columns: x = 6, y = 4 or up to x = 7.5.
    var p = LinearProblem(sense: .minimize)
    let x = p.addColumn(name: "x", bounds: .free, objective: 1)
    let y = p.addColumn(name: "y", bounds: .free, objective: 2)
    p.addRow(bounds: .range(2, 5), terms: [(x, 1), (y, -1)])
    p.addRow(bounds: .exactly(10), terms: [(x, 1), (y, 1)])
    let result = try p.solveLP()
    #expect(result.status == .optimal)
    // y as small as possible: x - y = 5 -> y = 2.5, x = 7.5, objective 12.5.
    #expect(abs((result.objective ?? 0) - 12.5) < 1e-9)
}

@Test func infeasibleLPReportsInfeasible() throws {
    var p = LinearProblem()
    let x = p.addColumn(objective: 1)
    p.addRow(bounds: .atLeast(5), terms: [(x, 1)])
    p.addRow(bounds: .atMost(3), terms: [(x, 1)])
    let result = try p.solveLP()
    #expect(result.status == .infeasible)
    #expect(result.values == nil)
    let mip = try p.solveMIP()
    #expect(mip.status == .infeasible)
}

@Test func unboundedLPReportsUnbounded() throws {
    var p = LinearProblem(sense: .maximize)
    let x = p.addColumn(objective: 1)
    let y = p.addColumn(objective: 1)
    p.addRow(bounds: .atMost(1), terms: [(x, 1), (y, -1)])
    #expect(try p.solveLP().status == .unbounded)
    #expect(try p.solveMIP(options: MIPOptions(presolve: false)).status == .unbounded)
    p.columns[x].kind = .integer
    let mip = try p.solveMIP(options: MIPOptions(presolve: false))
    #expect(mip.status == .infeasibleOrUnbounded)
    let presolved = try p.solveMIP(options: MIPOptions(presolve: true))
    #expect(presolved.status == .infeasibleOrUnbounded || presolved.status == .unbounded)
}

@Test func modelWithoutRowsSolves() throws {
    var p = LinearProblem(sense: .maximize)
    p.addColumn(kind: .integer, bounds: .range(-2, 7), objective: 2)
    p.addColumn(bounds: .range(0, 1.5), objective: -1)
    for presolve in [true, false] { // false: glp_adv_basis and glp_simplex with no rows
        let result = try p.solveMIP(options: MIPOptions(presolve: presolve))
        #expect(result.status == .optimal)
        #expect(result.objective == 14)
    }
    #expect(try p.solveLP().objective == 14)
}

@Test func pureLPThroughSolveMIPMatchesSolveLP() throws {
    let p = smallLP()
    for presolve in [true, false] {
        let mip = try p.solveMIP(options: MIPOptions(presolve: presolve))
        #expect(mip.status == .optimal)
        #expect(abs((mip.objective ?? 0) - 11) < 1e-9)
    }
}

private final class Lines: @unchecked Sendable {
    var text = ""
}

@Test func verbosityRoutesGLPKOutputToTheLog() throws {
    let lines = Lines()
    var options = MIPOptions()
    options.verbosity = .normal
    options.log = { lines.text += $0 } // solve is synchronous on this thread
    let result = try Knapsack.small.problem.solveMIP(options: options)
    #expect(result.status == .optimal)
    #expect(lines.text.contains("mip =")) // branch-and-cut progress lines
    let quiet = Lines()
    var silent = MIPOptions()
    silent.log = { quiet.text += $0 }
    _ = try Knapsack.small.problem.solveMIP(options: silent)
    #expect(quiet.text.isEmpty)
}
