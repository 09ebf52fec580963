import Foundation
import Testing
@testable import OffloadModel
@testable import OffloadScenarios

struct InstanceFileTests {
    func load(_ name: String) throws -> Instance { try JSONCoding.load(Instance.self, path: Fixtures.instance(name)) }

    @Test func shippedInstancesLoadAndValidate() throws {
        for name in ["leo-default.json", "dt-sync-bs.json", "tiny-explicit.json"] {
            let instance = try load(name)
            let scenario = try instance.scenario()
            #expect(scenario.slots.count > 0, "\(name)")
        }
        let leo = try load("leo-default.json").scenario()
        #expect(leo.userCount == 50 && leo.serverCount == 5)
        let bs = try load("dt-sync-bs.json").scenario()
        #expect(bs.userCount == 6 && bs.serverCount == 1 && bs.slots.count == 25)
        #expect(bs.servers[0].bandwidthHz == 0.2e6)
        #expect(bs.taskClasses[0].encoderExponent == 1.2 && bs.taskClasses[0].decoderExponent == 1.5)
        #expect(bs.taskClasses[0].encoderCyclesPerBit == 300)
        #expect(bs.slots.allSatisfy { s in (0..<6).allSatisfy { !s.active[$0] || (0.6e6...0.8e6).contains(s.payloadBits[$0]) } })
    }

    /// The hand-checked instance: every number below is worked out in docs/MODEL.md.
    @Test func tinyExplicitMatchesHandComputation() throws {
        let sc = try load("tiny-explicit.json").scenario()
        #expect(abs(sc.parameters.noiseDensityWPerHz - 1e-20) < 1e-32)
        var d = SlotDecision(userCount: 2)
        d.setOffload(0, server: 0, semanticRatio: 0.25, powerW: 0.1, localFrequencyHz: 1e9, bandwidthHz: 1e6, computeHz: 2e9)
        d.setLocal(1, frequencyHz: 1e9)
        var local1 = SlotDecision(userCount: 2)
        local1.setLocal(1, frequencyHz: 1e9)
        let r = Evaluator(scenario: sc).evaluateEpisode([d, local1])
        let rate = 1e6 * log2(1001.0)
        let offloadDelay = 0.2 + 0.08 + 0.5e6 / rate + 1.2e6 / 299_792_458 + 0.16 + 0.1
        // User 1 (rho = 0.2): slot 0, 1 Mbit local: 0.1 + 0.125 s, 0.05 + 0.064 J;
        // slot 1, 4 Mbit local: 0.4 + 0.5 s, 0.2 + 0.256 J -> 0.57 J > 0.5 J budget (C1 in slot 1).
        #expect(abs(r.totalDelay - (offloadDelay + 0.225 + 0.9)) < 1e-12)
        #expect(abs(r.totalEnergy - ((0.1 + 0.08 + 0.1 * 0.5e6 / rate) + 0.114 + 0.456)) < 1e-12)
        #expect(r.violations.map(\.constraint) == [.C1])
        #expect(r.violations[0].slot == 1 && r.violations[0].user == 1 && abs(r.violations[0].value - 0.57) < 1e-12)
        #expect(r.tasks == 3)
    }

    @Test func generatedScenariosAreDeterministic() throws {
        let instance = Presets.leo(users: 20, satellites: 4, slots: 5, seed: 9)
        #expect(try instance.scenario() == instance.scenario())
        #expect(try instance.scenario(seed: 10) != instance.scenario())
        let bs = Presets.dtSyncBaseStation(seed: 3)
        #expect(try bs.scenario() == bs.scenario())
        // Survives a round trip through JSON.
        let data = try JSONCoding.encoder().encode(instance)
        let back = try JSONCoding.decode(Instance.self, from: data, file: "mem")
        #expect(try back.scenario() == instance.scenario())
    }

    @Test func leoGeometryIsPhysical() throws {
        let sc = try Presets.leo(users: 30, satellites: 9, slots: 40, seed: 2).scenario()
        var maxCoverage = 0.0, visible = 0
        for s in sc.slots {
            for u in 0..<s.userCount {
                for l in 0..<s.serverCount where s.isVisible(u, l) {
                    visible += 1
                    maxCoverage = max(maxCoverage, s.coverage(u, l))
                    let d = s.range(u, l)
                    // 600 km altitude, elevation >= 40 degrees: slant range in [600, 600 / sin 40] km.
                    #expect(d >= 600e3 && d <= 600e3 / sin(40 * Double.pi / 180) + 1)
                    // Free-space loss at 2 GHz between 154 and 158 dB.
                    let fspl = -10 * log10(pow(299_792_458 / 2e9 / (4 * Double.pi * d), 2))
                    #expect(fspl > 153.9 && fspl < 158.0)
                }
            }
        }
        #expect(visible > 0)
        // A full overhead pass lasts 2 * 600 km / tan 40 / 7.06 km/s = 202 s; remaining coverage is at most that.
        #expect(maxCoverage <= 2 * 600 / tan(40 * Double.pi / 180) / 7.06 + 1e-6 && maxCoverage > 100)
    }

    @Test func taskMixAndArrivals() throws {
        let sc = try Presets.leo(users: 200, satellites: 2, slots: 50, seed: 5).scenario()
        var counts = [0, 0, 0], active = 0
        for s in sc.slots {
            for u in 0..<s.userCount where s.active[u] {
                active += 1
                counts[Int(s.taskClass[u])] += 1
                #expect(s.payloadBits[u] >= 0.5e6 && s.payloadBits[u] <= 20e6)
            }
        }
        // Poisson 0.1 / s over 10 s slots: P(active) = 1 - e^-1 = 0.632.
        let total = Double(200 * 50)
        #expect(abs(Double(active) / total - (1 - exp(-1.0))) < 0.02)
        #expect(abs(Double(counts[0]) / Double(active) - 0.5) < 0.03)
        #expect(abs(Double(counts[1]) / Double(active) - 0.3) < 0.03)
        #expect(abs(Double(counts[2]) / Double(active) - 0.2) < 0.03)
    }

    @Test func baseStationMobilityMovesUsers() throws {
        let sc = try Presets.dtSyncBaseStation(seed: 1).scenario()
        let first = sc.slots[0].range(0, 0), last = sc.slots[24].range(0, 0)
        #expect(first != last)
        #expect(sc.slots.allSatisfy { $0.coverage(0, 0) == .infinity })
    }
}
