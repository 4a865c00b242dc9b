import Testing
import Topline

/// Normal distribution and single-proportion intervals: survey-statistics.md B.1, B.2.
@Suite struct StatisticsIntervalTests {
    // MARK: Normal distribution

    @Test(arguments: [
        (0.90, 1.6448536269514722), (0.95, 1.959963984540054), (0.99, 2.5758293035489004),
    ])
    func criticalValuesAreExactConstants(level: Double, z: Double) {
        #expect(Normal.criticalValue(level: level) == z)
        // The table agrees with the quantile function it short-cuts.
        expectNear(Normal.quantile(0.5 + level / 2), z, tolerance: 1e-15, relative: true)
    }

    @Test(arguments: [0.0, 1.0, -0.5, 1.5, Double.nan])
    func criticalValueOfAnInvalidLevelIsNaN(level: Double) {
        #expect(Normal.criticalValue(level: level).isNaN)
    }

    @Test func quantileEdges() {
        #expect(Normal.quantile(0) == -.infinity)
        #expect(Normal.quantile(1) == .infinity)
        #expect(Normal.quantile(0.5) == 0)
        #expect(Normal.quantile(-0.1).isNaN)
        #expect(Normal.quantile(1.1).isNaN)
        #expect(Normal.quantile(.nan).isNaN)
    }

    @Test(arguments: [1e-300, 1e-40, 1e-8, 0.01, 0.3, 0.5, 0.77, 0.99, 0.999999])
    func quantileInvertsCDF(p: Double) {
        expectNear(Normal.cdf(Normal.quantile(p)), p, tolerance: 1e-12, relative: true)
    }

    @Test func farTailPValueOfWaveComparison() {
        // B.3 (a): statsmodels returns 8.273192961111231e-48 for z = 14.52615828724674.
        expectNear(Normal.twoSidedP(z: 14.52615828724674), 8.273192961111231e-48, relative: true)
        expectNear(Normal.twoSidedP(z: -14.52615828724674), 8.273192961111231e-48, relative: true)
        expectNear(Normal.cdf(-14.52615828724674), 8.273192961111231e-48 / 2, tolerance: 1e-12, relative: true)
        #expect(Normal.twoSidedP(z: 0) == 1)
    }

    @Test func chiSquareOneDFMatchesNormalTail() {
        expectNear(ChiSquare.upperTailOneDF(3.841458820694124), 0.05, tolerance: 1e-12)
        expectNear(ChiSquare.upperTailOneDF(701), 1.81237391909643e-154, relative: true)
        #expect(ChiSquare.upperTailOneDF(0) == 1)
        #expect(ChiSquare.upperTailOneDF(-2) == 1)
    }

    // MARK: B.1 Wald

    @Test func waldWorkedExampleSocialMediaNow() {
        let e = Estimate(proportion: 0.16, n: 1709, method: .wald)
        expectNear(e.standardError, 0.0088680596, tolerance: 1e-10)
        expectNear(e.marginOfError, 0.0173810774, tolerance: 1e-10)
        // statsmodels proportion_confint(0.16*1709, 1709, method='normal')
        expectNear(e.ciLow, 0.1426189225807623)
        expectNear(e.ciHigh, 0.1773810774192377)
        #expect(!e.waldWasClipped)
        #expect(e.designEffect == 1)
    }

    @Test func waldWorstCaseAndRoundedZ() {
        expectNear(Estimate(proportion: 0.5, n: 1709, method: .wald).marginOfError, 0.0237053878, tolerance: 1e-10)
        let rounded = ProportionInterval.wald(p: 0.16, n: 1709, z: 1.96)
        expectNear((rounded.high - rounded.low) / 2, 0.0173813968, tolerance: 1e-10)
    }

    @Test func waldWithIntegerCount() {
        let e = Estimate(proportion: 273.0 / 1709, n: 1709, method: .wald)
        expectNear(e.proportion, 0.1597425395, tolerance: 1e-10)
        expectNear(e.ciLow, 0.1423727906, tolerance: 1e-10)
        expectNear(e.ciHigh, 0.1771122884, tolerance: 1e-10)
    }

    @Test func waldIsClippedAndSaysSo() {
        // 27/30: statsmodels returns (0.7926483514, 1.0); the raw upper bound is 1.007352.
        let ci = ProportionInterval.wald(p: 0.9, n: 30, z: 1.959963984540054)
        expectNear(ci.low, 0.7926483513769705)
        #expect(ci.high == 1)
        #expect(ci.clipped)
        let e = Estimate(proportion: 0.9, n: 30, method: .wald)
        #expect(e.waldWasClipped)
        #expect(e.ciHigh == 1)
        // The margin of error stays the formula's z·SE: 1.007352 − 0.9.
        expectNear(e.marginOfError, 0.1073516486230295)
        // The same estimate with Wilson is never clipped.
        #expect(!Estimate(proportion: 0.9, n: 30, method: .wilson).waldWasClipped)
    }

    @Test func waldAtZeroAndOneHasZeroWidth() {
        for p in [0.0, 1.0] {
            let ci = ProportionInterval.wald(p: p, n: 50, z: 1.959963984540054)
            #expect(ci.low == p && ci.high == p && !ci.clipped)
            #expect(Estimate(proportion: p, n: 50, method: .wald).marginOfError == 0)
        }
    }

    // MARK: B.2 Wilson

    @Test func wilsonWorkedExampleSocialMediaNow() {
        let ci = ProportionInterval.wilson(p: 0.16, n: 1709, z: 1.959963984540054)
        expectNear(ci.centre, 0.1607625318, tolerance: 1e-10)
        expectNear(ci.halfWidth, 0.0173783132, tolerance: 1e-10)
        expectNear(ci.low, 0.1433842185, tolerance: 1e-10)
        expectNear(ci.high, 0.1781408450, tolerance: 1e-10)
        let e = Estimate(proportion: 0.16, n: 1709)
        #expect(e.method == .wilson)
        expectNear(e.marginOfError, 0.0173783132, tolerance: 1e-10)
        expectNear(e.ciLow, 0.1433842185, tolerance: 1e-10)
        expectNear(e.ciHigh, 0.1781408450, tolerance: 1e-10)
    }

    /// The B.2 small-n table (printed there to 6 decimals; full precision from statsmodels).
    @Test(arguments: [
        (0.86, 81, 0.7844353239155503, 0.9355646760844497, 0.7680878855894221, 0.9193118928992389),
        (0.90, 30, 0.7926483513769705, 1.0, 0.7437891742081592, 0.9654001112526659),
        (0.49, 35, 0.32438594268675114, 0.6556140573132487, 0.3337747099295829, 0.648203309916905),
    ])
    func smallBaseTable(p: Double, n: Int, waldLow: Double, waldHigh: Double, wilsonLow: Double, wilsonHigh: Double) {
        let wald = Estimate(proportion: p, n: n, method: .wald)
        let wilson = Estimate(proportion: p, n: n, method: .wilson)
        expectNear(wald.ciLow, waldLow)
        expectNear(wald.ciHigh, waldHigh)
        expectNear(wilson.ciLow, wilsonLow)
        expectNear(wilson.ciHigh, wilsonHigh)
    }

    @Test func normalApproximationRule() {
        #expect(ProportionInterval.normalApproximationHolds(p: 0.86, n: 81))
        #expect(!ProportionInterval.normalApproximationHolds(p: 0.9, n: 30))  // n(1−p) = 3
        #expect(ProportionInterval.normalApproximationHolds(p: 0.9, n: 30, minimumCount: 3))
        // n(1−p) is 9.999999999999998 in binary: still 10.
        #expect(ProportionInterval.normalApproximationHolds(p: 0.9, n: 100))
        #expect(!ProportionInterval.normalApproximationHolds(p: 0.9, n: 99))
    }

    @Test(arguments: [0.0, 1.0])
    func wilsonAtTheBoundsIsWellDefined(p: Double) {
        for n in [1.0, 2.0, 10.0, 1709.0] {
            let ci = ProportionInterval.wilson(p: p, n: n, z: 1.959963984540054)
            #expect(ci.low >= 0 && ci.high <= 1 && ci.low < ci.high)
            #expect(p == 0 ? ci.low == 0 : ci.high == 1)
        }
        // statsmodels: wilson for 0/1 is (0, 0.7934506856227626), for 1/1 (0.20654931437723745, 1).
        let one = ProportionInterval.wilson(p: p, n: 1, z: 1.959963984540054)
        expectNear(p == 0 ? one.high : one.low, p == 0 ? 0.7934506856227626 : 0.20654931437723745)
    }

    // MARK: Levels and unknown or invalid bases

    @Test(arguments: [(0.90, 1.6448536269514722), (0.95, 1.959963984540054), (0.99, 2.5758293035489004)])
    func levelIsTakenFromTheEstimate(level: Double, z: Double) {
        let e = Estimate(proportion: 0.16, n: 1709, level: level, method: .wald)
        #expect(e.criticalValue == z)
        expectNear(e.marginOfError, z * 0.0088680596, tolerance: 1e-10)
    }

    @Test func unknownBaseGivesNoInterval() {
        for method in IntervalMethod.allCases {
            let e = Estimate(proportion: 0.16, n: nil, method: method)
            #expect(e.standardError == nil)
            #expect(e.marginOfError == nil)
            #expect(e.ciLow == nil && e.ciHigh == nil)
            #expect(e.designEffect == nil)
            #expect(!e.waldWasClipped)
        }
    }

    @Test func unusableInputsGiveNoInterval() {
        #expect(Estimate(proportion: 0.5, n: 0).ciLow == nil)
        #expect(Estimate(proportion: 1.2, n: 100).standardError == nil)
        #expect(Estimate(proportion: 0.5, n: 100, level: 1.0).marginOfError == nil)
        #expect(Estimate(proportion: 0.5, n: 100, level: 95).ciHigh == nil)
        let nanInterval = ProportionInterval.wilson(p: 0.5, n: 0, z: 1.96)
        #expect(nanInterval.low.isNaN && nanInterval.high.isNaN)
        #expect(ProportionInterval.wald(p: -0.1, n: 10, z: 1.96).low.isNaN)
    }

    @Test func effectiveBaseWidensTheInterval() {
        // B.6, IBM-scale: deff 1.5 and 2.0 at p = 0.16, n = 1709.
        for (deff, moe) in [(1.5, 0.0212873854), (2.0, 0.0245805554)] {
            let e = Estimate(proportion: 0.16, n: 1709, effectiveN: 1709 / deff, method: .wald)
            expectNear(e.marginOfError, moe, tolerance: 1e-10)
            expectNear(e.designEffect, deff, tolerance: 1e-12)
            #expect(e.isWeighted)
        }
    }
}
