#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The chi-square distribution with one degree of freedom, as used by McNemar's test.
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
}
