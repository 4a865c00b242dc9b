/// What can honestly be said about a paired difference when only the two
/// toplines are published (16% now, 57% in 3-5 years, same 1,709 CEOs).
///
/// Var(p₂ − p₁) = [p₁q₁ + p₂q₂ − 2(p₁₁ − p₁p₂)]/n needs p₁₁, the share
/// saying yes to both, which a topline does not give. The Fréchet bounds
/// max(0, p₁ + p₂ − 1) ≤ p₁₁ ≤ min(p₁, p₂) turn that into a range of
/// standard errors. No p-value is given: it would depend on the unknown p₁₁.
/// The independent-samples SE is included only to show how far off it is.
///
/// ```swift
/// let b = try PairedToplineBounds.compute(p1: 0.16, p2: 0.57, n: 1709)
/// _ = b.standardErrorLow    // 0.0118972586
/// _ = b.standardErrorHigh   // 0.0181325333
/// ```
public struct PairedToplineBounds: Hashable, Sendable {
    /// p₂ − p₁.
    public var difference: Double
    /// The n both shares are based on.
    public var n: Double
    /// Confidence level of the conservative interval.
    public var level: Double
    /// Smallest possible p₁₁, max(0, p₁ + p₂ − 1).
    public var jointLow: Double
    /// Largest possible p₁₁, min(p₁, p₂).
    public var jointHigh: Double
    /// SE of the difference at p₁₁ = ``jointHigh`` (the most positive correlation).
    public var standardErrorLow: Double
    /// SE of the difference at p₁₁ = ``jointLow`` (the most negative correlation).
    public var standardErrorHigh: Double
    /// √(p₁q₁/n + p₂q₂/n), which wrongly treats the two items as independent samples.
    public var independentStandardError: Double
    /// difference − z·``standardErrorHigh``: an interval valid whatever p₁₁ is.
    public var conservativeCILow: Double
    /// difference + z·``standardErrorHigh``.
    public var conservativeCIHigh: Double

    /// Computes the bounds. Throws `stats.invalid-proportion`,
    /// `stats.invalid-base` or `stats.invalid-level`.
    public static func compute(p1: Double, p2: Double, n: Double, level: Double = 0.95) throws(Diagnostic) -> PairedToplineBounds {
        try StatisticsInput.proportion(p1, "first proportion")
        try StatisticsInput.proportion(p2, "second proportion")
        try StatisticsInput.base(n, "base")
        let zCritical = try StatisticsInput.criticalValue(level: level)
        let jointLow = max(0, p1 + p2 - 1)
        let jointHigh = min(p1, p2)
        let marginal = p1 * (1 - p1) + p2 * (1 - p2)
        // Rounding can push the variance a hair below zero when p₁ = p₂ and p₁₁ = p₁.
        func se(_ joint: Double) -> Double {
            max(0, (marginal - 2 * (joint - p1 * p2)) / n).squareRoot()
        }
        let difference = p2 - p1
        let high = se(jointLow)
        return PairedToplineBounds(
            difference: difference, n: n, level: level,
            jointLow: jointLow, jointHigh: jointHigh,
            standardErrorLow: se(jointHigh), standardErrorHigh: high,
            independentStandardError: (marginal / n).squareRoot(),
            conservativeCILow: difference - zCritical * high,
            conservativeCIHigh: difference + zCritical * high)
    }
}
