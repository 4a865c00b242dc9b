import Testing
@testable import Topline

/// The functions and forms of numbers, choices and text: each case an
/// expression, the type of its value and its machine text (percents in percent
/// units, null as ""), computed on one row.
@Suite struct ScalarFunctionTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var expression: String
        var type: ValueType
        var text: String
        var testDescription: String { expression }
        init(_ expression: String, _ type: ValueType, _ text: String) {
            self.expression = expression
            self.type = type
            self.text = text
        }
    }

    static func session() throws -> Session {
        let session = Session()
        let table = try Table(columns: [
            Column(name: "t", type: .text, values: [.text("abc")]),
            Column(name: "n", type: .integer, values: [.null]),
            Column(name: "x", type: .number, values: [.number(2.5)]),
        ])
        session.register(table, as: "one")
        return session
    }

    static func evaluate(_ expression: String) throws -> (Value, ValueType) {
        let outcome = try session().run("from one | select v = \(expression)", fileName: "f.tq")
        #expect(outcome.diagnostics.filter { $0.severity == .error }.map(\.message) == [], "\(expression)")
        let table = try #require(outcome.tables.first)
        return (table[0, "v"], try #require(table.column(named: "v")).type)
    }

    static let numbers: [Case] = [
        Case("floor(2.7)", .number, "2"), Case("floor(-2.5)", .number, "-3"), Case("ceil(-2.5)", .number, "-2"),
        Case("ceil(-0.5)", .number, "0"), Case("floor(7)", .integer, "7"), Case("ceil(-7)", .integer, "-7"),
        Case("floor(n)", .integer, ""), Case("floor(7 / 2)", .number, "3"), Case("ceil(1e300)", .number, "1e+300"),
        // Percents and points in percent units, a k% literal counting as exactly k%.
        Case("floor(29%)", .percent, "29"), Case("ceil(29%)", .percent, "29"), Case("floor(57%)", .percent, "57"),
        Case("floor(28.5%)", .percent, "28"), Case("ceil(28.5%)", .percent, "29"), Case("floor(-0.5%)", .percent, "-1"),
        Case("ceil(0.000001%)", .percent, "1"), Case("floor(-5pp / 2)", .points, "-3"), Case("floor(57% / 16%)", .ratio, "3"),
        Case("mod(7, 3)", .integer, "1"), Case("mod(-7, 3)", .integer, "-1"), Case("mod(7, -3)", .integer, "1"),
        Case("mod(-7, -3)", .integer, "-1"), Case("mod(-9223372036854775807 - 1, -1)", .integer, "0"),
        Case("mod(7.5, 2)", .number, "1.5"), Case("mod(-7.5, 2)", .number, "-1.5"), Case("mod(5.5, -2)", .number, "1.5"),
        Case("mod(-4.0, 2)", .number, "0"), Case("mod(7, 0)", .integer, ""),
        Case("mod(7.5, 0)", .number, ""), Case("mod(n, 2)", .integer, ""), Case("mod(7, null)", .integer, ""),
    ]

    static let choices: [Case] = [
        Case("if(true, 1, 2)", .integer, "1"), Case("if(false, 1, 2)", .integer, "2"), Case("if(null, 1, 2)", .integer, "2"),
        Case("if(n > 1, 1, 2)", .integer, "2"), Case("if(true, 1, 2.5)", .number, "1"), Case("if(true, null, \"a\")", .text, ""),
        Case("case when true then 1 end", .integer, "1"), Case("case when false then 1 end", .integer, ""),
        Case("case when null then 1 else 2 end", .integer, "2"), Case("case when n == 1 then 1 when n is null then 3 end", .integer, "3"),
        Case("case when x > 2 then 1 else 0.5 end", .number, "1"), Case("case when x > 3 then 16% else null end", .percent, ""),
        Case("case when 1 / 0 == 1 then 1 else 2 end", .integer, "2"),
        // Only the branch taken is computed: the overflow in the other is never reached.
        Case("case when true then 1 else 9223372036854775807 + 1 end", .integer, "1"),
        Case("if(false, 9223372036854775807 * 2, 0)", .integer, "0"),
        Case("recode(t, \"abc\" -> \"A\")", .text, "A"), Case("recode(t, \"x\" -> \"A\")", .text, "abc"),
        Case("recode(t, (\"x\", \"abc\") -> \"A\", \"y\" -> \"B\")", .text, "A"), Case("recode(t, \"x\" -> \"A\", else null)", .text, ""),
        Case("recode(t, \"x\" -> \"A\", else \"other\")", .text, "other"), Case("recode(n, 1 -> 10)", .integer, ""),
        Case("recode(n, 1 -> 10, else 0)", .integer, ""), Case("recode(n, null -> 0)", .integer, "0"),
        Case("recode(x, 2.5 -> 1)", .number, "1"), Case("recode(x, 3 -> 1)", .number, "2.5"),
        Case("recode(x, (-1, 2.5) -> \"yes\", else \"no\")", .text, "yes"), Case("recode(3, 3.0 -> \"three\", else \"?\")", .text, "three"),
        Case("recode(16%, 16% -> 1%)", .percent, "1"),
        Case("bin(17, 18, 30)", .text, "<18"), Case("bin(18, 18, 30)", .text, "18–29"), Case("bin(30, 18, 30)", .text, "30+"),
        Case("bin(19, 18, 19, 20)", .text, "19"), Case("bin(29.5, 18, 30)", .text, "18–<30"), Case("bin(x, 2.5)", .text, "2.5+"),
        Case("bin(-3, -5, 0)", .text, "-5–-1"), Case("bin(n, 1)", .text, ""), Case("bin(50%, 25%, 50%)", .text, "50%+"),
        Case("bin(10%, 12.5%)", .text, "<12.5%"), Case("bin(1pp, 0pp, 5pp)", .text, "0pp–<5pp"), Case("bin(x, 2, 3)", .text, "2–<3"),
        Case("bin(9223372036854775807, 0)", .text, "0+"),
    ]

    static let texts: [Case] = [
        Case("length(\"abc\")", .integer, "3"), Case("length(\"e\u{301}\")", .integer, "1"), Case("length(\"\")", .integer, "0"),
        Case("length(null)", .integer, ""),
        Case("substr(\"hello\", 2)", .text, "ello"), Case("substr(\"hello\", -3)", .text, "llo"), Case("substr(\"hello\", -9)", .text, "hello"),
        Case("substr(\"hello\", 6)", .text, ""), Case("substr(\"hello\", 2, 0)", .text, ""), Case("substr(\"hello\", 2, 100)", .text, "ello"),
        Case("substr(\"hello\", -3, 2)", .text, "ll"), Case("substr(\"hello\", 9223372036854775807)", .text, ""),
        Case("substr(\"hello\", 1, 9223372036854775807)", .text, "hello"), Case("substr(\"hello\", -9223372036854775807 - 1)", .text, "hello"),
        Case("substr(\"he\u{301}llo\", 2, 1)", .text, "e\u{301}"), Case("substr(\"abc\", 1 - 1)", .text, ""), Case("substr(\"abc\", 1, 0 - 1)", .text, ""),
        Case("trim(\"  a b  \")", .text, "a b"), Case("trim(\"\\t x\\n\")", .text, "x"), Case("trim(\"   \")", .text, ""),
        Case("replace(\"aaa\", \"a\", \"bb\")", .text, "bbbbbb"), Case("replace(\"abc\", \"\", \"x\")", .text, "abc"),
        Case("replace(\"aXbXc\", \"X\", \"\")", .text, "abc"), Case("replace(\"ababab\", \"aba\", \"-\")", .text, "-bab"),
        Case("replace(\"e\u{301}\", \"e\", \"x\")", .text, "e\u{301}"), Case("replace(t, t, \"\")", .text, ""),
        Case("starts_with(\"abc\", \"ab\")", .boolean, "true"), Case("starts_with(\"abc\", \"\")", .boolean, "true"),
        Case("starts_with(\"Abc\", \"ab\")", .boolean, "false"), Case("ends_with(\"abc\", \"bc\")", .boolean, "true"),
        Case("ends_with(\"ab\", \"abc\")", .boolean, "false"), Case("contains(\"Abc\", \"a\")", .boolean, "false"),
        Case("contains(\"aaab\", \"aab\")", .boolean, "true"), Case("contains(\"caf\u{e9}\", \"cafe\u{301}\")", .boolean, "true"),
        Case("contains(null, \"a\")", .boolean, ""),
        Case("matches(\"abc\", \"b\")", .boolean, "true"), Case("matches(\"abc\", \"^b\")", .boolean, "false"),
        Case("matches(\"ABC\", \"(?i)b\")", .boolean, "true"), Case("matches(\"x\", \"x|y\")", .boolean, "true"),
        Case("matches(\"e\u{301}\", \"^.$\")", .boolean, "true"), Case("matches(\"a1\", \"\\\\d\")", .boolean, "true"),
        Case("matches(t, t)", .boolean, "true"), Case("matches(null, \"a\")", .boolean, ""),
        Case("concat(\"a\", null, 1)", .text, "a1"), Case("concat(null)", .text, ""), Case("concat(16%, \" \", 5pp, \" \", true)", .text, "16.0% +5.0 pp true"),
        Case("\"a\" || null", .text, ""), Case("\"a\" || 16%", .text, "a16.0%"), Case("\"n\" || 1 + 2", .text, "n3"),
        Case("\"a\" || \"b\" == \"ab\"", .boolean, "true"), Case("t || t || t", .text, "abcabcabc"),
        Case("lower(\"ÄB\")", .text, "äb"), Case("upper(\"äb\")", .text, "ÄB"),
    ]

    @Test(arguments: numbers + choices + texts)
    func value(_ c: Case) throws {
        let (value, type) = try Self.evaluate(c.expression)
        #expect(type == c.type, "\(c.expression)")
        #expect(ValueText.machine(value) == c.text, "\(c.expression)")
        if c.text.isEmpty, c.type != .text { #expect(value.isNull, "\(c.expression)") }
    }

    /// Errors found before any row is read, with the id and the text they point at.
    struct ErrorCase: CustomTestStringConvertible, Sendable {
        var expression: String
        var id: DiagnosticID
        var at: String
        var testDescription: String { expression }
        init(_ expression: String, _ id: DiagnosticID, at: String) {
            self.expression = expression
            self.id = id
            self.at = at
        }
    }

    static let errors: [ErrorCase] = [
        ErrorCase("substr(t, 0)", .resolveArgumentRange, at: "0"), ErrorCase("substr(t, 1, -1)", .resolveArgumentRange, at: "-1"),
        ErrorCase("substr(t, \"1\")", .resolveType, at: "\"1\""), ErrorCase("length(x)", .resolveType, at: "x"),
        ErrorCase("matches(t, \"(\")", .resolveRegex, at: "\"(\""), ErrorCase("matches(t, \"(a*)*\")", .resolveRegex, at: "\"(a*)*\""),
        ErrorCase("matches(t, \"(x|xy)+\")", .resolveRegex, at: "\"(x|xy)+\""), ErrorCase("matches(t, \"(?<=a)b\")", .resolveRegex, at: "\"(?<=a)b\""),
        ErrorCase("bin(x, 2, 1)", .resolveBinBreaks, at: "1"), ErrorCase("bin(x, 1, 1)", .resolveBinBreaks, at: "1"),
        ErrorCase("bin(x, n)", .resolveBinBreaks, at: "n"), ErrorCase("bin(x, 50%)", .resolveBinBreaks, at: "50%"),
        ErrorCase("bin(16%, 1)", .resolveBinBreaks, at: "1"), ErrorCase("bin(t, 1)", .resolveType, at: "bin(t, 1)"),
        ErrorCase("bin(x)", .resolveArity, at: "bin(x)"),
        ErrorCase("if(t, 1, 2)", .resolveType, at: "t"), ErrorCase("if(true, 1, \"a\")", .resolveType, at: "\"a\""),
        ErrorCase("case when x then 1 end", .resolveType, at: "x"), ErrorCase("case when true then 1 else \"a\" end", .resolveType, at: "\"a\""),
        ErrorCase("recode(t, \"a\" -> 1, \"a\" -> 2)", .resolveRecode, at: "\"a\""), ErrorCase("recode(t, t -> 1, else 0)", .resolveRecode, at: "t"),
        ErrorCase("recode(n, 1 -> \"one\")", .resolveType, at: "recode(n, 1 -> \"one\")"), ErrorCase("recode(n, \"1\" -> 1)", .resolveType, at: "\"1\""),
        ErrorCase("recode(x, 2.5 -> 1, 2.50 -> 3)", .resolveRecode, at: "2.50"), ErrorCase("recode(t, null -> \"a\", null -> \"b\")", .resolveRecode, at: "null"),
        ErrorCase("mod(x, 2%)", .resolveType, at: "mod(x, 2%)"), ErrorCase("floor(t)", .resolveType, at: "floor(t)"),
        ErrorCase("flor(x)", .resolveUnknownFunction, at: "flor"),
    ]

    @Test(arguments: errors)
    func error(_ c: ErrorCase) throws {
        let query = "from one | select v = \(c.expression)"
        let outcome = try Self.session().run(query, fileName: "e.tq")
        let d = try #require(outcome.diagnostics.first, "\(c.expression)")
        #expect(d.id == c.id, "\(c.expression): \(d.message)")
        let range = try #require(d.range)
        let bytes = Array(query.utf8)
        #expect(String(decoding: bytes[range.start..<range.end], as: UTF8.self) == c.at, "\(c.expression)")
    }

    @Test func unknownFunctionsListTheNearest() throws {
        for (typed, best) in [("flor", "floor"), ("iif", "if"), ("substring", "substr"), ("regexp_matches", "matches"), ("cut", "bin"), ("lenght", "length")] {
            let outcome = try Self.session().run("from one | select v = \(typed)(x)", fileName: "u.tq")
            let d = try #require(outcome.diagnostics.first)
            #expect(d.label == "did you mean '\(best)'?", "\(typed)")
            #expect(d.hints.first?.hasPrefix("nearest: ") == true, "\(typed)")
            #expect(d.hints.first?.contains(LanguageHelp.topic(best)!.syntax) == true, "\(typed): \(d.hints)")
        }
    }

    @Test func aComputedPatternFailsAtItsRow() throws {
        let outcome = try Self.session().run("from one | select v = matches(t, t || \"(\")", fileName: "p.tq")
        #expect(outcome.diagnostics.map(\.id) == [.runRegex])
        #expect(outcome.diagnostics.first?.message.hasPrefix("row 1: invalid regular expression") == true)
    }

    @Test func replaceRefusesATextBeyond64MiB() throws {
        let session = try Self.session()
        // 2^14 characters, each replaced by 2^13: 2^27 bytes.
        let outcome = session.run("""
            from one | select v = replace(replace(replace(replace("aaaaaaaaaaaaaaaa", "a", "aaaaaaaaaaaaaaaa"), "a", "aaaaaaaaaaaaaaaa"), \
            "a", "aaaaaaaaaaaaaaaa"), "a", "\(String(repeating: "b", count: 8192))")
            """, fileName: "r.tq")
        #expect(outcome.diagnostics.map(\.id) == [.runTextTooLong])
    }
}

/// The labels of `bin`, in interval order, for the categories' order.
@Suite struct BinLabelTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var breaks: [Value]
        var integer: Bool
        var labels: [String]
        var testDescription: String { "\(breaks)" }
    }

    static let cases: [Case] = [
        Case(breaks: [.integer(18), .integer(30), .integer(50), .integer(65)], integer: true, labels: ["<18", "18–29", "30–49", "50–64", "65+"]),
        Case(breaks: [.integer(18), .integer(19), .integer(21)], integer: true, labels: ["<18", "18", "19–20", "21+"]),
        Case(breaks: [.integer(-5), .integer(0)], integer: true, labels: ["<-5", "-5–-1", "0+"]),
        Case(breaks: [.integer(18), .integer(30)], integer: false, labels: ["<18", "18–<30", "30+"]),
        Case(breaks: [.number(2.5), .number(5)], integer: false, labels: ["<2.5", "2.5–<5", "5+"]),
        Case(breaks: [.percent(0.25), .percent(0.5)], integer: false, labels: ["<25%", "25%–<50%", "50%+"]),
        Case(breaks: [.points(0.05)], integer: false, labels: ["<5pp", "5pp+"]),
        Case(breaks: [], integer: true, labels: []),
    ]

    @Test(arguments: cases)
    func labels(_ c: Case) {
        #expect(BinLabels.labels(breaks: c.breaks, integer: c.integer) == c.labels)
        let bins = BinLabels(breaks: c.breaks, integer: c.integer)
        #expect(bins.labels == c.labels)
    }

    @Test func intervalsHoldTheirLowerBreak() {
        let bins = BinLabels(breaks: [.integer(18), .integer(30)], integer: true)
        #expect([Value.integer(17), .integer(18), .integer(29), .integer(30), .integer(.max), .integer(.min), .null].map(bins.interval(of:))
                == [0, 1, 1, 2, 2, 0, nil])
        let numbers = BinLabels(breaks: [.number(0.5), .number(1)], integer: false)
        #expect([Value.number(0.49), .number(0.5), .integer(1), .number(-.infinity)].map(numbers.interval(of:)) == [0, 1, 2, 0])
    }

    /// A typed `bin(…)` call names its labels, so a column made by it can declare their order.
    @Test func aTypedCallGivesItsLabels() throws {
        let r = SourceRange.at(0)
        let x = TypedExpr(kind: .column(0), type: .integer, range: r)
        let breaks = [Int64(18), 65].map { TypedExpr(kind: .literal(.integer($0)), type: .integer, range: r) }
        let call = TypedExpr(kind: .call(ScalarFunctions.bin, [x] + breaks), type: .text, range: r)
        #expect(BinLabels.labels(of: call) == ["<18", "18–64", "65+"])
        let negated = TypedExpr(kind: .unary(.negate, TypedExpr(kind: .literal(.number(1.5)), type: .number, range: r)), type: .number, range: r)
        #expect(BinLabels.labels(of: TypedExpr(kind: .call(ScalarFunctions.bin, [x, negated]), type: .text, range: r)) == ["<-1.5", "-1.5+"])
        #expect(BinLabels.labels(of: x) == nil)
    }

    /// A column made by bin() declares its labels as its levels: groups follow the intervals.
    @Test func aBinColumnHasItsIntervalsAsLevels() throws {
        let session = Session()
        session.register(try Table(columns: [Column(name: "x", type: .integer, values: [70, 5, 40, 5, 90].map { .integer($0) })]), as: "t")
        let outcome = session.run("from t | derive b = bin(x, 10, 50) | summarize n = count() by b", fileName: "b.tq")
        let table = try #require(outcome.tables.first)
        #expect((0..<table.rowCount).map { table[$0, "b"] } == ["<10", "10–49", "50+"].map(Value.text))
        let derived = try #require(session.run("from t | derive b = bin(x, 10, 50)", fileName: "d.tq").tables.first)
        #expect(derived.column(named: "b")?.levels == ["<10", "10–49", "50+"])
    }
}

/// The patterns `matches` refuses as exponential on a backtracking engine, and the ones it keeps.
@Suite struct RegexRiskTests {
    static let risky = ["(a+)+", "(a*)*", "(a+)*$", "(\\w+\\s?)+$", "((a*)|b)+", "(?:x+y?)+", "(a|ab)+c", "(ab|ac){2,}", "(a+){2,5}", "((a+))+"]
    static let safe = ["a+", "^(\\d+,)*\\d+$", "(ab)+", "(yes|no)+", "(a+)?", "(a+b)+", "[a+]+", "\\(a+\\)+", "(a{2})+", "(?i)(a|b)+",
                       "x{3}", "(\\s|,)+", "\\Q(a+)+\\E", "^[^()]*$"]

    @Test(arguments: risky)
    func refused(_ pattern: String) {
        #expect(RegexRisk.exponential(in: pattern) != nil, "\(pattern)")
    }

    @Test(arguments: safe)
    func kept(_ pattern: String) {
        #expect(RegexRisk.exponential(in: pattern) == nil, "\(pattern)")
    }
}

/// Exact search by Characters, linear whatever the text.
@Suite struct TextPatternTests {
    @Test(arguments: [("ab", "xaby", true), ("", "", true), ("aab", "aaab", true), ("abab", "ababa", true), ("abac", "abababab", false), ("e", "e\u{301}", false),
                      ("é", "e\u{301}x", true), ("x", "", false)])
    func occurs(_ needle: String, _ text: String, _ expected: Bool) {
        #expect(TextPattern(needle).occurs(in: text) == expected)
    }

    @Test(arguments: [("ab", "abcab", "-", "-c-"), ("aa", "aaaaa", "b", "bba"), ("x", "abc", "y", "abc"), ("", "abc", "y", "abc"),
                      ("é", "cafe\u{301}!", "e", "cafe!"), ("a", "a", "", "")])
    func replacing(_ needle: String, _ text: String, _ with: String, _ expected: String) {
        #expect(TextPattern(needle).replacing(in: text, with: with) == expected)
    }

    @Test func linearOnAHostileText() {
        let text = String(repeating: "a", count: 200_000), needle = String(repeating: "a", count: 10_000) + "b"
        let start = ContinuousClock.now
        #expect(!TextPattern(needle).occurs(in: text))
        #expect(ContinuousClock.now - start < .seconds(5))
    }
}

/// Work on one text column is done once per distinct value; the results are
/// those of row-by-row evaluation, nulls included.
@Suite struct TextMemoTests {
    static let regions: [String?] = ["a", "b", nil, "a", "Alpha", "b", nil, "c", "a"]

    static func session() throws -> Session {
        let session = Session()
        session.register(try Table(columns: [
            Column(name: "region", type: .text, values: regions.map { $0.map(Value.text) ?? .null }),
            Column(name: "i", type: .integer, values: regions.indices.map { .integer(Int64($0)) }),
        ]), as: "t")
        return session
    }

    static let cases: [(String, @Sendable (String?) -> String?)] = [
        (#"recode(region, ("a", "b") -> "ab")"#, { $0.map { $0 == "a" || $0 == "b" ? "ab" : $0 } }),
        (#"recode(region, null -> "none", else "x")"#, { $0 == nil ? "none" : "x" }),
        (#"upper(region) || "!""#, { $0.map { $0.uppercased() + "!" } }),
        (#"case when region ~ "a" then lower(region) when region is null then "?" end"#, { r in r.map { $0.lowercased().contains("a") ? $0.lowercased() : nil } ?? "?" }),
        (#"concat(region, "-")"#, { ($0 ?? "") + "-" }),
        (#"if(starts_with(region, "A"), "A", "other")"#, { $0?.hasPrefix("A") == true ? "A" : "other" }),
    ]

    @Test(arguments: cases.indices)
    func sameAsRowByRow(_ k: Int) throws {
        let (expression, meaning) = Self.cases[k]
        let session = try Self.session()
        // Through derive (a column built per distinct value), and mixed with a second column (row by row).
        for query in ["from t | derive v = \(expression)", "from t | derive v = if(i >= 0, \(expression), null)"] {
            let outcome = session.run(query, fileName: "m.tq")
            #expect(outcome.diagnostics.isEmpty, "\(outcome.diagnostics.map(\.message))")
            let table = try #require(outcome.tables.first)
            let got = (0..<table.rowCount).map { row -> String? in
                if case .text(let s) = table[row, "v"] { return s }
                return nil
            }
            #expect(got == Self.regions.map(meaning), "\(query)")
            // One dictionary entry per distinct result.
            if case .texts(_, let dictionary) = try #require(table.column(named: "v")).storage {
                #expect(Set(dictionary).count == dictionary.count, "\(query)")
            }
        }
    }

    @Test func afterAWhereTheUnusedValuesAreNotComputed() throws {
        // "bad(" is in the column's dictionary but on no row left: it must not fail.
        let session = Session()
        session.register(try Table(columns: [Column(name: "p", type: .text, values: [.text("a"), .text("bad(")])]), as: "p")
        let outcome = session.run(#"from p | where p == "a" | derive m = matches("abc", p)"#, fileName: "w.tq")
        #expect(outcome.diagnostics.isEmpty, "\(outcome.diagnostics.map(\.message))")
        #expect(outcome.tables.first?[0, "m"] == .boolean(true))
    }
}
