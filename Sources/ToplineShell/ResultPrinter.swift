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
    /// The most rows human formats show before "… N more rows"; nil for all
    /// (`--max-rows`, the shell's `.maxrows`). Machine formats (csv, tsv,
    /// json, ndjson) are never cut.
    public var maxRows: Int?
    /// `--width`: the width charts are drawn at and tables are fitted to.
    /// Nil: the terminal's (charts: 80 when not on a terminal; tables: as
    /// wide as their cells when not on a terminal).
    public var width: Int?
    /// How human formats show null (the shell's `.nullvalue`).
    public var nullText = "null"
    /// The terminal's columns and rows (0 when unknown); asked at each result,
    /// so a resized terminal is followed. Tests give their own.
    public var terminalSize: @Sendable () -> (columns: Int, rows: Int) = {
        (Int(tl_terminal_columns(1)), Int(tl_terminal_rows(1)))
    }
    public var results: TextOutput
    public var diagnostics: TextOutput
    public var messages: TextOutput
    /// Colour diagnostics (a terminal, and `NO_COLOR` unset).
    public var color: Bool
    /// Colour charts (results on a terminal, and `NO_COLOR` unset).
    public var chartColor = false
    /// Diagnostics as JSON lines (`--errors json`).
    public var errorsAsJSON = false
    /// No notices (`--quiet`): only results, warnings and errors.
    public var quiet = false
    /// Long results through a pager (the shell's `.pager`).
    public var pager = Pager(mode: .off, command: Pager.defaultCommand)
    /// Gathers result tables (a chart's table too) for a workbook instead of
    /// printing them (`--output FILE.xlsx`); nil prints them.
    public var sheets: WorkbookSheets?
    /// Ctrl-C: polled while a result is rendered and between the pieces it is
    /// written in, so a long output stops (with `run.cancelled`, "output cancelled").
    public var interrupt: InterruptFlag?

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
        quiet = invocation.quiet
        chartColor = ShellEnvironment.wantsColor(results, environment: environment)
    }

    /// Prints one event; `session` supplies the source text diagnostics point into.
    public func print(_ event: StatementEvent, session: Session) {
        switch event {
        case .table(let table):
            if let sheets { sheets.add(table) } else { show(table) }
        case .chart(let chart):
            if let sheets {
                sheets.add(chart.table)
            } else if svg {
                results.writeLine(SVGChartRenderer.render(chart))
            } else if format.isHuman {
                show(ChartRenderer.render(chart, width: chartWidth, color: chartColor), styled: chartColor)
            } else {
                // csv, json…: the charted data, for programs.
                show(chart.table)
            }
        case .message(let text):
            message(text)
        case .diagnostic(let diagnostic):
            let source = diagnostic.file.flatMap { session.sourceFile(named: $0) }
            print(diagnostic, source: source)
        case .finished(let statement):
            sheets?.finish(statement: statement)
        }
    }

    /// Prints a notice (`loaded …`): one line of human text naming datasets and files, escaped
    /// whole; a JSON line under `--errors json`; nothing under `--quiet`.
    public func message(_ text: String) {
        if quiet { return }
        messages.writeLine(errorsAsJSON ? DiagnosticJSON.note(text) : SafeText.escape(text))
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

    /// Writes a result table, streamed: rendered and written a piece at a
    /// time, never held whole, straight to the output or, on a terminal with
    /// the pager on (or the result taller than the terminal), into the pager.
    /// Ctrl-C stops it.
    private func show(_ table: Table) {
        let shownFormat = svg ? OutputFormat.table : format
        let options = FormatOptions(maxRows: shownFormat.isHuman ? maxRows : nil, width: tableWidth, nullText: nullText)
        if results.isTerminal && pager.mode != .off, showPaged(table, as: shownFormat, options: options) { return }
        let writer = PieceWriter(output: results, interrupt: interrupt)
        do throws(Diagnostic) {
            try TableFormatter.write(table, as: shownFormat, options: options, interrupt: interrupt) { writer.write($0) }
            writer.finishLine()
            if writer.cancelled { print(OutputCancelled.diagnostic, source: nil) }
        } catch {
            writer.finishLine()
            print(error, source: nil)
        }
    }

    /// Shows a result through the pager when it is on, or once the rows of
    /// the terminal the output takes reach its height (`auto`) — a line longer
    /// than the terminal counts for the rows it wraps onto; a shorter result is
    /// written directly. False when the pager could not be run: the caller
    /// then writes the result itself.
    private func showPaged(_ table: Table, as format: OutputFormat, options: FormatOptions) -> Bool {
        let terminal = terminalSize()
        var held: [String] = []
        var screen = ScreenRows(columns: terminal.columns)
        var pipe: PagerPipe?
        var unavailable = false
        let pager = self.pager
        func startPager() {
            guard let started = pager.open() else { unavailable = true; return }
            pipe = started
            for piece in held { started.write(results.prepared(piece)) }
            held = []
        }
        if pager.mode == .on { startPager() }
        var failure: Diagnostic?
        do throws(Diagnostic) {
            try TableFormatter.write(table, as: format, options: options, interrupt: interrupt) { piece in
                if let pipe { return pipe.write(results.prepared(piece)) }
                held.append(piece)
                screen.add(results.prepared(piece))
                if !unavailable, pager.shouldPage(rows: screen.rows, terminalRows: terminal.rows) { startPager() }
                return true
            }
        } catch {
            failure = error
        }
        if let pipe {
            guard pipe.close() else { return false }
        } else {
            let writer = PieceWriter(output: results, interrupt: interrupt)
            for piece in held { writer.write(piece) }
            writer.finishLine()
            if writer.cancelled, failure == nil { failure = OutputCancelled.diagnostic }
        }
        if let failure { print(failure, source: nil) }
        return true
    }

    /// Writes a result, through the pager when it is on or the result is taller
    /// than the terminal, else in pieces that Ctrl-C stops. The pager gets the
    /// text made terminal-safe, as the terminal would have (`less -R` passes
    /// some escape sequences through).
    private func show(_ text: String, styled: Bool = false) {
        if results.isTerminal {
            let terminal = terminalSize(), prepared = results.prepared(text, styled: styled)
            var screen = ScreenRows(columns: terminal.columns)
            screen.add(prepared)
            if pager.shouldPage(rows: screen.rows, terminalRows: terminal.rows), pager.show(prepared) { return }
        }
        let writer = PieceWriter(output: results, interrupt: interrupt, styled: styled)
        writer.write(text)
        writer.finishLine()
        if writer.cancelled { print(OutputCancelled.diagnostic, source: nil) }
    }

    private var chartWidth: Int { tableWidth ?? 80 }

    /// `--width`, else the terminal's on a terminal; nil otherwise.
    private var tableWidth: Int? {
        if let width { return width }
        let columns = results.isTerminal ? terminalSize().columns : 0
        return columns > 0 ? columns : nil
    }
}

/// The diagnostic of an output stopped by Ctrl-C.
enum OutputCancelled {
    static let diagnostic = Diagnostic(.error, id: .runCancelled, "output cancelled")
}

/// Writes text to an output in pieces of at most 64 KB (cut at character
/// boundaries), checking the interrupt flag before each: once it is set,
/// nothing more is written. Ends the output with a line break.
final class PieceWriter {
    static let pieceSize = 1 << 16

    private let output: TextOutput
    private let interrupt: InterruptFlag?
    /// Whether the text holds Topline's own colours, which a terminal keeps.
    private let styled: Bool
    private(set) var cancelled = false
    private var wroteAnything = false
    private var endsWithNewline = true

    init(output: TextOutput, interrupt: InterruptFlag?, styled: Bool = false) {
        self.output = output
        self.interrupt = interrupt
        self.styled = styled
    }

    /// Writes `text` (what of it comes before a Ctrl-C); false once cancelled.
    @discardableResult
    func write(_ text: String) -> Bool {
        guard !cancelled, !text.isEmpty else { return !cancelled }
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            while start < bytes.count {
                if let interrupt, interrupt.isSet {
                    cancelled = true
                    return
                }
                var end = min(bytes.count, start + Self.pieceSize)
                if end < bytes.count {
                    // A piece ends after a line break where it can, else between characters.
                    var cut = end
                    while cut > start, bytes[cut - 1] != UInt8(ascii: "\n") { cut -= 1 }
                    if cut > start {
                        end = cut
                    } else {
                        while end > start + 1, bytes[end] & 0xC0 == 0x80 { end -= 1 }
                    }
                }
                output.write(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self), styled: styled)
                wroteAnything = true
                endsWithNewline = bytes[end - 1] == UInt8(ascii: "\n")
                start = end
            }
        }
        return !cancelled
    }

    /// A line break if what was written does not end with one (or nothing was written).
    func finishLine() {
        if !wroteAnything || !endsWithNewline {
            output.write("\n")
            endsWithNewline = true
            wroteAnything = true
        }
    }
}
