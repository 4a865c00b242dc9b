import Foundation
import Testing
import ToplineTestSupport
@testable import Topline

/// `append`, `sample`, `rename`, `select *` and `distinct` without a list.
@Suite struct TableVerbTests {
    typealias T = SessionTest

    static func session() throws -> Session {
        try T.session([
            "a": [T.integers("id", [1, 2]), T.texts("region", ["Europe", "Asia"]), T.integers("n", [10, 20])],
            "b": [T.integers("id", [3]), Column(name: "n", type: .number, values: [.number(2.5)]), T.booleans("ok", [true])],
            "c": [T.texts("id", ["x"])],
            "e": [Column(name: "n", type: .null, values: [.null])],
            "p": [T.percents("n", [0.5])],
            "rows": [T.integers("i", (1...50).map { Int64($0) })],
        ])
    }

    // MARK: - append

    @Test func appendMatchesColumnsByName() throws {
        let table = try T.table(try Self.session(), "from a | append b")
        #expect(table.columnNames == ["id", "region", "n", "ok"])
        #expect(table.column(named: "n")?.type == .number)
        #expect(T.values(table, "n") == [.number(10), .number(20), .number(2.5)])
        #expect(T.values(table, "region") == [.text("Europe"), .text("Asia"), .null])
        #expect(T.values(table, "ok") == [.null, .null, .boolean(true)])
        #expect(table.design == nil)
    }

    struct CombineCase: CustomTestStringConvertible, Sendable {
        var a: ValueType
        var b: ValueType
        var expected: ValueType?
        var testDescription: String { "\(a) + \(b)" }
    }

    /// The type of a column holding both sides' values: the same type, either beside nulls only, number for integers and numbers.
    static let combinations: [CombineCase] = [
        CombineCase(a: .integer, b: .integer, expected: .integer),
        CombineCase(a: .integer, b: .number, expected: .number),
        CombineCase(a: .number, b: .integer, expected: .number),
        CombineCase(a: .null, b: .text, expected: .text),
        CombineCase(a: .percent, b: .null, expected: .percent),
        CombineCase(a: .percent, b: .number, expected: nil),
        CombineCase(a: .text, b: .integer, expected: nil),
        CombineCase(a: .estimate, b: .percent, expected: nil),
        CombineCase(a: .boolean, b: .text, expected: nil),
    ]

    @Test(arguments: combinations)
    func appendCombinesTypes(_ c: CombineCase) {
        #expect(AppendVerb.combined(c.a, c.b) == c.expected)
    }

    struct AppendCase: CustomTestStringConvertible, Sendable {
        var query: String
        var column: String
        var expected: [Value]
        var testDescription: String { query }
    }

    static let appends: [AppendCase] = [
        AppendCase(query: "from a | append e", column: "n", expected: [.integer(10), .integer(20), .null]),
        AppendCase(query: "from e | append a", column: "n", expected: [.null, .integer(10), .integer(20)]),
        AppendCase(query: "from a | append a | append a", column: "region",
                   expected: ["Europe", "Asia", "Europe", "Asia", "Europe", "Asia"].map { .text($0) }),
        AppendCase(query: "from b | append a", column: "region", expected: [.null, .text("Europe"), .text("Asia")]),
        AppendCase(query: "from p | append p", column: "n", expected: [.percent(0.5), .percent(0.5)]),
        // A declared order of categories goes on.
        AppendCase(query: "from a | levels region (\"Asia\", \"Europe\") | append a | summarize k = count() by region", column: "region",
                   expected: [.text("Asia"), .text("Europe")]),
    ]

    @Test(arguments: appends)
    func appendValues(_ c: AppendCase) throws {
        #expect(T.values(try T.table(try Self.session(), c.query), c.column) == c.expected)
    }

    @Test func appendRefusesTypeConflicts() throws {
        let d = try T.error(try Self.session(), "from a | append c")
        #expect(d.id == .resolveAppend)
        #expect(d.message == "column 'id' holds integer here and text in 'c'")
        let e = try T.error(try Self.session(), "from a | append p")
        #expect(e.message == "column 'n' holds integer here and percent in 'p'")
    }

    /// A weight stays the weight when the other rows have that column, and is refused when they do not.
    @Test func appendKeepsAWeightBothSidesHave() throws {
        let session = try Self.session()
        session.register(try #require(session.dataset(named: "a")), as: "aw", weight: "n")
        let outcome = session.run("let both = from aw | append b", fileName: "q.tq")
        #expect(outcome.succeeded)
        #expect(session.datasetInfo(named: "both")?.weightColumn == "n")
        #expect(session.datasetInfo(named: "both")?.designFrame == nil)
        let sum = try T.table(session, "from both | summarize s = sum(id)")
        // Σw·id = 10·1 + 20·2 + 2.5·3
        #expect(sum[0, "s"] == .number(57.5))
        let d = try T.error(session, "from aw | append c")
        #expect(d.id == .resolveAppend)
    }

    // MARK: - sample

    /// SplitMix64's reference outputs for seed 0 (Vigna's splitmix64.c).
    @Test func generatorIsSplitMix64() {
        var g = Sampling.Generator(seed: 0)
        #expect([g.next(), g.next(), g.next()] == [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F])
        var h = Sampling.Generator(seed: -1)
        #expect(h.state == UInt64.max)
        _ = h.next()
        #expect(h.state == 0x9E37_79B9_7F4A_7C14)
    }

    struct SampleCase: CustomTestStringConvertible, Sendable {
        var n: Int
        var total: Int
        var seed: Int64
        var testDescription: String { "\(n) of \(total), seed \(seed)" }
    }

    static let samples: [SampleCase] = [
        SampleCase(n: 0, total: 10, seed: 0), SampleCase(n: 1, total: 1, seed: 5), SampleCase(n: 3, total: 10, seed: 0),
        SampleCase(n: 9, total: 10, seed: 1), SampleCase(n: 10, total: 10, seed: 2), SampleCase(n: 12, total: 10, seed: 3),
        SampleCase(n: 500, total: 100_000, seed: -42), SampleCase(n: 99_999, total: 100_000, seed: .max),
    ]

    /// n distinct rows in increasing order, the same for the same seed.
    @Test(arguments: samples)
    func sampleChoosesDistinctRowsInOrder(_ c: SampleCase) throws {
        let context = EvaluationContext(fileName: "", interrupt: nil, settings: SessionSettings())
        let rows = try Sampling.rows(choosing: c.n, of: c.total, seed: c.seed, context: context)
        #expect(rows.count == min(c.n, c.total))
        #expect(zip(rows, rows.dropFirst()).allSatisfy { $0 < $1 })
        #expect(rows.allSatisfy { (0..<c.total).contains($0) })
        #expect(try Sampling.rows(choosing: c.n, of: c.total, seed: c.seed, context: context) == rows)
    }

    /// Every row is equally likely: over 4,000 seeds, each of 10 rows is drawn about 3 times in 10 (within 5 SE).
    @Test func sampleIsUniform() throws {
        let context = EvaluationContext(fileName: "", interrupt: nil, settings: SessionSettings())
        var hits = [Int](repeating: 0, count: 10)
        let draws = 4000
        for seed in 0..<Int64(draws) {
            for r in try Sampling.rows(choosing: 3, of: 10, seed: seed, context: context) { hits[r] += 1 }
        }
        let p = 0.3, se = (p * (1 - p) / Double(draws)).squareRoot()
        for h in hits { #expect(abs(Double(h) / Double(draws) - p) < 5 * se, "\(hits)") }
    }

    @Test func sampleVerb() throws {
        let session = try Self.session()
        let first = T.values(try T.table(session, "from rows | sample 5"), "i")
        #expect(first.count == 5)
        #expect(T.values(try T.table(session, "from rows | sample 5 seed 0"), "i") == first)
        #expect(T.values(try T.table(session, "from rows | sample 5 seed 1"), "i") != first)
        #expect(try T.table(session, "from rows | sample 10%").rowCount == 5)
        #expect(try T.table(session, "from rows | sample 1%").rowCount == 1)   // 0.5 rounds up
        #expect(try T.table(session, "from rows | sample 100%").rowCount == 50)
        #expect(try T.table(session, "from rows | sample 60").rowCount == 50)
        #expect(try T.table(session, "from rows | sample 0").rowCount == 0)
    }

    // MARK: - rename

    struct RenameCase: CustomTestStringConvertible, Sendable {
        var query: String
        var columns: [String]
        var testDescription: String { query }
    }

    static let renames: [RenameCase] = [
        RenameCase(query: "from a | rename area = region", columns: ["id", "area", "n"]),
        RenameCase(query: "from a | rename region = n, n = region", columns: ["id", "n", "region"]),
        RenameCase(query: "from a | rename `the id` = id, id = n", columns: ["the id", "region", "id"]),
        RenameCase(query: "from a | rename id = id", columns: ["id", "region", "n"]),
        RenameCase(query: "from a | rename x = n | derive y = x * 2", columns: ["id", "region", "x", "y"]),
    ]

    @Test(arguments: renames)
    func renameColumns(_ c: RenameCase) throws {
        #expect(try T.table(try Self.session(), c.query).columnNames == c.columns)
    }

    @Test func renameSwapKeepsTheValues() throws {
        let table = try T.table(try Self.session(), "from a | rename region = n, n = region")
        #expect(T.values(table, "region") == [.integer(10), .integer(20)])
        #expect(T.values(table, "n") == [.text("Europe"), .text("Asia")])
    }

    @Test func aRenamedWeightStaysTheWeight() throws {
        let session = try Self.session()
        session.register(try #require(session.dataset(named: "a")), as: "aw", weight: "n")
        #expect(try T.table(session, "from aw | rename w = n | summarize s = sum(id)")[0, "s"] == .number(50))
        #expect(session.run("let r = from aw | rename w = n", fileName: "q.tq").succeeded)
        #expect(session.datasetInfo(named: "r")?.weightColumn == "w")
    }

    // MARK: - select *

    static let stars: [RenameCase] = [
        RenameCase(query: "from a | select *", columns: ["id", "region", "n"]),
        RenameCase(query: "from a | select n, *", columns: ["n", "id", "region"]),
        RenameCase(query: "from a | select *, id", columns: ["region", "n", "id"]),
        RenameCase(query: "from a | select * except (region)", columns: ["id", "n"]),
        RenameCase(query: "from a | select * except (region, id), m = n * 2", columns: ["n", "m"]),
        RenameCase(query: "from a | select *, n = n + 1", columns: ["id", "region", "n"]),
        RenameCase(query: "from a | select * except (id, region, n)", columns: []),
    ]

    @Test(arguments: stars)
    func selectStar(_ c: RenameCase) throws {
        #expect(try T.table(try Self.session(), c.query).columnNames == c.columns)
    }

    /// `distinct` without a list compares every column, also when a later verb narrows them (projection pushdown).
    @Test func distinctOfAllColumnsSeesEveryColumn() throws {
        let session = Session(workingDirectory: packageRoot.path)
        let outcome = session.run("""
            load "Examples/data/survey.csv" as s
            from s | distinct | select region
            from s | distinct region | select region
            """, fileName: "d.tq")
        #expect(outcome.succeeded)
        #expect(outcome.tables.map(\.rowCount) == [40, 4])
    }
}
