import Testing
import ToplineTestSupport
@testable import Topline

/// Numbers that look right (issue 14): machine formats never show binary
/// noise nobody typed, human formats give a column one number of decimals,
/// and margins and standard errors read as sizes.
@Suite struct NumberTextTests {
    // MARK: - Machine formats: no noise

    struct Noise: CustomTestStringConvertible, Sendable {
        var expression: String
        /// The double the expression computes (a fraction for percent and points), noise included.
        var stored: Double
        /// The text csv, tsv, json and ndjson write.
        var expected: String
        var testDescription: String { "\(expression) → \(expected)" }
    }

    static let noise: [Noise] = [
        // Written 40.99999999999999, 256.24999999999996, 3.5624999999999996 and 0.30000000000000004 before.
        Noise(expression: "57% - 16%", stored: 0.57 - 0.16, expected: "41"),
        Noise(expression: "change(16%, 57%)", stored: (0.57 - 0.16) / 0.16, expected: "256.25"),
        Noise(expression: "57% / 16%", stored: 0.57 / 0.16, expected: "3.5625"),
        Noise(expression: "0.1 + 0.2", stored: 0.1 + 0.2, expected: "0.3"),
        Noise(expression: "1.1 * 1.1", stored: 1.1 * 1.1, expected: "1.21"),
        Noise(expression: "0.3 - 0.1", stored: 0.3 - 0.1, expected: "0.2"),
        Noise(expression: "14% * 3", stored: 0.14 * 3, expected: "42"),
        Noise(expression: "pct(7) + 0.1pp", stored: 0.07 + 0.001, expected: "7.1"),
        Noise(expression: "1 / 3", stored: 1.0 / 3.0, expected: "0.333333333333333"),
    ]

    static func oneRow() throws -> Session {
        try SessionTest.session(["one": [SessionTest.integers("x", [1])]])
    }

    @Test(arguments: noise)
    func machineFormatsWriteWhatWasMeant(_ c: Noise) throws {
        let table = try SessionTest.table(try Self.oneRow(), "from one | select v = \(c.expression)")
        #expect(TableFormatter.render(table, as: .csv) == "v\n\(c.expected)\n")
        #expect(TableFormatter.render(table, as: .tsv) == "v\n\(c.expected)\n")
        #expect(TableFormatter.render(table, as: .json) == "[\n  {\"v\":\(c.expected)}\n]\n")
        #expect(TableFormatter.render(table, as: .ndjson) == "{\"v\":\(c.expected)}\n")
    }

    /// The noise is in the stored value, and stays there: only its text changed.
    @Test(arguments: noise)
    func storedValuesStayExact(_ c: Noise) throws {
        let table = try SessionTest.table(try Self.oneRow(), "from one | select v = \(c.expression)")
        #expect(table[0, "v"].numeric == c.stored)
        // Its shortest exact text has 16 or 17 significant digits: there was noise to leave out.
        #expect(Self.significantDigits(c.stored.description).count > 15, "\(c.stored)")
    }

    /// Shares are written with 15 significant digits in percent units.
    @Test func sharesHaveFifteenSignificantDigits() throws {
        let session = try SessionTest.session(["t": [SessionTest.integers("x", [1, 2, 2])]])
        let table = try SessionTest.table(session, "from t | summarize a = share(x == 1), b = share(x == 2)")
        let csv = TableFormatter.render(table, as: .csv).split(separator: "\n")
        let header = csv[0].split(separator: ",", omittingEmptySubsequences: false)
        let row = csv[1].split(separator: ",", omittingEmptySubsequences: false)
        let fields = Dictionary(uniqueKeysWithValues: zip(header.map(String.init), row.map(String.init)))
        #expect(fields["a"] == "33.3333333333333")
        #expect(fields["b"] == "66.6666666666667")
        for (name, value) in fields where Double(value) != nil {
            let digits = value.filter(\.isNumber).drop { $0 == "0" }
            #expect(digits.count <= 15, "\(name) = \(value)")
        }
        let json = TableFormatter.render(table, as: .json)
        #expect(json.contains(#""a":{"value":33.3333333333333,"#), "\(json)")
    }

    /// Any decimal of up to 15 significant digits reads into a double and is
    /// written back exactly as typed: why 15 is the number of digits written.
    @Test func decimalsOfFifteenDigitsComeBackAsTyped() {
        var rng = SplitMix(seed: 15)
        for _ in 0..<100_000 {
            let count = Int.random(in: 1...15, using: &rng)
            var digits = (0..<count).map { _ in Character(String(Int.random(in: 0...9, using: &rng))) }
            digits[0] = Character(String(Int.random(in: 1...9, using: &rng)))
            while digits.count > 1, digits.last == "0" { digits.removeLast() }
            let exponent = Int.random(in: -30...30, using: &rng)
            let typed = "0." + String(digits) + "e" + String(exponent)
            let x = Double(typed)!
            let written = ValueText.machine(.number(x))
            #expect(Self.significantDigits(written) == String(digits), "\(typed) → \(written)")
            #expect(Double(written) == x, "\(typed) → \(written)")
        }
    }

    /// Any double is written within half a unit of its 15th significant digit.
    @Test func everyDoubleIsWrittenToFifteenDigits() {
        var rng = SplitMix(seed: 17)
        for _ in 0..<100_000 {
            let x = Double(bitPattern: rng.next() & ~(0x7FF << 52) | (UInt64.random(in: 0x300...0x4FF, using: &rng) << 52))
            let written = ValueText.machine(.number(x))
            let back = Double(written)!
            #expect(Self.significantDigits(written).count <= 15, "\(written)")
            // Half a unit of the 15th digit, and the rounding of the text back into a double.
            #expect(abs(back - x) <= abs(x) * 5e-15 + back.ulp, "\(x) → \(written)")
        }
    }

    /// The digits of a number's text without sign, point, exponent, leading and trailing zeros.
    static func significantDigits(_ text: String) -> String {
        let mantissa = text.split(separator: "e").first.map(String.init) ?? text
        var digits = Substring(mantissa.filter(\.isNumber).drop { $0 == "0" })
        while digits.last == "0" { digits.removeLast() }
        return String(digits)
    }

    // MARK: - Human formats: one number of decimals per column

    struct ColumnCase: CustomTestStringConvertible, Sendable {
        var numbers: [Double]
        var shown: [String]
        var testDescription: String { "\(numbers) → \(shown)" }
    }

    static let columnCases: [ColumnCase] = [
        ColumnCase(numbers: [59.4382, 59.403], shown: ["59.4382", "59.4030"]),
        ColumnCase(numbers: [35791.4, 32041], shown: ["35791.4", "32041.0"]),
        ColumnCase(numbers: [1, 2, 30], shown: ["1", "2", "30"]),
        ColumnCase(numbers: [0.5, 12, -3.25], shown: ["0.50", "12.00", "-3.25"]),
        ColumnCase(numbers: [1200.5, 0, -250.75], shown: ["1200.50", "0.00", "-250.75"]),
        // Each number's own text has six significant digits; the column takes the most decimals among them.
        ColumnCase(numbers: [3.14159265, 100], shown: ["3.14159", "100.00000"]),
        // At most six decimals (below 1e-6 numbers are scientific anyway).
        ColumnCase(numbers: [0.00362916, 0.0013548], shown: ["0.003629", "0.001355"]),
        ColumnCase(numbers: [0.1 + 0.2, 1], shown: ["0.3", "1.0"]),
        // Scientific numbers keep their own text and do not count.
        ColumnCase(numbers: [1e20, 1.5, 2.5e-9], shown: ["1e+20", "1.5", "2.5e-09"]),
        // A number that rounds to zero has no sign.
        ColumnCase(numbers: [-0.00004, 1.25], shown: ["-0.00004", "1.25000"]),
    ]

    @Test(arguments: columnCases)
    func aColumnSharesItsDecimals(_ c: ColumnCase) throws {
        let decimals = ValueText.columnDecimals(c.numbers)
        #expect(c.numbers.map { ValueText.humanNumber($0, decimals: decimals) } == c.shown)
        // And the table shows them so, right-aligned.
        let table = try Table(columns: [Column(name: "x", type: .number, values: c.numbers.map(Value.number))])
        let width = c.shown.map(\.count).max()!
        let lines = TableFormatter.render(table, as: .table).split(separator: "\n").dropFirst(2).map(String.init)
        #expect(lines == c.shown.map { String(repeating: " ", count: max(1, width) - $0.count) + $0 })
    }

    @Test func roundingToZeroDropsTheSign() {
        #expect(ValueText.humanNumber(-0.00004, decimals: 2) == "0.00")
        #expect(ValueText.humanNumber(-0.005, decimals: 2) == "-0.01")
    }

    @Test func decimalsAreThoseOfTheRowsShown() throws {
        let table = try Table(columns: [Column(name: "x", type: .number, values: [.number(1.5), .number(2), .number(3.14159)])])
        #expect(TableFormatter.render(table, as: .table, maxRows: 2) == "  x\n---\n1.5\n2.0\n… 1 more row\n")
    }

    @Test func nullsInANumberColumnStayNull() throws {
        let table = try Table(columns: [Column(name: "x", type: .number, values: [.number(1.5), .null, .number(2)])])
        #expect(TableFormatter.render(table, as: .table) == "   x\n----\n 1.5\nnull\n 2.0\n")
    }

    // MARK: - Sizes: margins and standard errors

    static let sizes: [(Value, Magnitude?, String)] = [
        (.points(0.017), .margin, "±1.7 pp"),
        (.points(0.017), .standardError, "1.7 pp"),
        (.points(0.017), nil, "+1.7 pp"),
        (.points(0), .margin, "±0.0 pp"),
        (.number(4.8), .margin, "±4.8"),
        (.number(4.8), .standardError, "4.8"),
        (.percent(0.16), .margin, "16.0%"),
        (.null, .margin, "null"),
    ]

    @Test(arguments: sizes)
    func sizesHaveNoPlus(_ value: Value, _ magnitude: Magnitude?, _ expected: String) {
        #expect(ValueText.human(value, magnitude: magnitude) == expected)
    }

    /// `moe()` and `se()` columns, and compare's `se`, read as sizes; a difference keeps its sign.
    @Test func marginAndStandardErrorColumns() throws {
        let session = try SessionTest.session(["t": [
            SessionTest.texts("h", ["now", "later"]), SessionTest.percents("v", [0.16, 0.57]),
            SessionTest.integers("n", [1709, 1709]),
        ]])
        let table = try SessionTest.table(session, "from t | derive e = estimate(v, n) | select h, m = moe(e), s = se(e), d = v - 10%")
        #expect(table.column(named: "m")?.magnitude == .margin)
        #expect(table.column(named: "s")?.magnitude == .standardError)
        #expect(table.column(named: "d")?.magnitude == nil)
        let text = TableFormatter.render(table, as: .table)
        #expect(text.contains("±1.7 pp") && text.contains("±2.3 pp"), "\(text)")
        #expect(text.contains(" 0.9 pp") && !text.contains("+0.9 pp"), "\(text)")
        #expect(text.contains("+6.0 pp") && text.contains("+47.0 pp"), "\(text)")
        // Sorting and renaming keep what a column measures.
        let sorted = try SessionTest.table(session, "from t | derive e = estimate(v, n), m = moe(e) | sort m desc | select margin = m")
        #expect(sorted.columns[0].magnitude == .margin)
        // Machine formats are unchanged: numbers in percent units.
        #expect(TableFormatter.render(table, as: .csv).contains(",1.73783132347004,"))
    }

    @Test func compareStandardErrorIsASize() throws {
        let session = Session(workingDirectory: packageRoot.path)
        let table = try SessionTest.table(session, """
            load "Examples/data/ceo_study_metrics.csv" as s
            from s | where study ~ "PwC" and metric ~ "growth will improve" and segment == "Global"
              | compare edition_year == 2013 vs edition_year == 2014
            """)
        #expect(table.column(named: "se")?.magnitude == .standardError)
        let text = TableFormatter.render(table, as: .table)
        #expect(text.contains("+26.0 pp") && text.contains(" 1.7 pp") && !text.contains("+1.7 pp"), "\(text)")
    }
}
