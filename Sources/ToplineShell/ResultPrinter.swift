import CLibEdit
import Topline

/// Prints what statements produce: tables and charts in the chosen format to
/// the result output, diagnostics to the error output (rendered text, or one
/// JSON object per line), messages ("loaded …") to the message output.
///
/// Human text is built with its untrusted pieces escaped (``SafeText``: the
/// table and chart renderers and ``DiagnosticRenderer`` do it, messages are
/// escaped here); on a terminal ``TextOutput`` then applies the same rule to
/// everything, the machine formats included.
public struct ResultPrinter: Sendable {
    public var format: OutputFormat
    /// Charts as standalone SVG documents (`--format svg`); tables still print as text.
    public var svg = false
    /// The most rows human formats show before "… N more rows"; nil for all.
    /// Machine formats (csv, tsv, json, ndjson) are never cut.
    public var maxRows: Int?
    /// Chart width in columns: `--width`, else the terminal's, else 80.
    public var width: Int?
    public var results: TextOutput
    public var diagnostics: TextOutput
    public var messages: TextOutput
    /// Colour diagnostics (a terminal, and `NO_COLOR` unset).
    public var color: Bool
    /// Colour charts (results on a terminal, and `NO_COLOR` unset).
    public var chartColor = false
    /// Diagnostics as JSON lines (`--errors json`).
    public var errorsAsJSON = false
    /// Long results through a pager (the shell's `.pager`).
    public var pager = Pager(mode: .off, command: Pager.defaultCommand)

    public init(
        format: OutputFormat, maxRows: Int?, results: TextOutput, diagnostics: TextOutput,
        messages: TextOutput, color: Bool
    ) {
        self.format = format
        self.maxRows = maxRows
        self.results = results
        self.diagnostics = diagnostics
        self.messages = messages
        self.color = color
    }

    /// A printer configured from the command's options and environment.
    public init(_ invocation: Invocation, defaultMaxRows: Int, results: TextOutput, diagnostics: TextOutput,
                messages: TextOutput, environment: [String: String]) {
        self.init(
            format: invocation.format ?? (results.isTerminal ? .box : .table),
            maxRows: invocation.maxRows.map { $0 == 0 ? nil : $0 } ?? defaultMaxRows,
            results: results, diagnostics: diagnostics, messages: messages,
            color: ShellEnvironment.wantsColor(diagnostics, environment: environment))
        svg = invocation.svg
        width = invocation.width
        errorsAsJSON = invocation.errorsAsJSON
        chartColor = ShellEnvironment.wantsColor(results, environment: environment)
    }

    /// Prints one event; `session` supplies the source text diagnostics point into.
    public func print(_ event: StatementEvent, session: Session) {
        switch event {
        case .table(let table):
            show(render(table))
        case .chart(let chart):
            if svg {
                results.writeLine(SVGChartRenderer.render(chart))
            } else if format.isHuman {
                show(ChartRenderer.render(chart, width: chartWidth, color: chartColor), styled: chartColor)
            } else {
                // csv, json…: the charted data, for programs.
                show(render(chart.table))
            }
        case .message(let text):
            // One line of human text naming datasets and files: escaped whole.
            messages.writeLine(SafeText.escape(text))
        case .diagnostic(let diagnostic):
            let source = diagnostic.file.flatMap { session.sourceFile(named: $0) }
            print(diagnostic, source: source)
        case .finished:
            break
        }
    }

    /// Prints a diagnostic that has no source text (an unreadable file, a bad argument).
    public func print(_ diagnostic: Diagnostic) {
        print(diagnostic, source: nil)
    }

    private func print(_ diagnostic: Diagnostic, source: SourceFile?) {
        if errorsAsJSON {
            diagnostics.writeLine(DiagnosticJSON.encode(diagnostic, source: source))
        } else {
            diagnostics.writeLine(DiagnosticRenderer.render(diagnostic, source: source, color: color), styled: color)
        }
    }

    private func render(_ table: Table) -> String {
        TableFormatter.render(table, as: svg ? .table : format, maxRows: format.isHuman || svg ? maxRows : nil)
    }

    /// Writes a result, through the pager when it is on or the result is taller
    /// than the terminal. The pager gets the text made terminal-safe, as the
    /// terminal would have (`less -R` passes some escape sequences through).
    private func show(_ text: String, styled: Bool = false) {
        if results.isTerminal, pager.shouldPage(text, terminalRows: Int(tl_terminal_rows(1))),
           pager.show(results.prepared(text, styled: styled)) { return }
        results.writeLine(text, styled: styled)
    }

    private var chartWidth: Int {
        if let width { return width }
        let columns = results.isTerminal ? Int(tl_terminal_columns(1)) : 0
        return columns > 0 ? columns : 80
    }
}
