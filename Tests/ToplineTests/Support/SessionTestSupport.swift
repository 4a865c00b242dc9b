import Testing
@testable import Topline

/// Small in-memory tables and helpers for running queries in tests.
enum SessionTest {
    /// A session with `tables` registered under their names.
    static func session(_ tables: [String: [Column]]) throws -> Session {
        let session = Session()
        for (name, columns) in tables.sorted(by: { $0.key < $1.key }) {
            session.register(try Table(columns: columns), as: name)
        }
        return session
    }

    static func integers(_ name: String, _ values: [Int64?]) -> Column {
        Column(name: name, type: .integer, values: values.map { $0.map(Value.integer) ?? .null })
    }

    static func texts(_ name: String, _ values: [String?]) -> Column {
        Column(name: name, type: .text, values: values.map { $0.map(Value.text) ?? .null })
    }

    static func booleans(_ name: String, _ values: [Bool?]) -> Column {
        Column(name: name, type: .boolean, values: values.map { $0.map(Value.boolean) ?? .null })
    }

    static func percents(_ name: String, _ values: [Double?]) -> Column {
        Column(name: name, type: .percent, values: values.map { $0.map(Value.percent) ?? .null })
    }

    /// The one table a successful query returned.
    static func table(_ session: Session, _ query: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Table {
        let outcome = session.run(query, fileName: "q.tq")
        #expect(outcome.diagnostics.filter { $0.severity == .error }.isEmpty,
                "\(outcome.diagnostics.map { "\($0.id): \($0.message)" })", sourceLocation: sourceLocation)
        return try #require(outcome.tables.last, sourceLocation: sourceLocation)
    }

    /// The only error a failing query produced.
    static func error(_ session: Session, _ query: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Diagnostic {
        let outcome = session.run(query, fileName: "q.tq")
        #expect(!outcome.succeeded, sourceLocation: sourceLocation)
        let errors = outcome.diagnostics.filter { $0.severity == .error }
        try #require(errors.count == 1, "\(errors.map(\.message))", sourceLocation: sourceLocation)
        return errors[0]
    }

    static func values(_ table: Table, _ column: String) -> [Value] {
        guard let c = table.column(named: column) else { return [] }
        return (0..<table.rowCount).map { c[$0] }
    }

    /// The byte offset of the `occurrence`-th (1-based) appearance of `needle` in `text`.
    static func offset(of needle: String, in text: String, occurrence: Int = 1) -> Int? {
        let bytes = Array(text.utf8), n = Array(needle.utf8)
        var seen = 0
        for i in 0...max(0, bytes.count - n.count) where Array(bytes[i..<min(bytes.count, i + n.count)]) == n {
            seen += 1
            if seen == occurrence { return i }
        }
        return nil
    }
}
