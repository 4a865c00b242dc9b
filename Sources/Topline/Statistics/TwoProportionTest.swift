/// Two-proportion z-tests for independent samples: two groups, or two waves
/// of a survey with different respondents.
///
/// The test uses the pooled standard error (statsmodels `proportions_ztest`,
/// SPSS column-proportion tests, expss), and the interval of the difference
/// uses the unpooled one (statsmodels `confint_proportions_2indep(method='wald')`).
/// See ``ComparisonResult`` for the sign convention (second − first).
///
/// Do not use this for two items answered by the same respondents; see
/// ``McNemar`` and ``PairedToplineBounds``. A subgroup against a total that
/// contains it goes through ``subgroupVersusTotal(pSub:nSub:pTotal:nTotal:level:)``.
///
/// ```swift
/// let r = try TwoProportionTest.independent(p1: 0.18, n1: 1330, p2: 0.44, n2: 1344)
/// _ = r.z        // 14.526158…
/// _ = r.pValue   // 8.27e-48
/// ```
public enum TwoProportionTest {
    /// Pooled two-sample z-test of p₁ vs p₂ with the unpooled Wald interval of p₂ − p₁.
    /// Bases may be effective (non-integer) sizes.
    /// Throws `stats.invalid-proportion`, `stats.invalid-base` or `stats.invalid-level`.
    public static func independent(
        p1: Double, n1: Double, p2: Double, n2: Double, level: Double = 0.95
    ) throws(Diagnostic) -> ComparisonResult {
        try StatisticsInput.proportion(p1, "first proportion")
        try StatisticsInput.proportion(p2, "second proportion")
        try StatisticsInput.base(n1, "first base")
        try StatisticsInput.base(n2, "second base")
        let zCritical = try StatisticsInput.criticalValue(level: level)

        let difference = p2 - p1
        let pooled = (p1 * n1 + p2 * n2) / (n1 + n2)
        let pooledSE = (pooled * (1 - pooled) * (1 / n1 + 1 / n2)).squareRoot()
        let unpooledSE = (p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2).squareRoot()
        // A zero pooled SE means both shares are 0 or both are 1: no
        // difference and no evidence of one, rather than 0/0.
        let z = pooledSE > 0 ? difference / pooledSE : 0
        return ComparisonResult(
            first: p1, firstN: n1, second: p2, secondN: n2, level: level,
            difference: difference, pooledProportion: pooled,
            pooledStandardError: pooledSE, unpooledStandardError: unpooledSE,
            z: z, pValue: pooledSE > 0 ? Normal.twoSidedP(z: z) : 1,
            ciLow: difference - zCritical * unpooledSE, ciHigh: difference + zCritical * unpooledSE,
            ratio: p1 > 0 ? p2 / p1 : nil,
            relativeChange: p1 > 0 ? difference / p1 : nil)
    }

    /// The same test on two estimates, using their effective bases and the
    /// first estimate's level. Refuses (`stats.unknown-base`) when either base is unknown.
    public static func independent(_ first: Estimate, _ second: Estimate) throws(Diagnostic) -> ComparisonResult {
        let n1 = try StatisticsInput.base(of: first, "first estimate")
        let n2 = try StatisticsInput.base(of: second, "second estimate")
        return try independent(p1: first.proportion, n1: n1, p2: second.proportion, n2: n2, level: first.level)
    }
}
