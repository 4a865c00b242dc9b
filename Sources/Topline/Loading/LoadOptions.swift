/// How `load` reads a file beyond what its extension says: `load "data.txt"
/// format csv delimiter ";" encoding "latin1"`, `load "w1.sav" keep missing`.
/// The `load` statement's clauses (``LoadStatement``) fill it in; embedders
/// pass it to ``Session/load(path:as:weight:options:interrupt:)``.
///
/// ```swift
/// var options = LoadOptions()
/// options.format = .csv
/// options.delimiter = UInt8(ascii: ";")
/// options.encoding = .latin1
/// _ = options.misfit(for: .csv)    // nil: every option applies to CSV
/// ```
public struct LoadOptions: Sendable, Equatable {
    /// The format, when the extension does not tell (nil: by extension).
    public var format: DatasetReader.Format?
    /// The field separator of CSV or TSV (nil: the format's own, `,` or tab).
    public var delimiter: UInt8?
    /// The file's character encoding (nil: UTF-8, or what a survey file declares).
    public var encoding: TextEncoding?
    /// Keep SPSS user-missing codes as values instead of nulls.
    public var keepMissing = false

    public init(format: DatasetReader.Format? = nil, delimiter: UInt8? = nil, encoding: TextEncoding? = nil,
                keepMissing: Bool = false) {
        self.format = format
        self.delimiter = delimiter
        self.encoding = encoding
        self.keepMissing = keepMissing
    }

    /// The option that does not apply to a file of `format`, and why; nil when all do.
    public func misfit(for format: DatasetReader.Format) -> (option: LoadStatement.Kind, message: String)? {
        if delimiter != nil, format.family != .delimited {
            return (.delimiter, "'delimiter' applies to CSV and TSV files, not to \(format.title) files")
        }
        if encoding != nil, format.family == .json {
            return (.encoding, "JSON is UTF-8 by definition (RFC 8259), so 'encoding' does not apply to it")
        }
        if keepMissing, format != .sav {
            return (.keepMissing, "'keep missing' keeps SPSS user-missing codes; \(format.title) files declare none")
        }
        return nil
    }
}
