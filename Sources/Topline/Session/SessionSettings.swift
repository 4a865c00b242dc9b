/// Settings that change how results are computed and shown; `set` changes them.
public struct SessionSettings: Sendable {
    /// Confidence level for intervals: 0.90, 0.95 or 0.99. `set level 90`.
    public var confidenceLevel: Double = 0.95
    /// The interval method used for estimates. `set interval wald`.
    public var intervalMethod: IntervalMethod = .wilson
    /// The interval of shares on a survey design (R's `svyciprop` methods): `set interval logit|beta|mean`.
    public var designInterval: DesignIntervalMethod = .logit
    /// How a stratum with one PSU is treated, as R's `survey.lonely.psu`: `set lonely_psu fail|remove|adjust|certainty|average`.
    public var lonelyPSU: LonelyPSU = .fail
    /// How `compare … by …` adjusts p-values for testing several groups: `set adjust holm|bonferroni`.
    public var adjustment: PValueAdjustment.Method = .holm
    /// How a banner table adjusts the p-values of the column tests of a row: `set letters_adjust none|bonferroni|holm`
    /// (nil: none). Bonferroni by default, as SPSS's "compare column proportions".
    public var lettersAdjustment: PValueAdjustment.Method? = .bonferroni
    /// McNemar's test with Edwards' continuity correction, (|b−c|−1)²/(b+c):
    /// `set continuity on`. Off by default, as statsmodels' `mcnemar(exact=False, correction=False)`.
    public var continuityCorrection = false
    /// Small-base rules: `set suppress_below 30`, `set flag_below 50`, `set flag_ci_width 20`.
    public var smallBase = SmallBasePolicy()

    /// A new estimate under these settings. With `set interval wald`, Wald
    /// gives way to Wilson where n·p or n·(1−p) is below 10.
    func estimate(_ p: Double, n: Int?, effectiveN: Double? = nil) -> Estimate {
        smallBase.resolvingMethod(Estimate(proportion: p, n: n, effectiveN: effectiveN, level: confidenceLevel,
                                           method: intervalMethod, policy: smallBase))
    }

    public init() {}
}
