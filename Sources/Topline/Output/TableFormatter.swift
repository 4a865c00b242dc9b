/// Limits on how much of a table human formats show.
public struct FormatOptions: Hashable, Sendable {
    /// Show at most this many rows, then `… N more rows`. Human formats only:
    /// csv, tsv, json and ndjson always carry every row.
    public var maxRows: Int?
    /// Cut longer cells (and headers) to this many display columns, ending
    /// them with `…`. Human formats only.
    public var maxColumnWidth: Int?

    public init(maxRows: Int? = nil, maxColumnWidth: Int? = nil) {
        self.maxRows = maxRows
        self.maxColumnWidth = maxColumnWidth
    }
}

/// Writes a ``Table`` as text in one of the ``OutputFormat``s.
///
/// ```swift
/// let table = try Table(columns: [Column(name: "horizon", type: .text, values: [.text("now"), .text("3-5 years")])])
/// let text = TableFormatter.render(table, as: .box, maxRows: 20)
/// let csv = TableFormatter.render(table, as: .csv)   // "horizon\nnow\n3-5 years\n"
/// print(text + csv, terminator: "")
/// ```
///
/// Every line ends with a newline. Human formats (table, box, markdown) round
/// values as ``ValueText/human(_:)`` does and escape control characters so data
/// cannot drive the terminal; machine formats (csv, tsv, json, ndjson) keep full
/// precision, write percent and points in percent units (16 for 16%), and
/// expand each estimate into its value, margin of error, interval, bases,
/// method and level.
public enum TableFormatter {
    /// `table` as `format`, showing at most `maxRows` rows in human formats.
    public static func render(_ table: Table, as format: OutputFormat, maxRows: Int? = nil) -> String {
        render(table, as: format, options: FormatOptions(maxRows: maxRows))
    }

    /// `table` as `format` under `options`.
    public static func render(_ table: Table, as format: OutputFormat, options: FormatOptions) -> String {
        switch format {
        case .table, .box, .markdown:
            return HumanTableRenderer(table: table, format: format, options: options).render()
        case .csv:
            return DelimitedRenderer.render(table, separator: UInt8(ascii: ","))
        case .tsv:
            return DelimitedRenderer.render(table, separator: UInt8(ascii: "\t"))
        case .json:
            return JSONRenderer.render(table, lines: false)
        case .ndjson:
            return JSONRenderer.render(table, lines: true)
        }
    }
}
