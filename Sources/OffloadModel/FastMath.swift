/// Inlined `exp`, `log` and `log2` for the model's hot loops, accurate to about one ulp.
///
/// The evaluator is the inner loop of every solver (MILP option enumeration, GA fitness, RL
/// rewards); glibc's versions cost a call, an errno wrapper and ~50 instructions each. These use
/// the classic reductions (`x = k ln2 + r` for exp, `x = 2^e m` with the atanh series for log)
/// with fused multiply-add polynomials, written once over `ModelLane`: the scalar functions and the
/// evaluator's SIMD lanes run the same operations and give bit-identical results. Lanes outside the
/// polynomial's range (overflow, underflow, zero, negative, subnormal, infinite, NaN) take a scalar
/// slow path. Every formula of the model uses them, so all methods and the evaluator see identical
/// numbers. Tests compare them against the C library.
public enum FastMath {
    @usableFromInline static let ln2Hi = 6.93147180369123816490e-01
    @usableFromInline static let ln2Lo = 1.90821492927058770002e-10
    @usableFromInline static let invLn2 = 1.44269504088896338700e+00

    /// `e^x`; `+inf` above 709.78, `0` below -745.13, NaN for NaN.
    @inlinable @inline(__always)
    public static func exp(_ x: Double) -> Double { exp(lanes: x) }

    /// Natural logarithm; NaN below 0, `-inf` at 0, `+inf` at `+inf`.
    @inlinable @inline(__always)
    public static func log(_ x: Double) -> Double { log(lanes: x) }

    /// Base-2 logarithm.
    @inlinable @inline(__always)
    public static func log2(_ x: Double) -> Double { log(x) * invLn2 }

    /// `e^x` lane by lane (same operations as the scalar `exp`).
    @inlinable @inline(__always)
    public static func exp<V: ModelLane>(lanes x: V) -> V {
        // Round to nearest with the 1.5 * 2^52 trick: no libm call on baseline x86-64.
        let shifted = V.fma(x, V(repeating: invLn2), V(repeating: 0x1.8p52))
        let k = shifted - 0x1.8p52
        let r = V.fma(k, V(repeating: -ln2Lo), V.fma(k, V(repeating: -ln2Hi), x))
        // Taylor series of e^r to r^13 / 13!; |r| <= 0.347 so the remainder is below 4e-18.
        var p = V.fma(r, V(repeating: 1.0 / 6227020800.0), V(repeating: 1.0 / 479001600.0))
        p = V.fma(p, r, V(repeating: 1.0 / 39916800.0))
        p = V.fma(p, r, V(repeating: 1.0 / 3628800.0))
        p = V.fma(p, r, V(repeating: 1.0 / 362880.0))
        p = V.fma(p, r, V(repeating: 1.0 / 40320.0))
        p = V.fma(p, r, V(repeating: 1.0 / 5040.0))
        p = V.fma(p, r, V(repeating: 1.0 / 720.0))
        p = V.fma(p, r, V(repeating: 1.0 / 120.0))
        p = V.fma(p, r, V(repeating: 1.0 / 24.0))
        p = V.fma(p, r, V(repeating: 1.0 / 6.0))
        p = V.fma(p, r, V(repeating: 0.5))
        p = V.fma(p, r, V(repeating: 1.0))
        p = V.fma(p, r, V(repeating: 1.0))
        let y = V.scaleByShiftedExponent(p, shifted)
        // NaN fails both comparisons and takes the slow path too.
        let inRange = (x .> -708.39) .& (x .< 708.39)
        if inRange.allSet { return y }
        return V.select(inRange, y, x.map(expOutOfRange))
    }

    /// `exp` where `2^k` leaves the normal range, or NaN.
    @usableFromInline static func expOutOfRange(_ x: Double) -> Double {
        if x > -708.39 && x < 708.39 { return exp(x) }
        if x.isNaN { return x }
        if x >= 708.39 { return x > 709.782712893384 ? .infinity : expSlow(x) }
        return x < -745.1332191019412 ? 0 : expSlow(x)
    }

    /// The tails of `exp`: scale in two steps.
    @usableFromInline static func expSlow(_ x: Double) -> Double {
        let half = exp(x / 2)
        return half * half
    }

    /// Natural logarithm lane by lane (same operations as the scalar `log`).
    @inlinable @inline(__always)
    public static func log<V: ModelLane>(lanes x: V) -> V {
        let (m0, e0) = V.significandAndExponent(x)
        let big = m0 .> 1.4142135623730951
        let m = V.select(big, m0 * 0.5, m0)
        let e = V.select(big, e0 + 1, e0)
        // log m = 2 atanh(s), s = (m - 1) / (m + 1), |s| <= 0.1716.
        let f = m - 1
        let s = f / (2 + f)
        let z = s * s
        var p = V.fma(z, V(repeating: 2.0 / 21.0), V(repeating: 2.0 / 19.0))
        p = V.fma(p, z, V(repeating: 2.0 / 17.0))
        p = V.fma(p, z, V(repeating: 2.0 / 15.0))
        p = V.fma(p, z, V(repeating: 2.0 / 13.0))
        p = V.fma(p, z, V(repeating: 2.0 / 11.0))
        p = V.fma(p, z, V(repeating: 2.0 / 9.0))
        p = V.fma(p, z, V(repeating: 2.0 / 7.0))
        p = V.fma(p, z, V(repeating: 2.0 / 5.0))
        p = V.fma(p, z, V(repeating: 2.0 / 3.0))
        // 2s = f - s f keeps full precision near m = 1.
        let logM = V.fma(s * z, p, V.fma(-s, f, f))
        let y = V.fma(e, V(repeating: ln2Hi), V.fma(e, V(repeating: ln2Lo), logM))
        // Positive normal numbers only; zero, negative, subnormal, infinite and NaN take the slow path.
        let normal = (x .>= 0x1p-1022) .& (x .<= Double.greatestFiniteMagnitude)
        if normal.allSet { return y }
        return V.select(normal, y, x.map(logSpecial))
    }

    @usableFromInline static func logSpecial(_ x: Double) -> Double {
        if x >= 0x1p-1022 && x <= .greatestFiniteMagnitude { return log(x) }
        if x.isNaN || x < 0 { return .nan }
        if x == 0 { return -.infinity }
        if x == .infinity { return .infinity }
        // Subnormal: scale into the normal range.
        return log(x * 0x1p54) - 54 * 0.6931471805599453
    }
}
