/// Inlined `exp`, `log` and `log2` for the model's hot loops, accurate to about one ulp.
///
/// The evaluator is the inner loop of every solver (MILP option enumeration, GA fitness, RL
/// rewards); glibc's versions cost a call, an errno wrapper and ~50 instructions each. These use
/// the classic reductions (`x = k ln2 + r` for exp, `x = 2^e m` with the atanh series for log)
/// with FMA-friendly polynomials. Every formula of the model uses them, so all methods and the
/// evaluator see identical numbers. Tests compare them against the C library.
public enum FastMath {
    @usableFromInline static let ln2Hi = 6.93147180369123816490e-01
    @usableFromInline static let ln2Lo = 1.90821492927058770002e-10
    @usableFromInline static let invLn2 = 1.44269504088896338700e+00

    /// `e^x`; `+inf` above 709.78, `0` below -745.13, NaN for NaN.
    @inlinable @inline(__always)
    public static func exp(_ x: Double) -> Double {
        if !(x > -708.39 && x < 708.39) {
            if x.isNaN { return x }
            if x >= 708.39 { return x > 709.782712893384 ? .infinity : expSlow(x) }
            return x < -745.1332191019412 ? 0 : expSlow(x)
        }
        // Round to nearest with the 1.5 * 2^52 trick: no libm call on baseline x86-64.
        let shifted = x * invLn2 + 0x1.8p52
        let k = shifted - 0x1.8p52
        let r = (x - k * ln2Hi) - k * ln2Lo
        // Taylor series of e^r to r^13 / 13!; |r| <= 0.347 so the remainder is below 4e-18.
        var p = 1.0 / 6227020800.0
        p = p * r + 1.0 / 479001600.0
        p = p * r + 1.0 / 39916800.0
        p = p * r + 1.0 / 3628800.0
        p = p * r + 1.0 / 362880.0
        p = p * r + 1.0 / 40320.0
        p = p * r + 1.0 / 5040.0
        p = p * r + 1.0 / 720.0
        p = p * r + 1.0 / 120.0
        p = p * r + 1.0 / 24.0
        p = p * r + 1.0 / 6.0
        p = p * r + 0.5
        p = p * r + 1.0
        p = p * r + 1.0
        // The low bits of `shifted` hold k as an integer.
        let ki = Int64(truncatingIfNeeded: shifted.bitPattern & 0xFFFF_FFFF) &- 0x8000_0000
        return p * Double(bitPattern: UInt64(bitPattern: ki &+ 1023) << 52)
    }

    /// The tails of `exp` where `2^k` leaves the normal range: scale in two steps.
    @usableFromInline static func expSlow(_ x: Double) -> Double {
        let half = exp(x / 2)
        return half * half
    }

    /// Natural logarithm; NaN below 0, `-inf` at 0, `+inf` at `+inf`.
    @inlinable @inline(__always)
    public static func log(_ x: Double) -> Double {
        let bits = x.bitPattern
        let biased = Int64(bitPattern: bits >> 52)
        // Negative, zero, subnormal, infinite and NaN all fall outside (0, 2047).
        guard biased > 0 && biased < 2047 else { return logSpecial(x) }
        var e = biased &- 1023
        var m = Double(bitPattern: (bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000) // [1, 2)
        if m > 1.4142135623730951 { m *= 0.5; e &+= 1 }
        // log m = 2 atanh(s), s = (m - 1) / (m + 1), |s| <= 0.1716.
        let f = m - 1
        let s = f / (2 + f)
        let z = s * s
        var p = 2.0 / 21.0
        p = p * z + 2.0 / 19.0
        p = p * z + 2.0 / 17.0
        p = p * z + 2.0 / 15.0
        p = p * z + 2.0 / 13.0
        p = p * z + 2.0 / 11.0
        p = p * z + 2.0 / 9.0
        p = p * z + 2.0 / 7.0
        p = p * z + 2.0 / 5.0
        p = p * z + 2.0 / 3.0
        // 2s = f - s f keeps full precision near m = 1.
        let logM = (f - s * f) + s * z * p
        let de = Double(e)
        return de * ln2Hi + (logM + de * ln2Lo)
    }

    @usableFromInline static func logSpecial(_ x: Double) -> Double {
        if x.isNaN || x < 0 { return .nan }
        if x == 0 { return -.infinity }
        if x == .infinity { return .infinity }
        // Subnormal: scale into the normal range.
        return log(x * 0x1p54) - 54 * 0.6931471805599453
    }

    /// Base-2 logarithm.
    @inlinable @inline(__always)
    public static func log2(_ x: Double) -> Double { log(x) * invLn2 }
}
