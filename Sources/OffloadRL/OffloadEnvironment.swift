import Foundation
import OffloadModel
import OffloadScenarios

/// Reward of the offloading MDP (000 (31)): `r_u = -(min(psi_u, cap) + kappa * 1{u violated a constraint}) / scale`
/// for a user with a task, 0 for a user without one. `psi_u` and the violations come from the shared `Evaluator`.
public struct OffloadReward: Codable, Hashable, Sendable {
    /// Penalty of a slot in which the user violated any per-user constraint, in seconds of delay (`kappa`).
    public var violationPenaltyS: Double = 10
    /// Rewards are divided by this many seconds so that they (and the critic's targets) are O(1).
    public var scaleS: Double = 10
    /// A delay above `delayCapFactor x deadline` (or an infinite one) counts as that much.
    public var delayCapFactor: Double = 2

    public init(violationPenaltyS: Double = 10, scaleS: Double = 10, delayCapFactor: Double = 2) {
        self.violationPenaltyS = violationPenaltyS
        self.scaleS = scaleS
        self.delayCapFactor = delayCapFactor
    }
}

/// The slot-by-slot offloading MDP over an instance (000 (29)-(31)) as an `RLEnvironment`.
///
/// - Agents: the instance's users (fixed count), one shared policy. A user without a task in a slot gets
///   the single dummy option 0 (local) as its only allowed action and reward 0; its action is ignored.
/// - Step: one slot for all users. Observations and masks: `OffloadObservation`. Actions map to a
///   `SlotDecision` with equal resource shares; the `Evaluator` scores it (carrying C1's energy).
/// - Episode: one scenario = the instance expanded with a fresh instance seed, `slots` slots long; all
///   agents' episodes end together at the horizon with `terminated` (the horizon is part of the problem:
///   the energy budget C1 covers exactly these slots and the observation carries the slots left).
/// - Episode seeds: a stream derived from `reset(seed:)` with its own tag ("TRAIN"), disjoint in practice
///   from the instance seeds of `EpisodePlan` (another stream), which `offload compare`/`evaluate` use.
/// - Units: a step is one slot; every user in it is one transition (`agentCount` transitions per step).
public struct OffloadEnvironment: RLEnvironment {
    public let instance: Instance
    public let agentCount: Int
    public let observationSize: Int
    public let actionSpec: HybridActionSpec
    public let fingerprint: InstanceFingerprint
    public var reward: OffloadReward
    /// Slots per episode (the scenario's horizon, or fewer).
    public let horizon: Int

    /// The current episode.
    public private(set) var scenario: Scenario
    /// Slot of the next step.
    public private(set) var slot = 0
    /// Instance seed of the current episode (nil for explicit instances).
    public private(set) var episodeSeed: UInt64?
    public private(set) var remainingEnergy: [Double]
    public private(set) var previous: SlotDecision?
    /// The evaluator's verdict on the last step's slot.
    public private(set) var lastEvaluation = SlotEvaluation()

    private var seeds: SeededGenerator
    private var evaluator: Evaluator
    private var decision: SlotDecision
    private var workspace = OffloadObservation.Workspace()
    private var cachedObservations: [Float] = []
    private var cachedMasks: [UInt8] = []
    private var violated: [Bool]

    /// Stream tag of training episode seeds.
    static let trainingStream: UInt64 = 0x5452_4149_4E00_0000 // "TRAIN"

    /// - Parameters:
    ///   - slots: episode length (default: the scenario's horizon).
    ///   - seed: seed of the episode-seed stream (`reset(seed:)` replaces it).
    public init(instance: Instance, slots: Int? = nil, reward: OffloadReward = OffloadReward(), seed: UInt64 = 0) throws {
        self.instance = instance
        self.reward = reward
        seeds = SeededGenerator(seed: seed).derived(OffloadEnvironment.trainingStream)
        let first = instance.isGenerated ? seeds.next() : nil
        let sc = try instance.scenario(seed: first)
        guard sc.userCount > 0, sc.serverCount > 0, !sc.slots.isEmpty else {
            throw PolicyError.shapeMismatch("instance \(instance.name) has \(sc.userCount) users, \(sc.serverCount) servers, \(sc.slots.count) slots")
        }
        scenario = sc
        episodeSeed = first
        horizon = min(slots ?? sc.slots.count, sc.slots.count)
        agentCount = sc.userCount
        fingerprint = InstanceFingerprint(scenario: sc)
        observationSize = fingerprint.observationSize
        actionSpec = OffloadObservation.actionSpec(servers: sc.serverCount)
        evaluator = Evaluator(scenario: sc)
        remainingEnergy = sc.devices.map(\.energyBudgetJ)
        decision = SlotDecision(userCount: sc.userCount)
        violated = [Bool](repeating: false, count: sc.userCount)
        refreshObservation()
    }

    public mutating func reset(seed: UInt64) {
        seeds = SeededGenerator(seed: seed).derived(OffloadEnvironment.trainingStream)
        newEpisode()
    }

    private mutating func newEpisode() {
        if instance.isGenerated {
            let s = seeds.next()
            // The instance validated in init; expanding it with another seed cannot fail.
            scenario = try! instance.scenario(seed: s)
            episodeSeed = s
            evaluator = Evaluator(scenario: scenario)
        }
        slot = 0
        previous = nil
        remainingEnergy = scenario.devices.map(\.energyBudgetJ)
        refreshObservation()
    }

    private mutating func refreshObservation() {
        OffloadObservation.build(scenario: scenario, slot: slot, horizon: horizon, remainingEnergy: remainingEnergy,
                                 previous: previous, workspace: &workspace,
                                 observations: &cachedObservations, masks: &cachedMasks)
    }

    public func observe(into observations: inout [Float], masks: inout [UInt8]) {
        observations.withUnsafeMutableBufferPointer { dst in
            cachedObservations.withUnsafeBufferPointer { dst.baseAddress!.update(from: $0.baseAddress!, count: $0.count) }
        }
        masks.withUnsafeMutableBufferPointer { dst in
            cachedMasks.withUnsafeBufferPointer { dst.baseAddress!.update(from: $0.baseAddress!, count: $0.count) }
        }
    }

    public mutating func step(_ actions: HybridActionBatch, outcome: inout StepOutcome) {
        let t = slot
        OffloadObservation.decision(scenario: scenario, slot: t, actions: actions, into: &decision)
        evaluator.evaluate(slot: t, decision: decision, remainingEnergy: &remainingEnergy, into: &lastEvaluation)
        OffloadEnvironment.rewards(scenario: scenario, slot: t, evaluation: lastEvaluation, reward: reward,
                                   violated: &violated, into: &outcome.rewards)
        previous = decision
        slot += 1
        let done = slot >= horizon
        for u in 0..<agentCount {
            outcome.terminated[u] = done
            outcome.truncated[u] = false
        }
        if done { newEpisode() } else { refreshObservation() }
    }

    /// 000 (31) from the evaluator's verdict: `-(min(delay, cap) + kappa 1{violation}) / scale` per user with
    /// a task, 0 for the others.
    public static func rewards(scenario sc: Scenario, slot t: Int, evaluation e: SlotEvaluation, reward: OffloadReward,
                               violated: inout [Bool], into rewards: inout [Float]) {
        let s = sc.slots[t]
        let U = s.userCount
        if violated.count != U { violated = [Bool](repeating: false, count: U) }
        for u in 0..<U { violated[u] = false }
        for v in e.violations { if let u = v.user, u >= 0, u < U { violated[u] = true } }
        for u in 0..<U {
            guard s.active[u] else { rewards[u] = 0; continue }
            let deadline = sc.devices[u].deadlineS
            let cap = reward.delayCapFactor * (deadline.isFinite && deadline > 0 ? deadline : 10 * sc.parameters.slotSeconds)
            let d = e.outcomes[u].delay
            let delay = d.isFinite ? min(d, cap) : cap
            let cost = delay + (violated[u] ? reward.violationPenaltyS : 0)
            rewards[u] = Float(-cost / reward.scaleS)
        }
    }
}
