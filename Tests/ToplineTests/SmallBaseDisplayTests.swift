import Testing
@testable import Topline

/// How the small-base policy shows in human text and machine fields.
@Suite struct SmallBaseDisplayTests {
    @Test(arguments: [
        (Estimate(proportion: 0.49, n: 35), "49.0% ±15.7 (n=35)*", "small-base"),
        (Estimate(proportion: 0.5, n: 12), "n<30 (n=12)", "suppressed"),
        (Estimate(proportion: 0.16, n: 1709), "16.0% ±1.7 (n=1709)", "ok"),
        (Estimate(proportion: 0.16, n: nil), "16.0% (n/a)", "unknown-base"),
        (Estimate(proportion: 0.5, n: 60), "50.0% ±12.3 (n=60)*", "small-base"),
    ] as [(Estimate, String, String)])
    func display(estimate: Estimate, human: String, flag: String) {
        #expect(ValueText.human(.estimate(estimate)) == human)
        #expect(EstimateFields.flag(estimate.assessment) == flag)
    }

    @Test func thresholdsAreSettings() {
        let session = Session()
        session.register(try! Table(columns: [Column(name: "y", type: .boolean, values: Array(repeating: .boolean(true), count: 20))]), as: "t")
        let before = session.run("from t | summarize s = share(y)", fileName: "a.tq")
        #expect(ValueText.human(before.tables[0][0, "s"]) == "n<30 (n=20)")
        let after = session.run("set suppress_below 10\nset flag_below 15\nset flag_ci_width 50\nfrom t | summarize s = share(y)", fileName: "b.tq")
        #expect(after.succeeded)
        #expect(ValueText.human(after.tables[0][0, "s"]) == "100.0% ±8.1 (n=20)")
    }
}
