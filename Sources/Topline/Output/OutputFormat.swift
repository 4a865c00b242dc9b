/// How a ``Table`` is written out: the shell's `.mode` and the library's
/// ``TableFormatter`` share these names.
///
/// ```swift
/// _ = OutputFormat(rawValue: "csv")   // .csv
/// _ = OutputFormat.box.isHuman        // true
/// ```
public enum OutputFormat: String, CaseIterable, Sendable {
    /// Aligned columns separated by two spaces, a dashed rule under the header.
    case table
    /// Box-drawing borders with a second header line naming column types (like DuckDB).
    case box
    /// RFC 4180 comma-separated values; estimates expanded into several columns.
    case csv
    /// Tab-separated values with `\t`, `\n`, `\r`, `\\` escapes.
    case tsv
    /// One JSON array of row objects.
    case json
    /// One JSON object per line.
    case ndjson
    /// A GitHub-flavoured Markdown pipe table.
    case markdown
    /// One block per row, `name = value` per column (sqlite3's `.mode line`, psql's `\x`).
    case line

    /// Whether the format is meant for people (rounded values, alignment,
    /// truncation) rather than for programs (full precision, never truncated).
    public var isHuman: Bool {
        switch self {
        case .table, .box, .markdown, .line: return true
        case .csv, .tsv, .json, .ndjson: return false
        }
    }
}
