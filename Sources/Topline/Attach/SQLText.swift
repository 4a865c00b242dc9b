/// The two ways anything from a user enters generated SQL: an identifier, always
/// double-quoted (a `"` inside doubled), or a value, always a bound parameter `$n`.
/// No other text of a user's is ever spliced into SQL.
///
/// ```swift
/// _ = SQLText.identifier(#"a"b"#)   // "\"a\"\"b\""
/// var p = SQLParameters()
/// _ = p.bind(.text("x'); DROP TABLE t; --"), as: .text)   // "CAST($1 AS text)"
/// ```
enum SQLText {
    /// `name` as a quoted SQL identifier.
    static func identifier(_ name: String) -> String {
        "\"" + name.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }
}

/// The values of one SQL statement, in the order of their `$n`.
struct SQLParameters: Sendable {
    private(set) var values: [Value] = []

    /// A placeholder for `value`, typed as `type` is fetched (``PostgresTypes/sqlType(_:)``).
    mutating func bind(_ value: Value, as type: ValueType) -> String {
        values.append(value)
        return "CAST($\(values.count) AS \(PostgresTypes.sqlType(type)))"
    }

    /// The texts libpq sends.
    var texts: [String?] { values.map(PostgresTypes.parameter) }
}
