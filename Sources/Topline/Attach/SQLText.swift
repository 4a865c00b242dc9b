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

    /// What each mark of the SQL being built stands for (``mark(_:_:column:)``).
    private(set) var origins: [SQLSourceMap.Origin] = []

    /// `sql` marked as the SQL of the Topline expression at `range` (or, without one, of the table's
    /// column `column`, a quoted identifier): ``SQLSourceMap/strip(_:_:)`` takes the marks out and keeps
    /// where each part is, so that a position the server names maps back to the source.
    mutating func mark(_ sql: String, _ range: SourceRange?, column: String? = nil) -> String {
        origins.append(SQLSourceMap.Origin(range: range, column: column))
        return "\u{0}\(origins.count - 1)\u{1}" + sql + "\u{0}\u{2}"
    }
}

/// Which part of a statement's SQL came from which Topline expression: built while compiling
/// (``SQLParameters/mark(_:_:column:)``), read when the server's error names a character of the SQL.
///
/// A mark is `NUL index SOH … NUL STX`: a NUL can be in no SQL statement libpq sends (it ends
/// the C string), no identifier and no parameter, so marks never meet a user's text.
struct SQLSourceMap: Sendable {
    struct Origin: Sendable {
        var range: SourceRange?
        /// A column of the table read by the first level (its quoted identifier).
        var column: String?
    }

    struct Span: Sendable {
        /// Characters (Unicode scalars, as the server counts them) of the unmarked SQL.
        var characters: Range<Int>
        var origin: Origin
    }

    private(set) var spans: [Span] = []

    /// `marked` without its marks, and where each marked part is.
    static func strip(_ marked: String, _ origins: [Origin]) -> (sql: String, map: SQLSourceMap) {
        var out = String.UnicodeScalarView()
        var map = SQLSourceMap()
        var open: [(index: Int, start: Int)] = []
        var count = 0
        var scalars = marked.unicodeScalars.makeIterator()
        while let c = scalars.next() {
            guard c == "\u{0}" else {
                out.append(c)
                count += 1
                continue
            }
            var digits = ""
            while let d = scalars.next() {
                if d == "\u{1}" {
                    open.append((Int(digits) ?? 0, count))
                    break
                }
                if d == "\u{2}" {
                    if let (index, start) = open.popLast(), index < origins.count {
                        map.spans.append(Span(characters: start..<count, origin: origins[index]))
                    }
                    break
                }
                digits.unicodeScalars.append(d)
            }
        }
        map.spans.sort { $0.characters.lowerBound < $1.characters.lowerBound }
        return (String(out), map)
    }

    /// The source of the server's 1-based character `position`: the innermost expression around it,
    /// or for a column the first level reads, the first expression that reads the column.
    func range(at position: Int) -> SourceRange? {
        let at = position - 1
        guard let span = spans.filter({ $0.characters.contains(at) }).min(by: { $0.characters.count < $1.characters.count }) else { return nil }
        if let range = span.origin.range { return range }
        guard let column = span.origin.column else { return nil }
        return spans.first { $0.origin.range != nil && $0.origin.column == column }?.origin.range
    }
}
