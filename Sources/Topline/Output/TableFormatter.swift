/// How much of a table human formats show, and how. Machine formats (csv,
/// tsv, json, ndjson) ignore them all: they always carry every row, every
/// column and every character.
///
/// ```swift
/// // What a 100-column terminal shows, at most 40 rows, nulls as blanks:
/// _ = FormatOptions(maxRows: 40, width: 100, nullText: "")
/// ```
public struct FormatOptions: Hashable, Sendable {
    /// Show at most this many rows, then `… 3,490 more rows`.
    public var maxRows: Int?
    /// Cut longer cells (and headers) to this many display columns, ending
    /// them with `…`.
    public var maxColumnWidth: Int?
    /// The width of the terminal, in columns: table and box lines never get
    /// longer (long cells are cut with `…`, columns that do not fit are left
    /// out and named in a note under the table), and neither do the line
    /// format's. Nil: as wide as the cells are (a file, a pipe). The library
    /// never asks the terminal; the caller says.
    public var width: Int?
    /// How null is shown (the shell's `.nullvalue`).
    public var nullText: String

    public init(maxRows: Int? = nil, maxColumnWidth: Int? = nil, width: Int? = nil, nullText: String = "null") {
        self.maxRows = maxRows
        self.maxColumnWidth = maxColumnWidth
        self.width = width
        self.nullText = nullText
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
/// Every line ends with a newline. Human formats (table, box, markdown, line)
/// round values as ``ValueText/human(_:)`` does, give the numbers of a column
/// one number of decimals, escape control characters so data cannot drive the
/// terminal, and fit a terminal's width when given one (``FormatOptions``);
/// machine formats (csv, tsv, json, ndjson) write numbers with up to 15
/// significant digits, without binary noise (``ValueText/machine(_:)``),
/// percent and points in percent units (16 for 16%), and expand each estimate
/// into its value, margin of error, interval, bases, method and level.
public enum TableFormatter {
    /// `table` as `format`, showing at most `maxRows` rows in human formats.
    public static func render(_ table: Table, as format: OutputFormat, maxRows: Int? = nil) -> String {
        render(table, as: format, options: FormatOptions(maxRows: maxRows))
    }

    /// `table` as `format` under `options`.
    public static func render(_ table: Table, as format: OutputFormat, options: FormatOptions) -> String {
        switch format {
        case .table, .box, .markdown, .line:
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

    /// `table` as `format`, stopping with `run.cancelled` ("output cancelled")
    /// as soon as `interrupt` is set: it is polled after every row (and within
    /// long rules and padding), so Ctrl-C stops rendering a result of any size.
    public static func render(_ table: Table, as format: OutputFormat, options: FormatOptions = FormatOptions(),
                              interrupt: InterruptFlag?) throws(Diagnostic) -> String {
        var out = ByteOutput(capacity: 4096, interrupt: interrupt, emit: nil)
        return try render(table, as: format, options: options, into: &out)
    }

    /// Writes `table` as `format` in pieces of about 64 KB, each cut at a
    /// character boundary, calling `write` with each as soon as it is ready:
    /// a 3.5-million-row csv result is never held whole. `write` returns
    /// whether to go on: false (its reader has gone, a pager was quit) ends
    /// rendering there, without an error. `interrupt` is polled after every
    /// row; once it is set, rendering stops with `run.cancelled` ("output
    /// cancelled") after the pieces already written (the last ends with a
    /// whole row, or mid-line in a huge cell).
    ///
    /// ```swift
    /// let table = try Table(columns: [Column(name: "n", type: .integer, values: [.integer(1), .integer(2)])])
    /// let flag = InterruptFlag()   // set from another thread to stop the output
    /// var output = ""
    /// try TableFormatter.write(table, as: .csv, interrupt: flag) { piece in output += piece; return true }
    /// // output == "n\n1\n2\n"
    /// ```
    public static func write(_ table: Table, as format: OutputFormat, options: FormatOptions = FormatOptions(),
                             interrupt: InterruptFlag?, to write: @escaping (String) -> Bool) throws(Diagnostic) {
        var out = ByteOutput(capacity: ByteOutput.pieceSize, interrupt: interrupt, emit: write)
        do throws(Diagnostic) {
            _ = try render(table, as: format, options: options, into: &out)
        } catch {
            if out.stopped { return }
            throw error
        }
    }

    private static func render(_ table: Table, as format: OutputFormat, options: FormatOptions,
                               into out: inout ByteOutput) throws(Diagnostic) -> String {
        switch format {
        case .table, .box, .markdown, .line:
            return try HumanTableRenderer(table: table, format: format, options: options, interrupt: out.interruptFlag)
                .render(into: &out)
        case .csv:
            return try DelimitedRenderer.render(table, separator: UInt8(ascii: ","), into: &out)
        case .tsv:
            return try DelimitedRenderer.render(table, separator: UInt8(ascii: "\t"), into: &out)
        case .json:
            return try JSONRenderer.render(table, lines: false, into: &out)
        case .ndjson:
            return try JSONRenderer.render(table, lines: true, into: &out)
        }
    }
}
