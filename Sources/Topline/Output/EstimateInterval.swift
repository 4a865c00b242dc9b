#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The formatters need an estimate's margin of error and interval to print
// them; these helpers compute both from the estimate's own method, level and
// effective base until the shared `Estimate` accessors land.

/// Half-width of the confidence interval of `e` at `e.level`, as a fraction
/// (0.0174 for ±1.7 pp); nil when the base is unknown or not positive.
///
/// Wald: z·√(p(1−p)/n). Wilson: z·√(p(1−p)/n + z²/4n²) / (1 + z²/n).
/// n is the effective base, so weighted estimates get the wider interval.
// TODO(merge): replace with Estimate.marginOfError
internal func estimateMarginOfError(_ e: Estimate) -> Double? {
    estimateHalfWidthAndCentre(e)?.halfWidth
}

/// The confidence interval of `e` as fractions; nil when the base is unknown.
/// Wald bounds are clipped to [0, 1]; Wilson bounds lie inside it already.
// TODO(merge): replace with Estimate.ciLow / Estimate.ciHigh
internal func estimateInterval(_ e: Estimate) -> (low: Double, high: Double)? {
    guard let (half, centre) = estimateHalfWidthAndCentre(e) else { return nil }
    switch e.method {
    case .wald: return (max(0, centre - half), min(1, centre + half))
    case .wilson: return (centre - half, centre + half)
    }
}

private func estimateHalfWidthAndCentre(_ e: Estimate) -> (halfWidth: Double, centre: Double)? {
    guard let n = e.effectiveN, n > 0, let z = zScore(level: e.level) else { return nil }
    let p = e.proportion
    guard p >= 0, p <= 1 else { return nil }
    switch e.method {
    case .wald:
        return (z * (p * (1 - p) / n).squareRoot(), p)
    case .wilson:
        let z2 = z * z
        let denominator = 1 + z2 / n
        let half = z * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot() / denominator
        return (half, (p + z2 / (2 * n)) / denominator)
    }
}

/// The two-sided normal quantile for `level` (1.959963984540054 for 0.95).
/// The usual levels are exact constants; others are solved from `erfc`.
private func zScore(level: Double) -> Double? {
    switch level {
    case 0.95: return 1.959963984540054
    case 0.90: return 1.6448536269514722
    case 0.99: return 2.5758293035489004
    default:
        guard level > 0, level < 1 else { return nil }
        // Two-sided tail mass erfc(z/√2) falls monotonically in z: bisect.
        var low = 0.0, high = 40.0
        for _ in 0..<100 {
            let mid = (low + high) / 2
            if erfc(mid / 2.0.squareRoot()) > 1 - level { low = mid } else { high = mid }
        }
        return (low + high) / 2
    }
}
