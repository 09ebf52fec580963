import Testing
@testable import GLPK

/// One option per user (assignment rows) under per-server capacity rows: the shape of the
/// per-slot offloading MILP. Option 0 of every user is "local": no capacity, high cost.
private struct Assignment {
    let users: Int
    let options: Int
    let servers: Int
    let problem: LinearProblem
    let serverOf: [Int] // per column, -1 for local
    let load: [Double]  // per column

    init(users: Int = 30, options: Int = 20, servers: Int = 4, seed: UInt64 = 17) {
        var rng = SplitMix64(state: seed)
        var p = LinearProblem(sense: .minimize, name: "assign")
        var serverOf: [Int] = [], load: [Double] = []
        for s in 0..<servers { p.addRow(name: "cap\(s)", bounds: .atMost(Double(users * 3 / servers))) }
        for u in 0..<users {
            let row = p.addRow(name: "one\(u)", bounds: .exactly(1))
            for o in 0..<options {
                let local = o == 0
                let j = p.addColumn(name: "x\(u)_\(o)", kind: .binary,
                                    objective: local ? 100 : Double(rng.int(10...90)) + Double(rng.int(0...99)) / 100)
                p.addEntry(row: row, column: j, value: 1)
                let s = local ? -1 : rng.int(0...(servers - 1))
                let w = local ? 0 : Double(rng.int(1...8))
                if s >= 0 { p.addEntry(row: s, column: j, value: w) }
                serverOf.append(s)
                load.append(w)
            }
        }
        self.users = users
        self.options = options
        self.servers = servers
        self.problem = p
        self.serverOf = serverOf
        self.load = load
    }

    /// Round: each user takes its largest LP option if capacity allows, else local.
    func roundAndRepair(_ lp: [Double]) -> [Double] {
        var x = [Double](repeating: 0, count: lp.count)
        var used = [Double](repeating: 0, count: servers)
        let capacity = problem.rows[0..<servers].map(\.bounds.upper)
        for u in 0..<users {
            let first = u * options
            let ranked = (first..<(first + options)).sorted { lp[$0] > lp[$1] }
            var chosen = first // local always fits
            for j in ranked.prefix(3) {
                let s = serverOf[j]
                if s < 0 || used[s] + load[j] <= capacity[s] { chosen = j; break }
            }
            if serverOf[chosen] >= 0 { used[serverOf[chosen]] += load[chosen] }
            x[chosen] = 1
        }
        return x
    }
}

@Test func roundingHeuristicGivesIncumbentAtTheRoot() throws {
    let model = Assignment()
    var seen: [NodeInfo] = []
    let result = try model.problem.solveMIP(options: MIPOptions(nodeLimit: 1)) { node in
        seen.append(node)
        return model.roundAndRepair(node.lpValues)
    }
    // This seed's root LP is fractional, so the search stops after the root.
    #expect(result.stopReason == .nodeLimit)
    #expect(seen.first?.depth == 0)
    #expect(seen.first?.incumbentObjective == nil)
    #expect(result.heuristicSolutionsAccepted >= 1)
    let objective = try #require(result.objective)
    let bound = try #require(result.bestBound)
    #expect(bound <= objective)
    #expect(try model.problem.feasibilityViolation(of: try #require(result.values)) == nil)
    // The LP bound is tight for this structure: the rounded incumbent is close to it.
    #expect(SolveResult.gap(objective: objective, bound: bound) < 0.2)

    let full = try model.problem.solveMIP { node in model.roundAndRepair(node.lpValues) }
    let plain = try model.problem.solveMIP()
    #expect(full.status == .optimal)
    #expect(plain.status == .optimal)
    #expect(abs((full.objective ?? 0) - (plain.objective ?? 1)) < 1e-9)
}

@Test func heuristicSeesTheInjectedIncumbent() throws {
    let model = Assignment(seed: 23)
    let allLocal = model.roundAndRepair([Double](repeating: 0, count: model.problem.columns.count).enumerated().map {
        $0.offset % model.options == 0 ? 1 : 0
    })
    var incumbents: [Double?] = []
    _ = try model.problem.solveMIP(options: MIPOptions(nodeLimit: 3, initialSolution: allLocal)) { node in
        incumbents.append(node.incumbentObjective)
        return nil
    }
    if let first = incumbents.first {
        #expect(first == model.problem.objectiveValue(of: allLocal))
    }
}
