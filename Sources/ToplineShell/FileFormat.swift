import Topline

/// What a result is written to a file as, named by the file's extension:
/// the one table that the shell's `.export FILE` and the command's
/// `--output FILE` both read.
///
/// ```swift
/// _ = FileFormat(path: "report.xlsx")   // .workbook
/// _ = FileFormat(path: "out.md")        // .text(.markdown)
/// _ = FileFormat(path: "notes")         // nil: give --format
/// ```
public enum FileFormat: Hashable, Sendable {
    /// Text in one of the table formats.
    case text(OutputFormat)
    /// Charts as SVG documents.
    case svg
    /// An Excel workbook, one sheet per result (``ExcelWorkbook``).
    case workbook

    /// Each extension and its format, in the order messages list them.
    public static let extensions: [(name: String, format: FileFormat)] = [
        ("csv", .text(.csv)), ("tsv", .text(.tsv)), ("json", .text(.json)), ("ndjson", .text(.ndjson)),
        ("jsonl", .text(.ndjson)), ("md", .text(.markdown)), ("txt", .text(.table)), ("svg", .svg), ("xlsx", .workbook),
    ]

    /// The format `path`'s extension names (any case), or nil.
    public init?(path: String) {
        let ext = CommandLineRunner.fileExtension(path)
        guard let match = Self.extensions.first(where: { $0.name == ext }) else { return nil }
        self = match.format
    }

    /// `.csv, .tsv, …, .svg or .xlsx`: the extensions, for messages.
    public static var extensionList: String {
        let names = extensions.map { "." + $0.name }
        return names.dropLast().joined(separator: ", ") + " or " + (names.last ?? "")
    }
}
