import Foundation
import Testing
import ToplineTestSupport
@testable import Topline

/// The source printer: canonical text for each form, and
/// `print(parse(print(parse(x)))) == print(parse(x))` for every fixture and
/// example script that parses.
@Suite struct RoundTripTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var source: String
        /// The canonical text, when the case checks it.
        var canonical: String?
        var testDescription: String { source.debugDescription }
        init(_ source: String, _ canonical: String? = nil) {
            self.source = source
            self.canonical = canonical
        }
    }

    static let inline: [Case] = [
        Case("from s|where a==1|select a,b", "from s | where a == 1 | select a, b"),
        Case("from s\n  | where x > 1\n  | take 3", "from s | where x > 1 | take 3"),
        Case("load 'data/a b.csv' as `my data` weight w", "load \"data/a b.csv\" as `my data` weight w"),
        Case("load \"x.csv\" weight weight", "load \"x.csv\" weight weight"),
        Case("design d weight pw cluster dnum,snum fpc fpc1,fpc2", "design d weight pw cluster dnum, snum fpc fpc1, fpc2"),
        Case("design d weight w replicates repw1..repw80 method sdr", "design d weight w replicates repw1 .. repw80 method sdr"),
        Case("design d weight w replicates `r 1` .. `r 2` method fay .5", "design d weight w replicates `r 1` .. `r 2` method fay 0.5"),
        Case("design d weight w replicates a .. b method fay -0.5", "design d weight w replicates a .. b method fay -0.5"),
        Case("let t = from s | take 1; describe t; datasets", "let t = from s | take 1\ndescribe t\ndatasets"),
        Case("set level 90", "set level 90"),
        Case("set level 90%", "set level 90%"),
        Case("set interval wilson", "set interval wilson"),
        Case("from s | select `3-5 years`, `from`, `a``b`, weight, `Ärger`", "from s | select `3-5 years`, `from`, `a``b`, weight, Ärger"),
        Case("from s | select `plain`, `_x1`, `1x`", "from s | select plain, _x1, `1x`"),
        Case(#"from s | where t == "a\\b\"c\nd\te\rf""#, #"from s | where t == "a\\b\"c\nd\te\rf""#),
        Case("from s | where t == 'single'", "from s | where t == \"single\""),
        Case("from s | derive a = 16%, b = 16.5%, c = 5pp, d = 0.25pp, e = 1.0, f = 2.50, g = 1e3, h = .5",
             "from s | derive a = 16%, b = 16.5%, c = 5pp, d = 0.25pp, e = 1.0, f = 2.5, g = 1000.0, h = 0.5"),
        Case("from s | derive a = 1e-7, b = 1e300, c = 1.5e308, d = 0.1 + 0.2", "from s | derive a = 1e-07, b = 1e+300, c = 1.5e+308, d = 0.1 + 0.2"),
        Case("from s | where (a + b) * c > d - (e - f)", "from s | where (a + b) * c > d - (e - f)"),
        Case("from s | where ((a + b)) + c", "from s | where a + b + c"),
        Case("from s | where a / (b * c)", "from s | where a / (b * c)"),
        Case("from s | where not (a == b) and (c or d)", "from s | where not a == b and (c or d)"),
        Case("from s | where (not a) == b", "from s | where (not a) == b"),
        Case("from s | where not (a and b)", "from s | where not (a and b)"),
        Case("from s | where a or (b or c)", "from s | where a or (b or c)"),
        Case("from s | where (a or b) and c", "from s | where (a or b) and c"),
        Case("from s | where (a == b) == c", "from s | where (a == b) == c"),
        Case("from s | where -(a + b) < - -c", "from s | where -(a + b) < - -c"),
        Case("from s | where -(-1) > -(not a)", "from s | where - -1 > -(not a)"),
        Case("from s | where a + (not b)", "from s | where a + (not b)"),
        Case("from s | where x in (1, 2) and y not in (\"a\")", "from s | where x in (1, 2) and y not in (\"a\")"),
        Case("from s | where (a == b) in (true)", "from s | where (a == b) in (true)"),
        Case("from s | where (x in (1)) is null", "from s | where (x in (1)) is null"),
        Case("from s | where a+1 is not null or b is null", "from s | where a + 1 is not null or b is null"),
        Case("from s | where name ~ \"pwc\" and true != false or null", "from s | where name ~ \"pwc\" and true != false or null"),
        Case("from s | summarize n = count(), m = avg(x) by a, `b c`", "from s | summarize n = count(), m = avg(x) by a, `b c`"),
        Case("from s | summarize n = count()", "from s | summarize n = count()"),
        Case("from s | sort a desc, b asc, c", "from s | sort a desc, b, c"),
        Case("from s | pivot horizon value_pct | derive d = pct(`3-5 years`) - pct(now)",
             "from s | pivot horizon value_pct | derive d = pct(`3-5 years`) - pct(now)"),
        Case("from s | join o on region | left join p on a == b", "from s | join o on region | left join p on a = b"),
        Case("from s | take 10", "from s | take 10"),
        Case("from s | compare share(a == 1) vs share(b == 1) by region, `x y` as paired",
             "from s | compare share(a == 1) vs share(b == 1) by region, `x y` as paired"),
        Case("from s | chart dumbbell a->b by label", "from s | chart dumbbell a -> b by label"),
        Case("from s | chart line `over` over `by`", "from s | chart line over over `by`"),
        Case("from s | chart bar -x by `weight`", "from s | chart bar -x by weight"),
        Case("from s | derive `in` = `not`, `weight` = 1", "from s | derive `in` = `not`, weight = 1"),
        Case("from s | derive x = case when a > 1 then \"x\" when b then 2 else null end",
             "from s | derive x = case when a > 1 then \"x\" when b then 2 else null end"),
        Case("from s | derive x = case\n  when a then 1\n  when b or c\n    then 2\n  end", "from s | derive x = case when a then 1 when b or c then 2 end"),
        Case("from s | derive x = case when `end` then `when` else `end` end", "from s | derive x = case when `end` then `when` else `end` end"),
        Case("from s | select end, x = case when a then case when b then 1 end end",
             "from s | select end, x = case when a then case when b then 1 end end"),
        Case("from s | derive x = recode(a, 'x' -> 1, ('y', \"z\") -> 2, else 3)", "from s | derive x = recode(a, \"x\" -> 1, (\"y\", \"z\") -> 2, else 3)"),
        Case("from s | derive x = recode(a, (\"x\") -> 1, (-1) -> null, ((b + 1) * 2) -> c)",
             "from s | derive x = recode(a, \"x\" -> 1, -1 -> null, ((b + 1) * 2) -> c)"),
        Case("from s | derive x = a||b || \"c\", y = (a || b) + 1, z = a + b || c, w = \"a\" || 1 == \"a1\"",
             "from s | derive x = a || b || \"c\", y = (a || b) + 1, z = a + b || c, w = \"a\" || 1 == \"a1\""),
        Case("from s | where not a || b == c", "from s | where not a || b == c"),
    ]

    /// Fixture queries and examples that parse without errors.
    static let files: [String] = {
        let root = packageRoot
        var paths: [String] = []
        for dir in ["Tests/ToplineTests/Fixtures/queries", "Examples"] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(dir).path)) ?? []
            paths += names.filter { $0.hasSuffix(".tq") }.sorted().map { "\(dir)/\($0)" }
        }
        return paths.filter { path in
            guard let text = try? String(contentsOf: root.appendingPathComponent(path), encoding: .utf8) else { return false }
            return Parser.parse(SourceFile(name: path, text: text)).diagnostics.isEmpty
        }
    }()

    static func printed(_ text: String, _ name: String) -> String? {
        let (script, diagnostics) = Parser.parse(SourceFile(name: name, text: text))
        #expect(diagnostics.isEmpty, "\(name): \(diagnostics.map(\.message))")
        return diagnostics.isEmpty ? script.description : nil
    }

    @Test(arguments: inline)
    func inlineSource(_ c: Case) throws {
        let once = try #require(Self.printed(c.source, "source"))
        if let canonical = c.canonical { #expect(once == canonical) }
        #expect(Self.printed(once, "printed") == once)
    }

    @Test func enoughFixtureFiles() {
        #expect(Self.files.count >= 10)
        #expect(Self.inline.count + Self.files.count >= 40)
    }

    @Test(arguments: files)
    func file(_ path: String) throws {
        let text = try String(contentsOf: packageRoot.appendingPathComponent(path), encoding: .utf8)
        let once = try #require(Self.printed(text, path))
        #expect(Self.printed(once, "printed " + path) == once)
        // Same statements, one per line.
        #expect(once.split(separator: "\n").count == Parser.parse(SourceFile(name: path, text: text)).script.statements.count)
    }

    /// Random trees (seeded, so every run is the same) print to text that
    /// parses back to the same tree: the printer's parentheses agree with
    /// the parser's precedence.
    @Test(arguments: 0..<8)
    func generatedTrees(_ seed: UInt64) throws {
        var g = TreeGenerator(seed: seed)
        for _ in 0..<250 {
            let e = g.expr(depth: 5)
            let text = "from s | where \(e)"
            let (script, diagnostics) = Parser.parse(SourceFile(name: "g", text: text))
            try #require(diagnostics.isEmpty, "\(text): \(diagnostics.map(\.message))")
            guard case .pipeline(let p)? = script.statements.first?.kind, let back = (p.verbs.first?.syntax as? WhereVerb)?.condition else {
                Issue.record("\(text) did not parse as a where clause"); return
            }
            #expect(ParserTests.sexpr(back) == ParserTests.sexpr(e), "\(text)")
        }
    }

    @Test func exprDescription() throws {
        let (script, _) = Parser.parse(SourceFile(name: "t", text: "from s | where not(a==1)  and b"))
        guard case .pipeline(let p)? = script.statements.first?.kind, let e = (p.verbs.first?.syntax as? WhereVerb)?.condition else {
            Issue.record("no where"); return
        }
        #expect(e.description == "not a == 1 and b")
        #expect(p.description == "from s | where not a == 1 and b")
        #expect(script.statements[0].description == p.description)
    }

    @Test func handBuiltTreesPrintTheirStructure() {
        let r = SourceRange.at(0)
        let a = Expr(.column(Name("a", r)), r), b = Expr(.column(Name("b", r)), r)
        let sum = Expr(.binary(.add, a, b), r)
        #expect(Expr(.binary(.multiply, sum, sum), r).description == "(a + b) * (a + b)")
        #expect(Expr(.binary(.subtract, a, sum), r).description == "a - (a + b)")
        #expect(Expr(.unary(.negate, sum), r).description == "-(a + b)")
        #expect(Expr(.isNull(Expr(.isNull(a, negated: false), r), negated: true), r).description == "(a is null) is not null")
        #expect(Expr(.column(Name("a\nb", r)), r).description == "`a\nb`")
    }

    @Test func dumpShowsTreeAndRanges() {
        let file = SourceFile(name: "t", text: "from s\n| where a + 1 > 2")
        #expect(Parser.parse(file).script.dump(file) == """
            Script
              Pipeline from s @1:1-2:18
                Where @2:3-2:18
                  Binary > @2:9-2:18
                    Binary + @2:9-2:14
                      Column a @2:9-2:10
                      Integer 1 @2:13-2:14
                    Integer 2 @2:17-2:18
            """)
    }
}

/// SplitMix64 over a small vocabulary of tricky leaves and every operator form.
struct TreeGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

    mutating func next(_ n: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(n))
    }

    static let r = SourceRange.at(0)
    static let names = ["a", "weight", "from", "3-5 years", "a`b", "Ärger", "_x", "in", "x y", "pp", "end", "when", "recode"]
    static let leaves: [ExprKind] = [
        .integer(0), .integer(42), .number(0.5), .number(1e-7), .number(1e300), .number(3),
        .percent(16), .percent(16.5), .points(5), .points(0.25), .string(""), .string("a\"b\\c\nd"), .string("ü\t"),
        .boolean(true), .boolean(false), .null,
    ]

    mutating func name() -> Name { Name(Self.names[next(Self.names.count)], Self.r) }

    mutating func expr(depth: Int) -> Expr {
        let r = Self.r
        if depth <= 0 || next(4) == 0 {
            if next(2) == 0 { return Expr(.column(name()), r) }
            return Expr(Self.leaves[next(Self.leaves.count)], r)
        }
        switch next(11) {
        case 5:
            let branches = (0...next(2)).map { _ in CaseBranch(condition: expr(depth: depth - 2), result: expr(depth: depth - 2)) }
            return Expr(.caseWhen(CaseBranches(branches), otherwise: next(2) == 0 ? expr(depth: depth - 2) : nil), r)
        case 6:
            let rules = (0...next(2)).map { _ in RecodeRule(sources: ExprList((0...next(2)).map { _ in expr(depth: depth - 3) }), target: expr(depth: depth - 2)) }
            return Expr(.recode(expr(depth: depth - 1), RecodeRules(rules), otherwise: next(2) == 0 ? expr(depth: depth - 2) : nil), r)
        case 0: return Expr(.unary(.negate, expr(depth: depth - 1)), r)
        case 1: return Expr(.unary(.not, expr(depth: depth - 1)), r)
        case 2: return Expr(.inList(expr(depth: depth - 1), ExprList((0...next(2)).map { _ in expr(depth: depth - 2) }), negated: next(2) == 0), r)
        case 3: return Expr(.isNull(expr(depth: depth - 1), negated: next(2) == 0), r)
        case 4: return Expr(.call(Name(["f", "round", "g2"][next(3)], r), ExprList((0..<next(3)).map { _ in expr(depth: depth - 1) })), r)
        default:
            let op = BinaryOperator.allCases[next(BinaryOperator.allCases.count)]
            return Expr(.binary(op, expr(depth: depth - 1), expr(depth: depth - 1)), r)
        }
    }
}
