import Testing
@testable import GLPK

@Test(arguments: [true, false])
func knapsackMatchesBruteForce(presolve: Bool) throws {
    let knapsack = Knapsack.small
    let result = try knapsack.problem.solveMIP(options: MIPOptions(presolve: presolve))
    #expect(result.status == .optimal)
    #expect(result.objective == knapsack.bruteForceOptimum)
    #expect(result.bestBound == result.objective)
    #expect(result.relativeGap == 0)
    let values = try #require(result.values)
    #expect(try knapsack.problem.feasibilityViolation(of: values) == nil)
    #expect(values.allSatisfy { $0 == 0 || $0 == 1 })
    // The LP relaxation bounds a maximisation from above.
    #expect((result.lpRelaxationObjective ?? 0) >= knapsack.bruteForceOptimum - 1e-9)
}

@Test func randomKnapsacksMatchBruteForce() throws {
    var rng = SplitMix64(state: 11)
    for _ in 0..<5 {
        let n = 14
        let knapsack = Knapsack(values: (0..<n).map { _ in Double(rng.int(1...40)) },
                                weights: (0..<n).map { _ in Double(rng.int(1...30)) },
                                capacity: Double(rng.int(30...120)))
        var minimized = knapsack.problem
        minimized.sense = .minimize
        for j in minimized.columns.indices { minimized.columns[j].objective.negate() }
        let result = try minimized.solveMIP()
        #expect(result.status == .optimal)
        #expect(result.objective == -knapsack.bruteForceOptimum)
    }
}

@Test func infeasibleMIPReportsInfeasibleWithAndWithoutPresolve() throws {
    // 2x + 2y == 3 has no integer solution although its LP relaxation is feasible.
    var p = LinearProblem()
    let x = p.addColumn(kind: .integer, bounds: .range(0, 5), objective: 1)
    let y = p.addColumn(kind: .integer, bounds: .range(0, 5), objective: 1)
    p.addRow(bounds: .exactly(3), terms: [(x, 2), (y, 2)])
    for presolve in [true, false] {
        let result = try p.solveMIP(options: MIPOptions(presolve: presolve))
        #expect(result.status == .infeasible)
        #expect(result.values == nil)
        #expect(result.objective == nil)
    }
}

@Test func objectiveConstantAndMaximisationAreReported() throws {
    var p = Knapsack.small.problem
    p.objectiveConstant = -100
    let result = try p.solveMIP()
    #expect(result.objective == Knapsack.small.bruteForceOptimum - 100)
    #expect(result.bestBound == result.objective)
}

@Test func sameModelTwiceGivesSameAnswer() throws {
    let p = hardKnapsack(items: 30)
    let first = try p.solveMIP()
    let second = try p.solveMIP()
    #expect(first.status == .optimal)
    #expect(first.objective == second.objective)
    #expect(first.values == second.values)
    #expect(first.nodeCount == second.nodeCount)
}

@Test func timeLimitStopsAHardModelWithConsistentBound() throws {
    let p = marketSplit(rows: 4)
    for presolve in [true, false] {
        let result = try p.solveMIP(options: MIPOptions(presolve: presolve, timeLimit: 0.3))
        // The instance is not solvable in 0.3 s on this machine; never call it optimal
        // unless GLPK proved it, and keep bound and incumbent consistent.
        if result.status == .optimal {
            #expect(result.bestBound == result.objective)
            continue
        }
        #expect(result.stopReason == .timeLimit)
        switch result.status {
        case let .feasible(gap):
            let objective = try #require(result.objective)
            if let bound = result.bestBound {
                #expect(bound <= objective)
                #expect(abs(gap - SolveResult.gap(objective: objective, bound: bound)) < 1e-12)
            }
            #expect(try p.feasibilityViolation(of: try #require(result.values)) == nil)
        case .noIncumbent:
            #expect(result.values == nil)
            #expect(result.objective == nil)
        default:
            Issue.record("unexpected status \(result.status)")
        }
        #expect(result.bestBound.map { $0 >= 0 - 1e-9 } ?? true) // all slacks are >= 0
    }
}

@Test func gapToleranceIsRespected() throws {
    let p = hardKnapsack(items: 60)
    let result = try p.solveMIP(options: MIPOptions(relativeGap: 0.02))
    let objective = try #require(result.objective)
    let bound = try #require(result.bestBound)
    #expect(bound >= objective) // maximisation
    switch result.status {
    case .optimal:
        #expect(bound == objective)
    case let .feasible(gap):
        #expect(result.stopReason == .gapTolerance)
        #expect(gap <= 0.02)
    default:
        Issue.record("unexpected status \(result.status)")
    }
    let exact = try p.solveMIP(options: MIPOptions(timeLimit: 20))
    if exact.status == .optimal, let optimum = exact.objective {
        #expect(optimum <= bound + 1e-6)
        #expect(objective <= optimum + 1e-6)
    }
}

@Test func bestBoundIsOnTheRightSide() throws {
    var p = hardKnapsack(items: 60)
    for sense in [ObjectiveSense.maximize, .minimize] {
        if sense == .minimize {
            p.sense = .minimize
            for j in p.columns.indices { p.columns[j].objective.negate() }
        }
        let result = try p.solveMIP(options: MIPOptions(presolve: false, nodeLimit: 50))
        let objective = try #require(result.objective)
        let bound = try #require(result.bestBound)
        if sense == .minimize { #expect(bound <= objective) } else { #expect(bound >= objective) }
        let lp = try #require(result.lpRelaxationObjective)
        if sense == .minimize { #expect(lp <= bound + 1e-9) } else { #expect(lp >= bound - 1e-9) }
    }
}

@Test func initialSolutionIsInjected() throws {
    let p = hardKnapsack(items: 40)
    let greedy = greedyPacking(p)
    let greedyValue = p.objectiveValue(of: greedy)
    #expect(try p.feasibilityViolation(of: greedy) == nil)
    // Root node only: the injected solution is the incumbent unless the root found better.
    let result = try p.solveMIP(options: MIPOptions(nodeLimit: 1, initialSolution: greedy))
    #expect(result.presolveUsed == false)
    #expect(result.stopReason == .nodeLimit)
    #expect(result.heuristicSolutionsAccepted == 1)
    let objective = try #require(result.objective)
    #expect(objective >= greedyValue)
    #expect(try #require(result.bestBound) >= objective)
    let full = try p.solveMIP(options: MIPOptions(initialSolution: greedy))
    let reference = try p.solveMIP()
    #expect(full.status == .optimal)
    #expect(abs((full.objective ?? 0) - (reference.objective ?? 1)) < 1e-9)
}

@Test func smallKnapsackWithInitialSolutionStaysOptimal() throws {
    let knapsack = Knapsack.small
    let result = try knapsack.problem.solveMIP(options: MIPOptions(initialSolution: knapsack.greedySolution))
    #expect(result.status == .optimal)
    #expect(result.objective == knapsack.bruteForceOptimum)
}

@Test func initialSolutionSurvivesATinyTimeLimit() throws {
    let p = marketSplit(rows: 4)
    // All x = 0 with slacks absorbing the right-hand sides is feasible.
    var start = [Double](repeating: 0, count: p.columns.count)
    for (i, row) in p.rows.enumerated() {
        let plus = p.columns.firstIndex { $0.name == "sp\(i)" } ?? 0
        start[plus] = row.bounds.lower
    }
    let startValue = p.objectiveValue(of: start)
    let result = try p.solveMIP(options: MIPOptions(timeLimit: 0.05, initialSolution: start))
    let objective = try #require(result.objective)
    #expect(objective <= startValue)
    #expect(try p.feasibilityViolation(of: try #require(result.values)) == nil)
    if case .noIncumbent = result.status { Issue.record("initial solution lost") }
}

@Test func nodeHeuristicSolutionsAreCheckedAndUsed() throws {
    let p = hardKnapsack(items: 40)
    var calls = 0
    // Rounding down the LP solution keeps every <= row with non-negative weights feasible.
    let result = try p.solveMIP(options: MIPOptions(nodeLimit: 200)) { node in
        calls += 1
        #expect(node.lpValues.count == 40)
        return node.lpValues.map { ($0 + 1e-9).rounded(.down) }
    }
    #expect(calls >= 1)
    #expect(result.heuristicSolutionsAccepted >= 1)
    #expect(result.presolveUsed == false)
    #expect(try p.feasibilityViolation(of: try #require(result.values)) == nil)

    // All-ones violates the capacity rows: GLPK's own heur_sol would accept it, the
    // wrapper must not.
    let rejected = try p.solveMIP(options: MIPOptions(nodeLimit: 20)) { _ in [Double](repeating: 1, count: 40) }
    #expect(rejected.heuristicSolutionsAccepted == 0)
    #expect(rejected.heuristicSolutionsRejected >= 1)
    if let values = rejected.values { #expect(try p.feasibilityViolation(of: values) == nil) }
}

@Test func heuristicDoesNotChangeTheOptimum() throws {
    let p = hardKnapsack(items: 30)
    let plain = try p.solveMIP()
    let helped = try p.solveMIP { node in node.lpValues.map { ($0 + 1e-9).rounded(.down) } }
    #expect(plain.status == .optimal)
    #expect(helped.status == .optimal)
    #expect(abs((plain.objective ?? 0) - (helped.objective ?? 1)) < 1e-9)
}
