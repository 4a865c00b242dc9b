/// McNemar's test for two yes/no items answered by the same respondents
/// (now vs in 3-5 years, item A vs item B), from the joint 2×2 counts.
///
/// Only the discordant pairs carry information: b = yes→no (`firstOnly`) and
/// c = no→yes (`secondOnly`). χ² = (b − c)²/(b + c) on 1 df; the paired
/// difference is d = (c − b)/n = p₂ − p₁ with SE √(((b + c)/n − d²)/n).
///
/// The continuity correction is off by default, matching statsmodels
/// `mcnemar(table, exact=False, correction=False)`, expss and SPSS-style
/// tables, and so that the test agrees with the (uncorrected) Wald interval
/// of d that is reported next to it; the correction only makes the test more
/// conservative, which matters little at survey sizes. When it is on, the
/// statistic is max(0, |b − c| − 1)²/(b + c); the max(0, ·) differs from
/// statsmodels only when b = c, where statsmodels' formula gives 1/(b + c) > 0.
///
/// ```swift
/// let r = try McNemar.test(bothYes: 400, firstOnly: 60, secondOnly: 100, neither: 440)
/// _ = r.chiSquare   // 10.0
/// _ = r.pValue      // 0.0015654
/// ```
public enum McNemar {
    /// Runs the test. Throws `stats.invalid-count` for a negative count (or
    /// counts whose total overflows `Int`) and
    /// `stats.invalid-base` when all counts are zero. With no discordant pairs
    /// (b + c = 0) there is no evidence of a difference: χ² is 0 and p is 1.
    public static func test(
        bothYes: Int, firstOnly: Int, secondOnly: Int, neither: Int,
        continuityCorrection: Bool = false, level: Double = 0.95
    ) throws(Diagnostic) -> McNemarResult {
        guard bothYes >= 0, firstOnly >= 0, secondOnly >= 0, neither >= 0 else {
            throw .error(
                .statsInvalidCount,
                "paired counts must not be negative, got [[\(bothYes), \(firstOnly)], [\(secondOnly), \(neither)]]")
        }
        var total = 0
        for count in [bothYes, firstOnly, secondOnly, neither] {
            let (sum, overflow) = total.addingReportingOverflow(count)
            guard !overflow else { throw .error(.statsInvalidCount, "paired counts are too large to add up") }
            total = sum
        }
        guard total > 0 else {
            throw .error(.statsInvalidBase, "the paired table is empty: there are no respondents to test")
        }
        let zCritical = try StatisticsInput.criticalValue(level: level)
        let n = Double(total)
        let b = Double(firstOnly)
        let c = Double(secondOnly)
        let discordant = b + c
        let chiSquare: Double
        if discordant == 0 {
            chiSquare = 0
        } else {
            let gap = continuityCorrection ? max(0, abs(b - c) - 1) : abs(b - c)
            chiSquare = gap * gap / discordant
        }
        let d = (c - b) / n
        let se = max(0, (discordant / n - d * d) / n).squareRoot()
        return McNemarResult(
            n: total, firstOnly: firstOnly, secondOnly: secondOnly,
            firstProportion: Double(bothYes + firstOnly) / n,
            secondProportion: Double(bothYes + secondOnly) / n,
            continuityCorrection: continuityCorrection, level: level,
            chiSquare: chiSquare, pValue: ChiSquare.upperTailOneDF(chiSquare),
            difference: d, standardError: se,
            ciLow: d - zCritical * se, ciHigh: d + zCritical * se)
    }
}

/// The result of ``McNemar/test(bothYes:firstOnly:secondOnly:neither:continuityCorrection:level:)``.
public struct McNemarResult: Hashable, Sendable {
    /// Number of respondents (all four cells).
    public var n: Int
    /// b: yes on the first item, no on the second.
    public var firstOnly: Int
    /// c: no on the first item, yes on the second.
    public var secondOnly: Int
    /// p₁, the share saying yes to the first item.
    public var firstProportion: Double
    /// p₂, the share saying yes to the second item.
    public var secondProportion: Double
    /// Whether χ² used the continuity correction.
    public var continuityCorrection: Bool
    /// Confidence level of the interval of d.
    public var level: Double
    /// The McNemar statistic on 1 df.
    public var chiSquare: Double
    /// P(χ²₁ > chiSquare).
    public var pValue: Double
    /// d = (c − b)/n = p₂ − p₁.
    public var difference: Double
    /// √(((b + c)/n − d²)/n).
    public var standardError: Double
    /// Lower bound of the Wald interval of d.
    public var ciLow: Double
    /// Upper bound of the Wald interval of d.
    public var ciHigh: Double
}
