import ArgumentParser
import Topline
import ToplineShell

/// `--format` values: the table formats, `svg` for charts, `xlsx` for an Excel workbook.
enum ResultFormat: String, CaseIterable, ExpressibleByArgument {
    case table, box, line, csv, tsv, json, ndjson, markdown, svg, xlsx

    /// The table format, or nil for svg and xlsx.
    var tableFormat: OutputFormat? { OutputFormat(rawValue: rawValue) }
}

/// `--errors` values.
enum ErrorFormat: String, CaseIterable, ExpressibleByArgument {
    case text, json
}

/// Options shared by `topline` and `topline run`.
struct OutputOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "How results are printed. Default: box on a terminal, table otherwise; with --output, the file's extension. svg writes charts as SVG documents; xlsx an Excel workbook, one sheet per result (needs --output).",
            valueName: "format"))
    var format: ResultFormat?

    @Option(
        name: [.customShort("o"), .long],
        help: ArgumentHelp(
            "Write results to this file instead of standard output, in --format or the format its extension names (.csv .tsv .json .ndjson .jsonl .md .txt .svg .xlsx). It is replaced only once the run has gone to its end; a run stopped by an error leaves it as it was.",
            valueName: "file"))
    var output: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Rows shown by table, box and markdown before \"… N more rows\" (0 = all). Default: \(CommandLineRunner.defaultMaxRows), \(InteractiveShell.defaultMaxRows) in the shell. csv, tsv, json and ndjson are never cut.",
            valueName: "n"))
    var maxRows: Int?

    @Option(name: .long, help: ArgumentHelp("Width of text charts, and of table and box output, in columns. Default: the terminal's (charts: or 80; tables: or as wide as the cells).", valueName: "n"))
    var width: Int?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "How diagnostics are written to standard error: text, or json (one object per line: severity, id, message, file, line, column, byte range, hints).",
            valueName: "format"))
    var errors: ErrorFormat = .text

    @Flag(name: .long, help: "Continue after a failing statement instead of stopping (the exit status still reports the failure).")
    var keepGoing = false

    @Option(name: .long, help: ArgumentHelp("The weight column of the data files named on the command line (as load … weight W).", valueName: "column"))
    var weight: String?

    @Flag(name: [.customShort("q"), .long], help: "No notices (\"loaded …\") on standard error: only warnings and errors.")
    var quiet = false

    /// These options as the ``Invocation`` fields they set.
    func apply(to invocation: inout Invocation) {
        invocation.format = format?.tableFormat
        invocation.svg = format == .svg
        invocation.workbook = format == .xlsx
        invocation.output = output
        invocation.maxRows = maxRows
        invocation.width = width
        invocation.errorsAsJSON = errors == .json
        invocation.keepGoing = keepGoing
        invocation.weight = weight
        invocation.quiet = quiet
    }
}
