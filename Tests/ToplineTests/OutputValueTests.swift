import Testing
@testable import Topline

/// How single values read: ``ValueText``, estimate intervals, display width.
@Suite struct OutputValueTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var value: Value
        var expected: String
        var testDescription: String { "\(value) → \(expected)" }
        init(_ value: Value, _ expected: String) {
            self.value = value
            self.expected = expected
        }
    }

    static let humanCases: [Case] = [
        // p-values as R's format.pval(p, digits = 4) prints them (checked in R 4.2.2), never 0.
        Case(.probability(0.014571569182177972), "0.01457"),
        Case(.probability(5.16490889642874e-07), "5.165e-07"),
        Case(.probability(0.0001234), "0.0001234"),
        Case(.probability(0.00001234), "1.234e-05"),
        Case(.probability(0.000123456), "0.0001235"),
        Case(.probability(0.5), "0.5"),
        Case(.probability(1), "1"),
        Case(.probability(0.04999999), "0.05"),
        Case(.probability(0.99999), "1"),
        Case(.probability(2.3e-16), "2.3e-16"),
        Case(.probability(1e-300), "< 2.2e-16"),
        Case(.probability(0), "< 2.2e-16"),
        Case(.null, "null"),
        Case(.integer(1709), "1709"),
        Case(.integer(-42), "-42"),
        Case(.number(0.5), "0.5"),
        Case(.number(12), "12"),
        Case(.number(-2.5), "-2.5"),
        Case(.number(3.14159265), "3.14159"),
        Case(.number(1234.5), "1234.5"),
        Case(.number(1234.56789), "1234.57"),
        Case(.number(0.1 + 0.2), "0.3"),
        Case(.number(0.000123456789), "0.000123457"),
        Case(.number(123456789), "123456789"),
        Case(.number(1234567.89), "1234568"),
        Case(.number(999999.5), "1000000"),
        Case(.number(1e20), "1e+20"),
        Case(.number(-1.234567e20), "-1.23457e+20"),
        Case(.number(1.5e-7), "1.5e-07"),
        Case(.number(0), "0"),
        Case(.number(-0.0), "0"),
        Case(.number(.infinity), "inf"),
        Case(.percent(0.16), "16.0%"),
        Case(.percent(0.1655), "16.6%"),  // rounded on decimal digits, not 16.549999…
        Case(.percent(0.5712), "57.1%"),
        Case(.percent(1), "100.0%"),
        Case(.percent(0), "0.0%"),
        Case(.percent(-0.05), "-5.0%"),
        Case(.percent(-0.0001), "0.0%"),
        Case(.points(0.41), "+41.0 pp"),
        Case(.points(-0.13), "-13.0 pp"),
        Case(.points(0), "0.0 pp"),
        Case(.points(-0.0004), "0.0 pp"),
        Case(.points(0.0005), "+0.1 pp"),
        Case(.ratio(3.5625), "3.56×"),
        Case(.ratio(1.3), "1.30×"),
        Case(.ratio(2), "2.00×"),
        Case(.ratio(0.995), "1.00×"),
        Case(.text("CEO, ASEAN"), "CEO, ASEAN"),
        Case(.boolean(true), "true"),
        Case(.boolean(false), "false"),
        Case(.estimate(Estimate(proportion: 0.16, n: 1709)), "16.0% ±1.7 (n=1709)"),
        Case(.estimate(Estimate(proportion: 0.16, n: 1709, method: .wald)), "16.0% ±1.7 (n=1709)"),
        Case(.estimate(Estimate(proportion: 0.16, n: nil)), "16.0% (n/a)"),
        Case(.estimate(Estimate(proportion: 0.529, n: 1000, effectiveN: 830, method: .wald)), "52.9% ±3.4 (n=1000, n_eff=830.0)"),
        Case(.estimate(Estimate(proportion: 0.529, n: 10, effectiveN: 8.3, method: .wald)), "n<30 (n=10)"),
        Case(.estimate(Estimate(proportion: 0.86, n: 81, method: .wald)), "86.0% ±7.6 (n=81)"),
        Case(.estimate(Estimate(proportion: 0.5, n: 0)), "n<30 (n=0)"),
    ]

    @Test(arguments: humanCases)
    func human(_ c: Case) {
        #expect(ValueText.human(c.value) == c.expected)
    }

    static let machineCases: [Case] = [
        Case(.probability(5.16490889642874e-07), "5.16490889642874e-07"),
        Case(.probability(0), "0"),
        Case(.null, ""),
        Case(.integer(1709), "1709"),
        Case(.number(12), "12"),
        Case(.number(0.1), "0.1"),
        Case(.number(3.14159265), "3.14159265"),
        Case(.number(1e16), "1e+16"),
        // At most 15 significant digits, as C's %.15g with trailing zeros trimmed (see NumberTextTests).
        Case(.number(0.1 + 0.2), "0.3"),
        Case(.number(1.0 / 3.0), "0.333333333333333"),
        Case(.number(2.0 / 3.0), "0.666666666666667"),
        Case(.number(123456789012345), "123456789012345"),
        Case(.number(9007199254740993), "9.00719925474099e+15"),
        Case(.number(1e15), "1e+15"),
        Case(.number(0.0001), "0.0001"),
        Case(.number(0.00001), "1e-05"),
        Case(.number(2.5e-300), "2.5e-300"),
        Case(.number(-7), "-7"),
        Case(.number(-0.0), "0"),
        // The shortest text ends in a 5 exactly at the 16th digit: the binary value decides (Python's '%.15g').
        Case(.number(0.7408655322280855), "0.740865532228085"),
        Case(.number(0.5065147241215655), "0.506514724121566"),
        // A true tie is rounded half away from zero, as everywhere in Topline (C's printf would make it even: …344e+15).
        Case(.number(1234567890123445), "1.23456789012345e+15"),
        Case(.ratio(0.57 / 0.16), "3.5625"),
        Case(.points(0.57 - 0.16), "41"),
        Case(.percent((0.57 - 0.16) / 0.16), "256.25"),
        Case(.percent(0.1 + 0.2), "30"),
        Case(.number(.nan), "nan"),
        Case(.ratio(3.5625), "3.5625"),
        Case(.percent(0.16), "16"),  // not 16.000000000000004
        Case(.percent(0.575), "57.5"),
        Case(.percent(0.123456789), "12.3456789"),
        Case(.percent(0), "0"),
        Case(.percent(1e-9), "1e-07"),
        Case(.points(-0.13), "-13"),
        Case(.points(0.07), "7"),
        Case(.text("a,b\n"), "a,b\n"),
        Case(.boolean(false), "false"),
        Case(.estimate(Estimate(proportion: 0.16, n: 1709)), "16"),
    ]

    @Test(arguments: machineCases)
    func machine(_ c: Case) {
        #expect(ValueText.machine(c.value) == c.expected)
    }

    // MARK: - Intervals (values from reference/survey-statistics.md, statsmodels)

    struct IntervalCase: CustomTestStringConvertible, Sendable {
        var estimate: Estimate
        var moe: Double
        var low: Double
        var high: Double
        var testDescription: String { "p=\(estimate.proportion) n=\(estimate.n ?? -1) \(estimate.method)" }
    }

    static let intervalCases: [IntervalCase] = [
        IntervalCase(estimate: Estimate(proportion: 0.16, n: 1709), moe: 0.0173783132, low: 0.1433842185, high: 0.1781408450),
        IntervalCase(estimate: Estimate(proportion: 0.16, n: 1709, method: .wald), moe: 0.0173810784, low: 0.1426189216, high: 0.1773810784),
        IntervalCase(estimate: Estimate(proportion: 0.86, n: 81, method: .wald), moe: 0.0755650, low: 0.784435, high: 0.935565),
        IntervalCase(estimate: Estimate(proportion: 0.86, n: 81), moe: 0.075612, low: 0.768088, high: 0.919312),
        // Wald runs past 100% here (1.007352): the bounds are clipped.
        IntervalCase(estimate: Estimate(proportion: 0.9, n: 30, method: .wald), moe: 0.107352, low: 0.792648, high: 1),
        IntervalCase(estimate: Estimate(proportion: 0.9, n: 30), moe: 0.1108055, low: 0.743789, high: 0.965400),
        // Other levels: z = 1.2815515655446004 at 80%.
        IntervalCase(estimate: Estimate(proportion: 0.5, n: 100, level: 0.8, method: .wald), moe: 0.06407757827723, low: 0.43592242172277, high: 0.56407757827723),
    ]

    @Test(arguments: intervalCases)
    func interval(_ c: IntervalCase) throws {
        let moe = try #require(c.estimate.marginOfError)
        let interval = try #require(c.estimate.interval)
        #expect(abs(moe - c.moe) < 1e-6)
        #expect(abs(interval.low - c.low) < 1e-6)
        #expect(abs(interval.high - c.high) < 1e-6)
    }

    @Test func noIntervalWithoutABase() {
        #expect(Estimate(proportion: 0.16, n: nil).marginOfError == nil)
        #expect(Estimate(proportion: 0.16, n: 0).interval == nil)
        #expect(Estimate(proportion: 1.5, n: 100).marginOfError == nil)
    }

    // MARK: - Display width

    @Test(arguments: [
        ("", 0), ("abc", 3), ("日本", 4), ("×±", 2), ("e\u{301}", 1), ("😀", 2),
        ("한국", 4), ("ＡＢ", 4), ("│─┼", 3), ("a\u{200B}b", 2), ("Ünïcödé", 7),
    ])
    func displayWidth(_ text: String, _ width: Int) {
        #expect(DisplayWidth.of(text) == width)
    }

    @Test(arguments: [
        ("abcdef", 4, "abc…"), ("abcd", 4, "abcd"), ("日本語", 5, "日本…"), ("日本語", 4, "日…"),
        ("ae\u{301}bc", 3, "ae\u{301}…"), ("abc", 1, "…"),
    ])
    func truncate(_ text: String, _ width: Int, _ expected: String) {
        #expect(DisplayWidth.truncate(text, to: width) == expected)
    }
}
