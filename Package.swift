// swift-tools-version: 6.0
import PackageDescription
import Foundation

// Layering (each line may only use what is above it):
//   OffloadModel        system model + the one evaluator (no solver code, no I/O beyond Codable)
//   OffloadScenarios    instance files, validation, seeded generators -> OffloadModel slots
//   GLPK / NeuralNet    thin Swift owners of C libraries (GLPK, OpenBLAS); know nothing of offloading
//   OffloadSolvers      Local, Non-semantic, Random, GA, MILP: know the model, not the CLI
//   OffloadRL           PPO and environments on top of NeuralNet + the model
//   OffloadExperiments  compare/sweep runners, statistics, plots
//   offload             thin CLI (swift-argument-parser)
// The model, solvers and RL environment use FMA/AVX2 (any x86-64 CPU since 2013). NeuralNet stays on
// the baseline target: its C shim's inline SSE code would be FMA-contracted under haswell, which changes
// training trajectories (the pendulum anchors in docs/RL.md were measured on the baseline target).
//
// On AMD Zen 4 and later (AVX-512 with BF16) the optimized modules are built for `znver4`, and on
// Intel Sapphire Rapids and later (AVX-512 with FP16) for `sapphirerapids`, as with `-march=native`:
// the evaluator's 8-user vectors then fit one register and its masks the mask registers
// (`OFFLOAD_AVX512`; measured against the AVX2 build in docs/BENCHMARKS.md, sixth round). On the
// Intel target the per-user arrays are left to the hardware prefetchers (`OFFLOAD_HARDWARE_STREAMS`,
// same section). Results do not depend on the choice: every fused multiply-add
// is explicit and each lane sees the same IEEE operations. `OFFLOAD_TARGET_CPU=haswell swift build ...`
// builds for any AVX2 machine.
let targetCPU: String = {
    if let cpu = Context.environment["OFFLOAD_TARGET_CPU"], !cpu.isEmpty { return cpu }
    #if os(Linux) && arch(x86_64)
    if let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
       let flagLine = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) {
        let flags = Set(flagLine.split(separator: " "))
        let avx512: Set<Substring> = ["avx512f", "avx512dq", "avx512bw", "avx512vl"]
        if info.contains("AuthenticAMD"), flags.isSuperset(of: avx512.union(["avx512_bf16"])) { return "znver4" }
        if info.contains("GenuineIntel"), flags.isSuperset(of: avx512.union(["avx512_fp16", "avx512_bf16"])) {
            return "sapphirerapids"
        }
    }
    #endif
    return "haswell"
}()
let optimize: [SwiftSetting] = [.unsafeFlags(["-Ounchecked", "-wmo", "-target-cpu", targetCPU], .when(configuration: .release))]
    + (["znver4", "sapphirerapids"].contains(targetCPU) ? [.define("OFFLOAD_AVX512", .when(configuration: .release))] : [])
    + (targetCPU == "sapphirerapids" ? [.define("OFFLOAD_HARDWARE_STREAMS", .when(configuration: .release))] : [])
let portableOptimize: [SwiftSetting] = [.unsafeFlags(["-Ounchecked", "-wmo"], .when(configuration: .release))]

let package = Package(
    name: "offload",
    products: [
        .executable(name: "offload", targets: ["offload"]),
        .library(name: "OffloadModel", targets: ["OffloadModel"]),
        .library(name: "OffloadSolvers", targets: ["OffloadSolvers"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(name: "CGLPK", path: "Sources/CGLPK"),
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS"),
        .systemLibrary(name: "CPrefetch", path: "Sources/CPrefetch"),
        .systemLibrary(name: "CLaneMask", path: "Sources/CLaneMask"),
        .systemLibrary(name: "CClockProbe", path: "Sources/CClockProbe"),
        .target(name: "GLPK", dependencies: ["CGLPK"]),
        .target(name: "NeuralNet", dependencies: ["CBLAS"], swiftSettings: portableOptimize),
        .target(name: "OffloadModel", dependencies: ["CPrefetch", "CLaneMask"], swiftSettings: optimize),
        .target(name: "OffloadScenarios", dependencies: ["OffloadModel"]),
        .target(name: "OffloadSolvers", dependencies: ["OffloadModel", "OffloadScenarios", "GLPK"], swiftSettings: optimize),
        .target(name: "OffloadRL", dependencies: ["OffloadModel", "OffloadScenarios", "OffloadSolvers", "NeuralNet"], swiftSettings: optimize),
        .target(name: "OffloadExperiments", dependencies: ["OffloadModel", "OffloadScenarios", "OffloadSolvers", "OffloadRL", "CClockProbe"]),
        .executableTarget(name: "offload-rl-bench", dependencies: ["OffloadRL", "NeuralNet"], swiftSettings: optimize),
        .executableTarget(name: "offload", dependencies: [
            "OffloadModel", "OffloadScenarios", "OffloadSolvers", "OffloadRL", "OffloadExperiments", "GLPK", "NeuralNet",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "OffloadModelTests", dependencies: ["OffloadModel", "OffloadScenarios"]),
        .testTarget(name: "OffloadScenariosTests", dependencies: ["OffloadModel", "OffloadScenarios"]),
        .testTarget(name: "OffloadSolversTests", dependencies: ["OffloadModel", "OffloadScenarios", "OffloadSolvers"]),
        .testTarget(name: "GLPKTests", dependencies: ["GLPK"]),
        .testTarget(name: "NeuralNetTests", dependencies: ["NeuralNet"]),
        .testTarget(name: "OffloadRLTests", dependencies: ["OffloadRL", "NeuralNet", "OffloadModel", "OffloadScenarios"]),
        .testTarget(name: "OffloadExperimentsTests", dependencies: ["OffloadExperiments"]),
        .testTarget(name: "CLITests", dependencies: ["offload"]),
    ],
    swiftLanguageModes: [.v5]
)
