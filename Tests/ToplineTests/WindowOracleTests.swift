import Foundation
import Testing
import ToplineTestSupport
@testable import Topline

/// Window aggregates, rank and row_number, stddev/var/mode/first/last, distinct,
/// append and sample against other tools' answers on the benchmark generator's
/// 10,000 respondents: DuckDB for the unweighted figures, R survey's svyvar and
/// svytable for the weighted ones, and a Python implementation of the sampler
/// as `Sampling` documents it. `Tests/oracle/generate_duckdb_cases.py` computed
/// them into `Fixtures/duckdb/cases.json` from the generator's output, which is
/// `Examples/data/microdata-10k.csv` byte for byte; here that file is loaded and
/// every figure must agree to 1e-9 (relative).
@Suite struct WindowOracleTests {
    static let fixture = packagePath("Tests/ToplineTests/Fixtures/duckdb/cases.json")
    static let data = packagePath("Examples/data/microdata-10k.csv")

    struct Case {
        var id: String
        var query: String
        var key: [String]
        var columns: [String]
        var rows: [[Any]]
        /// Whether the rows must come in this order (a sample); otherwise they are matched by key.
        var ordered: Bool
    }

    static func load() throws -> (document: [String: Any], cases: [Case]) {
        let data = try #require(FileManager.default.contents(atPath: fixture))
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let cases = try #require(document["cases"] as? [[String: Any]]).map { c in
            Case(id: c["id"] as? String ?? "", query: c["query"] as? String ?? "", key: c["key"] as? [String] ?? [],
                 columns: c["columns"] as? [String] ?? [], rows: c["rows"] as? [[Any]] ?? [], ordered: c["ordered"] as? Bool ?? false)
        }
        return (document, cases)
    }

    /// `actual` equals the oracle's `expected` (a JSON value): text and integers exactly, numbers to 1e-9.
    static func agrees(_ actual: Value, _ expected: Any) -> Bool {
        if expected is NSNull { return actual.isNull }
        if let s = expected as? String { return actual == .text(s) }
        guard let n = expected as? NSNumber else { return false }
        switch actual {
        case .integer(let i): return Double(i) == n.doubleValue && i == n.int64Value
        case .number(let d), .percent(let d), .points(let d), .ratio(let d):
            let e = n.doubleValue
            return abs(d - e) <= max(1e-9 * abs(e), 1e-12)
        default: return false
        }
    }

    @Test func everyFigureAgrees() throws {
        let (document, cases) = try Self.load()
        let spec = try #require(document["data"] as? [String: Any])
        let csv = try #require(FileManager.default.contents(atPath: Self.data))
        #expect(csv.count == spec["bytes"] as? Int, "the data changed: regenerate with Tests/oracle/generate_duckdb_cases.py")

        let session = Session()
        let setup = try #require(document["setup"] as? [String]).map { $0.replacingOccurrences(of: "DATA", with: Self.data) }
        let prepared = session.run(setup.joined(separator: "\n"), fileName: "setup.tq")
        try #require(prepared.succeeded, "\(prepared.diagnostics.map(\.message))")

        var figures = 0
        for c in cases {
            let outcome = session.run(c.query, fileName: "\(c.id).tq")
            guard outcome.succeeded, let table = outcome.tables.first else {
                Issue.record("\(c.id): \(outcome.diagnostics.map(\.message))")
                continue
            }
            #expect(table.columnNames == c.columns, "\(c.id)")
            #expect(table.rowCount == c.rows.count, "\(c.id): \(table.rowCount) rows, the oracle has \(c.rows.count)")
            let keyIndexes = c.key.compactMap { c.columns.firstIndex(of: $0) }
            func keyOf(_ values: [String]) -> String { keyIndexes.map { values[$0] }.joined(separator: "\u{1F}") }
            var expectedByKey: [String: [Any]] = [:]
            for row in c.rows { expectedByKey[keyOf(row.map { "\($0 is NSNull ? "null" : $0)" })] = row }
            for r in 0..<table.rowCount {
                let actual = c.columns.map { table[r, $0] }
                let expected: [Any]?
                if c.ordered || keyIndexes.isEmpty {
                    expected = r < c.rows.count ? c.rows[r] : nil
                } else {
                    expected = expectedByKey[keyOf(actual.map { v in
                        if case .text(let s) = v { return s }
                        return v.isNull ? "null" : ValueText.machine(v)
                    })]
                }
                guard let expected else { Issue.record("\(c.id): row \(r) \(actual) is not in the oracle's answer"); continue }
                for (i, column) in c.columns.enumerated() where !keyIndexes.contains(i) {
                    figures += 1
                    #expect(Self.agrees(actual[i], expected[i]), "\(c.id): \(column) of row \(r) is \(actual[i]), the oracle says \(expected[i])")
                }
            }
        }
        #expect(figures == document["figures"] as? Int, "every figure of the fixture was compared")
    }
}
