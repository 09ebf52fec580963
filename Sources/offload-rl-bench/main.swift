// offload-rl-bench: long-running checks of the RL core that stay out of `swift test`.
//
//   offload-rl-bench pendulum [--seeds 1,2,3] [--steps 25000] [--verbose] [--no-sde] [--sde-freq N]
//                                                                           PPO anchor run, JSON lines on stdout
//   offload-rl-bench gemm [--repeats N]                                      OpenBLAS vs hand SIMD at MLP sizes
import Foundation
import NeuralNet
import OffloadRL

func value(of flag: String, in args: [String]) -> String? {
    guard let i = args.firstIndex(of: flag), i + 1 < args.count else { return nil }
    return args[i + 1]
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    exit(2)
}

func printJSON<T: Encodable>(_ value: T) {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    if let data = try? encoder.encode(value), let text = String(data: data, encoding: .utf8) { print(text) }
}

func runPendulum(_ args: [String]) {
    let seedText = value(of: "--seeds", in: args) ?? "1,2,3"
    var seeds: [UInt64] = []
    for part in seedText.split(separator: ",") {
        guard let s = UInt64(part) else { fail("--seeds: '\(part)' is not a non-negative integer") }
        seeds.append(s)
    }
    let stepsText = value(of: "--steps", in: args) ?? "25000"
    guard let steps = Int(stepsText), steps > 0 else { fail("--steps: '\(stepsText)' is not a positive integer") }
    let verbose = args.contains("--verbose")
    var config = PPOConfig.pendulumAnchor
    if args.contains("--no-sde") { config.policy.stateDependentExploration = false }
    if let text = value(of: "--sde-freq", in: args) {
        guard let f = Int(text) else { fail("--sde-freq: '\(text)' is not an integer") }
        config.sdeSampleFrequency = f
    }
    for seed in seeds {
        do {
            let result = try PPOBenchmark.pendulum(steps: steps, seed: seed, config: config) { p in
                guard verbose else { return }
                let r = p.meanEpisodeReturn.map { String(format: "%.1f", $0) } ?? "-"
                FileHandle.standardError.write(Data(String(
                    format: "seed %llu iter %d steps %d return %@ pg %.4f vf %.3f ent %.3f kl %.4f clip %.3f\n",
                    seed, p.iteration, p.transitions, r, p.policyLoss, p.valueLoss, p.entropy, p.approxKL, p.clipFraction).utf8))
            }
            printJSON(result)
        } catch {
            fail("\(error)")
        }
    }
}

/// Times `C = A B` at the MLP's shapes with OpenBLAS (one thread) and the hand SIMD kernel.
func runGEMM(_ args: [String]) {
    GEMM.useSingleThread()
    let repeats = Int(value(of: "--repeats", in: args) ?? "") ?? 20000
    struct Row: Encodable { var shape: String; var blasNanoseconds: Double; var simdNanoseconds: Double; var blasGFLOPS: Double; var simdGFLOPS: Double; var maxAbsDifference: Float }
    // (m, k, n): batch x in -> out
    let shapes = [(64, 3, 128), (64, 128, 64), (64, 64, 16), (1, 3, 128), (1, 128, 64), (1, 64, 16)]
    var rng = Xoshiro256StarStar(seed: 7)
    for (m, k, n) in shapes {
        let a = FloatBuffer((0..<(m * k)).map { _ in rng.nextGaussianFloat() })
        let b = FloatBuffer((0..<(k * n)).map { _ in rng.nextGaussianFloat() })
        let c1 = FloatBuffer(count: m * n), c2 = FloatBuffer(count: m * n)
        func time(_ body: () -> Void) -> Double {
            for _ in 0..<200 { body() }
            var best = Double.infinity
            for _ in 0..<5 {
                let t0 = DispatchTime.now().uptimeNanoseconds
                for _ in 0..<repeats { body() }
                let t1 = DispatchTime.now().uptimeNanoseconds
                best = min(best, Double(t1 - t0) / Double(repeats))
            }
            return best
        }
        let tb = time { GEMM.multiply(m: m, n: n, k: k, a: a.pointer, lda: k, b: b.pointer, ldb: n, beta: 0, c: c1.pointer, ldc: n) }
        let ts = time { c2.zero(); SIMDGEMM.multiplyAccumulate(m: m, n: n, k: k, a: a.pointer, b: b.pointer, c: c2.pointer) }
        var diff: Float = 0
        for i in 0..<(m * n) { diff = max(diff, abs(c1[i] - c2[i])) }
        let flops = 2.0 * Double(m * n * k)
        printJSON(Row(shape: "\(m)x\(k) * \(k)x\(n)", blasNanoseconds: tb, simdNanoseconds: ts,
                      blasGFLOPS: flops / tb, simdGFLOPS: flops / ts, maxAbsDifference: diff))
    }
}

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "pendulum": runPendulum(Array(arguments.dropFirst()))
case "gemm": runGEMM(Array(arguments.dropFirst()))
default:
    fail("usage: offload-rl-bench pendulum [--seeds 1,2,3] [--steps 25000] [--verbose] [--no-sde] [--sde-freq N] | gemm [--repeats N]")
}
