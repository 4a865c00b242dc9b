#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The chi-square distribution: with one degree of freedom for McNemar's
/// test, with any for tests of independence.
public enum ChiSquare {
    /// P(χ²₁ > x). A χ²₁ variable is Z², so this is the two-sided normal tail
    /// at √x: `erfc(√(x/2))`, accurate far into the tail (701 → 1.8e-154).
    /// Returns 1 for x ≤ 0 and NaN for NaN.
    ///
    /// ```swift
    /// _ = ChiSquare.upperTailOneDF(3.841458820694124)  // 0.05
    /// ```
    public static func upperTailOneDF(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        guard x > 0 else { return 1 }
        return erfc((x / 2).squareRoot())
    }

    /// P(χ²_df > x): the regularised upper incomplete gamma Q(df/2, x/2), by its
    /// series below a + 1 and its continued fraction above (Numerical Recipes §6.2).
    static func upperTail(_ x: Double, df: Double) -> Double {
        if x.isNaN || df.isNaN { return .nan }
        guard x > 0 else { return 1 }
        if df == 1 { return upperTailOneDF(x) }
        let a = df / 2, y = x / 2
        let logFront = a * log(y) - y - lgamma(a)
        if y < a + 1 {
            var term = 1 / a, sum = term, k = a
            for _ in 0..<10_000 {
                k += 1
                term *= y / k
                sum += term
                if abs(term) < abs(sum) * 1e-17 { break }
            }
            return max(0, 1 - exp(logFront) * sum)
        }
        // Lentz's method for the continued fraction of Γ(a, y).
        let tiny = 1e-300
        var b = y + 1 - a, c = 1 / tiny, d = 1 / b, h = d
        for i in 1...10_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return exp(logFront) * h
    }
}
