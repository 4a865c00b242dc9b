import Testing
@testable import Topline

/// Query semantics on small in-memory tables: null logic, sorting, take,
/// derive, summarize, pivot, join, and run-time errors and warnings.
@Suite struct InterpreterTests {
    typealias T = SessionTest

    // MARK: - Three-valued logic

    /// Every pair of true, false and null.
    static func logicSession() throws -> Session {
        let all: [Bool?] = [true, false, nil]
        return try T.session(["t": [
            T.booleans("a", all.flatMap { a in all.map { _ in a } }),
            T.booleans("b", all.flatMap { _ in all }),
        ]])
    }

    struct LogicCase: CustomTestStringConvertible, Sendable {
        var expression: String
        /// Results for (a, b) = (T,T) (T,F) (T,null) (F,T) (F,F) (F,null) (null,T) (null,F) (null,null).
        var results: [Bool?]
        var testDescription: String { expression }
    }

    static let logic: [LogicCase] = [
        LogicCase(expression: "a and b", results: [true, false, nil, false, false, false, nil, false, nil]),
        LogicCase(expression: "a or b", results: [true, true, true, true, false, nil, true, nil, nil]),
        LogicCase(expression: "not a", results: [false, false, false, true, true, true, nil, nil, nil]),
        LogicCase(expression: "not (a and b)", results: [false, true, nil, true, true, true, nil, true, nil]),
        LogicCase(expression: "a == b", results: [true, false, nil, false, true, nil, nil, nil, nil]),
        LogicCase(expression: "a is null", results: [false, false, false, false, false, false, true, true, true]),
        LogicCase(expression: "b is not null", results: [true, true, false, true, true, false, true, true, false]),
    ]

    @Test(arguments: logic)
    func threeValuedLogic(_ c: LogicCase) throws {
        let session = try Self.logicSession()
        let table = try T.table(session, "from t | select x = \(c.expression)")
        #expect(T.values(table, "x") == c.results.map { $0.map(Value.boolean) ?? .null })
        // `where` keeps exactly the rows where the condition is true.
        let kept = try T.table(session, "from t | where \(c.expression)")
        #expect(kept.rowCount == c.results.filter { $0 == true }.count)
    }

    struct InCase: CustomTestStringConvertible, Sendable {
        var expression: String
        /// Results for x = 1, 2, null.
        var results: [Bool?]
        var testDescription: String { expression }
    }

    static let inCases: [InCase] = [
        InCase(expression: "x in (1, 3)", results: [true, false, nil]),
        InCase(expression: "x not in (1, 3)", results: [false, true, nil]),
        InCase(expression: "x in (1, null)", results: [true, nil, nil]),
        InCase(expression: "x not in (1, null)", results: [false, nil, nil]),
        InCase(expression: "s in (\"one\", \"three\")", results: [true, false, nil]),
        InCase(expression: "s not in (\"one\")", results: [false, true, nil]),
        InCase(expression: "s in (\"one\", null)", results: [true, nil, nil]),
        InCase(expression: "x in (1.0)", results: [true, false, nil]),
    ]

    @Test(arguments: inCases)
    func inList(_ c: InCase) throws {
        let session = try T.session(["t": [T.integers("x", [1, 2, nil]), T.texts("s", ["one", "two", nil])]])
        let table = try T.table(session, "from t | select r = \(c.expression)")
        #expect(T.values(table, "r") == c.results.map { $0.map(Value.boolean) ?? .null })
    }

    // MARK: - sort and take

    static func sortSession() throws -> Session {
        try T.session(["t": [
            T.integers("id", [1, 2, 3, 4, 5, 6]),
            T.integers("k", [2, nil, 1, 2, 1, nil]),
            T.texts("s", ["b", "a", nil, "a", "b", "c"]),
        ]])
    }

    struct SortCase: CustomTestStringConvertible, Sendable {
        var keys: String
        var ids: [Int64]
        var testDescription: String { keys }
    }

    static let sorts: [SortCase] = [
        SortCase(keys: "k", ids: [3, 5, 1, 4, 2, 6]),
        SortCase(keys: "k desc", ids: [1, 4, 3, 5, 2, 6]),
        SortCase(keys: "s", ids: [2, 4, 1, 5, 6, 3]),
        SortCase(keys: "s desc", ids: [6, 1, 5, 2, 4, 3]),
        SortCase(keys: "k, s desc", ids: [5, 3, 1, 4, 6, 2]),
        SortCase(keys: "k desc, id desc", ids: [4, 1, 5, 3, 6, 2]),
        SortCase(keys: "-k", ids: [1, 4, 3, 5, 2, 6]),
        SortCase(keys: "id", ids: [1, 2, 3, 4, 5, 6]),
    ]

    @Test(arguments: sorts)
    func sortIsStableWithNullsLast(_ c: SortCase) throws {
        let table = try T.table(try Self.sortSession(), "from t | sort \(c.keys)")
        #expect(T.values(table, "id") == c.ids.map(Value.integer))
    }

    @Test(arguments: [(0, [Int64]()), (2, [1, 2]), (6, [1, 2, 3, 4, 5, 6]), (100, [1, 2, 3, 4, 5, 6])])
    func take(_ n: Int, _ ids: [Int64]) throws {
        let table = try T.table(try Self.sortSession(), "from t | take \(n)")
        #expect(T.values(table, "id") == ids.map(Value.integer))
        #expect(table.columnNames == ["id", "k", "s"])
    }

    // MARK: - derive and summarize

    @Test func deriveReplacesAColumnInPlace() throws {
        let session = try T.session(["t": [T.integers("a", [1, 2]), T.integers("b", [10, 20])]])
        let table = try T.table(session, "from t | derive a = a / 2, c = a * 10")
        #expect(table.columnNames == ["a", "b", "c"])
        #expect(table.column(named: "a")?.type == .number)
        #expect(T.values(table, "a") == [.number(0.5), .number(1)])
        // Later items see earlier ones.
        #expect(T.values(table, "c") == [.number(5), .number(10)])
    }

    static func surveySession() throws -> Session {
        try T.session(["t": [
            T.texts("region", ["EU", "US", "EU", "EU", "US"]),
            T.texts("role", ["ceo", "ceo", "cfo", "ceo", nil]),
            T.integers("n", [10, 20, nil, 40, 50]),
            T.booleans("yes", [true, false, true, nil, true]),
        ]])
    }

    @Test func summarizeWithoutByIsOneRow() throws {
        let table = try T.table(try Self.surveySession(),
                                "from t | summarize rows = count(), counted = count(n), total = sum(n), mean = avg(n), low = min(n), mid = median(n), regions = count_distinct(region)")
        try #require(table.rowCount == 1)
        #expect(table.row(0) == [.integer(5), .integer(4), .integer(120), .number(30), .integer(10), .number(30), .integer(2)])
    }

    @Test func summarizeOfNoRowsIsOneRow() throws {
        let table = try T.table(try Self.surveySession(), "from t | where false | summarize rows = count(), total = sum(n)")
        try #require(table.rowCount == 1)
        #expect(table.row(0) == [.integer(0), .null])
    }

    @Test func summarizeByOfNoRowsIsEmpty() throws {
        let table = try T.table(try Self.surveySession(), "from t | where false | summarize rows = count() by region")
        #expect(table.rowCount == 0)
        #expect(table.columnNames == ["region", "rows"])
    }

    @Test func summarizeByTwoColumnsInFirstSeenOrder() throws {
        let table = try T.table(try Self.surveySession(), "from t | summarize rows = count(), total = sum(n) by region, role")
        #expect(table.columnNames == ["region", "role", "rows", "total"])
        #expect(T.values(table, "region") == [.text("EU"), .text("US"), .text("EU"), .text("US")])
        #expect(T.values(table, "role") == [.text("ceo"), .text("ceo"), .text("cfo"), .null])
        #expect(T.values(table, "rows") == [.integer(2), .integer(1), .integer(1), .integer(1)])
        #expect(T.values(table, "total") == [.integer(50), .integer(20), .null, .integer(50)])
    }

    @Test func shareCountsOnlyKnownAnswers() throws {
        let table = try T.table(try Self.surveySession(), "from t | summarize s = share(yes) by region")
        guard case .estimate(let eu) = table[0, "s"], case .estimate(let us) = table[1, "s"] else {
            Issue.record("expected estimates"); return
        }
        #expect(eu.proportion == 1 && eu.n == 2)
        #expect(us.proportion == 0.5 && us.n == 2)
    }

    // MARK: - pivot

    @Test func pivotKeepsFirstSeenKeyOrder() throws {
        let session = try T.session(["t": [
            T.texts("metric", ["a", "a", "b", "b", "c"]),
            T.texts("horizon", ["later", "now", "now", "later", "now"]),
            T.percents("v", [0.5, 0.1, 0.2, 0.6, 0.3]),
        ]])
        let table = try T.table(session, "from t | pivot horizon v | sort metric desc")
        #expect(table.columnNames == ["metric", "later", "now"])
        #expect(T.values(table, "metric") == [.text("c"), .text("b"), .text("a")])
        #expect(T.values(table, "later") == [.null, .percent(0.6), .percent(0.5)])
        #expect(T.values(table, "now") == [.percent(0.3), .percent(0.2), .percent(0.1)])
    }

    @Test func pivotRefusesTwoValuesForOneCell() throws {
        let session = try T.session(["t": [T.texts("k", ["x", "x"]), T.integers("v", [1, 2])]])
        let d = try T.error(session, "from t | pivot k v")
        #expect(d.id.rawValue == "run.pivot-duplicate")
        #expect(d.message == "pivot found two values for 'x' in one output row (input rows 1 and 2)")
        #expect(d.range == SourceRange(9, 18))
    }

    @Test func pivotRefusesAKeyThatNamesAColumn() throws {
        let session = try T.session(["t": [T.texts("id", ["a"]), T.texts("k", ["id"]), T.integers("v", [1])]])
        let d = try T.error(session, "from t | pivot k v")
        #expect(d.id.rawValue == "run.pivot-name")
        #expect(d.message == "pivot would make a second column named 'id'")
    }

    // MARK: - join

    static func joinSession() throws -> Session {
        try T.session([
            "l": [T.texts("id", ["a", "b", nil, "c"]), T.integers("n", [1, 2, 3, 4])],
            "r": [T.texts("key", ["a", "a", "c", nil]), T.integers("n", [10, 11, 30, 99]), T.texts("name", ["A1", "A2", "C", "none"])],
        ])
    }

    @Test func innerJoinRenamesClashingColumns() throws {
        let table = try T.table(try Self.joinSession(), "from l | join r on id = key")
        #expect(table.columnNames == ["id", "n", "n_r", "name"])
        #expect(T.values(table, "id") == [.text("a"), .text("a"), .text("c")])
        #expect(T.values(table, "n_r") == [.integer(10), .integer(11), .integer(30)])
        #expect(T.values(table, "name") == [.text("A1"), .text("A2"), .text("C")])
    }

    @Test func leftJoinKeepsUnmatchedAndNullKeys() throws {
        let table = try T.table(try Self.joinSession(), "from l | left join r on id = key")
        #expect(T.values(table, "id") == [.text("a"), .text("a"), .text("b"), .null, .text("c")])
        #expect(T.values(table, "n") == [.integer(1), .integer(1), .integer(2), .integer(3), .integer(4)])
        #expect(T.values(table, "name") == [.text("A1"), .text("A2"), .null, .null, .text("C")])
    }

    @Test func joinOnTheSameNameDropsTheRightKeyAndMatchesNumbers() throws {
        let session = try T.session([
            "l": [T.integers("id", [1, 2]), T.integers("n", [5, 6]), T.integers("n_r", [7, 8])],
            "r": [Column(name: "id", type: .number, values: [.number(2), .number(3)]), T.integers("n", [9, 9])],
        ])
        let table = try T.table(session, "from l | join r on id")
        #expect(table.columnNames == ["id", "n", "n_r", "n_r2"])
        try #require(table.rowCount == 1)
        #expect(table.row(0) == [.integer(2), .integer(6), .integer(8), .integer(9)])
    }

    // MARK: - Run-time errors and warnings

    @Test func divisionByZeroIsNullWithOneWarning() throws {
        let session = try T.session(["t": [T.integers("x", [1, 0, 2]), T.percents("p", [0.1, 0.2, 0.3])]])
        let outcome = session.run("from t | derive d = x / 0, e = p / x", fileName: "q.tq")
        #expect(outcome.succeeded)
        let d = try #require(outcome.tables.first)
        #expect(T.values(d, "d") == [.null, .null, .null])
        #expect(T.values(d, "e") == [.percent(0.1), .null, .percent(0.15)])
        #expect(outcome.diagnostics.map(\.id.rawValue) == ["run.division-by-zero", "run.division-by-zero"])
        #expect(outcome.diagnostics.allSatisfy { $0.severity == .warning })
        #expect(outcome.diagnostics.map(\.range) == [SourceRange(20, 25), SourceRange(31, 36)])
    }

    struct OverflowCase: CustomTestStringConvertible, Sendable {
        var expression: String
        var message: String
        var testDescription: String { expression }
    }

    static let overflows: [OverflowCase] = [
        OverflowCase(expression: "9223372036854775807 + x", message: "integer overflow in '+'"),
        OverflowCase(expression: "big * 2", message: "integer overflow in '*'"),
        OverflowCase(expression: "small - 1", message: "integer overflow in '-'"),
        OverflowCase(expression: "-small", message: "integer overflow in '-'"),
    ]

    @Test(arguments: overflows)
    func integerOverflowIsAnError(_ c: OverflowCase) throws {
        let session = try T.session(["t": [T.integers("x", [1]), T.integers("big", [Int64.max / 2 + 1]), T.integers("small", [Int64.min])]])
        let query = "from t | derive y = \(c.expression)"
        let d = try T.error(session, query)
        #expect(d.id.rawValue == "run.integer-overflow")
        #expect(d.message == c.message)
        #expect(d.range == SourceRange(20, query.utf8.count))
    }

    @Test func sumOverflowIsAnError() throws {
        let session = try T.session(["t": [T.integers("x", [Int64.max, 1])]])
        let d = try T.error(session, "from t | summarize s = sum(x)")
        #expect(d.id.rawValue == "run.integer-overflow")
        #expect(d.message == "integer overflow in sum()")
    }
}
