import Foundation

/// Student's t distribution with `nu` degrees of freedom: CDF, density and inverse CDF.
///
/// The CDF goes through the regularized incomplete beta function,
/// `P(T > t) = 0.5 * I_{nu/(nu+t^2)}(nu/2, 1/2)` for `t >= 0`, and the quantile inverts it by a
/// Newton iteration kept inside a bisection bracket. A table would only cover integer
/// degrees of freedom; solving the equation is accurate (to ~1e-12 relative, tested against
/// `scipy.stats.t.ppf` for df 1...1000) for any real `nu > 0`.
public enum StudentT {
    /// Density `f(t) = Gamma((nu+1)/2) / (sqrt(nu pi) Gamma(nu/2)) * (1 + t^2/nu)^(-(nu+1)/2)`.
    /// Returns NaN for `nu <= 0` or non-finite input.
    public static func density(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        guard nu > 0, nu.isFinite, !t.isNaN else { return .nan }
        let logNorm = lgamma((nu + 1) / 2) - lgamma(nu / 2) - 0.5 * log(nu * Double.pi)
        return exp(logNorm - (nu + 1) / 2 * log1p(t * t / nu))
    }

    /// Upper tail `P(T > t)`, computed directly (not as `1 - cdf`) so that small tail
    /// probabilities keep their relative precision.
    public static func survival(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        guard nu > 0, nu.isFinite, !t.isNaN else { return .nan }
        if t == .infinity { return 0 }
        if t == -.infinity { return 1 }
        // x = nu/(nu+t^2) and 1-x = t^2/(nu+t^2) are both formed directly to avoid cancellation.
        let t2 = t * t
        let x = nu / (nu + t2)
        let xc = t2 / (nu + t2)
        let halfTail = 0.5 * IncompleteBeta.regularized(a: nu / 2, b: 0.5, x: x, complement: xc)
        return t >= 0 ? halfTail : 1 - halfTail
    }

    /// Distribution function `P(T <= t)`.
    public static func cdf(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        guard nu > 0, nu.isFinite, !t.isNaN else { return .nan }
        return survival(-t, degreesOfFreedom: nu)
    }

    /// Inverse CDF: the `t` with `P(T <= t) = p`.
    ///
    /// Returns `-inf`/`+inf` for `p = 0`/`1` and NaN for `p` outside [0, 1], `nu <= 0` or
    /// non-finite `nu`. Closed forms are used for `nu = 1` (Cauchy: `tan(pi (p - 1/2))`) and
    /// `nu = 2` (`(2p - 1) / sqrt(2 p (1 - p))`).
    public static func quantile(_ p: Double, degreesOfFreedom nu: Double) -> Double {
        guard nu > 0, nu.isFinite, p >= 0, p <= 1 else { return .nan }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        if p == 0.5 { return 0 }
        if nu == 1 { return tan(Double.pi * (p - 0.5)) }
        if nu == 2 { return (2 * p - 1) / (2 * p * (1 - p)).squareRoot() }
        // Solve P(T > t) = q on t >= 0 with q the smaller tail, then restore the sign.
        let q = min(p, 1 - p)
        let sign: Double = p > 0.5 ? 1 : -1
        // Bracket [lo, hi] with survival(lo) >= q > survival(hi).
        var lo = 0.0
        var hi = 1.0
        while survival(hi, degreesOfFreedom: nu) > q {
            lo = hi
            hi *= 2
            if !hi.isFinite { return sign * .infinity }
        }
        var t = 0.5 * (lo + hi)
        for _ in 0..<200 {
            let f = survival(t, degreesOfFreedom: nu) - q
            if f > 0 { lo = t } else { hi = t }
            let slope = -density(t, degreesOfFreedom: nu)
            var next = slope != 0 ? t - f / slope : .nan
            // Newton converges quadratically near the root; when it jumps out of the bracket
            // (flat density far in the tail) bisection guarantees progress instead.
            if !(next > lo && next < hi) { next = 0.5 * (lo + hi) }
            if abs(next - t) <= 1e-15 * max(1, abs(t)) { t = next; break }
            t = next
        }
        return sign * t
    }
}

/// Regularized incomplete beta function `I_x(a, b)` (internal helper for `StudentT`).
enum IncompleteBeta {
    /// `I_x(a, b) = B(x; a, b) / B(a, b)`, with `complement` = `1 - x` supplied by the caller
    /// when it can form it more accurately than `1 - x`.
    ///
    /// Uses the continued fraction of Numerical Recipes (2007) §6.4 evaluated by the modified
    /// Lentz method, applied to `I_x(a,b)` when `x < (a+1)/(a+b+2)` and otherwise to the
    /// symmetric `1 - I_{1-x}(b, a)`, where the fraction converges fast.
    static func regularized(a: Double, b: Double, x: Double, complement xc: Double) -> Double {
        if x <= 0 { return 0 }
        if xc <= 0 { return 1 }
        let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log(xc)
        let front = exp(logFront)
        if x < (a + 1) / (a + b + 2) {
            return front * continuedFraction(a: a, b: b, x: x) / a
        }
        return 1 - front * continuedFraction(a: b, b: a, x: xc) / b
    }

    private static func continuedFraction(a: Double, b: Double, x: Double) -> Double {
        let tiny = 1e-300
        let eps = 1e-16
        let qab = a + b, qap = a + 1, qam = a - 1
        var c = 1.0
        var d = 1 - qab * x / qap
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...100_000 {
            let m = Double(m)
            let m2 = 2 * m
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2))
            d = 1 + aa * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
            d = 1 + aa * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < eps { break }
        }
        return h
    }
}
