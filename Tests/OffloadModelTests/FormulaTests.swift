import Foundation
import Testing
@testable import OffloadModel

/// Hand-computed cases for every delay, energy, accuracy and QoE component (docs/MODEL.md).
/// Numbers are chosen so the arithmetic can be followed with a pencil; each expectation spells it out.
struct FormulaTests {
    let cls = TaskCost(deviceCyclesPerBit: 100, serverCyclesPerBit: 50, encoderCyclesPerBit: 10, decoderCyclesPerBit: 20,
                       encoderExponent: 1, decoderExponent: 2, maxAccuracy: 0.9, accuracyExponent: 0.5)
    let device = DeviceProfile(maxFrequencyHz: 1e9, maxPowerW: 0.1, capacitance: 1e-27, sensingRateBps: 10e6,
                               sensingPowerW: 0.5, dtDeviation: 0, energyBudgetJ: 10, deadlineS: 5, minAccuracy: 0.4,
                               minSemanticRatio: 0.25)

    func close(_ a: Double, _ b: Double, rel: Double = 1e-12) -> Bool { abs(a - b) <= rel * max(abs(a), abs(b), 1e-300) }

    @Test func localExecution() {
        // I = 2 Mbit: sensing 2e6 / 10e6 = 0.2 s, 0.5 W * 0.2 s = 0.1 J; cycles 100 * 2e6 = 2e8 at 1 GHz = 0.2 s;
        // energy 1e-27 * 2e8 * (1e9)^2 = 0.2 J.
        let o = SystemModel.local(payloadBits: 2e6, taskClass: cls, device: device, frequencyHz: 1e9)
        #expect(close(o.sensingDelay, 0.2))
        #expect(close(o.sensingEnergy, 0.1))
        #expect(close(o.computeDelay, 0.2))
        #expect(close(o.computeEnergy, 0.2))
        #expect(close(o.delay, 0.4))
        #expect(close(o.energy, 0.3))
        #expect(o.accuracy == 0.9)
        #expect(o.uplinkDelay == 0 && o.rateBps == 0)
    }

    @Test func localExecutionWithDTDeviation() {
        // rho = 0.2: effective 0.8 GHz. 1 Mbit: 1e8 cycles / 0.8e9 = 0.125 s; 1e-27 * 1e8 * 0.64e18 = 0.064 J.
        var d = device
        d.dtDeviation = 0.2
        let o = SystemModel.local(payloadBits: 1e6, taskClass: cls, device: d, frequencyHz: 1e9)
        #expect(close(o.computeDelay, 0.125))
        #expect(close(o.computeEnergy, 0.064))
        // Same as 000 (7) + (8) with fhat = rho f: lambda I / f + lambda I fhat / (f (f - fhat)).
        let f = 1e9, fhat = 0.2e9, cycles = 1e8
        #expect(close(o.computeDelay, cycles / f + cycles * fhat / (f * (f - fhat))))
    }

    @Test func zeroFrequencyIsInfiniteNotNaN() {
        let o = SystemModel.local(payloadBits: 1e6, taskClass: cls, device: device, frequencyHz: 0)
        #expect(o.delay == .infinity)
        #expect(!o.energy.isNaN)
    }

    func offload(mu: Double = 0.25, p: Double = 0.1, b: Double = 1e6, fl: Double = 2e9, input: ServerInput = .decoded)
        -> UserOutcome {
        SystemModel.offload(payloadBits: 2e6, taskClass: cls, device: device, serverDeviation: 0.5, gain: 1e-10,
                            rangeM: 6e5, noiseDensity: 1e-20, serverInput: input, semanticRatio: mu, powerW: p,
                            bandwidthHz: b, computeHz: fl, localFrequencyHz: 1e9)
    }

    @Test func offloadComponents() {
        let o = offload()
        // Encoder: 10 * 2e6 * 0.25^-1 = 8e7 cycles at 1 GHz = 0.08 s; 1e-27 * 8e7 * 1e18 = 0.08 J.
        #expect(close(o.encodingDelay, 0.08))
        #expect(close(o.computeEnergy, 0.08))
        // SNR = 0.1 * 1e-10 / (1e6 * 1e-20) = 1000; r = 1e6 log2(1001); 0.25 * 2e6 bits.
        let rate = 1e6 * log2(1001.0)
        #expect(close(o.rateBps, rate))
        #expect(close(o.uplinkDelay, 0.5e6 / rate))
        #expect(close(o.uplinkEnergy, 0.1 * 0.5e6 / rate))
        // Round trip 2 * 600 km / c.
        #expect(close(o.propagationDelay, 1.2e6 / 299_792_458))
        // Server effective 0.5 * 2 GHz = 1 GHz; decoder 20 * 2e6 * 0.25^(1-2) = 1.6e8 cycles = 0.16 s;
        // task on the decoded payload 50 * 2e6 = 1e8 cycles = 0.1 s.
        #expect(close(o.decodingDelay, 0.16))
        #expect(close(o.computeDelay, 0.1))
        #expect(close(o.delay, 0.2 + 0.08 + 0.5e6 / rate + 1.2e6 / 299_792_458 + 0.16 + 0.1))
        #expect(close(o.energy, 0.1 + 0.08 + 0.1 * 0.5e6 / rate))
        // Accuracy 0.9 * 0.25^0.5 = 0.45.
        #expect(close(o.accuracy, 0.45))
    }

    @Test func serverOnFeatures() {
        // Task runs on mu I = 0.5 Mbit: 50 * 0.5e6 = 2.5e7 cycles at 1 GHz = 0.025 s.
        #expect(close(offload(input: .features).computeDelay, 0.025))
    }

    @Test func rawTransmissionSkipsTheCodec() {
        // mu = 1: no encoder, no decoder, full accuracy, 2 Mbit on the air.
        let o = offload(mu: 1)
        #expect(o.encodingDelay == 0 && o.decodingDelay == 0 && o.computeEnergy == 0)
        #expect(o.accuracy == 0.9)
        #expect(close(o.uplinkDelay, 2e6 / (1e6 * log2(1001.0))))
    }

    @Test func zeroPowerOrBandwidthGivesInfiniteDelayWithoutNaN() {
        for o in [offload(p: 0), offload(b: 0), offload(fl: 0)] {
            #expect(o.delay == .infinity)
            #expect(!o.energy.isNaN)
        }
    }

    @Test func logisticQoE() {
        let q = LogisticQoE(delayWeight: 0.5, energyWeight: 0.3, accuracyWeight: 0.2, delaySlopePerS: 2,
                            energySlopePerJ: 1, accuracySlope: 4)
        // Local execution scores half of every weight.
        #expect(close(q.score(delay: 1, energy: 2, accuracy: 0.9, localDelay: 1, localEnergy: 2, localAccuracy: 0.9), 0.5))
        // 0.5 / (1 + e^{-2 (3 - 2)}) + 0.3 / (1 + e^{-(1 - 1.5)}) + 0.2 / (1 + e^{-4 (0.7 - 0.9)}).
        let expected = 0.5 / (1 + exp(-2.0)) + 0.3 / (1 + exp(0.5)) + 0.2 / (1 + exp(0.8))
        #expect(close(q.score(delay: 2, energy: 1.5, accuracy: 0.7, localDelay: 3, localEnergy: 1, localAccuracy: 0.9),
                      expected))
        // Saturated terms stay finite (the single-division path falls back).
        let s = q.score(delay: 1e6, energy: 1e6, accuracy: 0, localDelay: 0, localEnergy: 0, localAccuracy: 1)
        #expect(close(s, 0.2 / (1 + exp(4.0))))
    }

    @Test func mosQoE() {
        let m = MOSQoE(minLatencyS: 1, maxLatencyS: 5, baselineScore: 0.1, satisfactionWeight: 0.6, costBudgetJ: 2)
        #expect(m.satisfaction(latency: 0.5) == 1)
        #expect(close(m.satisfaction(latency: 2), 0.75)) // (5 - 2) / (5 - 1)
        #expect(m.satisfaction(latency: 6) == 0.1)
        // 0.6 * 0.75 + 0.4 * (2 - 0.5) / 2 = 0.45 + 0.3.
        #expect(close(m.score(latency: 2, energy: 0.5), 0.75))
    }

    @Test func objectiveSplitsIntoSumAndMaxTerms() {
        let delaySum = Objective(kind: .delay)
        #expect(delaySum.sumCost(delay: 3, energy: 2, qoeLogistic: 0.4, qoeMOS: 0.7) == 3)
        #expect(delaySum.maxCost(delay: 3) == 0)
        let makespan = Objective(kind: .delay, aggregation: .max)
        #expect(makespan.sumCost(delay: 3, energy: 2, qoeLogistic: 0, qoeMOS: 0) == 0)
        #expect(makespan.maxCost(delay: 3) == 3)
        // 002 (17): (1 - 0.25) * 3 / 2 + 0.25 * 2 / 4.
        let weighted = Objective(kind: .delayEnergy, energyWeight: 0.25, delayScaleS: 2, energyScaleJ: 4)
        #expect(close(weighted.sumCost(delay: 3, energy: 2, qoeLogistic: 0, qoeMOS: 0), 1.125 + 0.125))
        var weightedMax = weighted
        weightedMax.aggregation = .max
        #expect(close(weightedMax.sumCost(delay: 3, energy: 2, qoeLogistic: 0, qoeMOS: 0), 0.125))
        #expect(close(weightedMax.maxCost(delay: 3), 1.125))
        #expect(Objective(kind: .qoe).sumCost(delay: 3, energy: 2, qoeLogistic: 0.4, qoeMOS: 0.7) == -0.4)
        // 004 (12a): 2 * 3 + 0.5 * 2 - 4 * 0.7.
        let utility = Objective(kind: .utility, utilityDelayWeight: 2, utilityEnergyWeight: 0.5, utilityQoEWeight: 4)
        #expect(close(utility.sumCost(delay: 3, energy: 2, qoeLogistic: 0.4, qoeMOS: 0.7), 6 + 1 - 2.8))
    }

    @Test func decibels() {
        #expect(close(Decibel.toLinear(-100), 1e-10))
        #expect(close(Decibel.dBmToWatts(-170), 1e-20))
        #expect(close(Decibel.fromLinear(1000), 30))
    }

    @Test func seededGeneratorIsDeterministic() {
        var a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42), c = SeededGenerator(seed: 43)
        let xs = (0..<5).map { _ in a.next() }
        #expect(xs == (0..<5).map { _ in b.next() })
        #expect(xs != (0..<5).map { _ in c.next() })
        var g = SeededGenerator(seed: 7)
        let us = (0..<10_000).map { _ in g.uniform() }
        #expect(us.allSatisfy { $0 >= 0 && $0 < 1 })
        #expect(abs(us.reduce(0, +) / 10_000 - 0.5) < 0.02)
        #expect((0..<1000).map { _ in g.index(below: 3) }.allSatisfy { (0..<3).contains($0) })
    }
}

/// The inlined transcendental functions agree with the C library to a few ulps over the model's range.
struct FastMathTests {
    func ulps(_ a: Double, _ b: Double) -> Double { a == b ? 0 : abs(a - b) / b.ulp }

    @Test func expMatchesLibm() {
        var g = SeededGenerator(seed: 3)
        var worst = 0.0
        for _ in 0..<200_000 {
            let x = g.uniform(-700, 700)
            worst = max(worst, ulps(FastMath.exp(x), Foundation.exp(x)))
        }
        for x in stride(from: -5.0, through: 5.0, by: 0.001) { worst = max(worst, ulps(FastMath.exp(x), Foundation.exp(x))) }
        #expect(worst <= 2)
        #expect(FastMath.exp(0) == 1)
        #expect(FastMath.exp(710) == .infinity && FastMath.exp(-746) == 0 && FastMath.exp(.nan).isNaN)
        #expect(ulps(FastMath.exp(709.7), Foundation.exp(709.7)) <= 2)
        #expect(ulps(FastMath.exp(-740), Foundation.exp(-740)) <= 2)
    }

    @Test func logMatchesLibm() {
        var g = SeededGenerator(seed: 4)
        var worst = 0.0
        for _ in 0..<200_000 {
            let x = Foundation.exp(g.uniform(-700, 700))
            worst = max(worst, ulps(FastMath.log(x), Foundation.log(x)))
        }
        for x in stride(from: 0.01, through: 3.0, by: 0.0001) where abs(x - 1) > 1e-3 {
            worst = max(worst, ulps(FastMath.log(x), Foundation.log(x)))
        }
        #expect(worst <= 2)
        #expect(ulps(FastMath.log(1 + 1e-12), Foundation.log(1 + 1e-12)) <= 2)
        #expect(FastMath.log(1) == 0)
        #expect(FastMath.log(0) == -.infinity && FastMath.log(-1).isNaN && FastMath.log(.infinity) == .infinity)
        #expect(ulps(FastMath.log(5e-324), Foundation.log(5e-324)) <= 2)
        #expect(abs(FastMath.log2(1001) - Foundation.log2(1001)) <= 4 * Foundation.log2(1001).ulp)
    }
}
