import Testing
@testable import OffloadModel
import OffloadScenarios

/// `Lanes8` (two 4-lane halves) must give, lane by lane, exactly what the scalar formulas and
/// `SIMD8<Double>` give: the evaluator uses it on AVX2 builds and `SIMD8<Double>` on AVX-512 builds.
@Suite struct Lanes8Tests {
    @Test func mixedOutcomeLanesMatchScalarAndSIMD8() {
        var g = SeededGenerator(seed: 29)
        let c = Presets.leoTaskClasses[2].cost
        let specials: [Double] = [0, 1, .nan, .infinity, -1, 1e-310]
        func pick(_ lo: Double, _ hi: Double) -> Double { g.uniform() < 0.1 ? specials[g.index(below: specials.count)] : g.uniform(lo, hi) }
        for _ in 0..<1000 {
            var I = SIMD8<Double>(), mu = I, p = I, b = I, fl = I, f = I, h = I, d = I
            var off = SIMDMask<SIMD8<Int64>>(repeating: false)
            for i in 0..<8 {
                I[i] = pick(5e5, 2e7); mu[i] = pick(0.1, 1); p[i] = pick(0, 0.2); b[i] = pick(0, 2e6)
                fl[i] = pick(0, 5e9); f[i] = pick(0, 1e9); h[i] = pick(1e-16, 1e-12); d[i] = pick(6e5, 9e5)
                off[i] = g.uniform() < 0.6
            }
            func outcome<V: ModelLane>(_ m: V.Mask, _ v: (SIMD8<Double>) -> V) -> OutcomeLanes<V> {
                let k = { (x: Double) in V(repeating: x) }
                return SystemModel.outcomeLanes(
                    offloads: m, anyOffload: true, payloadBits: v(I), deviceCyclesPerBit: k(c.deviceCyclesPerBit),
                    serverCyclesPerBit: k(c.serverCyclesPerBit), encoderCyclesPerBit: k(c.encoderCyclesPerBit),
                    decoderCyclesPerBit: k(c.decoderCyclesPerBit), encoderExponent: k(c.encoderExponent),
                    decoderExponent: k(c.decoderExponent), maxAccuracy: k(c.maxAccuracy),
                    accuracyExponent: k(c.accuracyExponent), sensingRateBps: k(2e7), sensingPowerW: k(0.1),
                    dtDeviation: k(0.07), capacitance: k(1e-28), serverDeviation: k(0.05), gain: v(h), rangeM: v(d),
                    noiseDensity: 4e-21, serverComputesDecoded: false, semanticRatio: v(mu), powerW: v(p),
                    bandwidthHz: v(b), computeHz: v(fl), frequencyHz: v(f))
            }
            var lo = SIMDMask<SIMD4<Int64>>(repeating: false), hi = lo
            for i in 0..<4 { lo[i] = off[i]; hi[i] = off[4 + i] }
            let pair = Lanes8.Mask(lo: lo, hi: hi)
            let o8 = outcome(pair) { Lanes8(lo: $0.lowHalf, hi: $0.highHalf) }
            let s8 = outcome(off) { $0 }
            for i in 0..<8 {
                let scalar = outcome(off[i]) { $0[i] }.user(0)
                #expect(BatchAgreementTests.same(o8.user(i), scalar), "Lanes8 lane \(i): \(o8.user(i)) vs \(scalar)")
                #expect(BatchAgreementTests.same(s8.user(i), scalar), "SIMD8 lane \(i): \(s8.user(i)) vs \(scalar)")
            }
        }
    }

    @Test func masksLoadsAndCounts() {
        let a = Lanes8(lo: SIMD4(1, .nan, 3, -0.0), hi: SIMD4(5, 6, -7, .infinity))
        let m = a .> 2
        #expect((0..<8).map { m[$0] } == [false, false, true, false, true, true, false, true])
        #expect(Lanes8.trueCount(m) == 4 && m.anySet && !m.allSet)
        #expect(Lanes8.trueCount(.!m) == 4 && (m .| .!m).allSet && !(m .& .!m).anySet)
        let s = Lanes8.select(m, a, Lanes8(repeating: 0))
        #expect((0..<8).map { s[$0] } == [0, 0, 3, 0, 5, 6, 0, .infinity])
        let ints: [Int32] = [-1, 0, 3, 7, -5, 2, 9, Int32.max]
        let flags: [Bool] = [true, false, false, true, true, true, false, true]
        ints.withUnsafeBufferPointer { p in
            let v = Lanes8.load(int32: p.baseAddress!), w = SIMD8<Double>.load(int32: p.baseAddress!)
            #expect((0..<8).allSatisfy { v[$0] == Double(ints[$0]) && w[$0] == Double(ints[$0]) })
        }
        flags.withUnsafeBufferPointer { p in
            let v = Lanes8.load(flags: p.baseAddress!), w = SIMD4<Double>.load(flags: p.baseAddress! + 4)
            #expect((0..<8).allSatisfy { v[$0] == (flags[$0] ? 1 : 0) })
            #expect((0..<4).allSatisfy { w[$0] == (flags[4 + $0] ? 1 : 0) })
        }
        #expect(SIMD8<Double>.trueCount(SIMD8<Double>(1, 2, 3, 4, 5, 6, 7, 8) .> 5.5) == 3)
        #expect(SIMD4<Double>.trueCount(SIMD4<Double>(1, 2, 3, 4) .< 2.5) == 2)
    }

    /// Bit `i` of `bitmask` is lane `i` of the mask, for every vector type the evaluator may use.
    @Test func bitmasksNameTheSetLanes() {
        let a = Lanes8(lo: SIMD4(1, .nan, 3, -0.0), hi: SIMD4(5, 6, -7, .infinity))
        #expect(Lanes8.bitmask(a .> 2) == 0b1011_0100)
        #expect(Lanes8.bitmask(.!(a .> 2)) == 0b0100_1011)
        #expect(Lanes8.bitmask(a .> 1e300) == 0b1000_0000 && Lanes8.bitmask(a .< -1e300) == 0)
        let s = SIMD8<Double>(1, .nan, 3, -0.0, 5, 6, -7, .infinity)
        #expect(SIMD8<Double>.bitmask(s .> 2) == 0b1011_0100)
        #expect(SIMD8<Double>.bitmask(s .== s) == 0b1111_1101)
        #expect(SIMD4<Double>.bitmask(SIMD4<Double>(1, 2, 3, 4) .>= 2) == 0b1110)
        // Visiting set lanes by trailing-zero count gives them in lane order.
        var bits = Lanes8.bitmask(a .> 2), lanes: [Int] = []
        while bits != 0 { lanes.append(bits.trailingZeroBitCount); bits &= bits - 1 }
        #expect(lanes == [2, 4, 5, 7])
    }
}
