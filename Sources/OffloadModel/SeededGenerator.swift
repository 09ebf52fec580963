#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// xoshiro256** seeded through SplitMix64: small, fast and reproducible on every platform.
///
/// All randomness in the project flows through this generator (or one derived from it with
/// `derived(_:)`), so the same seed gives the same numbers. The helpers below do not use the
/// standard library's `random(in:)` because its algorithm is not promised to stay fixed.
public struct SeededGenerator: RandomNumberGenerator, Sendable, Hashable {
    private var s0, s1, s2, s3: UInt64

    public init(seed: UInt64) {
        var sm = seed
        func splitMix(_ x: inout UInt64) -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix(&sm); s1 = splitMix(&sm); s2 = splitMix(&sm); s3 = splitMix(&sm)
    }

    /// An independent stream for a sub-task (e.g. slot `t` or episode `e`), stable under reordering.
    public func derived(_ stream: UInt64) -> SeededGenerator {
        SeededGenerator(seed: s0 ^ (stream &* 0xD1B5_4A32_D192_ED03) ^ (s2 &+ 0x632B_E59B_D9B4_E019))
    }

    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t
        s3 = (s3 << 45) | (s3 >> 19)
        return result
    }

    /// Uniform in [0, 1).
    public mutating func uniform() -> Double { Double(next() >> 11) * 0x1p-53 }
    /// Uniform in [a, b).
    public mutating func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * uniform() }
    /// Uniform integer in [0, n).
    public mutating func index(below n: Int) -> Int {
        precondition(n > 0, "index(below:) needs n > 0")
        return Int((UInt128(next()) &* UInt128(n)) >> 64)
    }
    /// Standard normal (Box-Muller).
    public mutating func normal() -> Double {
        let u1 = max(uniform(), 0x1p-60)
        return sqrt(-2 * log(u1)) * cos(2 * Double.pi * uniform())
    }
    /// Bernoulli trial with probability `p`.
    public mutating func bernoulli(_ p: Double) -> Bool { uniform() < p }
}
