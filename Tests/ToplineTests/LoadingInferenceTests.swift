import Testing
@testable import Topline

@Suite struct LoadingInferenceTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let cells: [String]
        let type: ValueType
        let values: [Value]
        init(_ cells: [String], _ type: ValueType, _ values: [Value]) {
            self.cells = cells; self.type = type; self.values = values
        }
        var testDescription: String { cells.description }
    }

    static let cases: [Case] = [
        Case(["1", "-2", "+3", "007"], .integer, [.integer(1), .integer(-2), .integer(3), .integer(7)]),
        Case(["", "5", ""], .integer, [.null, .integer(5), .null]),
        Case([" 12 ", "\t3"], .integer, [.integer(12), .integer(3)]),
        Case(["9223372036854775807", "-9223372036854775808"], .integer,
             [.integer(.max), .integer(.min)]),
        Case(["1", "9223372036854775808"], .number, [.number(1), .number(9_223_372_036_854_775_808)]),
        Case(["-9223372036854775809"], .number, [.number(-0x1p63)]),
        Case(["99999999999999999999", "1"], .number, [.number(1e20), .number(1)]),
        Case(["1", "2.5", "", "-0.25"], .number, [.number(1), .number(2.5), .null, .number(-0.25)]),
        Case(["2.5", "3"], .number, [.number(2.5), .number(3)]),
        Case(["1e3", "-2.5E-2", ".5", "5."], .number, [.number(1000), .number(-0.025), .number(0.5), .number(5)]),
        Case(["16%", "16.5 %", "-3%", "", " 0.1% "], .percent,
             [.percent(0.16), .percent(0.165), .percent(-0.03), .null, .percent(0.001)]),
        Case(["true", "FALSE", "", "True"], .boolean, [.boolean(true), .boolean(false), .null, .boolean(true)]),
        // Anything unrecognised turns the column to text, keeping earlier cells as written.
        Case(["+5", "007", "abc"], .text, [.text("+5"), .text("007"), .text("abc")]),
        Case(["1.50", "", "n/a"], .text, [.text("1.50"), .null, .text("n/a")]),
        Case(["16%", "3"], .text, [.text("16%"), .text("3")]),
        Case(["3", "16%"], .text, [.text("3"), .text("16%")]),
        Case(["2.5", "16 %"], .text, [.text("2.5"), .text("16 %")]),
        Case(["true", "1"], .text, [.text("true"), .text("1")]),
        Case(["yes", "no"], .text, [.text("yes"), .text("no")]),
        Case([" ", "1"], .text, [.text(" "), .text("1")]),
        Case(["1", " true"], .text, [.text("1"), .text(" true")]),
        Case(["", ""], .text, [.null, .null]),
        Case(["inf", "nan"], .text, [.text("inf"), .text("nan")]),
        Case(["0x10", "1_000"], .text, [.text("0x10"), .text("1_000")]),
        Case(["1e999"], .text, [.text("1e999")]),
        Case(["1e", "-", "."], .text, [.text("1e"), .text("-"), .text(".")]),
        Case(["%"], .text, [.text("%")]),
        Case(["12%%"], .text, [.text("12%%")]),
        Case(["1e-400"], .number, [.number(0)]),
    ]

    @Test(arguments: cases)
    func infersColumnType(_ c: Case) throws {
        let t = try loadCSV("v\n" + c.cells.map { "\"\($0)\"" }.joined(separator: "\n") + "\n")
        let column = try #require(t.column(named: "v"))
        #expect(column.type == c.type)
        #expect(t.rows.map { $0[0] } == c.values)
    }

    @Test func textIsDictionaryEncodedInFirstSeenOrder() throws {
        let t = try loadCSV("r\nEU\nUS\n\nEU\nJP\nUS\n".replacingBlankLine())
        guard case .texts(let codes, let dictionary) = t.columns[0].storage else { Issue.record("not text"); return }
        #expect(dictionary == ["EU", "US", "JP"])
        #expect(codes == [0, 1, -1, 0, 2, 1])
    }

    @Test func lateTextKeepsEarlierSpellingsAndFirstSeenOrder() throws {
        // The switch to text happens far beyond the first block, so the earlier rows are re-read.
        var text = "code,n\n"
        for i in 0..<30_000 { text += "\(i % 2 == 0 ? "007" : "+8"),\(i)\n" }
        text += "x,1\n007,2\n"
        let t = try loadCSV(text)
        #expect(t.types == [.text, .integer])
        #expect(t.rowCount == 30_002)
        guard case .texts(let codes, let dictionary) = t.columns[0].storage else { Issue.record("not text"); return }
        #expect(dictionary == ["007", "+8", "x"])
        #expect(codes.prefix(4) == [0, 1, 0, 1])
        #expect(codes.suffix(2) == [2, 0])
    }

    @Test func integersWidenToNumbersAcrossBlocks() throws {
        var text = "v\n"
        for i in 0..<20_000 { text += i % 5 == 0 ? "\n" : "\(i)\n" }
        text += "0.5\n"
        let t = try loadCSV(text.replacingBlankLine())
        #expect(t.types == [.number])
        #expect(t[1, "v"] == .number(1))
        #expect(t[0, "v"] == .null)
        #expect(t[20_000, "v"] == .number(0.5))
    }

    @Test func booleansAndPercentsTurnToTextAcrossBlocks() throws {
        var text = "flag,share\n"
        for i in 0..<20_000 { text += i % 2 == 0 ? "TRUE,16%\n" : "false,\"1.5 %\"\n" }
        text += "maybe,7\n"
        let t = try loadCSV(text)
        #expect(t.types == [.text, .text])
        #expect(t.row(0) == [.text("TRUE"), .text("16%")])
        #expect(t.row(1) == [.text("false"), .text("1.5 %")])
        #expect(t.row(20_000) == [.text("maybe"), .text("7")])
    }

    @Test func percentColumnsStayPercentAcrossBlocks() throws {
        var text = "share\n"
        for i in 0..<20_000 { text += "\(i % 100)%\n" }
        let t = try loadCSV(text)
        #expect(t.types == [.percent])
        #expect(t[57, "share"] == .percent(0.57))
        #expect(t[19_999, "share"] == .percent(0.99))
    }

    // MARK: Numbers parsed from bytes match Double(String) exactly.

    static func parsed(_ s: String) -> Double? {
        var bytes = Array(s.utf8)
        return bytes.withUnsafeMutableBufferPointer { b in
            let cell = UnsafeBufferPointer(b)
            return NumericLiteral.scan(cell)?.double(in: cell)
        }
    }

    @Test func shortestRepresentationsRoundTrip() {
        var rng = SplitMix(seed: 42)
        var checked = 0
        for _ in 0..<200_000 {
            let d = Double(bitPattern: rng.next() & ~(0x7FF << 52) | (UInt64.random(in: 0x300...0x4FF, using: &rng) << 52))
            let s = d.description
            guard let expected = Double(s) else { continue }
            #expect(Self.parsed(s) == expected, "\(s)")
            checked += 1
        }
        #expect(checked > 100_000)
    }

    @Test func randomDecimalStringsMatchTheStandardLibrary() {
        var rng = SplitMix(seed: 7)
        for _ in 0..<100_000 {
            let s = Self.randomDecimal(&rng)
            let expected = Double(s)!
            if !expected.isFinite { #expect(Self.parsed(s) == nil, "\(s)"); continue }
            let got = Self.parsed(s)
            #expect(got == expected && got?.sign == expected.sign, "\(s)")
        }
    }

    @Test func percentsAreTheDecimalDividedByAHundredExactly() {
        var rng = SplitMix(seed: 9)
        for _ in 0..<50_000 {
            let s = Self.randomDecimal(&rng)
            guard let expected = Double(s + "e-2").flatMap({ $0.isFinite ? $0 : nil }),
                  !s.contains("e") else { continue }
            #expect(Self.parsed(s + "%") == expected, "\(s)%")
        }
        #expect(Self.parsed("0.1%") == 0.001)
        #expect(Self.parsed("1e5%") == 1000)
        #expect(Self.parsed("16.5 %") == 0.165)
    }

    @Test(arguments: [
        "0", "-0", "0.0", "-0.0", "1", "0.1", "0.3", "2.5", "123456789012345678", "9007199254740993",
        "1.7976931348623157e308", "2.2250738585072014e-308", "4.9e-324", "5e-324", "2.4703282292062327e-324",
        "123456789012345678901234567890", "0.000000000000000000000000000001", "1e22", "1e23", "8.98846567431158e307",
        "00000000000000000000000000000012.5", "3.14159265358979323846264338327950288",
    ])
    func edgeCaseNumbersMatchTheStandardLibrary(_ s: String) {
        let expected = Double(s)!
        #expect(Self.parsed(s) == expected)
        #expect(Self.parsed(s)?.sign == expected.sign)
    }

    static func randomDecimal(_ rng: inout SplitMix) -> String {
        var s = Bool.random(using: &rng) ? "-" : ""
        let digits = Int.random(in: 1...25, using: &rng)
        var body = (0..<digits).map { _ in String(Int.random(in: 0...9, using: &rng)) }.joined()
        if Bool.random(using: &rng) {
            let point = Int.random(in: 0...digits, using: &rng)
            body.insert(".", at: body.index(body.startIndex, offsetBy: point))
            if body == "." { body = "0.0" }
        }
        s += body
        if Int.random(in: 0..<3, using: &rng) == 0 { s += "e\(Int.random(in: -340...320, using: &rng))" }
        return s
    }
}

/// A small deterministic generator so failures reproduce.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

private extension String {
    /// Blank lines are skipped by the CSV reader; a lone `""` line is an empty cell.
    func replacingBlankLine() -> String {
        split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { $0.isEmpty ? "\"\"" : String($0) }
            .joined(separator: "\n") + "\n"
    }
}
