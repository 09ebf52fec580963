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

    /// The polynomial and reduction constants, each repeated 8 times so that any lane width loads it
    /// with one plain vector load. The table lives in memory the compiler cannot see into, so AVX2
    /// code folds each constant into its fused multiply-add as a memory operand instead of spending a
    /// broadcast instruction per constant (the values, and so the results, are the same either way).
    @usableFromInline static let constants: UnsafePointer<Double> = {
        let values: [Double] = [
            // 0-3: exp's reduction.
            invLn2, 0x1.8p52, -ln2Lo, -ln2Hi,
            // 4-15: exp's polynomial c0 ... c11 (e^r on |r| <= ln2 / 2).
            1.0, 1.0, 0.5000000000000019, 0.1666666666666668, 0.0416666666664881, 0.008333333333319601,
            0.0013888888952314775, 0.00019841269890047113, 2.4801485482328494e-05, 2.755724091857897e-06,
            2.763263963904103e-07, 2.5110037605963777e-08,
            // 16-22: log's polynomial d0 ... d6 in z = s^2.
            0.666666666666667, 0.39999999999899505, 0.28571428625975487, 0.2222221113479508,
            0.18182889125261723, 0.15331721600556042, 0.14616449685043406,
            // 23-24: log's reconstruction.
            ln2Hi, ln2Lo,
        ]
        let p = UnsafeMutablePointer<Double>.allocate(capacity: values.count * 8)
        for (i, v) in values.enumerated() { (p + 8 * i).initialize(repeating: v, count: 8) }
        return UnsafePointer(p)
    }()

    /// Constant `i` of `constants` in every lane. Loops pass `constants` down once (`constants:`
    /// parameters) so the lazy global is not re-checked per call.
    @inlinable @inline(__always)
    static func c<V: ModelLane>(_ t: UnsafePointer<Double>, _ i: Int) -> V { V.load(t + 8 * i) }

    /// `e^x` lane by lane (same operations as the scalar `exp`).
    @_transparent
    public static func exp<V: ModelLane>(lanes x: V, constants t: UnsafePointer<Double> = constants) -> V {
        // Round to nearest with the 1.5 * 2^52 trick: no libm call on baseline x86-64.
        let shifted = V.fma(x, c(t, 0), c(t, 1))
        let k = shifted - 0x1.8p52
        let r = V.fma(k, c(t, 2), V.fma(k, c(t, 3), x))
        // e^r on |r| <= ln2 / 2 by a degree-11 polynomial (Chebyshev fit, |error| < 3.2e-18; the
        // Taylor series needs degree 13 for the same, two more operations per exp).
        // Estrin's scheme (pairs, then powers r^2, r^4, r^8): about a third of Horner's latency, which
        // is what limits the evaluator (each exp sits on a chain of dependent formulas).
        let r2 = r * r, r4 = r2 * r2, r8 = r4 * r4
        let q0 = V.fma(r, c(t, 5), c(t, 4)), q1 = V.fma(r, c(t, 7), c(t, 6))
        let q2 = V.fma(r, c(t, 9), c(t, 8)), q3 = V.fma(r, c(t, 11), c(t, 10))
        let q4 = V.fma(r, c(t, 13), c(t, 12)), q5 = V.fma(r, c(t, 15), c(t, 14))
        let s0 = V.fma(q1, r2, q0), s1 = V.fma(q3, r2, q2), s2 = V.fma(q5, r2, q4)
        let p = V.fma(s2, r8, V.fma(s1, r4, s0))
        let y = V.scaleByShiftedExponent(p, shifted)
        // NaN fails both comparisons and takes the slow path too.
        let inRange = V.magnitude(x) .< 708.39
        if inRange.allSet { return y }
        return V.select(inRange, y, expOutOfRange(lanes: x))
    }

    /// The slow path of `exp` for a whole vector, out of line: mapped inline, every caller's cold
    /// path held eight calls and the lane extractions (about 120 more instructions and 130 more stack
    /// accesses in the evaluator's block loop).
    @inline(never) @usableFromInline
    static func expOutOfRange<V: ModelLane>(lanes x: V) -> V { x.map(expOutOfRange) }

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
    @_transparent
    public static func log<V: ModelLane>(lanes x: V, constants t: UnsafePointer<Double> = constants) -> V {
        let (m0, e0) = V.significandAndExponent(x)
        let big = m0 .> 1.4142135623730951
        let m = V.select(big, m0 * 0.5, m0)
        let e = V.select(big, e0 + 1, e0)
        // log m = 2 atanh(s), s = (m - 1) / (m + 1), |s| <= 0.1716.
        let f = m - 1
        let s = f / (2 + f)
        let z = s * s
        // (2 atanh(s) - 2s) / (s z) on z <= 0.0295 by a degree-6 polynomial (Chebyshev fit, |error| <
        // 3.2e-16, below 5e-18 of log m after the factor s z; the series needs degree 9), by
        // Estrin's scheme like `exp`.
        let z2 = z * z, z4 = z2 * z2
        let p01 = V.fma(z, c(t, 17), c(t, 16)), p23 = V.fma(z, c(t, 19), c(t, 18))
        let p45 = V.fma(z, c(t, 21), c(t, 20))
        let u0 = V.fma(p23, z2, p01), u1 = V.fma(c(t, 22), z2, p45)
        let p = V.fma(u1, z4, u0)
        // 2s = f - s f keeps full precision near m = 1.
        let logM = V.fma(s * z, p, V.fma(-s, f, f))
        let y = V.fma(e, c(t, 23), V.fma(e, c(t, 24), logM))
        // Positive normal numbers only; zero, negative, subnormal, infinite and NaN take the slow path.
        let normal = (x .>= 0x1p-1022) .& (x .<= Double.greatestFiniteMagnitude)
        if normal.allSet { return y }
        return V.select(normal, y, logSpecial(lanes: x))
    }

    /// The slow path of `log` for a whole vector, out of line (as `expOutOfRange(lanes:)`).
    @inline(never) @usableFromInline
    static func logSpecial<V: ModelLane>(lanes x: V) -> V { x.map(logSpecial) }

    @usableFromInline static func logSpecial(_ x: Double) -> Double {
        if x >= 0x1p-1022 && x <= .greatestFiniteMagnitude { return log(x) }
        if x.isNaN || x < 0 { return .nan }
        if x == 0 { return -.infinity }
        if x == .infinity { return .infinity }
        // Subnormal: scale into the normal range.
        return log(x * 0x1p54) - 54 * 0.6931471805599453
    }
}
