import Testing
import Topline

// Case types for the generated StatisticsOracleCases.swift (statsmodels/scipy
// values from Tests/oracle/generate_statistics_cases.py).

struct IntervalCase: Sendable {
    var count: Double, n: Int, level: Double
    var waldLow: Double, waldHigh: Double, wilsonLow: Double, wilsonHigh: Double
}

struct NormalCDFCase: Sendable { var x: Double, cdf: Double, twoSidedP: Double }
struct QuantileCase: Sendable { var p: Double, quantile: Double }
struct ChiSquareCase: Sendable { var x: Double, upperTail: Double }

struct TwoProportionCase: Sendable {
    var x1: Double, n1: Int, x2: Double, n2: Int, level: Double
    var z: Double, pValue: Double, ciLow: Double, ciHigh: Double
}

struct McNemarCase: Sendable {
    var bothYes: Int, firstOnly: Int, secondOnly: Int, neither: Int, correction: Bool
    var chiSquare: Double, pValue: Double
}

struct AdjustmentCase: Sendable { var p: [Double], holm: [Double], bonferroni: [Double] }

struct WeightedCase: Sendable {
    var hits: [Bool], weights: [Double]
    var share: Double, effectiveN: Double, designEffect: Double
}

/// Every generated oracle case, to 1e-9 (relative for probabilities, which
/// reach 1e-300; 1e-12 relative for the normal distribution itself).
@Suite struct StatisticsOracleTests {
    @Test(arguments: StatisticsOracleCases.intervals)
    func intervals(_ c: IntervalCase) {
        let p = c.count / Double(c.n)
        let wald = Estimate(proportion: p, n: c.n, level: c.level, method: .wald)
        let wilson = Estimate(proportion: p, n: c.n, level: c.level, method: .wilson)
        expectNear(wald.ciLow, c.waldLow)
        expectNear(wald.ciHigh, c.waldHigh)
        expectNear(wilson.ciLow, c.wilsonLow)
        expectNear(wilson.ciHigh, c.wilsonHigh)
        // statsmodels clips Wald silently; we must flag exactly when it clipped.
        let raw = ProportionInterval.wald(p: p, n: Double(c.n), z: Normal.criticalValue(level: c.level))
        #expect(wald.waldWasClipped == raw.clipped)
    }

    @Test(arguments: StatisticsOracleCases.normalCDF)
    func normalCDF(_ c: NormalCDFCase) {
        expectNear(Normal.cdf(c.x), c.cdf, tolerance: 1e-12, relative: true)
        expectNear(Normal.twoSidedP(z: c.x), c.twoSidedP, tolerance: 1e-12, relative: true)
    }

    @Test(arguments: StatisticsOracleCases.quantiles)
    func quantiles(_ c: QuantileCase) {
        if c.quantile == 0 {
            #expect(Normal.quantile(c.p) == 0)
        } else {
            expectNear(Normal.quantile(c.p), c.quantile, tolerance: 1e-12, relative: true)
        }
    }

    @Test(arguments: StatisticsOracleCases.chiSquare)
    func chiSquare(_ c: ChiSquareCase) {
        expectNear(ChiSquare.upperTailOneDF(c.x), c.upperTail, relative: true)
    }

    @Test(arguments: StatisticsOracleCases.twoProportions)
    func twoProportions(_ c: TwoProportionCase) throws {
        let r = try TwoProportionTest.independent(
            p1: c.x1 / Double(c.n1), n1: Double(c.n1), p2: c.x2 / Double(c.n2), n2: Double(c.n2), level: c.level)
        expectNear(r.z, c.z, tolerance: 1e-9 * max(1, abs(c.z)))
        expectNear(r.pValue, c.pValue, relative: true)
        expectNear(r.ciLow, c.ciLow)
        expectNear(r.ciHigh, c.ciHigh)
    }

    @Test(arguments: StatisticsOracleCases.mcNemar)
    func mcNemar(_ c: McNemarCase) throws {
        let r = try McNemar.test(
            bothYes: c.bothYes, firstOnly: c.firstOnly, secondOnly: c.secondOnly, neither: c.neither,
            continuityCorrection: c.correction)
        expectNear(r.chiSquare, c.chiSquare, tolerance: 1e-9 * max(1, c.chiSquare))
        expectNear(r.pValue, c.pValue, relative: true)
    }

    @Test(arguments: StatisticsOracleCases.adjustments)
    func adjustments(_ c: AdjustmentCase) {
        let holm = PValueAdjustment.holm(c.p)
        let bonferroni = PValueAdjustment.bonferroni(c.p)
        #expect(holm.count == c.p.count && bonferroni.count == c.p.count)
        for (actual, expected) in zip(holm, c.holm) { expectNear(actual, expected, relative: true) }
        for (actual, expected) in zip(bonferroni, c.bonferroni) { expectNear(actual, expected, relative: true) }
    }

    @Test(arguments: StatisticsOracleCases.weighted)
    func weighted(_ c: WeightedCase) {
        var acc = ShareAccumulator()
        for (hit, weight) in zip(c.hits, c.weights) { acc.add(hit: hit, weight: weight) }
        #expect(acc.count == c.hits.count)
        expectNear(acc.share, c.share)
        expectNear(acc.effectiveN, c.effectiveN, relative: true)
        expectNear(acc.designEffect, c.designEffect)
    }
}
