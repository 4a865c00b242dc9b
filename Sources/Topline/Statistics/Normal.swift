#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The standard normal distribution: CDF, quantile, two-sided p-values and
/// the critical values used for confidence intervals.
///
/// Tail probabilities go through the C library's `erfc`, which keeps full
/// relative precision far into the tails (Φ(−14.5) ≈ 1.3e−48), where
/// `1 − Φ(x)` would round to zero. This matches how scipy's `ndtr` works, so
/// results agree with statsmodels to within a few ulps.
///
/// ```swift
/// _ = Normal.cdf(1.959963984540054)        // 0.975
/// _ = Normal.twoSidedP(z: 14.526158)       // ≈ 8.27e-48
/// _ = Normal.criticalValue(level: 0.95)    // 1.959963984540054
/// ```
public enum Normal {
    /// √½, multiplied rather than dividing by √2 to round like scipy.
    private static let sqrtHalf = 0.70710678118654752440

    /// Φ(x), the probability that a standard normal variable is at most `x`.
    ///
    /// Near zero `erf` is used (it is accurate there); elsewhere the tail is
    /// taken from `erfc`, so tiny lower-tail values keep relative precision.
    public static func cdf(_ x: Double) -> Double {
        let t = x * sqrtHalf
        if abs(t) < sqrtHalf { return 0.5 + 0.5 * erf(t) }
        let tail = 0.5 * erfc(abs(t))
        return t > 0 ? 1 - tail : tail
    }

    /// The two-sided p-value 2·(1 − Φ(|z|)) of a z statistic, computed as
    /// `erfc(|z|/√2)` so that it never underflows to 0 before ≈ 1e-308.
    /// NaN in gives NaN out.
    public static func twoSidedP(z: Double) -> Double {
        erfc(abs(z) * sqrtHalf)
    }

    /// Φ⁻¹(p), by Wichura's algorithm AS 241 (PPND16), accurate to about
    /// 1e-16 relative. Returns −∞ at 0, +∞ at 1 and NaN outside [0, 1].
    public static func quantile(_ p: Double) -> Double {
        guard p >= 0, p <= 1 else { return .nan }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        let q = p - 0.5
        if abs(q) <= 0.425 {
            let r = 0.180625 - q * q
            return q * AS241.central.numerator(r) / AS241.central.denominator(r)
        }
        var r = (-log(q < 0 ? p : 1 - p)).squareRoot()
        let value: Double
        if r <= 5 {
            r -= 1.6
            value = AS241.intermediate.numerator(r) / AS241.intermediate.denominator(r)
        } else {
            r -= 5
            value = AS241.tail.numerator(r) / AS241.tail.denominator(r)
        }
        return q < 0 ? -value : value
    }

    /// The two-sided critical value z with P(|Z| ≤ z) = `level`, e.g. 0.95 → 1.959963984540054.
    ///
    /// The common levels 0.90, 0.95 and 0.99 come from a table of exact
    /// constants (equal to `scipy.stats.norm.ppf(0.5 + level/2)`), so published
    /// worked numbers reproduce bit for bit; other levels use ``quantile(_:)``.
    /// Returns NaN unless 0 < level < 1.
    public static func criticalValue(level: Double) -> Double {
        switch level {
        case 0.90: return 1.6448536269514722
        case 0.95: return 1.959963984540054
        case 0.99: return 2.5758293035489004
        default:
            guard level > 0, level < 1 else { return .nan }
            return quantile(0.5 + level / 2)
        }
    }
}

/// Coefficients of AS 241 (Wichura 1988, Applied Statistics 37:477-484):
/// rational approximations for the central region |p − ½| ≤ 0.425, for
/// √(−log min(p, 1−p)) ≤ 5, and for the far tails beyond that.
private enum AS241 {
    struct Rational {
        let a: [Double]  // numerator, constant term first
        let b: [Double]  // denominator, constant term (1) first

        func numerator(_ r: Double) -> Double { horner(a, r) }
        func denominator(_ r: Double) -> Double { horner(b, r) }

        private func horner(_ c: [Double], _ x: Double) -> Double {
            var acc = 0.0
            for coefficient in c.reversed() { acc = acc * x + coefficient }
            return acc
        }
    }

    static let central = Rational(
        a: [3.3871328727963666080e0, 1.3314166789178437745e+2, 1.9715909503065514427e+3,
            1.3731693765509461125e+4, 4.5921953931549871457e+4, 6.7265770927008700853e+4,
            3.3430575583588128105e+4, 2.5090809287301226727e+3],
        b: [1, 4.2313330701600911252e+1, 6.8718700749205790830e+2, 5.3941960214247511077e+3,
            2.1213794301586595867e+4, 3.9307895800092710610e+4, 2.8729085735721942674e+4,
            5.2264952788528545610e+3])

    static let intermediate = Rational(
        a: [1.42343711074968357734e0, 4.63033784615654529590e0, 5.76949722146069140550e0,
            3.64784832476320460504e0, 1.27045825245236838258e0, 2.41780725177450611770e-1,
            2.27238449892691845833e-2, 7.74545014278341407640e-4],
        b: [1, 2.05319162663775882187e0, 1.67638483018380384940e0, 6.89767334985100004550e-1,
            1.48103976427480074590e-1, 1.51986665636164571966e-2, 5.47593808499534494600e-4,
            1.05075007164441684324e-9])

    static let tail = Rational(
        a: [6.65790464350110377720e0, 5.46378491116411436990e0, 1.78482653991729133580e0,
            2.96560571828504891230e-1, 2.65321895265761230930e-2, 1.24266094738807843860e-3,
            2.71155556874348757815e-5, 2.01033439929228813265e-7],
        b: [1, 5.99832206555887937690e-1, 1.36929880922735805310e-1, 1.48753612908506148525e-2,
            7.86869131145613259100e-4, 1.84631831751005468180e-5, 1.42151175831644588870e-7,
            2.04426310338993978564e-15])
}
