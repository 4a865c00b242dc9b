import Testing
@testable import Topline

/// Statement and verb forms, precedence, pipeline continuation, error
/// recovery and nesting limits.
@Suite struct ParserTests {
    static func parse(_ text: String) -> (script: Script, diagnostics: [Diagnostic]) {
        Parser.parse(SourceFile(name: "t.tq", text: text))
    }

    /// The one expression of `from s | where EXPR`, fully parenthesized.
    static func tree(_ expr: String) throws -> String {
        let (script, diagnostics) = parse("from s | where " + expr)
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.message))")
        let statement = try #require(script.statements.first)
        guard case .pipeline(let p) = statement.kind, let e = (p.verbs.first?.syntax as? WhereVerb)?.condition else {
            Issue.record("not a where clause")
            return ""
        }
        return sexpr(e)
    }

    /// An S-expression of the tree, independent of the source printer.
    static func sexpr(_ e: Expr) -> String {
        switch e.kind {
        case .integer(let i): return "\(i)"
        case .number(let d): return "\(d)"
        case .percent(let d): return "\(d)%"
        case .points(let d): return "\(d)pp"
        case .string(let s): return s.debugDescription
        case .boolean(let b): return "\(b)"
        case .null: return "null"
        case .column(let n): return n.text
        case .unary(let op, let x): return "(\(op == .negate ? "neg" : "not") \(sexpr(x)))"
        case .binary(let op, let l, let r): return "(\(op.rawValue) \(sexpr(l)) \(sexpr(r)))"
        case .call(let n, let args): return "(\(n.text)\(args.map { " " + sexpr($0) }.joined()))"
        case .inList(let x, let items, let negated):
            return "(\(negated ? "notin" : "in") \(sexpr(x))\(items.map { " " + sexpr($0) }.joined()))"
        case .isNull(let x, let negated): return "(\(negated ? "notnull" : "null?") \(sexpr(x)))"
        case .caseWhen(let branches, let otherwise):
            return "(case" + branches.map { " (\(sexpr($0.condition)) \(sexpr($0.result)))" }.joined()
                + (otherwise.map { " (else \(sexpr($0)))" } ?? "") + ")"
        case .recode(let x, let rules, let otherwise):
            return "(recode \(sexpr(x))" + rules.map { " ((\($0.sources.map(sexpr).joined(separator: " "))) \(sexpr($0.target)))" }.joined()
                + (otherwise.map { " (else \(sexpr($0)))" } ?? "") + ")"
        case .descending(let x): return "(desc \(sexpr(x)))"
        }
    }

    // MARK: - Statements and verbs

    @Test func loadForms() throws {
        let (script, diagnostics) = Self.parse("""
            load "a.csv"
            load "b.csv" as s weight w
            load "c.csv" weight weight
            """)
        #expect(diagnostics.isEmpty)
        let loads = script.statements.compactMap { s -> (String, String?, String?)? in
            guard case .load(let load) = s.kind else { return nil }
            return (load.path, load.name?.text, load.weight?.text)
        }
        try #require(loads.count == 3)
        #expect(loads[0] == ("a.csv", nil, nil))
        #expect(loads[1] == ("b.csv", "s", "w"))
        #expect(loads[2] == ("c.csv", nil, "weight"))
        guard case .load(let load) = script.statements[1].kind else {
            Issue.record("statement 2 is not a load")
            return
        }
        #expect(load.pathRange == SourceRange(18, 25))
        #expect(script.statements[1].range == SourceRange(13, 39))
    }

    @Test func designStatements() throws {
        let source = "design d weight pw strata s cluster c1, c2 fpc f1, f2\ndesign r weight w replicates r1 .. r80 method fay 0.3"
        let (script, diagnostics) = Self.parse(source)
        #expect(diagnostics.isEmpty)
        try #require(script.statements.count == 2)
        guard case .design(let stages) = script.statements[0].kind, case .design(let replicated) = script.statements[1].kind else {
            Issue.record("not designs"); return
        }
        #expect(stages.strata?.text == "s")
        #expect(stages.clusters.map(\.text) == ["c1", "c2"])
        #expect(stages.fpcs.map(\.text) == ["f1", "f2"])
        #expect(stages.replicates == nil)
        let r = try #require(replicated.replicates)
        #expect([r.first.text, r.last.text, r.method.text] == ["r1", "r80", "fay"])
        #expect(r.rho == 0.3)
        let bytes = Array(source.utf8)
        #expect(r.rhoRange.map { String(decoding: bytes[$0.start..<$0.end], as: UTF8.self) } == "0.3")
        #expect(replicated.columns.map(\.text) == ["w", "r1", "r80"])
        #expect(script.statements[1].range.end == bytes.count)
    }

    @Test func otherStatements() throws {
        let (script, diagnostics) = Self.parse("let t =\n  from s | take 1\ndescribe t\ndatasets\nset level 90\nset interval wilson")
        #expect(diagnostics.isEmpty)
        try #require(script.statements.count == 5)
        guard case .let(let name, let pipeline) = script.statements[0].kind else { Issue.record("let"); return }
        #expect(name.text == "t")
        #expect(pipeline.source.text == "s")
        #expect(pipeline.verbs.count == 1)
        guard case .describe(let d) = script.statements[1].kind else { Issue.record("describe"); return }
        #expect(d.text == "t")
        guard case .datasets = script.statements[2].kind else { Issue.record("datasets"); return }
        guard case .set(let option, let value) = script.statements[3].kind, case .integer(90) = value.kind else {
            Issue.record("set level"); return
        }
        #expect(option.text == "level")
        guard case .set(_, let method) = script.statements[4].kind, case .column(let m) = method.kind else {
            Issue.record("set interval"); return
        }
        #expect(m.text == "wilson")
    }

    struct VerbCase: CustomTestStringConvertible, Sendable {
        var source: String
        /// The verb as a compact summary, built by `summary(_:)`.
        var expected: String
        var testDescription: String { source }
    }

    static func summary(_ v: Verb) -> String {
        func names(_ ns: [Name]) -> String { ns.map(\.text).joined(separator: ",") }
        switch v.syntax {
        case let w as WhereVerb: return "where \(sexpr(w.condition))"
        case let s as SelectVerb:
            return "select " + s.items.map { item in
                switch item {
                case .column(let n): return n.text
                case .assignment(let a): return "\(a.name.text)=\(sexpr(a.value))"
                case .all(_, let except): return except.isEmpty ? "*" : "*-(\(names(except)))"
                }
            }.joined(separator: ",")
        case let d as DeriveVerb:
            return "derive " + d.items.map { "\($0.name.text)=\(sexpr($0.value))" }.joined(separator: ",") + (d.groups.isEmpty ? "" : " by " + names(d.groups))
        case let s as SummarizeVerb:
            return "summarize " + s.items.map { "\($0.name.text)=\(sexpr($0.value))" }.joined(separator: ",") + " by " + names(s.groups)
        case let s as SortVerb: return "sort " + s.keys.map { sexpr($0.expr) + ($0.descending ? "↓" : "↑") }.joined(separator: ",")
        case let t as TakeVerb: return "take \(sexpr(t.count))"
        case let d as DistinctVerb: return "distinct " + names(d.columns)
        case let s as SampleVerb: return "sample \(sexpr(s.count)) seed \(s.seed.map(sexpr) ?? "-")"
        case let r as RenameVerb: return "rename " + r.renamings.map { "\($0.new.text)=\($0.old.text)" }.joined(separator: ",")
        case let a as AppendVerb: return "append \(a.other.text)"
        case let c as CountVerb: return "count by " + names(c.groups)
        case let p as PivotVerb: return "pivot \(p.key.text) \(p.value.text)"
        case let j as JoinVerb: return "\(j.kind.rawValue) join \(j.other.text) \(j.leftKey.text)=\(j.rightKey?.text ?? "-")"
        case let c as CompareVerb:
            return "compare \(sexpr(c.first)) vs \(sexpr(c.second)) by \(names(c.groups)) as \(c.mode?.text ?? "-")"
        case is SourcesVerb: return "sources"
        case let c as ChartVerb:
            return "chart \(c.kind.text) \(sexpr(c.value)) -> \(c.to.map(sexpr) ?? "-") over \(c.over?.text ?? "-") by \(c.by?.text ?? "-")"
        default: return "unknown verb \(v.keyword.rawValue)"
        }
    }

    static let verbCases: [VerbCase] = [
        VerbCase(source: "where a > 1", expected: "where (> a 1)"),
        VerbCase(source: "sources", expected: "sources"),
        VerbCase(source: "select a, `b c`, d = a * 2", expected: "select a,b c,d=(* a 2)"),
        VerbCase(source: "select a,\n  b", expected: "select a,b"),
        VerbCase(source: "derive x = 1, a = x + 1", expected: "derive x=1,a=(+ x 1)"),
        VerbCase(source: "derive p = n / sum(n), r = rank(n desc), q = rank(n asc), k = row_number() by a, b",
                 expected: "derive p=(/ n (sum n)),r=(rank (desc n)),q=(rank n),k=(row_number) by a,b"),
        VerbCase(source: "derive n = count(*), m = count( * )", expected: "derive n=(count),m=(count)"),
        VerbCase(source: "select *", expected: "select *"),
        VerbCase(source: "select a, * except (b, `c d`), e = 1", expected: "select a,*-(b,c d),e=1"),
        VerbCase(source: "select except, *", expected: "select except,*"),
        VerbCase(source: "sample 10", expected: "sample 10 seed -"),
        VerbCase(source: "sample 10% seed -3", expected: "sample 10.0% seed (neg 3)"),
        VerbCase(source: "rename a = b, `c d` = e", expected: "rename a=b,c d=e"),
        VerbCase(source: "append other", expected: "append other"),
        VerbCase(source: "count", expected: "count by "),
        VerbCase(source: "count by a, `b c`", expected: "count by a,b c"),
        VerbCase(source: "distinct", expected: "distinct "),
        VerbCase(source: "summarize n = count()", expected: "summarize n=(count) by "),
        VerbCase(source: "summarize n = count(), s = share(a == \"y\") by r, `g 2`",
                 expected: "summarize n=(count),s=(share (== a \"y\")) by r,g 2"),
        VerbCase(source: "sort a desc, b asc, c", expected: "sort a↓,b↑,c↑"),
        VerbCase(source: "sort -a", expected: "sort (neg a)↑"),
        VerbCase(source: "take 3", expected: "take 3"),
        VerbCase(source: "pivot horizon value_pct", expected: "pivot horizon value_pct"),
        VerbCase(source: "join other on region", expected: "inner join other region=-"),
        VerbCase(source: "join other on a = b", expected: "inner join other a=b"),
        VerbCase(source: "join other on a == b", expected: "inner join other a=b"),
        VerbCase(source: "left join other on a = b", expected: "left join other a=b"),
        VerbCase(source: "compare share(a) vs share(b) by r, g as paired", expected: "compare (share a) vs (share b) by r,g as paired"),
        VerbCase(source: "compare x vs y", expected: "compare x vs y by  as -"),
        VerbCase(source: "chart bar v by label", expected: "chart bar v -> - over - by label"),
        VerbCase(source: "chart dumbbell a -> b + 1 by label", expected: "chart dumbbell a -> (+ b 1) over - by label"),
        VerbCase(source: "chart line over over year by series", expected: "chart line over -> - over year by series"),
    ]

    @Test(arguments: verbCases)
    func verbs(_ c: VerbCase) throws {
        let (script, diagnostics) = Self.parse("from s | " + c.source)
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.message))")
        guard case .pipeline(let p)? = script.statements.first?.kind, p.verbs.count == 1 else {
            Issue.record("expected one pipeline with one verb"); return
        }
        #expect(Self.summary(p.verbs[0]) == c.expected)
        #expect(p.verbs[0].keywordRange.start == 9)
    }

    // MARK: - Precedence

    struct PrecedenceCase: CustomTestStringConvertible, Sendable {
        var source: String
        var tree: String
        var testDescription: String { source }
    }

    static let precedenceCases: [PrecedenceCase] = [
        PrecedenceCase(source: "a + b * c", tree: "(+ a (* b c))"),
        PrecedenceCase(source: "a * b + c", tree: "(+ (* a b) c)"),
        PrecedenceCase(source: "a - b - c", tree: "(- (- a b) c)"),
        PrecedenceCase(source: "a / b / c", tree: "(/ (/ a b) c)"),
        PrecedenceCase(source: "(a + b) * c", tree: "(* (+ a b) c)"),
        PrecedenceCase(source: "a + b == c * d", tree: "(== (+ a b) (* c d))"),
        PrecedenceCase(source: "a or b and c", tree: "(or a (and b c))"),
        PrecedenceCase(source: "a and b or c", tree: "(or (and a b) c)"),
        PrecedenceCase(source: "a == 1 and b != 2", tree: "(and (== a 1) (!= b 2))"),
        PrecedenceCase(source: "not a == b", tree: "(not (== a b))"),
        PrecedenceCase(source: "not a and b", tree: "(and (not a) b)"),
        PrecedenceCase(source: "a and not b or c", tree: "(or (and a (not b)) c)"),
        PrecedenceCase(source: "not not a", tree: "(not (not a))"),
        PrecedenceCase(source: "not (a or b)", tree: "(not (or a b))"),
        PrecedenceCase(source: "-a * b", tree: "(* (neg a) b)"),
        PrecedenceCase(source: "- -a", tree: "(neg (neg a))"),
        PrecedenceCase(source: "a - -1", tree: "(- a (neg 1))"),
        PrecedenceCase(source: "a ~ \"x\" or b", tree: "(or (~ a \"x\") b)"),
        PrecedenceCase(source: "a <= 16% + 5pp", tree: "(<= a (+ 16.0% 5.0pp))"),
        PrecedenceCase(source: "x in (1, 2)", tree: "(in x 1 2)"),
        PrecedenceCase(source: "x not in (\"a\")", tree: "(notin x \"a\")"),
        PrecedenceCase(source: "a + 1 in (2)", tree: "(in (+ a 1) 2)"),
        PrecedenceCase(source: "not x in (1) and y", tree: "(and (not (in x 1)) y)"),
        PrecedenceCase(source: "x is null or y is not null", tree: "(or (null? x) (notnull y))"),
        PrecedenceCase(source: "f(a, b + 1) > g()", tree: "(> (f a (+ b 1)) (g))"),
        PrecedenceCase(source: "a > 1 and\n b < 2", tree: "(and (> a 1) (< b 2))"),
        PrecedenceCase(source: "true != false or null", tree: "(or (!= true false) null)"),
        PrecedenceCase(source: "`and` == 1.5", tree: "(== and 1.5)"),
        PrecedenceCase(source: "\"a\" || b + 1", tree: "(|| \"a\" (+ b 1))"),
        PrecedenceCase(source: "a || b == c", tree: "(== (|| a b) c)"),
        PrecedenceCase(source: "a || b || c", tree: "(|| (|| a b) c)"),
        PrecedenceCase(source: "a * b || c in (d)", tree: "(in (|| (* a b) c) d)"),
        PrecedenceCase(source: "case when a then b end", tree: "(case (a b))"),
        PrecedenceCase(source: "case when a or b then c when d then e else f end + 1", tree: "(+ (case ((or a b) c) (d e) (else f)) 1)"),
        PrecedenceCase(source: "case\n when a\n then 1\n\n else 2\n end", tree: "(case (a 1) (else 2))"),
        PrecedenceCase(source: "-case when a then 1 end", tree: "(neg (case (a 1)))"),
        PrecedenceCase(source: "case when case when a then b end then c end", tree: "(case ((case (a b)) c))"),
        PrecedenceCase(source: "recode(x, 1 -> 2, (3, 4) -> 5, else 6)", tree: "(recode x ((1) 2) ((3 4) 5) (else 6))"),
        PrecedenceCase(source: "recode(x + 1, (-1) -> a or b)", tree: "(recode (+ x 1) (((neg 1)) (or a b)))"),
        PrecedenceCase(source: "recode(a, \"x\" -> recode(b, \"y\" -> 1))", tree: "(recode a ((\"x\") (recode b ((\"y\") 1))))"),
        PrecedenceCase(source: "end + when", tree: "(+ end when)"),
        PrecedenceCase(source: "recode + 1", tree: "(+ recode 1)"),
    ]

    @Test(arguments: precedenceCases)
    func precedence(_ c: PrecedenceCase) throws {
        #expect(try Self.tree(c.source) == c.tree)
    }

    @Test func parenthesesWidenTheRange() throws {
        let (script, _) = Self.parse("from s | where (a)")
        guard case .pipeline(let p)? = script.statements.first?.kind, let e = (p.verbs.first?.syntax as? WhereVerb)?.condition else {
            Issue.record("no where"); return
        }
        #expect(e.range == SourceRange(15, 18))
    }

    // MARK: - Pipelines and separators

    struct LayoutCase: CustomTestStringConvertible, Sendable {
        var source: String
        /// Verb counts of each statement (-1 for a statement that is not a pipeline).
        var verbCounts: [Int]
        var testDescription: String { source.debugDescription }
    }

    static let layoutCases: [LayoutCase] = [
        LayoutCase(source: "from s\n| where a\n| take 1", verbCounts: [2]),
        LayoutCase(source: "from s |\n  where a |\n  take 1", verbCounts: [2]),
        LayoutCase(source: "from s\n# a comment\n\n  | take 1", verbCounts: [1]),
        LayoutCase(source: "from s; from t | take 1 ;; from u", verbCounts: [0, 1, 0]),
        LayoutCase(source: "from s\nfrom t", verbCounts: [0, 0]),
        LayoutCase(source: "\n\n;from s;\n", verbCounts: [0]),
        LayoutCase(source: "from s | where f(a,\n b)\n| take 1", verbCounts: [2]),
        LayoutCase(source: "datasets; from s", verbCounts: [-1, 0]),
        LayoutCase(source: "", verbCounts: []),
    ]

    @Test(arguments: layoutCases)
    func layout(_ c: LayoutCase) {
        let (script, diagnostics) = Self.parse(c.source)
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.message))")
        #expect(script.statements.map { s -> Int in
            if case .pipeline(let p) = s.kind { return p.verbs.count }
            return -1
        } == c.verbCounts)
    }

    // MARK: - Errors

    struct ErrorCase: CustomTestStringConvertible, Sendable {
        var source: String
        var id: String
        /// The text the error points at, found at its first occurrence after `after`.
        var at: String
        var after = 0
        var message: String? = nil
        var testDescription: String { source.debugDescription }
    }

    static let errorCases: [ErrorCase] = [
        ErrorCase(source: "from s | filter x == 1", id: "parse.unknown-verb", at: "filter", message: "unknown verb 'filter'"),
        ErrorCase(source: "where x", id: "parse.expected-statement", at: "where", message: "a pipeline must start with 'from'"),
        ErrorCase(source: "frm s", id: "parse.expected-statement", at: "frm", message: "unknown statement 'frm'"),
        ErrorCase(source: "| take 1", id: "parse.expected-statement", at: "|"),
        ErrorCase(source: "from s | compare a", id: "parse.expected", at: "",
                  message: "expected 'vs' between the two things to compare (compare A vs B), found end of input"),
        ErrorCase(source: "from s | chart bar", id: "parse.expected-expression", at: ""),
        ErrorCase(source: "from s | select a b", id: "parse.expected", at: "b", message: "expected end of statement, found 'b'"),
        ErrorCase(source: "from s | where a < b < c", id: "parse.chained-comparison", at: "<", after: 18),
        ErrorCase(source: "from s | where x in ()", id: "parse.expected", at: ")", message: "an 'in' list needs at least one value"),
        ErrorCase(source: "from s | where x is 1", id: "parse.expected", at: "1", message: "expected 'null' after 'is'"),
        ErrorCase(source: "from s | where from", id: "parse.expected-expression", at: "from", after: 1),
        ErrorCase(source: "from s | select where", id: "parse.expected-name", at: "where"),
        ErrorCase(source: "from s | take", id: "parse.expected-expression", at: ""),
        ErrorCase(source: "from s | where (a", id: "parse.expected", at: "", message: "expected ')' to close '(', found end of input"),
        ErrorCase(source: "from s | left x", id: "parse.expected", at: "x", message: "expected 'join' after 'left'"),
        ErrorCase(source: "from s | join t region", id: "parse.expected", at: "region"),
        ErrorCase(source: "from s | derive a", id: "parse.expected", at: "", message: "expected '=' after 'a' (NAME = expression), found end of input"),
        ErrorCase(source: "let x from s", id: "parse.expected", at: "from"),
        ErrorCase(source: "let x = s", id: "parse.expected", at: "s", after: 6),
        ErrorCase(source: "load data.csv", id: "parse.expected", at: "data"),
        ErrorCase(source: "describe", id: "parse.expected-name", at: ""),
        ErrorCase(source: "from s |", id: "parse.expected", at: "", message: "expected a verb after '|', found end of input"),
        ErrorCase(source: "from s | where a = 1", id: "parse.single-equals", at: "=", message: "'=' does not compare; write '==' to test equality"),
        ErrorCase(source: "from s | where f(a = 1)", id: "parse.single-equals", at: "="),
        ErrorCase(source: "from s | derive x = case a when 1 then 2 end", id: "parse.expected", at: "a", after: 24,
                  message: "expected 'when' after 'case', found 'a'"),
        ErrorCase(source: "from s | derive x = case when a then 1", id: "parse.expected", at: "",
                  message: "expected 'when', 'else' or 'end' to close the 'case', found end of input"),
        ErrorCase(source: "from s | derive x = case when a then 1 else 2", id: "parse.expected", at: "",
                  message: "expected 'end' to close the 'case', found end of input"),
        ErrorCase(source: "from s | derive x = case when a 1 end", id: "parse.expected", at: "1",
                  message: "expected 'then' after the condition of 'when', found '1'"),
        ErrorCase(source: "from s | derive x = case when a then end end", id: "parse.expected-expression", at: "end",
                  message: "expected an expression, found 'end'"),
        ErrorCase(source: "from s | derive x = case when a then 1 end end", id: "parse.expected", at: "end", after: 40),
        ErrorCase(source: "from s | derive x = recode(a)", id: "parse.expected", at: ")"),
        ErrorCase(source: "from s | derive x = recode(a, 1 2)", id: "parse.expected", at: "2"),
        ErrorCase(source: "from s | derive x = recode(a, (1, 2 -> 3)", id: "parse.expected", at: "->"),
        ErrorCase(source: "from s | derive x = recode(a, else 1, 2 -> 3)", id: "parse.expected", at: ",", after: 36,
                  message: "expected ')' after recode's else value (else comes last), found ','"),
        ErrorCase(source: "from s | derive x = a % 2", id: "lex.unexpected-character", at: "%"),
        ErrorCase(source: "from s || take 1", id: "parse.expected", at: "||", message: "expected end of statement, found '||'"),
    ]

    @Test(arguments: errorCases)
    func errors(_ c: ErrorCase) throws {
        let (script, diagnostics) = Self.parse(c.source)
        #expect(script.statements.isEmpty)
        try #require(diagnostics.count == 1, "\(diagnostics.map(\.message))")
        let d = diagnostics[0]
        #expect(d.id.rawValue == c.id)
        let start = c.at.isEmpty ? c.source.utf8.count : Self.offset(of: c.at, in: c.source, after: c.after)
        #expect(d.range == SourceRange(start, start + c.at.utf8.count))
        if let message = c.message { #expect(d.message == message) }
    }

    static func offset(of needle: String, in text: String, after: Int) -> Int {
        let bytes = Array(text.utf8), n = Array(needle.utf8)
        for i in after...(bytes.count - n.count) where Array(bytes[i..<i + n.count]) == n { return i }
        return -1
    }

    @Test func threeBadStatementsGiveThreeErrors() {
        let source = "from survey | filter x == 1\nload data.csv\nfrom survey | select a b\nfrom ok | take 1"
        let (script, diagnostics) = Self.parse(source)
        #expect(diagnostics.map(\.id.rawValue) == ["parse.unknown-verb", "parse.expected", "parse.expected"])
        #expect(diagnostics.map(\.range) == [SourceRange(14, 20), SourceRange(33, 37), SourceRange(65, 66)])
        let file = SourceFile(name: "t.tq", text: source)
        #expect(diagnostics.compactMap { $0.range.map { file.location(of: $0.start) } }.map { "\($0.line):\($0.column)" }
                == ["1:15", "2:6", "3:24"])
        #expect(script.statements.count == 1)
    }

    @Test func lexicalErrorInsideABadStatementIsNotRepeated() {
        // The unknown verb is the mistake; the '$' after it is not reported again,
        // and the '$' on the next line is its own error.
        let (_, diagnostics) = Self.parse("from s | filter $\nfrom s | where $")
        #expect(diagnostics.map(\.id.rawValue) == ["parse.unknown-verb", "lex.unexpected-character"])
        #expect(diagnostics.map(\.range) == [SourceRange(9, 15), SourceRange(33, 34)])
    }

    @Test func unterminatedStringIsOneError() {
        let (_, diagnostics) = Self.parse("from s | where x == \"open")
        #expect(diagnostics.map(\.id.rawValue) == ["lex.unterminated-string"])
    }

    // MARK: - Nesting limits

    struct DepthCase: CustomTestStringConvertible, Sendable {
        var name: String
        var expression: String
        var testDescription: String { name }
    }

    static let deepCases: [DepthCase] = [
        DepthCase(name: "10,000 parentheses", expression: String(repeating: "(", count: 10_000) + "a" + String(repeating: ")", count: 10_000)),
        DepthCase(name: "10,000 minus signs", expression: String(repeating: "-", count: 10_000) + "a"),
        DepthCase(name: "10,000 nots", expression: String(repeating: "not ", count: 10_000) + "a"),
        DepthCase(name: "10,000 nested calls", expression: String(repeating: "f(", count: 10_000) + "a" + String(repeating: ")", count: 10_000)),
        DepthCase(name: "10,000 nested in lists", expression: String(repeating: "a in (", count: 10_000) + "a" + String(repeating: ")", count: 10_000)),
        // A flat chain builds a tree as deep as it is long.
        DepthCase(name: "10,000 additions", expression: Array(repeating: "a", count: 10_001).joined(separator: " + ")),
        DepthCase(name: "10,000 ors", expression: Array(repeating: "a == 1", count: 10_001).joined(separator: " or ")),
        DepthCase(name: "10,000 is null", expression: "a" + String(repeating: " is null", count: 10_000)),
        DepthCase(name: "10,000 nested cases", expression: String(repeating: "case when a then ", count: 10_000) + "1" + String(repeating: " end", count: 10_000)),
        DepthCase(name: "10,000 nested recodes", expression: String(repeating: "recode(", count: 10_000) + "a" + String(repeating: ", 1 -> 2)", count: 10_000)),
        DepthCase(name: "10,000 concatenations", expression: Array(repeating: "a", count: 10_001).joined(separator: " || ")),
    ]

    @Test(arguments: deepCases)
    func deepNestingIsRefused(_ c: DepthCase) {
        let (script, diagnostics) = Self.parse("from s | where " + c.expression + "\nfrom s | take 1")
        #expect(diagnostics.map(\.id.rawValue) == ["parse.too-deep"])
        #expect(diagnostics.first?.message == "expression nested too deeply (more than \(Parser.maxNesting) levels)")
        #expect(script.statements.count == 1)
    }

    @Test func chainsUpToTheLimitParseAndRun() throws {
        let longest = Array(repeating: "x", count: Parser.maxNesting).joined(separator: " + ")
        let session = try SessionTest.session(["t": [SessionTest.integers("x", [1, 2])]])
        let table = try SessionTest.table(session, "from t | select y = \(longest)")
        #expect(SessionTest.values(table, "y") == [.integer(Int64(Parser.maxNesting)), .integer(Int64(2 * Parser.maxNesting))])
        let (_, diagnostics) = Self.parse("from t | select y = \(longest) + x")
        #expect(diagnostics.map(\.id.rawValue) == ["parse.too-deep"])
    }

    @Test func nestingUpToTheLimitParses() throws {
        let depth = 100
        let text = String(repeating: "(", count: depth) + "a + 1" + String(repeating: ")", count: depth)
        #expect(try Self.tree(text) == "(+ a 1)")
    }

    /// Source positions are 32-bit: a script of 4 GiB or more is refused before it is read (the
    /// test asks with a byte count; such a text is not built here), one just under is not, and a
    /// range given larger offsets clamps them instead of trapping.
    @Test func scriptsOf4GiBAreRefusedAndOffsetsClamp() throws {
        let refusal = try #require(Parser.refusal(bytes: 1 << 32, file: "huge.tq"))
        #expect(refusal.id == .inputTooLarge && refusal.range == .at(0))
        #expect(refusal.message == "the script is 4294967296 bytes long: Topline reads scripts shorter than 4 GiB")
        #expect(Parser.refusal(bytes: (1 << 32) - 1, file: "big.tq") == nil)
        let clamped = SourceRange(5_000_000_000, 6_000_000_000)
        #expect(clamped.start == Int(UInt32.max) && clamped.end == Int(UInt32.max))
        #expect(SourceRange(7, 3) == SourceRange(7, 7))
        #expect(MemoryLayout<SourceRange>.size == 8)
    }
}
