import Topline

/// Prints what statements produce: tables in the chosen format to the result
/// output, diagnostics rendered against their source to the error output,
/// messages ("loaded …") to the message output.
public struct ResultPrinter: Sendable {
    public var format: OutputFormat
    /// The most rows human formats show before "… N more rows"; nil for all.
    /// Machine formats (csv, tsv, json, ndjson) are never cut.
    public var maxRows: Int?
    public var results: TextOutput
    public var diagnostics: TextOutput
    public var messages: TextOutput
    /// Colour diagnostics (a terminal, and `NO_COLOR` unset).
    public var color: Bool

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

    /// Prints one event; `session` supplies the source text diagnostics point into.
    public func print(_ event: StatementEvent, session: Session) {
        switch event {
        case .table(let table):
            let limit = format.isHuman ? maxRows : nil
            results.writeLine(TableFormatter.render(table, as: format, maxRows: limit))
        case .chart(let chart):
            let limit = format.isHuman ? maxRows : nil
            results.writeLine(TableFormatter.render(chart.data, as: format, maxRows: limit))
        case .message(let text):
            messages.writeLine(text)
        case .diagnostic(let diagnostic):
            let source = diagnostic.file.flatMap { session.sourceFile(named: $0) }
            diagnostics.writeLine(DiagnosticRenderer.render(diagnostic, source: source, color: color))
        }
    }

    /// Prints a diagnostic that has no source text (an unreadable file, a bad argument).
    public func print(_ diagnostic: Diagnostic) {
        diagnostics.writeLine(DiagnosticRenderer.render(diagnostic, source: nil, color: color))
    }
}
