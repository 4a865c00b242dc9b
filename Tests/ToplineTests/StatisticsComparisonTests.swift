import Testing
import Topline

/// Two-proportion tests, subgroup vs total, paired comparisons and p-value
/// adjustment: survey-statistics.md B.3-B.5.
@Suite struct StatisticsComparisonTests {
    /// A B.3 wave/group comparison: first → second, with statsmodels' numbers
    /// (`proportions_ztest([x2, x1], [n2, n1])`, so z has the sign of p₂ − p₁;
    /// the reference prints (c) as −3.2212115729, p 0.0012764988, full precision here).
    struct WaveCase: Sendable, CustomTestStringConvertible {
        var name: String
        var p1: Double, n1: Double, p2: Double, n2: Double
        var pooled: Double, pooledSE: Double?, z: Double, pValue: Double
        var testDescription: String { name }
    }

    static let waves: [WaveCase] = [
        WaveCase(name: "B.3a PwC growth 2013 → 2014", p1: 0.18, n1: 1330, p2: 0.44, n2: 1344,
                 pooled: 0.3106806283, pooledSE: 0.0178987448, z: 14.52615828724674, pValue: 8.273192961111231e-48),
        WaveCase(name: "B.3b PwC growth 2014 → 2015", p1: 0.44, n1: 1344, p2: 0.37, n2: 1322,
                 pooled: 0.4052888222, pooledSE: 0.0190173533, z: -3.6808486949581893, pValue: 0.00023245892308655555),
        WaveCase(name: "B.3c counts 50/200 → 273/1709", p1: 50.0 / 200, n1: 200, p2: 273.0 / 1709, n2: 1709,
                 pooled: 0.1691985333, pooledSE: nil, z: -3.221211572879553, pValue: 0.0012764987581231496),
        WaveCase(name: "B.3c reversed, 273/1709 → 50/200", p1: 273.0 / 1709, n1: 1709, p2: 50.0 / 200, n2: 200,
                 pooled: 0.1691985333, pooledSE: nil, z: 3.221211572879553, pValue: 0.0012764987581231496),
        WaveCase(name: "B.4 paired table treated as independent", p1: 0.46, n1: 1000, p2: 0.50, n2: 1000,
                 pooled: 0.48, pooledSE: nil, z: 1.7902871850985813, pValue: 0.07340775532354331),
    ]

    @Test(arguments: waves)
    func independentWaves(_ c: WaveCase) throws {
        let r = try TwoProportionTest.independent(p1: c.p1, n1: c.n1, p2: c.p2, n2: c.n2)
        expectNear(r.difference, c.p2 - c.p1, tolerance: 1e-15)
        expectNear(r.pooledProportion, c.pooled, tolerance: 1e-10)
        if let se = c.pooledSE { expectNear(r.pooledStandardError, se, tolerance: 1e-10) }
        expectNear(r.z, c.z, relative: true)
        expectNear(r.pValue, c.pValue, relative: true)
        #expect(r.level == 0.95)
    }

    @Test func waveDifferenceIntervalRatioAndRelativeChange() throws {
        let r = try TwoProportionTest.independent(p1: 0.18, n1: 1330, p2: 0.44, n2: 1344)
        expectNear(r.ciLow, 0.2263758609, tolerance: 1e-10)
        expectNear(r.ciHigh, 0.2936241391, tolerance: 1e-10)
        expectNear(r.ratio, 0.44 / 0.18, tolerance: 1e-12)
        expectNear(r.relativeChange, 0.26 / 0.18, tolerance: 1e-12)
    }

    /// B.5: +41 pp = +256.25% = ×3.5625; −13 pp = −16.25% = ×0.8375.
    @Test(arguments: [(0.16, 0.57, 0.41, 2.5625, 3.5625), (0.80, 0.67, -0.13, -0.1625, 0.8375)])
    func pointsPercentChangeAndRatio(p1: Double, p2: Double, points: Double, change: Double, ratio: Double) throws {
        let r = try TwoProportionTest.independent(p1: p1, n1: 1709, p2: p2, n2: 1709)
        expectNear(r.difference, points, tolerance: 1e-12)
        expectNear(r.relativeChange, change, tolerance: 1e-12)
        expectNear(r.ratio, ratio, tolerance: 1e-12)
    }

    @Test func identicalBoundaryShareHasNoEvidence() throws {
        let r = try TwoProportionTest.independent(p1: 0, n1: 40, p2: 0, n2: 60)
        #expect(r.z == 0 && r.pValue == 1 && r.pooledStandardError == 0)
        #expect(r.ratio == nil && r.relativeChange == nil)
    }

    @Test func estimatesUseEffectiveBaseAndRefuseUnknownBases() throws {
        let a = Estimate(proportion: 0.18, n: 1330)
        let b = Estimate(proportion: 0.44, n: 1344)
        expectNear(try TwoProportionTest.independent(a, b).z, 14.52615828724674, relative: true)
        let weighted = Estimate(proportion: 0.44, n: 1344, effectiveN: 672)
        #expect(try TwoProportionTest.independent(a, weighted).secondN == 672)
        expectDiagnostic("stats.unknown-base") { () throws(Diagnostic) in
            try TwoProportionTest.independent(a, Estimate(proportion: 0.4, n: nil))
        }
    }

    @Test func invalidInputsThrowDiagnostics() {
        expectDiagnostic("stats.invalid-proportion") { () throws(Diagnostic) in
            try TwoProportionTest.independent(p1: 16, n1: 100, p2: 0.2, n2: 100)
        }
        expectDiagnostic("stats.invalid-base") { () throws(Diagnostic) in
            try TwoProportionTest.independent(p1: 0.1, n1: 0, p2: 0.2, n2: 100)
        }
        expectDiagnostic("stats.invalid-level") { () throws(Diagnostic) in
            try TwoProportionTest.independent(p1: 0.1, n1: 10, p2: 0.2, n2: 100, level: 95)
        }
    }

    // MARK: B.3 (d) subgroup vs a total containing it

    struct SubgroupCase: Sendable, CustomTestStringConvertible {
        var name: String
        var pSub: Double, nSub: Double, pTotal: Double, nTotal: Double
        var rest: Double, z: Double, p: Double, naiveZ: Double, naiveP: Double
        var testDescription: String { name }
    }

    static let subgroups: [SubgroupCase] = [
        SubgroupCase(name: "ANZ 64% (81) in global 53% (1709)", pSub: 0.64, nSub: 81, pTotal: 0.53, nTotal: 1709,
                     rest: 0.524527027027027, z: 2.032320331568116, p: 0.04212123749352855,
                     naiveZ: 1.9394338801707103, naiveP: 0.0524485284061891),
        SubgroupCase(name: "PwC Canada 60% (120) in global 46% (1330)", pSub: 0.60, nSub: 120, pTotal: 0.46, nTotal: 1330,
                     rest: 0.4461157024793389, z: 3.2260864292111515, p: 0.0012549545413237113,
                     naiveZ: 2.942340016049416, naiveP: 0.0032574204994429245),
    ]

    @Test(arguments: subgroups)
    func subgroupAgainstTheRest(_ c: SubgroupCase) throws {
        let r = try TwoProportionTest.subgroupVersusTotal(pSub: c.pSub, nSub: c.nSub, pTotal: c.pTotal, nTotal: c.nTotal)
        expectNear(r.restProportion, c.rest)
        #expect(r.restN == c.nTotal - c.nSub)
        expectNear(r.versusRest.z, c.z, relative: true)
        expectNear(r.versusRest.pValue, c.p, relative: true)
        expectNear(r.naive.z, c.naiveZ, relative: true)
        expectNear(r.naive.pValue, c.naiveP, relative: true)
        expectNear(r.differenceFromTotal, c.pSub - c.pTotal, tolerance: 1e-15)
        expectNear(r.standardErrorFromTotal, (1 - c.nSub / c.nTotal) * r.versusRest.unpooledStandardError, tolerance: 1e-15)
    }

    @Test func anzVerdictFlipsAtFivePercent() throws {
        let r = try TwoProportionTest.subgroupVersusTotal(pSub: 0.64, nSub: 81, pTotal: 0.53, nTotal: 1709)
        #expect(r.versusRest.pValue < 0.05)
        #expect(r.naive.pValue > 0.05)
    }

    @Test func subgroupErrors() {
        expectDiagnostic("stats.subgroup-not-smaller") { () throws(Diagnostic) in
            try TwoProportionTest.subgroupVersusTotal(pSub: 0.5, nSub: 1709, pTotal: 0.53, nTotal: 1709)
        }
        expectDiagnostic("stats.inconsistent-subgroup") { () throws(Diagnostic) in
            try TwoProportionTest.subgroupVersusTotal(pSub: 0.9, nSub: 90, pTotal: 0.01, nTotal: 100)
        }
    }

    // MARK: B.4 paired

    @Test func mcNemarNowVersusFuture() throws {
        let r = try McNemar.test(bothYes: 273, firstOnly: 0, secondOnly: 701, neither: 735)
        #expect(r.chiSquare == 701)
        expectNear(r.pValue, 1.81237391909643e-154, relative: true)
        expectNear(r.firstProportion, 0.1597425395, tolerance: 1e-10)
        expectNear(r.secondProportion, 0.5699239321, tolerance: 1e-10)
        expectNear(r.difference, 0.4101813926, tolerance: 1e-10)
        expectNear(r.standardError, 0.0118980607, tolerance: 1e-10)
        expectNear(r.ciLow, 0.3868616221, tolerance: 1e-10)
        expectNear(r.ciHigh, 0.4335011631, tolerance: 1e-10)
        let corrected = try McNemar.test(bothYes: 273, firstOnly: 0, secondOnly: 701, neither: 735, continuityCorrection: true)
        expectNear(corrected.chiSquare, 699.0014265335235)
        expectNear(corrected.pValue, 4.930043338502681e-154, relative: true)
        #expect(corrected.difference == r.difference)
    }

    @Test func pairingChangesTheVerdict() throws {
        let paired = try McNemar.test(bothYes: 400, firstOnly: 60, secondOnly: 100, neither: 440)
        expectNear(paired.chiSquare, 10.0, tolerance: 1e-12)
        expectNear(paired.pValue, 0.001565402258002549, relative: true)
        let independent = try TwoProportionTest.independent(p1: 0.46, n1: 1000, p2: 0.50, n2: 1000)
        #expect(paired.pValue < 0.05 && independent.pValue > 0.05)
        // The unpooled z the reference quotes for the same (wrong) independent treatment.
        expectNear(independent.difference / independent.unpooledStandardError, 1.7917, tolerance: 1e-4)
    }

    @Test func mcNemarDegenerateTables() throws {
        let none = try McNemar.test(bothYes: 10, firstOnly: 0, secondOnly: 0, neither: 5)
        #expect(none.chiSquare == 0 && none.pValue == 1 && none.difference == 0 && none.standardError == 0)
        let balanced = try McNemar.test(bothYes: 10, firstOnly: 7, secondOnly: 7, neither: 10, continuityCorrection: true)
        #expect(balanced.chiSquare == 0 && balanced.pValue == 1)
        expectDiagnostic("stats.invalid-count") { () throws(Diagnostic) in
            try McNemar.test(bothYes: 1, firstOnly: -1, secondOnly: 2, neither: 3)
        }
        expectDiagnostic("stats.invalid-base") { () throws(Diagnostic) in
            try McNemar.test(bothYes: 0, firstOnly: 0, secondOnly: 0, neither: 0)
        }
        expectDiagnostic("stats.invalid-count") { () throws(Diagnostic) in
            try McNemar.test(bothYes: Int.max, firstOnly: 1, secondOnly: 2, neither: 3)
        }
    }

    @Test func frechetRangeOfThePairedStandardError() throws {
        let b = try PairedToplineBounds.compute(p1: 0.16, p2: 0.57, n: 1709)
        expectNear(b.difference, 0.41, tolerance: 1e-15)
        #expect(b.jointLow == 0 && b.jointHigh == 0.16)
        expectNear(b.standardErrorLow, 0.0118972586, tolerance: 1e-10)
        expectNear(b.standardErrorHigh, 0.0181325333, tolerance: 1e-10)
        expectNear(b.independentStandardError, 0.0149016672, tolerance: 1e-10)
        expectNear(b.conservativeCILow, 0.41 - 1.959963984540054 * b.standardErrorHigh, tolerance: 1e-15)
        expectNear(b.conservativeCIHigh, 0.41 + 1.959963984540054 * b.standardErrorHigh, tolerance: 1e-15)
    }

    @Test func frechetBoundsAtEqualSharesReachZero() throws {
        let b = try PairedToplineBounds.compute(p1: 0.3, p2: 0.3, n: 100)
        #expect(b.standardErrorLow == 0)
        #expect(b.jointLow == 0 && b.jointHigh == 0.3)
        expectDiagnostic("stats.invalid-base") { () throws(Diagnostic) in
            try PairedToplineBounds.compute(p1: 0.3, p2: 0.3, n: 0)
        }
    }

    // MARK: Multiple comparisons

    @Test func holmAndBonferroniInInputOrder() {
        let p = [0.01, 0.04, 0.03]
        let holm = PValueAdjustment.holm(p)
        for (actual, expected) in zip(holm, [0.03, 0.06, 0.06]) { expectNear(actual, expected, tolerance: 1e-15) }
        let bonferroni = PValueAdjustment.bonferroni(p)
        for (actual, expected) in zip(bonferroni, [0.03, 0.12, 0.09]) { expectNear(actual, expected, tolerance: 1e-15) }
    }

    @Test func adjustmentCapsAtOneAndSkipsNaN() {
        #expect(PValueAdjustment.bonferroni([0.5, 0.6]) == [1, 1])
        #expect(PValueAdjustment.holm([0.5, 0.6]) == [1, 1])
        let withNaN = PValueAdjustment.holm([0.02, .nan, 0.01])
        #expect(withNaN[1].isNaN)
        expectNear(withNaN[0], 0.02, tolerance: 1e-15)
        expectNear(withNaN[2], 0.02, tolerance: 1e-15)
        let bonferroni = PValueAdjustment.bonferroni([0.02, .nan, 0.01])
        #expect(bonferroni[1].isNaN)
        expectNear(bonferroni[0], 0.04, tolerance: 1e-15)
        expectNear(bonferroni[2], 0.02, tolerance: 1e-15)
        #expect(PValueAdjustment.holm([]).isEmpty)
        #expect(PValueAdjustment.bonferroni([]).isEmpty)
    }
}
