import Foundation
import Testing
@testable import Topline

/// Aggregates in `derive` (window aggregates), `rank` and `row_number`, and the
/// aggregates `stddev`, `var`, `mode`, `first`, `last` and `count(*)`.
@Suite struct WindowAggregateTests {
    typealias T = SessionTest

    /// g: a a b b b; x: 3 1 4 1 5; y: null-bearing text; w: weights.
    static func session() throws -> Session {
        try T.session([
            "t": [
                T.texts("g", ["a", "a", "b", "b", "b"]),
                T.integers("x", [3, 1, 4, 1, 5]),
                T.texts("y", ["p", nil, "q", "p", nil]),
                Column(name: "w", type: .number, values: [1, 2, 1, 3, 1].map { .number($0) }),
                T.percents("s", [0.1, 0.2, 0.3, 0.4, 0.5]),
            ],
        ])
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var query: String
        var column: String
        var expected: [String]
        var testDescription: String { query }
    }

    /// Each case's column, as the human text of its values.
    static let values: [Case] = [
        // Over the whole table, then per group.
        Case(query: "from t | derive v = sum(x)", column: "v", expected: ["14", "14", "14", "14", "14"]),
        Case(query: "from t | derive v = sum(x) by g", column: "v", expected: ["4", "4", "10", "10", "10"]),
        Case(query: "from t | derive v = x / sum(x) by g", column: "v", expected: ["75.0%", "25.0%", "40.0%", "10.0%", "50.0%"]),
        Case(query: "from t | derive v = count() by g", column: "v", expected: ["2", "2", "3", "3", "3"]),
        Case(query: "from t | derive v = count(y)", column: "v", expected: ["3", "3", "3", "3", "3"]),
        Case(query: "from t | derive v = count(*) by g", column: "v", expected: ["2", "2", "3", "3", "3"]),
        Case(query: "from t | derive v = x - avg(x) by g", column: "v", expected: ["1", "-1", "0.666667", "-2.33333", "1.66667"]),
        Case(query: "from t | derive v = max(x) - min(x) by g", column: "v", expected: ["2", "2", "4", "4", "4"]),
        // A later item sees an earlier one, and groups by it.
        Case(query: "from t | derive big = x > 2, v = count() by big", column: "v", expected: ["3", "2", "3", "2", "3"]),
        // rank: SQL's RANK (1, 1, 3); desc; nulls last and tied; text in its order.
        Case(query: "from t | derive r = rank(x)", column: "r", expected: ["3", "1", "4", "1", "5"]),
        Case(query: "from t | derive r = rank(x desc)", column: "r", expected: ["3", "4", "2", "4", "1"]),
        Case(query: "from t | derive r = rank(x asc) by g", column: "r", expected: ["2", "1", "2", "1", "3"]),
        Case(query: "from t | derive r = rank(y)", column: "r", expected: ["1", "4", "3", "1", "4"]),
        Case(query: "from t | derive r = rank(y desc)", column: "r", expected: ["2", "4", "1", "2", "4"]),
        Case(query: "from t | derive r = rank(s desc) by g", column: "r", expected: ["2", "1", "3", "2", "1"]),
        Case(query: "from t | derive r = rank(x * 0 + 1)", column: "r", expected: ["1", "1", "1", "1", "1"]),
        // A declared order of categories ranks first, the values it does not list after it.
        Case(query: "from t | levels y (\"q\") | derive r = rank(y)", column: "r", expected: ["2", "4", "1", "2", "4"]),
        Case(query: "from t | levels g (\"b\", \"a\") | derive r = rank(g desc)", column: "r", expected: ["1", "1", "3", "3", "3"]),
        // row_number: the table's order, within groups; after a sort, the sorted order.
        Case(query: "from t | derive r = row_number()", column: "r", expected: ["1", "2", "3", "4", "5"]),
        Case(query: "from t | derive r = row_number() by g", column: "r", expected: ["1", "2", "1", "2", "3"]),
        Case(query: "from t | sort x desc | derive r = row_number() | sort r", column: "x", expected: ["5", "4", "3", "1", "1"]),
        // Aggregates of the new kinds, in derive.
        Case(query: "from t | derive v = first(y) by g", column: "v", expected: ["p", "p", "q", "q", "q"]),
        Case(query: "from t | derive v = last(y) by g", column: "v", expected: ["p", "p", "p", "p", "p"]),
        Case(query: "from t | derive v = mode(x)", column: "v", expected: ["1", "1", "1", "1", "1"]),
    ]

    @Test(arguments: values)
    func value(_ c: Case) throws {
        let table = try T.table(try Self.session(), c.query)
        #expect(T.values(table, c.column).map(ValueText.human) == c.expected)
    }

    struct TypeCase: CustomTestStringConvertible, Sendable {
        var item: String
        var type: ValueType
        var testDescription: String { item }
    }

    /// `x / sum(x)` in derive is a percent: the row's share of its window's total; any other quotient keeps the type rules.
    static let types: [TypeCase] = [
        TypeCase(item: "x / sum(x)", type: .percent),
        TypeCase(item: "w / sum(w)", type: .percent),
        TypeCase(item: "(x + 1) / sum(x + 1)", type: .percent),
        TypeCase(item: "x / sum(x) * 100", type: .percent),
        TypeCase(item: "x / sum(w)", type: .number),
        TypeCase(item: "x * 1.0 / sum(x)", type: .number),
        TypeCase(item: "x / avg(x)", type: .number),
        TypeCase(item: "x / 2", type: .number),
        TypeCase(item: "s / sum(s)", type: .ratio),
        TypeCase(item: "sum(x)", type: .integer),
        TypeCase(item: "rank(x desc)", type: .integer),
        TypeCase(item: "row_number()", type: .integer),
        TypeCase(item: "stddev(x)", type: .number),
        TypeCase(item: "stddev(s)", type: .percent),
        TypeCase(item: "var(x)", type: .number),
        TypeCase(item: "mode(y)", type: .text),
        TypeCase(item: "first(s)", type: .percent),
        TypeCase(item: "share(x > 2)", type: .estimate),
    ]

    @Test(arguments: types)
    func type(_ c: TypeCase) throws {
        let table = try T.table(try Self.session(), "from t | derive v = \(c.item) | select v")
        #expect(table.columns.first?.type == c.type)
    }

    /// On weighted rows `sum` is Σwx, so `x / sum(x)` is no share: it stays a number.
    @Test func shareOfTotalIsNoPercentOnWeightedRows() throws {
        let session = try Self.session()
        session.register(try #require(session.dataset(named: "t")), as: "tw", weight: "w")
        let table = try T.table(session, "from tw | derive v = x / sum(x) | select v")
        #expect(table.columns.first?.type == .number)
        // Σwx = 3 + 2 + 4 + 3 + 5 = 17
        #expect(T.values(table, "v").first == .number(3.0 / 17.0))
    }

    struct SpreadCase: CustomTestStringConvertible, Sendable {
        var item: String
        /// By group a, b.
        var expected: [String]
        var testDescription: String { item }
    }

    static let spread: [SpreadCase] = [
        // a: 3 1 → var 2; b: 4 1 5 → mean 10/3, var ((2/3)² + (7/3)² + (5/3)²)/2 = 13/3.
        SpreadCase(item: "var(x)", expected: ["2", "4.33333"]),
        SpreadCase(item: "stddev(x)", expected: ["1.41421", "2.08167"]),
        SpreadCase(item: "stddev(s)", expected: ["7.1%", "10.0%"]),
        // One value, or none: no sample variance.
        SpreadCase(item: "var(if_one)", expected: ["null", "null"]),
        SpreadCase(item: "count(*)", expected: ["2", "3"]),
        // mode: b has 4, 1, 5 once each: the first seen wins; y of b: q, p tie → q.
        SpreadCase(item: "mode(x)", expected: ["3", "4"]),
        SpreadCase(item: "mode(y)", expected: ["p", "q"]),
        SpreadCase(item: "first(y)", expected: ["p", "q"]),
        SpreadCase(item: "last(y)", expected: ["p", "p"]),
        SpreadCase(item: "last(x)", expected: ["1", "5"]),
    ]

    @Test(arguments: spread)
    func spreadAndValues(_ c: SpreadCase) throws {
        let session = try Self.session()
        let table = try T.table(session, "from t | derive if_one = x * 0 + null | summarize v = \(c.item) by g")
        #expect(T.values(table, "v").map(ValueText.human) == c.expected)
    }

    /// Weighted: R's svyvar, Σw(x − x̄)²/Σw · n/(n − 1); the mode by the largest sum of weights.
    @Test func weightedSpreadIsSvyvar() throws {
        let session = try Self.session()
        session.register(try #require(session.dataset(named: "t")), as: "tw", weight: "w")
        let table = try T.table(session, "from tw | summarize v = var(x), sd = stddev(x), m = mode(x), n = count(*)")
        let x: [Double] = [3, 1, 4, 1, 5], w: [Double] = [1, 2, 1, 3, 1]
        let total: Double = w.reduce(0, +)
        var weighted = 0.0
        for i in x.indices { weighted += w[i] * x[i] }
        let mean = weighted / total
        var squares = 0.0
        for i in x.indices { squares += w[i] * (x[i] - mean) * (x[i] - mean) }
        let v: Double = squares / total * 5 / 4
        #expect(table[0, "v"].numeric.map { abs($0 - v) < 1e-12 } == true)
        #expect(table[0, "sd"].numeric.map { abs($0 - v.squareRoot()) < 1e-12 } == true)
        // x = 1 has weight 2 + 3 = 5, more than the 3 rows' weights of the other values.
        #expect(table[0, "m"] == .integer(1))
        #expect(table[0, "n"] == .integer(5))
    }

    /// Derive keeps the rows, so a design (here the weights-only design of a weight) stays for what follows.
    @Test func deriveKeepsTheDesign() throws {
        let session = Session()
        session.register(try #require(try Self.session().dataset(named: "t")), as: "t")
        _ = session.run("let d = from t", fileName: "d.tq")
        let outcome = session.run("design d weight w\nfrom d | derive above = x > avg(x) by g | summarize s = share(above)", fileName: "q.tq")
        #expect(outcome.succeeded, "\(outcome.diagnostics.map(\.message))")
        guard case .estimate(let e)? = outcome.tables.last?[0, "s"] else { Issue.record("no estimate"); return }
        #expect(e.design != nil)
        // Weighted above-group-mean rows: a (mean 5/3): x = 3 (w 1); b (mean 2.4): x = 4, 5 (w 1, 1): 3 of Σw 8.
        #expect(abs(e.proportion - 3.0 / 8.0) < 1e-12)
    }
}
