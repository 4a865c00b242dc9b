import Testing
@testable import Topline

/// Operator typing rules (TypeRules.binary) and the Resolver's errors as a
/// session reports them.
@Suite struct ResolverTests {
    struct RuleCase: CustomTestStringConvertible, Sendable {
        var op: BinaryOperator
        var left: ValueType
        var right: ValueType
        /// The result type, or nil when the combination is an error.
        var result: ValueType?
        var testDescription: String { "\(left.rawValue) \(op.rawValue) \(right.rawValue) = \(result?.rawValue ?? "error")" }
        init(_ left: ValueType, _ op: BinaryOperator, _ right: ValueType, _ result: ValueType?) {
            self.op = op
            self.left = left
            self.right = right
            self.result = result
        }
    }

    static let rules: [RuleCase] = [
        // Units arithmetic, as documented.
        RuleCase(.percent, .subtract, .percent, .points),
        RuleCase(.percent, .add, .percent, .percent),
        RuleCase(.percent, .add, .points, .percent),
        RuleCase(.points, .add, .percent, .percent),
        RuleCase(.percent, .subtract, .points, .percent),
        RuleCase(.points, .subtract, .percent, nil),
        RuleCase(.points, .add, .points, .points),
        RuleCase(.points, .subtract, .points, .points),
        RuleCase(.percent, .divide, .percent, .ratio),
        RuleCase(.points, .divide, .points, .ratio),
        RuleCase(.ratio, .divide, .ratio, .ratio),
        RuleCase(.percent, .multiply, .integer, .percent),
        RuleCase(.number, .multiply, .percent, .percent),
        RuleCase(.percent, .multiply, .ratio, .percent),
        RuleCase(.percent, .divide, .integer, .percent),
        RuleCase(.integer, .divide, .percent, nil),
        RuleCase(.percent, .add, .integer, nil),
        RuleCase(.integer, .subtract, .percent, nil),
        RuleCase(.points, .multiply, .number, .points),
        RuleCase(.points, .divide, .integer, .points),
        RuleCase(.points, .multiply, .percent, nil),
        RuleCase(.ratio, .multiply, .integer, .ratio),
        RuleCase(.ratio, .add, .ratio, .ratio),
        RuleCase(.ratio, .add, .percent, nil),
        // Estimates compute as percents.
        RuleCase(.estimate, .subtract, .estimate, .points),
        RuleCase(.estimate, .subtract, .percent, .points),
        RuleCase(.estimate, .multiply, .integer, .percent),
        RuleCase(.estimate, .divide, .estimate, .ratio),
        // Plain numbers.
        RuleCase(.integer, .add, .integer, .integer),
        RuleCase(.integer, .subtract, .integer, .integer),
        RuleCase(.integer, .multiply, .integer, .integer),
        RuleCase(.integer, .divide, .integer, .number),
        RuleCase(.integer, .add, .number, .number),
        RuleCase(.number, .divide, .number, .number),
        RuleCase(.null, .add, .integer, .integer),
        RuleCase(.percent, .multiply, .null, .percent),
        RuleCase(.null, .add, .text, nil),
        RuleCase(.text, .add, .integer, nil),
        RuleCase(.boolean, .add, .boolean, nil),
        // Logic, matching and comparison.
        RuleCase(.boolean, .and, .boolean, .boolean),
        RuleCase(.boolean, .or, .null, .boolean),
        RuleCase(.integer, .and, .boolean, nil),
        RuleCase(.text, .contains, .text, .boolean),
        RuleCase(.text, .contains, .integer, nil),
        RuleCase(.integer, .equal, .number, .boolean),
        RuleCase(.percent, .less, .integer, .boolean),
        RuleCase(.estimate, .greater, .percent, .boolean),
        RuleCase(.text, .lessEqual, .text, .boolean),
        RuleCase(.boolean, .notEqual, .boolean, .boolean),
        RuleCase(.null, .equal, .text, .boolean),
        RuleCase(.text, .equal, .integer, nil),
        RuleCase(.boolean, .equal, .integer, nil),
    ]

    @Test(arguments: rules)
    func typeRule(_ c: RuleCase) {
        switch TypeRules.binary(c.op, c.left, c.right) {
        case .success(let t): #expect(t == c.result)
        case .failure(let m): #expect(c.result == nil, "unexpected error: \(m.message)")
        }
    }

    struct MessageCase: CustomTestStringConvertible, Sendable {
        var left: ValueType
        var op: BinaryOperator
        var right: ValueType
        var message: String
        var hint: String?
        var testDescription: String { message }
    }

    static let messages: [MessageCase] = [
        MessageCase(left: .text, op: .add, right: .integer, message: "'+' needs numbers, not text"),
        MessageCase(left: .integer, op: .multiply, right: .boolean, message: "'*' needs numbers, not boolean"),
        MessageCase(left: .percent, op: .add, right: .integer, message: "cannot add a percent and an integer",
                    hint: "turn the number into a percent first: pct(x) makes 16 into 16%, or write 16%"),
        MessageCase(left: .points, op: .subtract, right: .percent, message: "cannot subtract percentage points and a percent",
                    hint: "percentage points add to percents and points; write 5pp for a points literal"),
        MessageCase(left: .text, op: .equal, right: .integer, message: "cannot compare text with integer",
                    hint: "text compares only with text: quote the value"),
        MessageCase(left: .integer, op: .and, right: .boolean, message: "'and' needs true/false values, not integer",
                    hint: "compare the value first, e.g. x == \"yes\""),
        MessageCase(left: .text, op: .contains, right: .integer, message: "'~' matches text, not integer",
                    hint: "~ is case-insensitive 'contains' on text"),
    ]

    @Test(arguments: messages)
    func mismatchMessage(_ c: MessageCase) {
        guard case .failure(let m) = TypeRules.binary(c.op, c.left, c.right) else {
            Issue.record("expected an error"); return
        }
        #expect(m.message == c.message)
        #expect(m.hint == c.hint)
    }

    @Test func unify() {
        #expect(TypeRules.unify(.integer, .number) == .number)
        #expect(TypeRules.unify(.null, .text) == .text)
        #expect(TypeRules.unify(.percent, .estimate) == .percent)
        #expect(TypeRules.unify(.text, .integer) == nil)
        #expect(TypeRules.unify(.percent, .number) == nil)
    }

    // MARK: - Through a session

    static func session() throws -> Session {
        try SessionTest.session([
            "t": [
                SessionTest.integers("year", [2012, 2014]),
                SessionTest.texts("region", ["Europe", "Asia"]),
                SessionTest.percents("share", [0.16, 0.2]),
                SessionTest.booleans("ok", [true, false]),
            ],
            "o": [SessionTest.texts("region", ["Europe"]), SessionTest.texts("lead", ["Ann"])],
        ])
    }

    struct ResultTypeCase: CustomTestStringConvertible, Sendable {
        var expression: String
        var type: ValueType
        var testDescription: String { expression }
    }

    static let resultTypes: [ResultTypeCase] = [
        ResultTypeCase(expression: "share - 16%", type: .points),
        ResultTypeCase(expression: "share + 5pp", type: .percent),
        ResultTypeCase(expression: "share / 16%", type: .ratio),
        ResultTypeCase(expression: "share * 2", type: .percent),
        ResultTypeCase(expression: "year / 2", type: .number),
        ResultTypeCase(expression: "year * 2", type: .integer),
        ResultTypeCase(expression: "-share", type: .percent),
        ResultTypeCase(expression: "pct(year / 100)", type: .percent),
        ResultTypeCase(expression: "change(16%, share)", type: .percent),
        ResultTypeCase(expression: "coalesce(null, year, 1.5)", type: .number),
        ResultTypeCase(expression: "region in (\"Asia\", null)", type: .boolean),
        ResultTypeCase(expression: "round(share, 1)", type: .percent),
    ]

    @Test(arguments: resultTypes)
    func resultType(_ c: ResultTypeCase) throws {
        let table = try SessionTest.table(try Self.session(), "from t | select x = \(c.expression)")
        #expect(table.columns.first?.type == c.type)
    }

    struct ErrorCase: CustomTestStringConvertible, Sendable {
        var query: String
        var id: String
        var message: String
        /// The source text the error points at.
        var at: String
        var label: String? = nil
        /// Which occurrence of `at` (1 = first).
        var occurrence = 1
        var testDescription: String { query }
    }

    static let errors: [ErrorCase] = [
        ErrorCase(query: "from t | where regoin == \"Asia\"", id: "resolve.unknown-column", message: "unknown column 'regoin'",
                  at: "regoin", label: "did you mean 'region'?"),
        ErrorCase(query: "from tt | take 1", id: "resolve.unknown-dataset", message: "unknown dataset 'tt'", at: "tt",
                  label: "did you mean 't'?"),
        ErrorCase(query: "from t | where year", id: "resolve.type", message: "'where' needs a true/false condition, not integer", at: "year"),
        ErrorCase(query: "from t | derive x = region + 1", id: "resolve.type", message: "'+' needs numbers, not text",
                  at: "region + 1", label: "text + integer"),
        ErrorCase(query: "from t | derive x = share + 5", id: "resolve.type", message: "cannot add a percent and an integer",
                  at: "share + 5", label: "percent + integer"),
        ErrorCase(query: "from t | where region == 1", id: "resolve.type", message: "cannot compare text with integer", at: "region == 1"),
        ErrorCase(query: "from t | where not year", id: "resolve.type", message: "'not' needs a true/false value, not integer", at: "year"),
        ErrorCase(query: "from t | derive x = -region", id: "resolve.type", message: "cannot negate text", at: "-region"),
        ErrorCase(query: "from t | where year in (2012, \"x\")", id: "resolve.type",
                  message: "cannot compare integer with text in 'in' list", at: "\"x\""),
        ErrorCase(query: "from t | select c = count()", id: "resolve.aggregate-outside-summarize",
                  message: "'count' adds up many rows and works only in 'summarize' and 'derive'", at: "count"),
        ErrorCase(query: "from t | where sum(year) > 1", id: "resolve.aggregate-outside-summarize",
                  message: "'sum' adds up many rows and works only in 'summarize' and 'derive'", at: "sum"),
        ErrorCase(query: "from t | where rank(year) > 1", id: "resolve.window",
                  message: "'rank' numbers the rows of a table and works only in 'derive'", at: "rank"),
        ErrorCase(query: "from t | summarize r = row_number()", id: "resolve.window",
                  message: "'row_number' numbers the rows of a table and works only in 'derive'", at: "row_number"),
        ErrorCase(query: "from t | derive x = year + 1 by region", id: "resolve.window",
                  message: "'by' groups the aggregates of 'derive', and this one has none", at: "region"),
        ErrorCase(query: "from t | derive x = sum(year) by regoin", id: "resolve.unknown-column", message: "unknown column 'regoin'",
                  at: "regoin", label: "did you mean 'region'?"),
        ErrorCase(query: "from t | derive x = sum(avg(year))", id: "resolve.nested-aggregate", message: "aggregates cannot be nested", at: "avg(year)"),
        ErrorCase(query: "from t | derive x = stddev(region)", id: "resolve.type", message: "stddev() needs numbers, not text", at: "stddev(region)"),
        ErrorCase(query: "from t | summarize v = var(share)", id: "resolve.type", message: "var() needs numbers, not percent", at: "var(share)"),
        ErrorCase(query: "from t | summarize v = var(ok)", id: "resolve.type", message: "var() needs numbers, not boolean", at: "var(ok)"),
        ErrorCase(query: "from t | derive x = sum(year desc)", id: "parse.expected",
                  message: "expected ')' to close the call to 'sum', found 'desc'", at: "desc"),
        ErrorCase(query: "from t | summarize x = sum(*)", id: "parse.expected-expression",
                  message: "'*' stands for the rows only in count(*); sum() needs an argument", at: "*"),
        ErrorCase(query: "from t | sample -1", id: "resolve.sample",
                  message: "'sample' needs a whole number of rows (sample 100) or a percent of them (sample 10%)", at: "-1"),
        ErrorCase(query: "from t | sample 101%", id: "resolve.sample",
                  message: "'sample' needs a whole number of rows (sample 100) or a percent of them (sample 10%)", at: "101%"),
        ErrorCase(query: "from t | sample 5 seed x", id: "resolve.sample", message: "a seed is a whole number, such as seed 42", at: "x"),
        ErrorCase(query: "from t | rename a = regoin", id: "resolve.unknown-column", message: "unknown column 'regoin'",
                  at: "regoin", label: "did you mean 'region'?"),
        ErrorCase(query: "from t | rename region = year", id: "resolve.duplicate-column",
                  message: "there would be two columns named 'region'", at: "region"),
        ErrorCase(query: "from t | rename a = year, a = region", id: "resolve.duplicate-column",
                  message: "there would be two columns named 'a'", at: "a", occurrence: 4),
        ErrorCase(query: "from t | rename a = year, b = year", id: "resolve.rename", message: "column 'year' is renamed twice",
                  at: "year", occurrence: 2),
        ErrorCase(query: "from t | select * except (regoin)", id: "resolve.unknown-column", message: "unknown column 'regoin'",
                  at: "regoin", label: "did you mean 'region'?"),
        ErrorCase(query: "from t | select *, year, *", id: "resolve.duplicate-column",
                  message: "'*' appears twice: the first already stands for every other column", at: "*", occurrence: 2),
        ErrorCase(query: "from t | append o2", id: "resolve.unknown-dataset", message: "unknown dataset 'o2'", at: "o2", label: "did you mean 'o'?"),
        ErrorCase(query: "from t | select region = year | append o", id: "resolve.append",
                  message: "column 'region' holds integer here and text in 'o'", at: "o", occurrence: 3),
        ErrorCase(query: "from t | summarize x = year", id: "resolve.summarize",
                  message: "column 'year' must be inside an aggregate in 'summarize'", at: "year"),
        ErrorCase(query: "from t | summarize x = count() + year", id: "resolve.summarize",
                  message: "column 'year' must be inside an aggregate in 'summarize'", at: "year"),
        ErrorCase(query: "from t | summarize x = sum(count())", id: "resolve.nested-aggregate",
                  message: "aggregates cannot be nested", at: "count()"),
        ErrorCase(query: "from t | summarize x = avg(region)", id: "resolve.type", message: "avg() needs numbers, not text", at: "avg(region)"),
        ErrorCase(query: "from t | summarize x = share(year)", id: "resolve.type",
                  message: "share() needs a condition that is true or false for each row, not integer", at: "share(year)"),
        ErrorCase(query: "from t | derive x = roundd(year)", id: "resolve.unknown-function", message: "unknown function 'roundd'",
                  at: "roundd", label: "did you mean 'round'?"),
        ErrorCase(query: "from t | derive x = round()", id: "resolve.arity", message: "'round' takes 1 to 2 arguments, not 0", at: "round()"),
        ErrorCase(query: "from t | derive x = lower(year)", id: "resolve.type", message: "lower() needs text, not integer", at: "lower(year)"),
        ErrorCase(query: "from t | take -1", id: "resolve.take", message: "'take' needs a whole number of rows, such as take 10", at: "-1"),
        ErrorCase(query: "from t | take 1.5", id: "resolve.take", message: "'take' needs a whole number of rows, such as take 10", at: "1.5"),
        ErrorCase(query: "from t | select year, year", id: "resolve.duplicate-column",
                  message: "column 'year' appears twice in the output", at: "year", occurrence: 2),
        ErrorCase(query: "from t | summarize year = count() by year", id: "resolve.duplicate-column",
                  message: "column 'year' appears twice in the output", at: "year"),
        ErrorCase(query: "from t | pivot year year", id: "resolve.pivot", message: "'pivot' needs two different columns", at: "year", occurrence: 2),
        ErrorCase(query: "from t | join o on year", id: "resolve.unknown-column", message: "dataset 'o' has no column 'year'", at: "year"),
        ErrorCase(query: "from t | join o on year = region", id: "resolve.type",
                  message: "cannot join integer column 'year' with text column 'region'", at: "join o on year = region"),
        ErrorCase(query: "from t | select region | where year > 1", id: "resolve.unknown-column", message: "unknown column 'year'", at: "year"),
        ErrorCase(query: "set level 80", id: "set.invalid", message: "confidence level must be 90, 95 or 99, not 80", at: "80"),
        ErrorCase(query: "set colour red", id: "set.unknown-option", message: "unknown setting 'colour'", at: "colour"),
        // A whole-number setting says the range it accepts.
        ErrorCase(query: "set suppress_below 9223372036854775807", id: "set.invalid",
                  message: "suppress_below must be from 0 to 1,000,000 respondents, not 9223372036854775807", at: "9223372036854775807"),
        ErrorCase(query: "set flag_below -1", id: "set.invalid",
                  message: "flag_below must be from 0 to 1,000,000 respondents, not -1", at: "-1"),
        ErrorCase(query: "set flag_ci_width 2.5", id: "set.invalid",
                  message: "flag_ci_width needs a whole number of percentage points, from 0 to 1,000,000", at: "2.5"),
        ErrorCase(query: "set suppress_below few", id: "set.invalid",
                  message: "suppress_below needs a whole number of respondents, from 0 to 1,000,000", at: "few"),
    ]

    @Test(arguments: errors)
    func resolverError(_ c: ErrorCase) throws {
        let d = try SessionTest.error(try Self.session(), c.query)
        #expect(d.id.rawValue == c.id)
        #expect(d.message == c.message)
        #expect(d.file == "q.tq")
        let start = try #require(SessionTest.offset(of: c.at, in: c.query, occurrence: c.occurrence))
        #expect(d.range == SourceRange(start, start + c.at.utf8.count))
        if let label = c.label { #expect(d.label == label) }
    }

    struct QuoteHintCase: CustomTestStringConvertible, Sendable {
        var query: String
        /// Whether the error suggests quoting the unknown name as a text value.
        var hinted: Bool
        var testDescription: String { query }
    }

    /// "quote it" applies only where the unknown name is compared (==, !=,
    /// in) with a text column, as in `region == Europa`.
    static let quoteHints: [QuoteHintCase] = [
        QuoteHintCase(query: "from t | where region == Europa", hinted: true),
        QuoteHintCase(query: "from t | where Europa != region", hinted: true),
        QuoteHintCase(query: "from t | where region in (\"Asia\", Europa)", hinted: true),
        QuoteHintCase(query: "from t | where region == `Middle East`", hinted: true),
        QuoteHintCase(query: "from t | summarize n = share(region == Europa)", hinted: true),
        // No comparison at all.
        QuoteHintCase(query: "from t | derive x = value_pct", hinted: false),
        QuoteHintCase(query: "from t | select value_pct", hinted: false),
        // The unknown name is the column side: compared with a value, not a text column.
        QuoteHintCase(query: "from t | where regoin_name == \"Asia\"", hinted: false),
        QuoteHintCase(query: "from t | where zone == \"Asia\"", hinted: false),
        QuoteHintCase(query: "from t | where zone in (\"Asia\")", hinted: false),
        // Compared, but not with a text column.
        QuoteHintCase(query: "from t | where year == twelve", hinted: false),
        QuoteHintCase(query: "from t | where region > Europa", hinted: false),
        QuoteHintCase(query: "from t | where lower(region) == Europa", hinted: false),
    ]

    @Test(arguments: quoteHints)
    func quoteHintOnlyWhenComparedWithText(_ c: QuoteHintCase) throws {
        let d = try SessionTest.error(try Self.session(), c.query)
        #expect(d.id == .resolveUnknownColumn)
        let quoting = d.hints.filter { $0.hasPrefix("to compare with a text value, quote it") }
        #expect(quoting.count == (c.hinted ? 1 : 0), "\(d.hints)")
        if c.hinted, let hint = quoting.first {
            let name = c.query.contains("Middle East") ? "Middle East" : "Europa"
            #expect(hint == "to compare with a text value, quote it: \"\(name)\"")
        }
    }

    struct ConstantCase: CustomTestStringConvertible, Sendable {
        var query: String
        /// The table as `column=value` cells, row by row.
        var expected: [[String]]
        var testDescription: String { query }
    }

    /// A constant in `summarize` is one value per group, beside aggregates or alone.
    static let constants: [ConstantCase] = [
        ConstantCase(query: "from t | summarize d = 57% - 16%", expected: [["d=+41.0 pp"]]),
        ConstantCase(query: "from t | summarize n = count(), target = 50%", expected: [["n=2", "target=50.0%"]]),
        ConstantCase(query: "from t | summarize gap = avg(share) - 10%, k = round(2.5) by region",
                     expected: [["region=Europe", "gap=+6.0 pp", "k=3"], ["region=Asia", "gap=+10.0 pp", "k=3"]]),
        ConstantCase(query: "from t | where year > 3000 | summarize one = 1, n = count()", expected: [["one=1", "n=0"]]),
    ]

    @Test(arguments: constants)
    func constantsInSummarize(_ c: ConstantCase) throws {
        let table = try SessionTest.table(try Self.session(), c.query)
        let rows = (0..<table.rowCount).map { r in table.columns.map { "\($0.name)=\(ValueText.human($0[r]))" } }
        #expect(rows == c.expected)
    }

    @Test func failedStatementChangesNothing() throws {
        let session = try Self.session()
        let outcome = session.run("let u = from t | where nope\nfrom u | take 1", fileName: "q.tq",
                                  options: RunOptions(stopOnError: false))
        #expect(outcome.diagnostics.map(\.id.rawValue) == ["resolve.unknown-column", "resolve.unknown-dataset"])
        #expect(session.datasetNames == ["o", "t"])
    }
}
