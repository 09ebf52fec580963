import Foundation
import Testing
import NeuralNet
import OffloadModel
import OffloadScenarios
import OffloadSolvers
@testable import OffloadRL

/// The offloading MDP (000 (29)-(31)), the policy solver and the policy's instance fingerprint.
@Suite("Offloading environment and PPO solver")
struct OffloadEnvironmentTests {
    static let tiny = Presets.leo(name: "tiny", users: 4, satellites: 2, slots: 3)
    static let small = Presets.leo(name: "small", users: 12, satellites: 3, slots: 5)

    /// A few updates on the tiny instance (deterministic).
    static func trained(_ instance: Instance = tiny, steps: Int = 96, seed: UInt64 = 1) throws -> OffloadTraining.Result {
        var c = OffloadTraining.config(horizon: 3, steps: steps)
        c.rolloutLength = 6
        c.epochs = 2
        c.minibatchSize = 8
        return try OffloadTraining.train(instance: instance, config: c, seed: seed)
    }

    /// Random actions for all agents (uniform options among the allowed, uniform continuous parts).
    static func randomActions(_ env: OffloadEnvironment, masks: [UInt8], rng: inout Xoshiro256StarStar) -> HybridActionBatch {
        var a = HybridActionBatch(agentCount: env.agentCount, spec: env.actionSpec)
        let nk = env.actionSpec.discreteCount
        for u in 0..<env.agentCount {
            let allowed = (0..<nk).filter { masks[u * nk + $0] == 1 }
            a.discrete[u] = allowed[Int(rng.next() % UInt64(allowed.count))]
            a.continuous[2 * u] = rng.nextUnitFloat()
            a.continuous[2 * u + 1] = rng.nextUnitFloat()
        }
        return a
    }

    @Test func observationShapeAndScaling() throws {
        var env = try OffloadEnvironment(instance: Self.small, seed: 3)
        #expect(env.agentCount == 12)
        #expect(env.observationSize == OffloadObservation.fixed + 3 + OffloadObservation.perServer * 3)
        #expect(env.observationSize == 35)
        #expect(env.actionSpec.discreteCount == 4)
        #expect(env.fingerprint.description == "users=12 servers=3 classes=3 observation=35")
        var obs = [Float](repeating: .nan, count: env.agentCount * env.observationSize)
        var masks = [UInt8](repeating: 9, count: env.agentCount * env.actionSpec.discreteCount)
        var outcome = StepOutcome(agentCount: env.agentCount, observationSize: env.observationSize)
        var rng = Xoshiro256StarStar(seed: 5)
        var activeSeen = 0
        for _ in 0..<15 { // three episodes
            env.observe(into: &obs, masks: &masks)
            #expect(obs.allSatisfy { $0.isFinite && abs($0) <= 5 }, "observations must be finite and O(1)")
            #expect(masks.allSatisfy { $0 <= 1 })
            let o = env.observationSize
            for u in 0..<env.agentCount {
                let row = Array(obs[(u * o)..<((u + 1) * o)])
                #expect(row[0] == 0 || row[0] == 1)
                if row[0] == 1 {
                    activeSeen += 1
                    #expect(row[2..<5].reduce(0, +) == 1, "class one-hot")
                    #expect(row[1] > 0 && row[1] <= 2.0, "payload in Mbit / 10")
                }
                #expect(row[OffloadObservation.fixed + 3 - 2] > 0 && row[OffloadObservation.fixed + 3 - 2] <= 1, "slots left")
            }
            env.step(Self.randomActions(env, masks: masks, rng: &rng), outcome: &outcome)
        }
        #expect(activeSeen > 0)
    }

    /// Invisible servers are masked for users with a task, inactive users have only the dummy option, and
    /// a sampling policy never picks a masked option.
    @Test func invisibleServersAreMaskedAndNeverChosen() throws {
        let wide = Presets.leo(name: "wide", users: 12, satellites: 9, slots: 20)
        var env = try OffloadEnvironment(instance: wide, seed: 11)
        let policy = try Self.trained(wide, steps: 60).policy
        let nk = env.actionSpec.discreteCount
        var obs = [Float](repeating: 0, count: env.agentCount * env.observationSize)
        var masks = [UInt8](repeating: 0, count: env.agentCount * nk)
        var outcome = StepOutcome(agentCount: env.agentCount, observationSize: env.observationSize)
        var rng = Xoshiro256StarStar(seed: 2)
        var invisibleSeen = 0, visibleSeen = 0
        for _ in 0..<40 {
            let s = env.scenario.slots[env.slot]
            env.observe(into: &obs, masks: &masks)
            for u in 0..<env.agentCount {
                if s.active[u] {
                    #expect(masks[u * nk] == 1, "local allowed on LEO instances")
                    for l in 0..<s.serverCount {
                        let reachable = s.isVisible(u, l) && OffloadObservation.offloadLowerBound(
                            scenario: env.scenario, slot: s, user: u, server: l) <= s.coverage(u, l)
                        #expect(masks[u * nk + 1 + l] == (reachable ? 1 : 0))
                        if s.isVisible(u, l) { visibleSeen += 1 } else { invisibleSeen += 1 }
                    }
                } else {
                    #expect(Array(masks[(u * nk)..<((u + 1) * nk)]) == [1] + [UInt8](repeating: 0, count: nk - 1))
                }
            }
            for deterministic in [true, false] {
                for _ in 0..<(deterministic ? 1 : 20) {
                    let a = try policy.act(observations: obs, masks: masks, deterministic: deterministic, rng: &rng)
                    for u in 0..<env.agentCount { #expect(masks[u * nk + a.discrete[u]] == 1) }
                }
            }
            let a = try policy.act(observations: obs, masks: masks, deterministic: false, rng: &rng)
            env.step(a, outcome: &outcome)
        }
        #expect(invisibleSeen > 0 && visibleSeen > 0, "the test must see visible and invisible servers")
    }

    /// Hand-set actions for slot 0: every user with a task and an allowed server offloads to the first one with
    /// `a = (0.5, power)`; returns the actions and the decision they stand for (before the shield).
    static func handSet(_ env: OffloadEnvironment, power: (Int) -> Float) -> (HybridActionBatch, SlotDecision, [Int]) {
        let sc = env.scenario, s = sc.slots[0]
        var actions = HybridActionBatch(agentCount: env.agentCount, spec: env.actionSpec)
        var d = SlotDecision(userCount: env.agentCount)
        var obs = [Float](repeating: 0, count: env.agentCount * env.observationSize)
        var masks = [UInt8](repeating: 0, count: env.agentCount * env.actionSpec.discreteCount)
        env.observe(into: &obs, masks: &masks)
        let nk = env.actionSpec.discreteCount
        var offloaded: [Int] = []
        for u in 0..<env.agentCount {
            let dev = sc.devices[u]
            d.setLocal(u, frequencyHz: dev.maxFrequencyHz)
            guard s.active[u], let l = (0..<s.serverCount).first(where: { masks[u * nk + 1 + $0] == 1 }) else { continue }
            let lo = OffloadObservation.minimumSemanticRatio(scenario: sc, user: u, taskClass: Int(s.taskClass[u]))
            let a1 = power(offloaded.count)
            actions.discrete[u] = 1 + l
            actions.continuous[2 * u] = 0.5
            actions.continuous[2 * u + 1] = a1
            d.setOffload(u, server: l, semanticRatio: lo + (1 - lo) * 0.5, powerW: dev.maxPowerW * Double(a1),
                         localFrequencyHz: dev.maxFrequencyHz)
            offloaded.append(u)
        }
        ResourceSharing.share(slot: s, servers: sc.servers, decision: &d)
        return (actions, d, offloaded)
    }

    /// Reward = -(delay + kappa 1{violation}) / scale from the evaluator, for a hand-set action.
    @Test func rewardComesFromTheEvaluator() throws {
        let reward = OffloadReward(violationPenaltyS: 7, scaleS: 4)
        var env = try OffloadEnvironment(instance: Self.small, reward: reward, seed: 4)
        let sc = env.scenario, s = sc.slots[0]
        let (actions, expected, offloaded) = Self.handSet(env) { _ in 0.5 }
        #expect(offloaded.count >= 2)
        for u in offloaded {
            let lo = OffloadObservation.minimumSemanticRatio(scenario: sc, user: u, taskClass: Int(s.taskClass[u]))
            #expect(lo >= sc.devices[u].minSemanticRatio && lo < 1)
        }
        var energy = sc.devices.map(\.energyBudgetJ)
        var e = SlotEvaluation()
        Evaluator(scenario: sc).evaluate(slot: 0, decision: expected, remainingEnergy: &energy, into: &e)
        try #require(e.violations.isEmpty, "a moderate action on this episode violates nothing (the shield leaves it alone)")

        var outcome = StepOutcome(agentCount: env.agentCount, observationSize: env.observationSize)
        env.step(actions, outcome: &outcome)
        #expect(env.previous == expected)
        #expect(env.remainingEnergy == energy)
        for u in 0..<env.agentCount {
            guard s.active[u] else { #expect(outcome.rewards[u] == 0); continue }
            let want = Float(-e.outcomes[u].delay / 4)
            #expect(abs(outcome.rewards[u] - want) <= 1e-6 * max(1, abs(want)), "user \(u)")
        }
        #expect(outcome.terminated.allSatisfy { !$0 } && outcome.truncated.allSatisfy { !$0 })

        // A violating decision: the first offloading user gets almost no power and misses its deadline (C8):
        // its reward carries kappa, the others' do not.
        let (_, starvedDecision, users) = Self.handSet(try OffloadEnvironment(instance: Self.small, seed: 4)) { $0 == 0 ? 1e-4 : 0.5 }
        var energy2 = sc.devices.map(\.energyBudgetJ)
        Evaluator(scenario: sc).evaluate(slot: 0, decision: starvedDecision, remainingEnergy: &energy2, into: &e)
        #expect(e.violations.contains { $0.user == users[0] && $0.constraint == .C8 })
        var violated: [Bool] = []
        var rewards = [Float](repeating: .nan, count: env.agentCount)
        OffloadEnvironment.rewards(scenario: sc, slot: 0, evaluation: e, reward: reward, violated: &violated, into: &rewards)
        var penalised = 0
        for u in 0..<env.agentCount {
            guard s.active[u] else { #expect(rewards[u] == 0); continue }
            let isViolating = e.violations.contains { $0.user == u }
            if isViolating { penalised += 1 }
            let delay = min(e.outcomes[u].delay, 2 * sc.devices[u].deadlineS)
            let want = Float(-(delay + (isViolating ? 7 : 0)) / 4)
            #expect(abs(rewards[u] - want) <= 1e-6 * max(1, abs(want)), "user \(u)")
        }
        #expect(penalised >= 1 && violated[users[0]])
    }

    /// The shield runs an offloading user locally when its delay would break the deadline or coverage.
    @Test func shieldSendsHopelessOffloadsLocal() throws {
        var env = try OffloadEnvironment(instance: Self.small, seed: 4)
        let sc = env.scenario
        let (actions, _, users) = Self.handSet(env) { $0 == 0 ? 1e-4 : 0.5 }
        var outcome = StepOutcome(agentCount: env.agentCount, observationSize: env.observationSize)
        env.step(actions, outcome: &outcome)
        let d = try #require(env.previous)
        #expect(d.server[users[0]] == SlotDecision.local)
        #expect(users.dropFirst().allSatisfy { d.server[$0] >= 0 })
        #expect(!env.lastEvaluation.violations.contains { $0.user == users[0] })
        var unshielded = SlotDecision(userCount: 0)
        OffloadObservation.decision(scenario: sc, slot: 0, actions: actions, into: &unshielded, shield: false)
        #expect(unshielded.server[users[0]] >= 0)
    }

    /// Episodes end together at the horizon (terminated) and the next one starts with another instance seed.
    @Test func episodesEndAtTheHorizon() throws {
        var env = try OffloadEnvironment(instance: Self.tiny, seed: 9)
        let firstSeed = env.episodeSeed
        var outcome = StepOutcome(agentCount: env.agentCount, observationSize: env.observationSize)
        var obs = [Float](repeating: 0, count: env.agentCount * env.observationSize)
        var masks = [UInt8](repeating: 0, count: env.agentCount * env.actionSpec.discreteCount)
        var rng = Xoshiro256StarStar(seed: 1)
        for t in 0..<3 {
            env.observe(into: &obs, masks: &masks)
            env.step(Self.randomActions(env, masks: masks, rng: &rng), outcome: &outcome)
            #expect(outcome.terminated.allSatisfy { $0 == (t == 2) })
        }
        #expect(env.slot == 0)
        #expect(env.episodeSeed != firstSeed)
        #expect(env.remainingEnergy == env.scenario.devices.map(\.energyBudgetJ))
    }

    @Test func sameSeedSameTrainedPolicy() throws {
        let a = try Self.trained(seed: 7).file, b = try Self.trained(seed: 7).file, c = try Self.trained(seed: 8).file
        #expect(a.parameters == b.parameters)
        #expect(a.observationStats == b.observationStats)
        #expect(a.parameters != c.parameters)
        #expect(a.metadata[InstanceFingerprint.metadataKey] == "users=4 servers=2 classes=3 observation=27")
    }

    @Test func policyOnAnotherShapeIsAClearError() throws {
        let result = try Self.trained()
        let policy = PPOPolicy(path: "p.json", file: result.file, fingerprint: result.fingerprint)
        let other = try Presets.leo(name: "other", users: 5, satellites: 2, slots: 3).scenario()
        #expect(throws: PPOPolicyError.shapeMismatch(path: "p.json", policy: result.fingerprint,
                                                     instance: InstanceFingerprint(scenario: other), instanceName: "other")) {
            try policy.check(scenario: other)
        }
        let message = PPOPolicyError.shapeMismatch(path: "p.json", policy: result.fingerprint,
                                                   instance: InstanceFingerprint(scenario: other), instanceName: "other").description
        #expect(message.contains("users=4 servers=2") && message.contains("users=5 servers=2"))
        var solver = try PPOSolver(policy: policy)
        #expect(throws: PPOPolicyError.self) {
            _ = try solver.decide(scenario: other, slot: 0, context: SolverContext(remainingEnergy: other.devices.map(\.energyBudgetJ)))
        }
        #expect(InstanceFingerprint("users=4 servers=2 classes=3 observation=27") == result.fingerprint)
        #expect(InstanceFingerprint("users=4 servers") == nil)
    }

    /// The solver's decisions are structurally valid: one visible server or local, p and mu in bounds, full CPU,
    /// shares within capacity (no C2/C3/C4/C5/C6/C7/BW).
    @Test func solverDecisionsPassTheStructuralChecks() throws {
        let result = try Self.trained(Self.small, steps: 120)
        let policy = PPOPolicy(path: "p.json", file: result.file, fingerprint: result.fingerprint)
        for seed: UInt64 in [21, 22, 23] {
            let sc = try Self.small.scenario(seed: seed)
            var solver = try PPOSolver(policy: policy)
            let run = try EpisodeRunner.run(&solver, scenario: sc)
            var energy = sc.devices.map(\.energyBudgetJ)
            var e = SlotEvaluation()
            let evaluator = Evaluator(scenario: sc)
            for (t, d) in run.decisions.enumerated() {
                evaluator.evaluate(slot: t, decision: d, remainingEnergy: &energy, into: &e)
                let structural: Set<ConstraintID> = [.C2, .C3, .C4, .C5, .C6, .C7, .BW]
                #expect(!e.violations.contains { structural.contains($0.constraint) }, "\(e.violations)")
                let s = sc.slots[t]
                for u in 0..<s.userCount where s.active[u] && d.server[u] >= 0 {
                    #expect(s.isVisible(u, Int(d.server[u])))
                    #expect(d.powerW[u] > 0)
                }
            }
        }
    }
}
