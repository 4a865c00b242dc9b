#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Student's t and the beta distribution, as far as design-based intervals
/// need them: the two-sided critical value t(df) and beta quantiles (the
/// Korn–Graubard interval). Both go through the regularized incomplete beta
/// function (a continued fraction, Lentz's method) and are inverted to full
/// double precision, so they agree with R's `qt` and `qbeta` to about 1e-13.
///
/// ```swift
/// _ = StudentT.criticalValue(level: 0.95, df: 14)  // 2.1447866879169...
/// ```
public enum StudentT {
    /// The two-sided critical value: the (1 + level)/2 quantile of t(df);
    /// NaN when df ≤ 0 or the level is outside (0, 1). An infinite df is the normal one.
    public static func criticalValue(level: Double, df: Double) -> Double {
        guard level > 0, level < 1, df > 0, !df.isNaN else { return .nan }
        if df.isInfinite { return Normal.criticalValue(level: level) }
        return upperQuantile(tail: (1 - level) / 2, df: df)
    }

    /// P(T > t) for t ≥ 0.
    static func upperTail(_ t: Double, df: Double) -> Double {
        let x = df / (df + t * t)
        return 0.5 * Beta.regularized(x, df / 2, 0.5)
    }

    /// The density of t(df) at t.
    static func density(_ t: Double, df: Double) -> Double {
        let logC = lgamma((df + 1) / 2) - lgamma(df / 2) - 0.5 * log(df * Double.pi)
        return exp(logC - (df + 1) / 2 * log1p(t * t / df))
    }

    /// The t with P(T > t) = tail, for 0 < tail < 0.5: bracketing, then Newton.
    static func upperQuantile(tail: Double, df: Double) -> Double {
        var low = 0.0, high = 1.0
        while upperTail(high, df: df) > tail { low = high; high *= 2; if high > 1e300 { return .infinity } }
        var t = (low + high) / 2
        for _ in 0..<200 {
            let f = upperTail(t, df: df) - tail
            if f > 0 { low = t } else { high = t }
            let step = f / density(t, df: df)
            var next = t + step
            if !(next > low && next < high) { next = (low + high) / 2 }
            if next == t || high - low <= 4 * t.ulp { t = next; break }
            t = next
        }
        return t
    }
}

/// The beta distribution: the regularized incomplete beta function and its quantile.
public enum Beta {
    /// I_x(a, b), the CDF of Beta(a, b) at x.
    public static func regularized(_ x: Double, _ a: Double, _ b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logFront = a * log(x) + b * log1p(-x) - (lgamma(a) + lgamma(b) - lgamma(a + b))
        if x < (a + 1) / (a + b + 2) {
            return exp(logFront) * continuedFraction(x, a, b) / a
        }
        return 1 - exp(logFront) * continuedFraction(1 - x, b, a) / b
    }

    /// The continued fraction of the incomplete beta function (modified Lentz).
    private static func continuedFraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...10_000 {
            let m = Double(m), m2 = 2 * m
            var aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2))
            d = 1 + aa * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1))
            d = 1 + aa * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return h
    }

    /// The p-quantile of Beta(a, b): 0 when a ≤ 0, 1 when b ≤ 0 (the limits
    /// R's `qbeta` takes), otherwise by bisection and Newton steps to full precision.
    public static func quantile(_ p: Double, _ a: Double, _ b: Double) -> Double {
        guard !p.isNaN, !a.isNaN, !b.isNaN else { return .nan }
        if a <= 0 { return 0 }
        if b <= 0 { return 1 }
        if p <= 0 { return 0 }
        if p >= 1 { return 1 }
        var low = 0.0, high = 1.0
        var x = a / (a + b)
        let logB = lgamma(a) + lgamma(b) - lgamma(a + b)
        for _ in 0..<400 {
            let f = regularized(x, a, b) - p
            if f < 0 { low = x } else { high = x }
            let density = exp((a - 1) * log(x) + (b - 1) * log1p(-x) - logB)
            var next = density > 0 && density.isFinite ? x - f / density : .nan
            if !(next > low && next < high) { next = (low + high) / 2 }
            if next == x || high - low <= 2 * x.ulp { x = next; break }
            x = next
        }
        return x
    }
}
