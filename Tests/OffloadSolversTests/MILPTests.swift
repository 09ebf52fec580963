import Foundation
import Testing
import GLPK
@testable import OffloadModel
@testable import OffloadScenarios
@testable import OffloadSolvers

/// Small hand-built scenarios for the MILP tests: `users` devices, `servers` servers, one slot.
enum MILPFixtures {
    static func tiny(users: Int = 3, servers: Int = 2, objective: Objective = Objective(), seed: UInt64 = 1,
                     deadline: Double = 5, localAllowed: Bool = true) -> Scenario {
        var rng = SeededGenerator(seed: seed)
        let cls = TaskClass(name: "t", deviceCyclesPerBit: 300, serverCyclesPerBit: 50, encoderCyclesPerBit: 10,
                            decoderCyclesPerBit: 20, encoderExponent: 1.2, decoderExponent: 1.5,
                            maxAccuracy: 0.9, accuracyExponent: 0.3)
        let devices = (0..<users).map { _ in
            DeviceProfile(maxFrequencyHz: 1e9, maxPowerW: 0.1, capacitance: 1e-27, sensingRateBps: 1e7, sensingPowerW: 0.1,
                          dtDeviation: 0.05, energyBudgetJ: 10, deadlineS: deadline, minAccuracy: 0.5, minSemanticRatio: 0.25)
        }
        let serverList = (0..<servers).map {
            ServerProfile(name: "s\($0)", computeHz: 4e9, bandwidthHz: 2e6, dtDeviation: 0.1)
        }
        var slot = SlotState(userCount: users, serverCount: servers)
        for u in 0..<users {
            slot.active[u] = true
            slot.payloadBits[u] = 1e6 * rng.uniform(1, 4)
            for l in 0..<servers {
                slot.links[slot.link(u, l)] = LinkState(gain: pow(10, -rng.uniform(98, 104) / 10),
                                                        coverageS: 100, rangeM: 6e5)
            }
        }
        for l in 0..<servers { slot.availableComputeHz[l] = 4e9 * rng.uniform(0.5, 1) }
        let params = ModelParameters(slotSeconds: 1, noiseDensityWPerHz: 1e-20, localExecutionAllowed: localAllowed,
                                     objective: objective,
                                     logisticQoE: LogisticQoE(delaySlopePerS: 2, energySlopePerJ: 5, accuracySlope: 2),
                                     mosQoE: MOSQoE(minLatencyS: 0.3, maxLatencyS: 3, baselineScore: 0, satisfactionWeight: 0.7, costBudgetJ: 1))
        return Scenario(name: "tiny-milp", parameters: params, taskClasses: [cls], devices: devices, servers: serverList, slots: [slot])
    }

    static let coarse: MILPOptions = {
        var o = MILPOptions()
        o.bandwidthUnits = 2
        o.computeUnits = 2
        o.semanticLevels = 2
        o.powerLevels = 2
        o.frequencyLevels = 2
        o.relativeGap = 0
        o.certifiedBound = true
        o.relaxedCellBudget = 1500 // still finer than the coarse grid; keeps the debug-build tests short
        return o
    }()

    static let objectives: [Objective] = [
        Objective(kind: .delay, aggregation: .sum),
        Objective(kind: .delay, aggregation: .max),
        Objective(kind: .delayEnergy, aggregation: .sum, energyWeight: 0.4, delayScaleS: 1, energyScaleJ: 0.1),
        Objective(kind: .delayEnergy, aggregation: .max, energyWeight: 0.4, delayScaleS: 1, energyScaleJ: 0.1),
        Objective(kind: .qoe),
        Objective(kind: .utility, utilityDelayWeight: 1, utilityEnergyWeight: 2, utilityQoEWeight: 1),
    ]

    static func evaluate(_ sc: Scenario, _ d: SlotDecision, slot t: Int = 0) -> SlotEvaluation {
        var energy = sc.devices.map(\.energyBudgetJ)
        var r = SlotEvaluation()
        Evaluator(scenario: sc).evaluate(slot: t, decision: d, remainingEnergy: &energy, into: &r)
        return r
    }
}

struct MILPTests {
    /// Brute force over every grid decision of every user (same grid definition), scored by the Evaluator.
    func bruteForce(_ sc: Scenario, options: MILPOptions) -> Double {
        let grid = MILPGrid(options: options, objective: sc.parameters.objective)
        let s = sc.slots[0]
        struct Choice { var server: Int; var kb: Int; var kc: Int; var mu: Double; var p: Double; var f: Double }
        var perUser: [[Choice]] = []
        for u in 0..<s.userCount {
            let dev = sc.devices[u]
            var list: [Choice] = []
            if sc.parameters.localExecutionAllowed {
                for f in grid.frequencies(dev) { list.append(Choice(server: -1, kb: 0, kc: 0, mu: 1, p: 0, f: f)) }
            }
            for l in 0..<s.serverCount where s.isVisible(u, l) {
                for kb in 1...options.bandwidthUnits {
                    for kc in 1...options.computeUnits {
                        for mu in grid.semanticRatios(dev) {
                            for p in grid.powers(dev) {
                                for f in grid.frequencies(dev) { list.append(Choice(server: l, kb: kb, kc: kc, mu: mu, p: p, f: f)) }
                            }
                        }
                    }
                }
            }
            perUser.append(list)
        }
        var best = Double.infinity
        var index = [Int](repeating: 0, count: s.userCount)
        let evaluator = Evaluator(scenario: sc)
        var buffer = SlotEvaluation()
        var d = SlotDecision(userCount: s.userCount)
        outer: while true {
            var bw = [Int](repeating: 0, count: s.serverCount), cp = bw
            var ok = true
            for u in 0..<s.userCount {
                let c = perUser[u][index[u]]
                if c.server >= 0 {
                    bw[c.server] += c.kb; cp[c.server] += c.kc
                    if bw[c.server] > options.bandwidthUnits || cp[c.server] > options.computeUnits { ok = false; break }
                }
            }
            if ok {
                for u in 0..<s.userCount {
                    let c = perUser[u][index[u]]
                    if c.server < 0 { d.setLocal(u, frequencyHz: c.f) } else {
                        d.setOffload(u, server: c.server, semanticRatio: c.mu, powerW: c.p, localFrequencyHz: c.f,
                                     bandwidthHz: grid.bandwidth(units: c.kb, server: sc.servers[c.server]),
                                     computeHz: grid.compute(units: c.kc, available: s.availableComputeHz[c.server]))
                    }
                }
                var energy = sc.devices.map(\.energyBudgetJ)
                evaluator.evaluate(slot: 0, decision: d, remainingEnergy: &energy, into: &buffer)
                if buffer.violations.isEmpty { best = min(best, buffer.objective) }
            }
            var u = 0
            while u < s.userCount {
                index[u] += 1
                if index[u] < perUser[u].count { continue outer }
                index[u] = 0
                u += 1
            }
            break
        }
        return best
    }

    @Test(arguments: Array(0..<MILPFixtures.objectives.count))
    func optimumEqualsBruteForceAndEvaluator(objectiveIndex: Int) throws {
        let objective = MILPFixtures.objectives[objectiveIndex]
        for seed in [UInt64(1), 2] {
            let sc = MILPFixtures.tiny(objective: objective, seed: seed)
            let r = try SlotMILP(scenario: sc, options: MILPFixtures.coarse).solve(slot: 0, remainingEnergy: sc.devices.map(\.energyBudgetJ))
            #expect(r.status == .optimal)
            let eval = MILPFixtures.evaluate(sc, r.decision)
            #expect(eval.violations.isEmpty, "\(eval.violations)")
            #expect(abs(r.objective - eval.objective) <= 1e-9 * max(1, abs(eval.objective)))
            if objectiveIndex == 0 { #expect(eval.offloadingUsers > 0) }
            let brute = bruteForce(sc, options: MILPFixtures.coarse)
            #expect(abs(r.objective - brute) <= 1e-9 * max(1, abs(brute)), "milp \(r.objective) brute \(brute) objective \(objective.kind) \(objective.aggregation)")
            #expect(r.gridLowerBound <= r.objective + 1e-9 * max(1, abs(r.objective)))
            if RelaxedBound.isCertified(objective) {
                let lb = try #require(r.certifiedLowerBound)
                #expect(lb <= r.objective + 1e-9 * abs(r.objective))
            } else {
                #expect(r.certifiedLowerBound == nil)
            }
        }
    }

    /// Objective == evaluator on generated LEO slots (8 x 8 units, default levels), every objective kind.
    @Test(arguments: Array(0..<MILPFixtures.objectives.count))
    func objectiveMatchesEvaluatorOnLEO(objectiveIndex: Int) throws {
        var instance = Presets.leo(users: 10, satellites: 3, slots: 2, seed: 7)
        instance.objective = MILPFixtures.objectives[objectiveIndex]
        let sc = try instance.scenario()
        var options = MILPOptions()
        options.certifiedBound = false
        options.bandwidthUnits = 8 // equality does not depend on the resolution; keeps the debug-build test short
        options.computeUnits = 8
        options.timeLimit = 2
        let milp = SlotMILP(scenario: sc, options: options)
        for t in 0..<sc.slots.count {
            let r = try milp.solve(slot: t, remainingEnergy: sc.devices.map(\.energyBudgetJ))
            let eval = MILPFixtures.evaluate(sc, r.decision, slot: t)
            #expect(abs(r.objective - eval.objective) <= 1e-9 * max(1, abs(eval.objective)))
            if r.status != .infeasible { #expect(eval.violations.isEmpty, "\(eval.violations)") }
        }
    }

    /// The certified bound is below every feasible continuous decision we can sample and below the MILP.
    @Test(arguments: [0, 1, 2])
    func certifiedBoundBelowSampledDecisions(objectiveIndex: Int) throws {
        let objective = MILPFixtures.objectives[objectiveIndex]
        for seed in [UInt64(3), 4] {
            let sc = MILPFixtures.tiny(users: 4, servers: 2, objective: objective, seed: seed)
            var options = MILPFixtures.coarse
            options.bandwidthUnits = 4; options.computeUnits = 4
            let r = try SlotMILP(scenario: sc, options: options).solve(slot: 0, remainingEnergy: sc.devices.map(\.energyBudgetJ))
            let lb = try #require(r.certifiedLowerBound)
            let fixed = try RelaxedBound(scenario: sc, options: options).bound(slot: 0).lowerBound
            #expect(lb <= r.objective * (1 + 1e-12))
            #expect(fixed <= r.objective * (1 + 1e-12))
            // A much finer grid gives feasible decisions closer to the continuous optimum; the bound stays below.
            var fine = options
            fine.bandwidthUnits = 16; fine.computeUnits = 16; fine.semanticLevels = 30; fine.powerLevels = 6
            fine.certifiedBound = false; fine.relativeGap = 1e-9
            let fr = try SlotMILP(scenario: sc, options: fine).solve(slot: 0, remainingEnergy: sc.devices.map(\.energyBudgetJ))
            #expect(lb <= fr.objective * (1 + 1e-12), "bound \(lb) above fine-grid optimum \(fr.objective)")
            var rng = SeededGenerator(seed: seed)
            let s = sc.slots[0]
            var tested = 0
            for _ in 0..<3000 {
                var d = SlotDecision(userCount: s.userCount)
                var weightB = [[Double]](repeating: [], count: s.serverCount)
                var members = [[Int]](repeating: [], count: s.serverCount)
                for u in 0..<s.userCount {
                    let dev = sc.devices[u]
                    let choice = rng.index(below: s.serverCount + 1) - 1
                    if choice < 0 { d.setLocal(u, frequencyHz: dev.maxFrequencyHz * rng.uniform(0.3, 1)); continue }
                    let mu = rng.uniform() < 0.2 ? 1 : rng.uniform(dev.minSemanticRatio, 1)
                    d.setOffload(u, server: choice, semanticRatio: mu, powerW: dev.maxPowerW * rng.uniform(0.05, 1),
                                 localFrequencyHz: dev.maxFrequencyHz * rng.uniform(0.2, 1))
                    members[choice].append(u)
                    weightB[choice].append(rng.uniform(0.05, 1))
                }
                for l in 0..<s.serverCount where !members[l].isEmpty {
                    let wb = weightB[l], sb = wb.reduce(0, +)
                    let wc = members[l].map { _ in rng.uniform(0.05, 1) }, scs = wc.reduce(0, +)
                    for (k, u) in members[l].enumerated() {
                        d.bandwidthHz[u] = sc.servers[l].bandwidthHz * wb[k] / sb * (1 - 1e-12)
                        d.computeHz[u] = s.availableComputeHz[l] * wc[k] / scs * (1 - 1e-12)
                    }
                }
                let e = MILPFixtures.evaluate(sc, d)
                guard e.violations.isEmpty else { continue }
                tested += 1
                #expect(lb <= e.objective * (1 + 1e-12), "bound \(lb) above sampled \(e.objective)")
                #expect(fixed <= e.objective * (1 + 1e-12))
            }
            #expect(tested > 100)
        }
    }

    @Test func infeasibleSlotGivesStatusNotCrash() throws {
        // A deadline nobody can meet: every user is infeasible.
        let sc = MILPFixtures.tiny(objective: Objective(), seed: 5, deadline: 1e-4)
        let r = try SlotMILP(scenario: sc, options: MILPFixtures.coarse).solve(slot: 0, remainingEnergy: sc.devices.map(\.energyBudgetJ))
        #expect(r.status == .infeasible)
        #expect(r.infeasibleUsers == [0, 1, 2])
        #expect(r.certifiedLowerBound == .infinity)
        var solver = MILPSolver(options: MILPFixtures.coarse)
        let run = try EpisodeRunner.run(&solver, scenario: sc)
        #expect(run.decisions.count == 1)
        #expect(!run.report.violations.isEmpty)
        // No local execution and more users than units: capacities cannot serve everyone.
        let crowded = MILPFixtures.tiny(users: 6, servers: 1, objective: Objective(), seed: 6, localAllowed: false)
        let r2 = try SlotMILP(scenario: crowded, options: MILPFixtures.coarse).solve(slot: 0, remainingEnergy: crowded.devices.map(\.energyBudgetJ))
        #expect(r2.status == .infeasible)
    }

    @Test func solverRunsAnEpisodeWithoutViolations() throws {
        let sc = try Presets.leo(users: 20, satellites: 3, slots: 3, seed: 2).scenario()
        var options = MILPOptions()
        options.timeLimit = 5
        var solver = MILPSolver(options: options)
        let run = try EpisodeRunner.run(&solver, scenario: sc)
        #expect(run.report.violations.isEmpty)
        #expect(solver.log.slots.count == 3)
        let lb = try #require(solver.log.certifiedLowerBound)
        #expect(lb <= run.report.objective)
        let local = try { var l = LocalSolver(); return try EpisodeRunner.run(&l, scenario: sc) }()
        #expect(run.report.objective <= local.report.objective)
    }

    @Test func assignmentSolverMatchesGLPKOnRandomModels() throws {
        var rng = SeededGenerator(seed: 9)
        for _ in 0..<5 {
            var m = AssignmentModel()
            m.capacities = [5, 4, 6, 3]
            for _ in 0..<12 {
                m.addOption(cost: 10 + rng.uniform(0, 5))
                for _ in 0..<8 {
                    let l = Int32(2 * rng.index(below: 2))
                    m.addOption(cost: rng.uniform(0, 10), maxCost: 0, l, Double(1 + rng.index(below: 3)), l + 1, Double(1 + rng.index(below: 3)))
                }
                m.endGroup()
            }
            let r = try AssignmentSolver(relativeGap: 0, timeLimit: 10).solve(m)
            let glpk = try m.linearProblem().solveMIP()
            #expect(r.status == .optimal)
            #expect(abs(r.upperBound - glpk.objective!) < 1e-7)
            #expect(r.lowerBound <= r.upperBound + 1e-9)
            #expect(m.isFeasible(r.choice))
        }
    }
}

/// Exported models are read by `glpsol` (glpk-utils) with the same optimum.
struct MILPExportTests {
    func glpsolOptimum(_ path: String, flag: String) throws -> Double? {
        let glpsol = "/usr/bin/glpsol"
        guard FileManager.default.isExecutableFile(atPath: glpsol) else { return nil }
        let out = path + ".sol"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: glpsol)
        p.arguments = [flag, path, "-o", out]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        let text = try String(contentsOfFile: out, encoding: .utf8)
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("Objective:") }),
              let eq = line.firstIndex(of: "=") else { return nil }
        let rest = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
        return Double(rest.split(separator: " ").first ?? "")
    }

    @Test(arguments: [0, 1, 2])
    func glpsolReadsExportedModels(objectiveIndex: Int) throws {
        let sc = MILPFixtures.tiny(users: 3, servers: 2, objective: MILPFixtures.objectives[objectiveIndex], seed: 8)
        let options = MILPFixtures.coarse
        let r = try SlotMILP(scenario: sc, options: options).solve(slot: 0, remainingEnergy: sc.devices.map(\.energyBudgetJ))
        let model = OptionEnumerator(scenario: sc, options: options).enumerate(slot: 0, remainingEnergy: sc.devices.map(\.energyBudgetJ)).model
        let lp = model.linearProblem(name: "slot0", named: true)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("milp-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let mps = dir.appendingPathComponent("slot0.mps").path, lpFile = dir.appendingPathComponent("slot0.lp").path
        let relation = try lp.write(to: mps, format: .freeMPSExact)
        try lp.write(to: lpFile, format: .cplexLP)
        #expect(relation.constant == 0 && relation.sign == 1)
        guard let fromMPS = try glpsolOptimum(mps, flag: "--freemps"), let fromLP = try glpsolOptimum(lpFile, flag: "--lp") else {
            return // glpsol not installed
        }
        #expect(abs(fromMPS - r.objective) <= 1e-8 * max(1, abs(r.objective)), "glpsol \(fromMPS) vs \(r.objective)")
        #expect(abs(fromLP - r.objective) <= 1e-8 * max(1, abs(r.objective)))
        // The relaxed model exports too, and its optimum is a lower bound.
        if objectiveIndex != 1 || true {
            var energy: [Double] = [], infeasible: [Int] = []
            let relaxed = RelaxedBound(scenario: sc, options: options).model(slot: 0, energyLB: &energy, infeasibleUsers: &infeasible)
            let path = dir.appendingPathComponent("relaxed.mps").path
            try relaxed.linearProblem(named: true).write(to: path, format: .freeMPSExact)
            let v = try #require(try glpsolOptimum(path, flag: "--freemps"))
            #expect(v <= r.objective * (1 + 1e-9))
        }
    }
}
