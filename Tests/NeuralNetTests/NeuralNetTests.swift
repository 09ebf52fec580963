import Foundation
import Testing
@testable import NeuralNet

@Suite("RNG")
struct RNGTests {
    @Test func sameSeedSameBits() {
        var a = Xoshiro256StarStar(seed: 42), b = Xoshiro256StarStar(seed: 42), c = Xoshiro256StarStar(seed: 43)
        let sa = (0..<100).map { _ in a.next() }, sb = (0..<100).map { _ in b.next() }, sc = (0..<100).map { _ in c.next() }
        #expect(sa == sb)
        #expect(sa != sc)
    }

    @Test func splitMixReferenceValue() {
        // SplitMix64 with seed 0: first output is 0xE220A8397B1DCDAF (reference implementation).
        var s = SplitMix64(seed: 0)
        #expect(s.next() == 0xE220_A839_7B1D_CDAF)
    }

    @Test func gaussianMoments() {
        var r = Xoshiro256StarStar(seed: 1)
        let n = 200_000
        var sum = 0.0, sq = 0.0
        for _ in 0..<n { let x = r.nextGaussian(); sum += x; sq += x * x }
        let mean = sum / Double(n), variance = sq / Double(n) - mean * mean
        #expect(abs(mean) < 0.01)
        #expect(abs(variance - 1) < 0.02)
    }

    @Test func uniformRange() {
        var r = Xoshiro256StarStar(seed: 9)
        for _ in 0..<10_000 {
            let f = r.nextUnitFloat(), d = r.uniform(-2, 3)
            #expect(f >= 0 && f < 1)
            #expect(d >= -2 && d < 3)
        }
    }
}

@Suite("Elementary functions and GEMM")
struct KernelTests {
    @Test func fastTanhMatchesLibm() {
        let xs: [Float] = stride(from: -12, through: 12, by: 0.001).map { Float($0) } + [0, -0, 1e-5, -3e-4, 0.0004]
        let buffer = FloatBuffer(xs)
        FastMath.tanh(buffer.pointer, count: xs.count)
        var worst: Float = 0
        for (i, x) in xs.enumerated() { worst = max(worst, abs(buffer[i] - Foundation.tanh(x))) }
        #expect(worst < 1e-6)
    }

    @Test func gemmTransposesMatchNaive() {
        var rng = Xoshiro256StarStar(seed: 3)
        let m = 5, n = 7, k = 4
        let a = (0..<(m * k)).map { _ in rng.nextGaussianFloat() }   // m x k
        let b = (0..<(k * n)).map { _ in rng.nextGaussianFloat() }   // k x n
        var expected = [Float](repeating: 0, count: m * n)
        for i in 0..<m { for j in 0..<n { for p in 0..<k { expected[i * n + j] += a[i * k + p] * b[p * n + j] } } }
        // Stored transposes: at (k x m), bt (n x k).
        var at = [Float](repeating: 0, count: m * k), bt = [Float](repeating: 0, count: k * n)
        for i in 0..<m { for p in 0..<k { at[p * m + i] = a[i * k + p] } }
        for p in 0..<k { for j in 0..<n { bt[j * k + p] = b[p * n + j] } }
        for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
            let A = FloatBuffer(ta ? at : a), B = FloatBuffer(tb ? bt : b), C = FloatBuffer(count: m * n)
            GEMM.multiply(transA: ta, transB: tb, m: m, n: n, k: k, a: A.pointer, lda: ta ? m : k,
                          b: B.pointer, ldb: tb ? k : n, beta: 0, c: C.pointer, ldc: n)
            for i in 0..<(m * n) { #expect(abs(C[i] - expected[i]) < 1e-5) }
        }
        // The hand SIMD kernel agrees on its supported shape.
        let n16 = 32
        let b16 = (0..<(k * n16)).map { _ in rng.nextGaussianFloat() }
        let C1 = FloatBuffer(count: m * n16), C2 = FloatBuffer(count: m * n16)
        let A = FloatBuffer(a), B = FloatBuffer(b16)
        GEMM.multiply(m: m, n: n16, k: k, a: A.pointer, lda: k, b: B.pointer, ldb: n16, beta: 0, c: C1.pointer, ldc: n16)
        SIMDGEMM.multiplyAccumulate(m: m, n: n16, k: k, a: A.pointer, b: B.pointer, c: C2.pointer)
        for i in 0..<(m * n16) { #expect(abs(C1[i] - C2[i]) < 1e-5) }
    }
}

@Suite("Initialisation")
struct InitTests {
    /// W is stored inputs x outputs; the smaller side is orthonormal (times gain).
    @Test(arguments: [(3, 8), (8, 3), (6, 6)])
    func orthogonal(shape: (Int, Int)) {
        let (inputs, outputs) = shape
        var rng = Xoshiro256StarStar(seed: 11)
        let gain: Float = 1.5
        let w = Initializer.orthogonal(inputs: inputs, outputs: outputs, gain: gain, rng: &rng)
        if inputs <= outputs {
            // rows orthonormal: W W^T = gain^2 I
            for r in 0..<inputs { for s in 0..<inputs {
                var dot: Float = 0
                for o in 0..<outputs { dot += w[r * outputs + o] * w[s * outputs + o] }
                #expect(abs(dot - (r == s ? gain * gain : 0)) < 1e-5)
            } }
        } else {
            for c in 0..<outputs { for d in 0..<outputs {
                var dot: Float = 0
                for i in 0..<inputs { dot += w[i * outputs + c] * w[i * outputs + d] }
                #expect(abs(dot - (c == d ? gain * gain : 0)) < 1e-5)
            } }
        }
    }
}

@Suite("MLP gradients")
struct MLPGradientTests {
    /// Loss = sum(output * R) for a fixed random R; dL/doutput = R.
    func loss(_ net: MLP, _ params: ParameterSet, _ x: FloatBuffer, _ r: [Float], batch: Int) -> Double {
        let ws = MLPWorkspace(network: net, batch: batch)
        net.forward(params, input: x.pointer, workspace: ws)
        var l = 0.0
        for i in 0..<r.count { l += Double(ws.output[i]) * Double(r[i]) }
        return l
    }

    @Test(arguments: [Activation.tanh, .relu])
    func parameterAndInputGradientsMatchCentralDifferences(activation: Activation) {
        var layout = ParameterLayout()
        let net = MLP(inputSize: 3, hidden: [6, 5], outputSize: 2, activation: activation, layout: &layout)
        let params = ParameterSet(count: layout.count)
        var rng = Xoshiro256StarStar(seed: 5)
        net.initialize(params, hidden: .orthogonal(gain: 1.3), output: .orthogonal(gain: 0.7), rng: &rng)
        // Non-zero biases so every parameter matters.
        for l in net.layers { for o in 0..<l.outputs { params.values[l.biasOffset + o] = Float(rng.uniform(-0.3, 0.3)) } }
        let batch = 4
        let x = FloatBuffer((0..<(batch * 3)).map { _ in Float(rng.uniform(-1, 1)) })
        let r = (0..<(batch * 2)).map { _ in Float(rng.uniform(-1, 1)) }

        let ws = MLPWorkspace(network: net, batch: batch)
        net.forward(params, input: x.pointer, workspace: ws)
        for i in 0..<r.count { ws.outputGradient[i] = r[i] }
        params.zeroGradients()
        let gx = FloatBuffer(count: batch * 3)
        net.backward(params, input: x.pointer, workspace: ws, inputGradient: gx.pointer)

        // ReLU's kinks make wide differences wrong when a pre-activation is near 0: step smaller.
        let h: Float = activation == .relu ? 1e-4 : 1e-2
        var checked = 0
        for i in 0..<params.count {
            let saved = params.values[i]
            params.values[i] = saved + h
            let lp = loss(net, params, x, r, batch: batch)
            params.values[i] = saved - h
            let lm = loss(net, params, x, r, batch: batch)
            params.values[i] = saved
            let numeric = (lp - lm) / Double(2 * h)
            let analytic = Double(params.gradients[i])
            #expect(abs(numeric - analytic) <= 2e-3 + 2e-2 * abs(numeric), "parameter \(i): numeric \(numeric) analytic \(analytic)")
            checked += 1
        }
        #expect(checked == params.count)
        for i in 0..<(batch * 3) {
            let saved = x[i]
            x[i] = saved + h
            let lp = loss(net, params, x, r, batch: batch)
            x[i] = saved - h
            let lm = loss(net, params, x, r, batch: batch)
            x[i] = saved
            let numeric = (lp - lm) / Double(2 * h)
            #expect(abs(numeric - Double(gx[i])) <= 2e-3 + 2e-2 * abs(numeric), "input \(i)")
        }
    }

    @Test func gradientsAccumulateAcrossBackwardCalls() {
        var layout = ParameterLayout()
        let net = MLP(inputSize: 2, hidden: [4], outputSize: 1, activation: .tanh, layout: &layout)
        let params = ParameterSet(count: layout.count)
        var rng = Xoshiro256StarStar(seed: 2)
        net.initialize(params, hidden: .orthogonal(gain: 1), output: .orthogonal(gain: 1), rng: &rng)
        let x = FloatBuffer([0.3, -0.2])
        let ws = MLPWorkspace(network: net, batch: 1)
        params.zeroGradients()
        net.forward(params, input: x.pointer, workspace: ws); ws.outputGradient[0] = 1
        net.backward(params, input: x.pointer, workspace: ws)
        let once = params.gradients.array
        net.forward(params, input: x.pointer, workspace: ws); ws.outputGradient[0] = 1
        net.backward(params, input: x.pointer, workspace: ws)
        for i in 0..<once.count { #expect(abs(params.gradients[i] - 2 * once[i]) < 1e-6) }
    }
}

@Suite("Optimiser")
struct OptimiserTests {
    @Test func adamMatchesHandComputation() {
        let params = ParameterSet(count: 2)
        params.values.assign([1, -2])
        let adam = Adam(parameterCount: 2, learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-5)
        var p = [1.0, -2.0], m = [0.0, 0.0], v = [0.0, 0.0]
        let grads: [[Double]] = [[0.5, -0.1], [0.2, 0.3], [-0.4, 0.0]]
        for (t, g) in grads.enumerated() {
            params.gradients.assign(g.map(Float.init))
            adam.step(params)
            let step = Double(t + 1)
            for i in 0..<2 {
                m[i] = 0.9 * m[i] + 0.1 * g[i]
                v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i]
                let mHat = m[i] / (1 - pow(0.9, step)), vHat = v[i] / (1 - pow(0.999, step))
                p[i] -= 0.1 * mHat / (vHat.squareRoot() + 1e-5)
            }
            #expect(abs(Double(params.values[0]) - p[0]) < 1e-5)
            #expect(abs(Double(params.values[1]) - p[1]) < 1e-5)
        }
        #expect(adam.stepCount == 3)
    }

    @Test func adamFirstStepExactNumbers() {
        // Step 1 with g = 0.5: m = 0.05, v = 0.00025, bias-corrected 0.5 and 0.25:
        // p = 1 - 0.1 * (0.05 / 0.1) / (sqrt(0.00025) / sqrt(0.001) + 1e-5) = 1 - 0.1 * 0.5 / 0.50001 = 0.9000020
        let params = ParameterSet(count: 1)
        params.values.assign([1])
        params.gradients.assign([0.5])
        let adam = Adam(parameterCount: 1, learningRate: 0.1)
        adam.step(params)
        #expect(abs(params.values[0] - 0.900002) < 1e-6)
        let (m, v) = adam.moments
        #expect(abs(m[0] - 0.05) < 1e-7)
        #expect(abs(v[0] - 0.00025) < 1e-8)
    }

    @Test func globalNormClipping() {
        let params = ParameterSet(count: 2)
        params.gradients.assign([3, 4])
        let norm = params.clipGradientNorm(maxNorm: 1)
        #expect(abs(norm - 5) < 1e-6)
        #expect(abs(params.gradients[0] - 0.6) < 1e-5)
        #expect(abs(params.gradients[1] - 0.8) < 1e-5)
        // Below the threshold nothing changes.
        params.gradients.assign([0.3, 0.4])
        params.clipGradientNorm(maxNorm: 1)
        #expect(params.gradients.array == [0.3, 0.4])
    }

    @Test func learningRateSchedules() {
        #expect(LearningRateSchedule.constant.rate(base: 1e-3, progressRemaining: 0.25) == 1e-3)
        #expect(abs(LearningRateSchedule.linear.rate(base: 1e-3, progressRemaining: 0.25) - 2.5e-4) < 1e-9)
        #expect(LearningRateSchedule.linear.rate(base: 1e-3, progressRemaining: -0.1) == 0)
    }
}
