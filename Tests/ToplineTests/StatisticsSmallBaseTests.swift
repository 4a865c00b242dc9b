import Testing
import Topline

/// Small-base suppression and flagging, and the Wald → Wilson switch: survey-statistics.md B.7.
@Suite struct StatisticsSmallBaseTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var estimate: Estimate
        var expected: BaseAssessment
        var testDescription: String { "p=\(estimate.proportion) n=\(estimate.n.map(String.init) ?? "nil")" }
    }

    static let cases: [Case] = [
        Case(estimate: Estimate(proportion: 0.3, n: nil), expected: .unknownBase),
        Case(estimate: Estimate(proportion: 0.3, n: 12), expected: .suppressed(reason: "base n=12 is below 30")),
        Case(estimate: Estimate(proportion: 0.3, n: 29), expected: .suppressed(reason: "base n=29 is below 30")),
        // PwC Middle East (35) and Africa (45).
        Case(estimate: Estimate(proportion: 0.49, n: 35), expected: .flagged(reason: "base n=35 is below 50")),
        Case(estimate: Estimate(proportion: 0.5, n: 45), expected: .flagged(reason: "base n=45 is below 50")),
        Case(estimate: Estimate(proportion: 0.5, n: 100, effectiveN: 40),
             expected: .flagged(reason: "effective base n_eff=40.0 is below 50")),
        // Wilson width at p=0.5, n=60 is 0.2453 > 0.20 (statsmodels).
        Case(estimate: Estimate(proportion: 0.5, n: 60), expected: .flagged(reason: "95% CI width 24.5 pp exceeds 20.0 pp")),
        Case(estimate: Estimate(proportion: 0.5, n: 100), expected: .ok),  // width 0.1923
        Case(estimate: Estimate(proportion: 0.86, n: 81), expected: .ok),
        Case(estimate: Estimate(proportion: 0.16, n: 1709), expected: .ok),
    ]

    @Test(arguments: cases)
    func defaultPolicy(_ c: Case) {
        #expect(SmallBasePolicy().assess(c.estimate) == c.expected)
    }

    @Test func thresholdsAreConfigurable() {
        var policy = SmallBasePolicy()
        policy.suppressBelow = 100
        #expect(policy.assess(Estimate(proportion: 0.5, n: 60)) == .suppressed(reason: "base n=60 is below 100"))
        policy = SmallBasePolicy()
        policy.flagCIWidthAbove = 0.25
        #expect(policy.assess(Estimate(proportion: 0.5, n: 60)) == .ok)
        let ninety = Estimate(proportion: 0.5, n: 60, level: 0.99)
        #expect(policy.assess(ninety) == .flagged(reason: "99% CI width 31.6 pp exceeds 25.0 pp"))
    }

    @Test func waldSwitchesToWilsonWhenTheRuleFails() {
        let policy = SmallBasePolicy()
        // n(1−p) = 3 for p=0.9, n=30.
        #expect(policy.resolvingMethod(Estimate(proportion: 0.9, n: 30, method: .wald)).method == .wilson)
        // Under weights the rule uses n_eff: 0.16·60 = 9.6 < 10.
        #expect(policy.resolvingMethod(Estimate(proportion: 0.16, n: 200, effectiveN: 60, method: .wald)).method == .wilson)
        #expect(policy.resolvingMethod(Estimate(proportion: 0.16, n: 1709, method: .wald)).method == .wald)
        #expect(policy.resolvingMethod(Estimate(proportion: 0.9, n: 30, method: .wilson)).method == .wilson)
        #expect(policy.resolvingMethod(Estimate(proportion: 0.9, n: nil, method: .wald)).method == .wald)
        var lenient = policy
        lenient.waldMinimumCount = 3
        #expect(lenient.resolvingMethod(Estimate(proportion: 0.9, n: 30, method: .wald)).method == .wald)
    }
}
