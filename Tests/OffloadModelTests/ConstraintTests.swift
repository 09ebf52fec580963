import Testing
@testable import OffloadModel

/// Each constraint id is reported when, and only when, its rule is broken.
struct ConstraintTests {
    static func scenario(localAllowed: Bool = true) -> Scenario {
        let cls = TaskClass(name: "t", deviceCyclesPerBit: 100, serverCyclesPerBit: 50, encoderCyclesPerBit: 10,
                            decoderCyclesPerBit: 20, encoderExponent: 1, decoderExponent: 2, maxAccuracy: 0.9,
                            accuracyExponent: 0.5)
        let dev = DeviceProfile(maxFrequencyHz: 1e9, maxPowerW: 0.1, capacitance: 1e-27, sensingRateBps: 10e6,
                                sensingPowerW: 0.5, dtDeviation: 0, energyBudgetJ: 10, deadlineS: 5, minAccuracy: 0.4,
                                minSemanticRatio: 0.25)
        let servers = [ServerProfile(name: "a", computeHz: 4e9, bandwidthHz: 2e6, dtDeviation: 0),
                       ServerProfile(name: "b", computeHz: 4e9, bandwidthHz: 2e6, dtDeviation: 0)]
        var s = SlotState(userCount: 2, serverCount: 2)
        s.active = [true, true]
        s.payloadBits = [2e6, 1e6]
        s.availableComputeHz = [4e9, 4e9]
        s.links[s.link(0, 0)] = LinkState(gain: 1e-10, coverageS: 100, rangeM: 6e5)
        s.links[s.link(0, 1)] = LinkState(gain: 1e-10, coverageS: 0, rangeM: 9e5) // not visible
        s.links[s.link(1, 0)] = LinkState(gain: 1e-10, coverageS: 100, rangeM: 6e5)
        s.links[s.link(1, 1)] = LinkState(gain: 1e-10, coverageS: 0.2, rangeM: 6e5) // shorter than the 0.264 s task
        let params = ModelParameters(slotSeconds: 1, noiseDensityWPerHz: 1e-20, localExecutionAllowed: localAllowed)
        return Scenario(name: "c", parameters: params, taskClasses: [cls], devices: [dev, dev], servers: servers, slots: [s])
    }

    static func base() -> SlotDecision {
        var d = SlotDecision(userCount: 2)
        d.setOffload(0, server: 0, semanticRatio: 0.5, powerW: 0.1, localFrequencyHz: 1e9, bandwidthHz: 1e6, computeHz: 1e9)
        d.setLocal(1, frequencyHz: 1e9)
        return d
    }

    func ids(_ sc: Scenario, _ d: SlotDecision) -> Set<ConstraintID> {
        Set(Evaluator(scenario: sc).evaluateEpisode([d]).violations.map(\.constraint))
    }

    @Test func baseDecisionIsFeasible() {
        #expect(ids(Self.scenario(), Self.base()).isEmpty)
    }

    /// (case, ids expected, space-separated): secondary ids appear only where the first one forces them
    /// (an infinite uplink misses the deadline C8 and the coverage window C9; a server that does not exist
    /// yields no accuracy, so ACC goes with C3).
    static let cases: [(String, String)] = [
        ("C1", "C1"), ("C2", "C2"), ("C3", "C3 C8 ACC"), ("C4 high", "C4"), ("C4 negative", "C4 C8 C9"),
        ("C5 low", "C5"), ("C5 high", "C5"), ("C6 high", "C6"), ("C6 zero", "C6 C8"), ("C7 sum", "C7"),
        ("C7 negative", "C7 C8 C9"), ("C8", "C8"), ("C9 invisible", "C9"), ("C9 window", "C9"), ("BW sum", "BW"),
        ("BW negative", "BW C8 C9"), ("ACC", "ACC"),
    ]

    @Test(arguments: cases)
    func eachConstraintIsReportedAlone(_ c: (String, String)) {
        let expected = Set(c.1.split(separator: " ").compactMap { ConstraintID(rawValue: String($0)) })
        var sc = Self.scenario()
        var d = Self.base()
        switch c.0 {
        case "C1": sc.devices[1].energyBudgetJ = 0.01
        case "C2": sc = Self.scenario(localAllowed: false)
        case "C3": d.server[0] = 7
        case "C4 high": d.powerW[0] = 0.2
        case "C4 negative": d.powerW[0] = -0.1
        case "C5 low": d.semanticRatio[0] = 0.1; sc.devices[0].minAccuracy = 0
        case "C5 high": d.semanticRatio[0] = 1.5
        case "C6 high": d.localFrequencyHz[1] = 2e9
        case "C6 zero": d.localFrequencyHz[1] = 0
        case "C7 sum": d.computeHz[0] = 5e9
        case "C7 negative": d.computeHz[0] = -1
        case "C8": sc.devices[1].deadlineS = 0.01
        case "C9 invisible": d.server[0] = 1
        case "C9 window":
            d.setOffload(1, server: 1, semanticRatio: 0.5, powerW: 0.1, localFrequencyHz: 1e9, bandwidthHz: 1e6, computeHz: 1e9)
        case "BW sum": d.bandwidthHz[0] = 3e6
        case "BW negative": d.bandwidthHz[0] = -1
        case "ACC": sc.devices[0].minAccuracy = 0.8
        default: Issue.record("unknown case \(c.0)")
        }
        #expect(ids(sc, d) == expected, "case \(c.0)")
    }

    @Test func violationNamesUserServerAndAmount() {
        var d = Self.base()
        d.bandwidthHz[0] = 3e6
        let v = Evaluator(scenario: Self.scenario()).evaluateEpisode([d]).violations
        #expect(v.count == 1)
        #expect(v[0].server == 0 && v[0].user == nil && v[0].value == 3e6 && v[0].limit == 2e6 && v[0].amount == 1e6)
    }

    @Test func horizonEnergyIsTrackedAcrossSlots() {
        var sc = Self.scenario()
        sc.slots.append(sc.slots[0])
        // User 1 runs locally twice: 1e8 cycles * 1e-27 * 1e18 + 0.5 W * 0.1 s = 0.15 J per slot.
        sc.devices[1].energyBudgetJ = 0.2
        let r = Evaluator(scenario: sc).evaluateEpisode([Self.base(), Self.base()])
        #expect(r.violations.map(\.constraint) == [.C1])
        #expect(r.violations[0].slot == 1 && r.violations[0].user == 1)
        #expect(abs(r.violations[0].value - 0.3) < 1e-12)
    }

    @Test func inactiveUsersAreIgnored() {
        var sc = Self.scenario()
        sc.slots[0].active[0] = false
        var d = Self.base()
        d.server[0] = 99 // would be C3 if the user had a task
        let r = Evaluator(scenario: sc).evaluateEpisode([d])
        #expect(r.violations.isEmpty && r.tasks == 1)
    }
}
