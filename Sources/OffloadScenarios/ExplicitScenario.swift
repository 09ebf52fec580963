import Foundation
import OffloadModel

/// An instance whose every slot is written out: tiny hand-checkable cases and replayed traces.
public struct ExplicitScenario: Codable, Hashable, Sendable {
    /// Receiver noise density, dBm/Hz (e.g. -169 for -174 dBm/Hz and a 5 dB noise figure).
    public var noiseDensityDBmPerHz: Double
    /// One entry per device (the user index is the position).
    public var devices: [DeviceSpec]
    public var servers: [Server]
    public var slots: [Slot]

    public struct Server: Codable, Hashable, Sendable {
        public var name: String
        public var computeGHz: Double
        public var bandwidthMHz: Double
        public var dtDeviation: Double
    }

    public struct Slot: Codable, Hashable, Sendable {
        /// Compute each server offers this slot, GHz (after background load); one per server.
        public var availableComputeGHz: [Double]
        /// Users with a task this slot; users not listed are idle.
        public var tasks: [Task]
    }

    public struct Task: Codable, Hashable, Sendable {
        public var user: Int
        public var payloadMbit: Double
        public var taskClass: Int
        /// Servers this user can reach this slot; servers not listed are not visible.
        public var links: [Link]
    }

    public struct Link: Codable, Hashable, Sendable {
        public var server: Int
        /// Channel power gain `h` including antenna gains, dB.
        public var gainDB: Double
        public var rangeKm: Double
        /// Remaining coverage time, s; omitted means always covered (a base station).
        public var coverageS: Double?
    }

    func validate(classCount: Int) throws {
        var r = Rules()
        r.finite(noiseDensityDBmPerHz, "explicit.noiseDensityDBmPerHz")
        r.count(devices.count, atLeast: 1, "explicit.devices")
        r.count(servers.count, atLeast: 1, "explicit.servers")
        r.count(slots.count, atLeast: 1, "explicit.slots")
        for (i, d) in devices.enumerated() { d.validate("explicit.devices[\(i)]", into: &r) }
        for (l, s) in servers.enumerated() {
            let p = "explicit.servers[\(l)]"
            r.positive(s.computeGHz, p + ".computeGHz")
            r.positive(s.bandwidthMHz, p + ".bandwidthMHz")
            r.below(s.dtDeviation, 1, p + ".dtDeviation")
        }
        for (t, slot) in slots.enumerated() {
            let p = "explicit.slots[\(t)]"
            r.require(slot.availableComputeGHz.count == servers.count, p + ".availableComputeGHz",
                      "\(slot.availableComputeGHz.count) entries", "must have one entry per server (\(servers.count))")
            for (l, c) in slot.availableComputeGHz.enumerated() { r.nonNegative(c, p + ".availableComputeGHz[\(l)]") }
            var seen = Set<Int>()
            for (k, task) in slot.tasks.enumerated() {
                let q = p + ".tasks[\(k)]"
                r.require(task.user >= 0 && task.user < devices.count, q + ".user", "\(task.user)",
                          "must name a device in [0, \(devices.count - 1)]")
                r.require(seen.insert(task.user).inserted, q + ".user", "\(task.user)", "appears twice in this slot")
                r.positive(task.payloadMbit, q + ".payloadMbit")
                r.require(task.taskClass >= 0 && task.taskClass < classCount, q + ".taskClass", "\(task.taskClass)",
                          "must name a task class in [0, \(classCount - 1)]")
                for (j, link) in task.links.enumerated() {
                    let lp = q + ".links[\(j)]"
                    r.require(link.server >= 0 && link.server < servers.count, lp + ".server", "\(link.server)",
                              "must name a server in [0, \(servers.count - 1)]")
                    r.finite(link.gainDB, lp + ".gainDB")
                    r.nonNegative(link.rangeKm, lp + ".rangeKm")
                    if let c = link.coverageS { r.nonNegative(c, lp + ".coverageS") }
                }
            }
        }
        try r.check()
    }

    func scenario(instance: Instance) throws -> Scenario {
        let U = devices.count, L = servers.count
        let profiles = devices.map { $0.profile(dtDeviation: $0.dtDeviation) }
        let serverProfiles = servers.map {
            ServerProfile(name: $0.name, computeHz: $0.computeGHz * 1e9, bandwidthHz: $0.bandwidthMHz * 1e6,
                          dtDeviation: $0.dtDeviation)
        }
        var states: [SlotState] = []
        for slot in slots {
            var s = SlotState(userCount: U, serverCount: L)
            s.availableComputeHz = slot.availableComputeGHz.map { $0 * 1e9 }
            for task in slot.tasks {
                s.active[task.user] = true
                s.payloadBits[task.user] = task.payloadMbit * 1e6
                s.taskClass[task.user] = Int32(task.taskClass)
                for link in task.links {
                    let k = s.link(task.user, link.server)
                    s.links[k] = LinkState(gain: Decibel.toLinear(link.gainDB), coverageS: link.coverageS ?? .infinity,
                                           rangeM: link.rangeKm * 1e3)
                }
            }
            states.append(s)
        }
        let n0 = Decibel.dBmToWatts(noiseDensityDBmPerHz)
        return Scenario(name: instance.name, parameters: instance.parameters(noiseDensityWPerHz: n0),
                        taskClasses: instance.taskClasses, devices: profiles, servers: serverProfiles, slots: states)
    }
}
