import Foundation
import Testing
import ToplineTestSupport
@testable import Topline

/// Dates and timestamps against DuckDB: `Tests/oracle/generate_date_cases.py` wrote 2,000 ISO
/// dates and timestamps (years 1–9999, leap days, zone offsets, fractions of a second) to
/// `Fixtures/dates/dates.csv` and DuckDB's answers for each row to `cases.json`. Here the file
/// is loaded (the types must be inferred: date and timestamp), every derived column computed by
/// Topline, and each value must equal DuckDB's (numbers to 1e-9, text and integers exactly).
@Suite struct DateOracleTests {
    static let folder = packagePath("Tests/ToplineTests/Fixtures/dates")

    static func document() throws -> [String: Any] {
        let data = try #require(FileManager.default.contents(atPath: folder + "/cases.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func agrees(_ actual: Value, _ expected: Any) -> Bool {
        if expected is NSNull { return actual.isNull }
        if let s = expected as? String { return ValueText.machine(actual) == s && (actual.type == .date || actual.type == .timestamp) }
        guard let n = expected as? NSNumber else { return false }
        switch actual {
        case .boolean(let b): return b == n.boolValue && (n.int64Value == 0 || n.int64Value == 1)
        case .integer(let i): return i == n.int64Value && Double(i) == n.doubleValue
        case .number(let d): return abs(d - n.doubleValue) <= max(1e-9 * abs(n.doubleValue), 1e-12)
        default: return false
        }
    }

    @Test func everyValueAgreesWithDuckDB() throws {
        let document = try Self.document()
        let columns = try #require(document["columns"] as? [[String: String]])
        let rows = try #require(document["rows"] as? [[String: Any]])
        #expect(rows.count == 2000)

        let session = Session()
        let derive = columns.map { "\($0["name"]!) = \($0["topline"]!)" }.joined(separator: ", ")
        let outcome = session.run("""
            load "\(Self.folder)/dates.csv" as d
            from d | derive at_utc = seen_at, \(derive) | sort id
            """, fileName: "dates.tq")
        try #require(outcome.succeeded, "\(outcome.diagnostics.map(\.message))")
        let table = try #require(outcome.tables.last)
        let types = try #require(session.datasetInfo(named: "d")).table.columns.map(\.type)
        #expect(types == [.integer, .date, .timestamp])
        #expect(table.rowCount == rows.count)

        var disagreements: [String] = []
        for (r, expected) in rows.enumerated() {
            for (name, value) in expected where name != "id" {
                try #require(table.columnNames.contains(name), "no column \(name)")
                let actual = table[r, name]
                if !Self.agrees(actual, value) {
                    disagreements.append("row \(r + 1) \(name): Topline \(ValueText.machine(actual)) (\(actual.type)), DuckDB \(value)")
                }
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.count) values differ; first: \(disagreements.prefix(5))")
    }

    @Test func sortsInCalendarOrderAsDuckDB() throws {
        let document = try Self.document()
        let order = try #require(document["sorted_desc"] as? [Int])
        let session = Session()
        let outcome = session.run("""
            load "\(Self.folder)/dates.csv" as d
            from d | sort day desc, id | select id
            """, fileName: "dates.tq")
        let table = try #require(outcome.tables.last)
        let ids = (0..<table.rowCount).map { r -> Int in
            if case .integer(let i) = table[r, "id"] { return Int(i) }
            return -1
        }
        #expect(ids == order)
    }
}
