/// Confidence intervals for a single proportion.
///
/// `n` is a `Double` so that a Kish effective sample size (see
/// ``ShareAccumulator``) can be used in place of the raw count. Both
/// functions return NaN bounds when `n` is not positive or `p` is outside
/// [0, 1]: there is no meaningful interval then, and callers such as
/// ``Estimate/ciLow`` turn that into "no interval".
///
/// ```swift
/// let z = Normal.criticalValue(level: 0.95)
/// _ = ProportionInterval.wilson(p: 0.16, n: 1709, z: z)   // (0.14338…, 0.17814…, centre 0.16076…, halfWidth 0.01737…)
/// _ = ProportionInterval.wald(p: 0.9, n: 30, z: z)        // (0.79265…, 1.0, clipped: true)
/// ```
public enum ProportionInterval {
    /// The normal-approximation ("Wald") interval p ± z·√(p(1−p)/n).
    ///
    /// Bounds are clipped to [0, 1], as statsmodels' `method='normal'` does;
    /// `clipped` says whether that happened, because a clipped Wald interval
    /// is a sign the approximation has failed (B.7) and output should say so.
    /// At p = 0 or p = 1 the interval has zero width: one more reason Wilson
    /// is the default.
    public static func wald(p: Double, n: Double, z: Double) -> (low: Double, high: Double, clipped: Bool) {
        guard isValid(p: p, n: n) else { return (.nan, .nan, false) }
        let halfWidth = z * (p * (1 - p) / n).squareRoot()
        let low = p - halfWidth
        let high = p + halfWidth
        return (max(0, low), min(1, high), low < 0 || high > 1)
    }

    /// The Wilson score interval (Wilson 1927; recommended by Brown, Cai &
    /// DasGupta 2001): centre (p + z²/2n)/(1 + z²/n), half-width
    /// z·√(p(1−p)/n + z²/4n²)/(1 + z²/n).
    ///
    /// It always lies inside [0, 1] and is well-defined at p = 0 and p = 1,
    /// where the lower (upper) bound is exactly 0 (1); the formula only
    /// gets within an ulp of that, so those bounds are set exactly.
    public static func wilson(p: Double, n: Double, z: Double) -> (low: Double, high: Double, centre: Double, halfWidth: Double) {
        guard isValid(p: p, n: n) else { return (.nan, .nan, .nan, .nan) }
        let z2 = z * z
        let denominator = 1 + z2 / n
        let centre = (p + z2 / (2 * n)) / denominator
        let halfWidth = z * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot() / denominator
        let low = p == 0 ? 0 : max(0, centre - halfWidth)
        let high = p == 1 ? 1 : min(1, centre + halfWidth)
        return (low, high, centre, halfWidth)
    }

    /// Whether the normal approximation is usually considered adequate:
    /// n·p ≥ `minimumCount` and n·(1−p) ≥ `minimumCount` (Moore uses 10, some texts 5).
    /// The comparison allows 1e-9 of rounding, so that p = 0.9, n = 100
    /// (n·(1−p) = 9.999999999999998 in binary) counts as 10.
    public static func normalApproximationHolds(p: Double, n: Double, minimumCount: Double = 10) -> Bool {
        let threshold = minimumCount - 1e-9
        return n * p >= threshold && n * (1 - p) >= threshold
    }

    private static func isValid(p: Double, n: Double) -> Bool {
        n > 0 && n.isFinite && p >= 0 && p <= 1
    }
}
