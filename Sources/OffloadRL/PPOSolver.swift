import Foundation
import NeuralNet
import OffloadModel
import OffloadSolvers

/// Why a policy file cannot be used on an instance.
public enum PPOPolicyError: Error, CustomStringConvertible, Equatable {
    case unreadable(path: String, detail: String)
    case missingFingerprint(path: String)
    case shapeMismatch(path: String, policy: InstanceFingerprint, instance: InstanceFingerprint, instanceName: String)

    public var description: String {
        switch self {
        case let .unreadable(path, detail):
            return "cannot read policy \(path): \(detail)"
        case let .missingFingerprint(path):
            return "policy \(path) has no instance fingerprint (metadata '\(InstanceFingerprint.metadataKey)'); it was not written by 'offload train'"
        case let .shapeMismatch(path, policy, instance, name):
            return "policy \(path) was trained on an instance of shape \(policy), but \(name) has shape \(instance)"
        }
    }
}

/// A trained PPO-SO policy file with its instance fingerprint, loaded once and shared by solvers.
public struct PPOPolicy: Sendable {
    public let path: String
    public let file: PolicyFile
    public let fingerprint: InstanceFingerprint

    /// Reads and checks a policy file written by `offload train`.
    public static func load(path: String) throws -> PPOPolicy {
        let file: PolicyFile
        do { file = try PolicyFile.read(from: URL(fileURLWithPath: path)) } catch let e as PolicyError {
            throw PPOPolicyError.unreadable(path: path, detail: e.description)
        } catch {
            throw PPOPolicyError.unreadable(path: path, detail: "\(error)")
        }
        guard let text = file.metadata[InstanceFingerprint.metadataKey], let fp = InstanceFingerprint(text) else {
            throw PPOPolicyError.missingFingerprint(path: path)
        }
        return PPOPolicy(path: path, file: file, fingerprint: fp)
    }

    public init(path: String, file: PolicyFile, fingerprint: InstanceFingerprint) {
        self.path = path
        self.file = file
        self.fingerprint = fingerprint
    }

    /// Throws `shapeMismatch` naming both shapes unless the scenario has the policy's shape.
    public func check(scenario: Scenario) throws {
        let here = InstanceFingerprint(scenario: scenario)
        guard here == fingerprint else {
            throw PPOPolicyError.shapeMismatch(path: path, policy: fingerprint, instance: here, instanceName: scenario.name)
        }
    }

    /// A fresh network with the file's weights (one per thread: a network owns its scratch buffers).
    public func network() throws -> ActorCriticPolicy {
        GEMM.useSingleThread() // batches of one slot's users: BLAS threads only add overhead (and `compare` runs jobs in parallel)
        let p = try ActorCriticPolicy(file: file)
        try p.checkCompatible(observationSize: fingerprint.observationSize,
                              actionSpec: OffloadObservation.actionSpec(servers: fingerprint.servers))
        return p
    }
}

/// A trained policy as a slot solver (`--solver ppo:FILE`, method `ppo:FILE`): observations of all users from
/// the slot and the context (energy left, previous decision), one batched deterministic forward pass (most
/// likely allowed option, Gaussian means), actions mapped to a decision by `OffloadObservation.decision`.
public struct PPOSolver: SlotSolver {
    public let name: String
    public let policy: PPOPolicy
    private let network: ActorCriticPolicy
    private var workspace = OffloadObservation.Workspace()
    private var observations: [Float] = []
    private var masks: [UInt8] = []
    private var decision = SlotDecision(userCount: 0)
    private var checked: InstanceFingerprint?

    public init(policy: PPOPolicy, name: String = "ppo") throws {
        self.policy = policy
        self.name = name
        network = try policy.network()
    }

    public mutating func decide(scenario: Scenario, slot t: Int, context: SolverContext) throws -> SlotDecision {
        let shape = InstanceFingerprint(scenario: scenario)
        if checked != shape {
            try policy.check(scenario: scenario)
            checked = shape
        }
        OffloadObservation.build(scenario: scenario, slot: t, horizon: scenario.slots.count,
                                 remainingEnergy: context.remainingEnergy, previous: context.previous,
                                 workspace: &workspace, observations: &observations, masks: &masks)
        let actions = try network.actDeterministic(observations: observations, masks: masks)
        OffloadObservation.decision(scenario: scenario, slot: t, actions: actions, into: &decision)
        return decision
    }
}
