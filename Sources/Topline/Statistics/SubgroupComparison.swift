/// A subgroup compared with a total that contains it (ANZ inside "global").
///
/// The subgroup's respondents are part of the total, so the two estimates are
/// correlated and the independent test between them is wrong (it is too
/// conservative). The correct test compares the subgroup with the *rest* of
/// the total. `difference`s are subgroup − other, so a positive z means the
/// subgroup is higher.
public struct SubgroupComparison: Hashable, Sendable {
    /// p_rest = (p_T·n_T − p_A·n_A)/(n_T − n_A).
    public var restProportion: Double
    /// n_T − n_A.
    public var restN: Double
    /// The valid test: rest (first) → subgroup (second).
    public var versusRest: ComparisonResult
    /// The naive, invalid test of total (first) → subgroup (second), kept to
    /// show or explain what a tool ignoring the overlap would report.
    public var naive: ComparisonResult
    /// p_A − p_T, the published gap between subgroup and total.
    public var differenceFromTotal: Double
    /// SE(p_A − p_T) = (1 − n_A/n_T)·√(p_A q_A/n_A + p_r q_r/n_r), which
    /// accounts for the overlap (SPSS/expss "adjusted first column").
    public var standardErrorFromTotal: Double
    /// Lower bound of the interval of p_A − p_T with that standard error.
    public var ciLowFromTotal: Double
    /// Upper bound of the interval of p_A − p_T with that standard error.
    public var ciHighFromTotal: Double
}

extension TwoProportionTest {
    /// Tests a subgroup against the rest of the total containing it, and
    /// reports the naive subgroup-vs-total numbers alongside.
    ///
    /// Throws `stats.subgroup-not-smaller` when nSub ≥ nTotal (there is no
    /// rest to compare with) and `stats.inconsistent-subgroup` when the
    /// implied rest share falls outside [0, 1] (the inputs cannot describe a
    /// subgroup of that total). Published figures are rounded, so a rest share
    /// within 1e-9 of [0, 1] is clamped rather than refused.
    /// With a weighted total the unweighted rest is only an approximation.
    ///
    /// ```swift
    /// let r = try TwoProportionTest.subgroupVersusTotal(pSub: 0.64, nSub: 81, pTotal: 0.53, nTotal: 1709)
    /// _ = r.restProportion   // 0.5245270270
    /// _ = r.versusRest.z     // 2.032320 (p 0.042121), while r.naive.z is 1.939434 (p 0.052449)
    /// ```
    public static func subgroupVersusTotal(
        pSub: Double, nSub: Double, pTotal: Double, nTotal: Double, level: Double = 0.95
    ) throws(Diagnostic) -> SubgroupComparison {
        try StatisticsInput.proportion(pSub, "subgroup proportion")
        try StatisticsInput.proportion(pTotal, "total proportion")
        try StatisticsInput.base(nSub, "subgroup base")
        try StatisticsInput.base(nTotal, "total base")
        guard nSub < nTotal else {
            throw .error(
                .statsSubgroupNotSmaller,
                "the subgroup base (\(nSub)) must be smaller than the total base (\(nTotal)) it is part of")
        }
        let restN = nTotal - nSub
        let rawRest = (pTotal * nTotal - pSub * nSub) / restN
        guard rawRest >= -1e-9, rawRest <= 1 + 1e-9 else {
            throw .error(
                .statsInconsistentSubgroup,
                "a subgroup share of \(pSub) (n=\(nSub)) cannot be part of a total share of \(pTotal) (n=\(nTotal)): the rest would be \(rawRest)")
        }
        let rest = min(1, max(0, rawRest))
        let versusRest = try independent(p1: rest, n1: restN, p2: pSub, n2: nSub, level: level)
        let naive = try independent(p1: pTotal, n1: nTotal, p2: pSub, n2: nSub, level: level)
        let zCritical = try StatisticsInput.criticalValue(level: level)
        let difference = pSub - pTotal
        let se = (1 - nSub / nTotal) * versusRest.unpooledStandardError
        return SubgroupComparison(
            restProportion: rest, restN: restN, versusRest: versusRest, naive: naive,
            differenceFromTotal: difference, standardErrorFromTotal: se,
            ciLowFromTotal: difference - zCritical * se, ciHighFromTotal: difference + zCritical * se)
    }
}
