#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Topline
import ToplineExcel

/// The interactive shell: reads entries, runs statements and dot commands,
/// keeps history. Terminal handling lives in the ``LineReader``; the shell
/// itself runs the same with a scripted reader in tests.
///
/// ```swift
/// let printer = ResultPrinter(format: .box, maxRows: 40, results: .standardOutput,
///                             diagnostics: .standardError, messages: .standardOutput, color: false)
/// let reader: LineReader = EditLineReader() ?? PlainLineReader()
/// let path = HistoryLocation.path(environment: ShellEnvironment.current())
/// let shell = Shell(session: Session(), reader: reader, printer: printer,
///                   history: ShellHistory(file: path.map { HistoryFile(path: $0) }))
/// shell.run()
/// ```
public final class Shell {
    public static let prompt = "topline> "
    public static let continuationPrompt = "   ...> "
    /// Source name of typed statements in diagnostics.
    public static let sourceName = "<shell>"

    public let session: Session
    public var printer: ResultPrinter
    /// The last result and the statements that succeeded (`.export`, `.save`).
    public let transcript = SessionTranscript()
    public let history: ShellHistory
    /// Print the time each entry took (`.timer on`).
    public private(set) var timer = false
    /// The output for dot-command replies.
    public var output: TextOutput { printer.results }
    /// The largest script `.read` reads (`TOPLINE_SCRIPT_LIMIT`).
    public var scriptLimit = ReadLimit.script(environment: [:])
    /// The flag Ctrl-C sets, polled by statements, `.read` and `.export`: the
    /// SIGINT handler's (``InterruptSignal/flag``) unless a test gives its own.
    public var interrupt = InterruptSignal.flag

    private let reader: LineReader
    /// Lines of a statement that is not complete yet.
    private var pending: [String] = []
    private var finished = false
    private var reportedHistoryError = false
    private var reportedOversizedEntry = false

    public init(session: Session, reader: LineReader, printer: ResultPrinter, history: ShellHistory) {
        self.session = session
        self.reader = reader
        self.printer = printer
        self.history = history
        for entry in history.entries { reader.addToHistory(entry) }
        if let error = history.loadError {
            printer.diagnostics.writeLine("warning: \(error) (history is kept for this session only)")
        }
        if let notice = history.loadNotice { printer.diagnostics.writeLine("warning: \(SafeText.escape(notice))") }
        if history.corruptRecords > 0 {
            printer.diagnostics.writeLine(
                "warning: skipped \(history.corruptRecords) unreadable record\(history.corruptRecords == 1 ? "" : "s") of the history file (not UTF-8 text)")
        }
    }

    /// Reads and handles entries until `.quit` or end of input.
    public func run() {
        while !finished {
            switch reader.readLine(prompt: pending.isEmpty ? Self.prompt : Self.continuationPrompt) {
            case .line(let line):
                handle(line: line)
            case .interrupted:
                pending.removeAll()
            case .endOfInput:
                finished = true
            }
        }
    }

    /// Handles one entered line: a dot command (at a statement boundary), or
    /// part of a statement, run once ``Session/isComplete(_:)`` says it is whole.
    public func handle(line: String) {
        if pending.isEmpty, let command = DotCommandLine(parsing: line) {
            remember(line.trimmingBlanks())
            dispatch(command)
            return
        }
        if pending.isEmpty && line.allSatisfy(\.isWhitespace) { return }
        pending.append(line)
        let text = pending.joined(separator: "\n")
        guard Session.isComplete(text) else { return }
        pending.removeAll()
        remember(text)
        if text.drop(while: \.isWhitespace).hasPrefix("|") {
            guard let continued = continuation(of: text) else {
                return fail("a line starting with '|' continues the last pipeline, and no statement has run yet")
            }
            return execute(continued)
        }
        execute(text)
    }

    /// `entry` (a line starting with `|`) appended to the last statement that succeeded: a
    /// pipeline goes on from where it ended, and after `let x = …` from `x`. As in a script, where
    /// a line starting with `|` continues the statement above it.
    private func continuation(of entry: String) -> String? {
        guard let last = transcript.statements.last else { return nil }
        if let name = Self.letName(last) { return "from \(name)\n" + entry }
        return last + "\n" + entry
    }

    /// The name a `let NAME = …` statement defines, as written; nil for other statements.
    private static func letName(_ statement: String) -> String? {
        guard statement.hasPrefix("let ") else { return nil }
        let rest = statement.dropFirst(4).drop(while: \.isWhitespace)
        let name = rest.prefix { $0 != "=" && !$0.isWhitespace }
        return name.isEmpty ? nil : String(name)
    }

    /// Feeds the bytes of a file of shell input (statements and dot
    /// commands), e.g. `~/.toplinerc`, named `name` in diagnostics. Bytes that
    /// are not UTF-8 are reported as a script's are — `lex.invalid-utf8` at
    /// the file's line and column, through ``Session/execute(bytes:fileName:options:handler:)``
    /// — and nothing of the file runs.
    public func feed(bytes: [UInt8], name: String) {
        if let text = String(validating: bytes, as: UTF8.self) { return feed(contentsOf: text) }
        // With syntax errors (and invalid UTF-8 always is one) nothing runs; its dot commands
        // are parse errors there, so only the encoding errors are shown.
        session.execute(bytes: bytes, fileName: name, options: RunOptions(stopOnError: true)) { event in
            if case .diagnostic(let diagnostic) = event, diagnostic.id == .lexInvalidUtf8 {
                printer.print(event, session: session)
            }
        }
    }

    /// Feeds a file of shell input (statements and dot commands) already decoded.
    public func feed(contentsOf text: String) {
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) where !finished {
            handle(line: String(line))
        }
        if !pending.isEmpty {
            let text = pending.joined(separator: "\n")
            pending.removeAll()
            execute(text)
        }
    }

    /// Completion at `cursor` (a byte offset in `line`), with any unfinished
    /// statement lines as context: the engine sees the whole statement.
    public func complete(line: [UInt8], cursor: Int) -> (range: Range<Int>, candidates: [(insertion: String, display: String)]) {
        let before = pending.isEmpty ? "" : pending.joined(separator: "\n") + "\n"
        let offset = before.utf8.count
        let text = before + String(decoding: line, as: UTF8.self)
        let dotCommands = pending.isEmpty ? DotCommand.dottedNames : []
        let result = session.completions(in: text, cursor: offset + cursor, dotCommands: dotCommands)
        let lower = max(0, result.range.lowerBound - offset)
        let upper = max(lower, result.range.upperBound - offset)
        return (lower..<upper, result.candidates.map { ($0.insertion, $0.display) })
    }

    // MARK: - Running

    private func execute(_ text: String) {
        interrupt.clear()
        let start = timer ? Self.now() : 0
        let runner = ScriptRunner(session: session, printer: printer, keepGoing: false, interrupt: interrupt,
                                  transcript: transcript)
        runner.run(source: text, name: Self.sourceName)
        interrupt.clear()
        if timer { output.writeLine(Self.formatElapsed(Self.now() - start)) }
    }

    private func remember(_ typed: String) {
        // History never keeps the password of an `attach` connection string.
        let entry = ConnectionString.redactingPasswords(in: typed)
        guard history.add(entry) else { return }
        reader.addToHistory(entry)
        if let error = history.writeError, !reportedHistoryError {
            reportedHistoryError = true
            printer.diagnostics.writeLine("warning: \(SafeText.escape(String(describing: error))) (history is kept for this session only)")
        }
        if let oversized = history.oversizedEntry, !reportedOversizedEntry {
            reportedOversizedEntry = true
            printer.diagnostics.writeLine("warning: \(SafeText.escape(oversized))")
        }
    }

    private func dispatch(_ line: DotCommandLine) {
        switch DotCommand.resolve(line.name) {
        case .command(let name):
            DotCommand.named(name)?.handler(self, line.arguments)
        case .ambiguous(let names):
            fail("ambiguous command '.\(SafeText.escape(line.name))': could be " + names.map { "." + $0 }.joined(separator: ", "))
        case .unknown(let suggestion):
            let hint = suggestion.map { "did you mean .\($0)? " } ?? ""
            fail("unknown command '.\(SafeText.escape(line.name))'; \(hint).help lists the commands")
        }
    }

    func fail(_ message: String) {
        printer.diagnostics.writeLine("error: " + message)
    }

    // MARK: - Dot command handlers

    func finish() { finished = true }

    func setMode(_ argument: String?) {
        guard let argument else {
            output.writeLine("mode: \(printer.format.rawValue)")
            return
        }
        let names = OutputFormat.allCases.map(\.rawValue)
        switch DotCommand.resolve(argument, among: names) {
        case .command(let name):
            printer.format = OutputFormat(rawValue: name)!
        case .ambiguous(let matches):
            fail("ambiguous mode '\(SafeText.escape(argument))': could be " + matches.joined(separator: ", "))
        case .unknown:
            fail("unknown mode '\(SafeText.escape(argument))': expected " + names.joined(separator: ", "))
        }
    }

    /// `.maxrows N`: 0 shows every row; the machine formats never stop early anyway.
    func setMaxRows(_ arguments: [String]) {
        guard let argument = arguments.first else {
            return output.writeLine("maxrows: \(printer.maxRows.map { String($0) } ?? "0 (all)")")
        }
        guard arguments.count == 1, let n = Int(argument), n >= 0 else { return fail("usage: .maxrows N (0: all rows)") }
        printer.maxRows = n == 0 ? nil : n
    }

    /// `.nullvalue TEXT` (`.nullvalue ""` for blanks): how the human formats show null.
    func setNullValue(_ arguments: [String]) {
        guard let text = arguments.first else {
            return output.writeLine("nullvalue: \"\(SafeText.escape(printer.nullText))\"")
        }
        guard arguments.count == 1 else { return fail("usage: .nullvalue TEXT (quoted when it holds spaces)") }
        printer.nullText = text
    }

    func setTimer(_ argument: String?) {
        switch argument?.lowercased() {
        case "on": timer = true
        case "off": timer = false
        case nil: output.writeLine("timer: \(timer ? "on" : "off")")
        default: fail("expected .timer on or .timer off")
        }
    }

    func setPager(_ argument: String?) {
        guard let argument else { return output.writeLine("pager: \(printer.pager.mode.rawValue) (\(printer.pager.command))") }
        guard let mode = Pager.Mode(rawValue: argument.lowercased()) else { return fail("expected .pager on, off or auto") }
        printer.pager.mode = mode
    }

    /// `.export FILE`: the last chart as SVG, the last result table in the
    /// text format the extension names, written a piece at a time, or as an
    /// Excel workbook of one sheet. Ctrl-C stops it and leaves the old file
    /// as it was.
    func export(_ arguments: [String]) {
        let extensions = FileFormat.extensions.map { "." + $0.name }
        guard arguments.count == 1 else { return fail("usage: .export FILE" + extensions.joined(separator: "|")) }
        let path = arguments[0]
        guard let format = FileFormat(path: path) else {
            return fail("cannot tell the format of '\(SafeText.escape(path))': use \(FileFormat.extensionList)")
        }
        enum Content { case chart(Chart), table(Table, OutputFormat), workbook(ExcelWorkbook.Sheet) }
        let content: Content
        switch format {
        case .svg:
            guard let chart = transcript.lastChart else { return fail("no chart to export yet: end a pipeline with chart …") }
            content = .chart(chart)
        case .text(let textFormat):
            guard let table = transcript.lastTable else { return fail("no result to export yet") }
            content = .table(table, textFormat)
        case .workbook:
            guard let table = transcript.lastTable else { return fail("no result to export yet") }
            content = .workbook(ExcelWorkbook.Sheet(title: transcript.lastTableStatement, table: table))
        }
        let writer: AtomicFileWriter
        do throws(FileWriteError) {
            writer = try AtomicFileWriter(path: session.resolve(path), name: path)
        } catch {
            return fail(SafeText.escape(error.description))
        }
        interrupt.clear()
        defer { interrupt.clear() }
        let outcome: FileExport.Outcome
        switch content {
        case .chart(let chart): outcome = FileExport.write(SVGChartRenderer.render(chart), to: writer, interrupt: interrupt)
        case .table(let table, let format): outcome = FileExport.write(table, as: format, to: writer, interrupt: interrupt)
        case .workbook(let sheet): outcome = FileExport.write([sheet], to: writer, interrupt: interrupt)
        }
        switch outcome {
        case .written: output.writeLine("wrote \(SafeText.escape(path))")
        case .cancelled: fail("export cancelled: '\(SafeText.escape(path))' is unchanged")
        case .failed(let error): fail(SafeText.escape(error.description))
        }
    }

    /// Writes `text` to `path` (relative to the session's directory) with
    /// ``AtomicFile``: the old file survives any failure.
    private func writeFile(_ path: String, _ text: String) -> FileWriteError? {
        do throws(FileWriteError) {
            try AtomicFile.write(text, to: session.resolve(path), name: path)
            return nil
        } catch {
            return error
        }
    }

    /// `.help [TOPIC]`: the commands, or the language's own help (see ``LanguageHelp``).
    func showHelp(_ topic: String?) {
        guard let topic else { return output.write(DotCommand.helpText) }
        switch topic {
        case "verbs": output.write(LanguageHelp.renderList(LanguageHelp.verbs))
        case "functions": output.write(LanguageHelp.renderList(LanguageHelp.functions))
        case "settings": output.write(LanguageHelp.renderList(LanguageHelp.settings))
        default:
            guard let help = LanguageHelp.topic(topic) else {
                let suggestion = Diagnostic.suggestion(for: topic, among: LanguageHelp.topicNames + ["verbs", "functions", "settings"])
                return fail("no help on '\(topic)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? "") + " (.help verbs, .help functions)")
            }
            output.write(LanguageHelp.render(help))
        }
    }

    func readScript(_ arguments: [String]) {
        guard arguments.count == 1 else { return fail("usage: .read FILE") }
        interrupt.clear()
        ScriptRunner(session: session, printer: printer, interrupt: interrupt, scriptLimit: scriptLimit,
                     transcript: transcript).runFile(at: arguments[0])
        interrupt.clear()
    }

    func listDatasets() {
        let names = session.datasetNames
        if names.isEmpty { return output.writeLine("no datasets loaded") }
        for name in names {
            guard let dataset = session.datasetInfo(named: name) else { continue }
            output.writeLine("\(SafeText.escape(name)): \(dataset.size)")
        }
    }

    func showSchema(_ name: String?) {
        let names = name.map { [$0] } ?? session.datasetNames
        if names.isEmpty { return output.writeLine("no datasets loaded") }
        for name in names {
            guard let schema = session.schema(of: name) else {
                return fail("no dataset named '\(SafeText.escape(name))'")
            }
            if names.count > 1 { output.writeLine(SafeText.escape(name) + ":") }
            printer.print(.table(schema), session: session)
        }
    }

    func showHistory(_ argument: String?) {
        var count: Int?
        if let argument {
            guard let n = Int(argument), n >= 0 else { return fail("usage: .history [N]") }
            count = n
        }
        output.write(history.listing(last: count))
    }

    func save(_ arguments: [String]) {
        guard arguments.count == 1 else { return fail("usage: .save FILE") }
        let statements = transcript.statements
        let text = statements.map { $0.hasSuffix("\n") ? $0 : $0 + "\n" }.joined()
        let path = arguments[0]
        if let error = writeFile(path, text) { return fail(SafeText.escape(error.description)) }
        output.writeLine("saved \(statements.count) statement\(statements.count == 1 ? "" : "s") to \(SafeText.escape(path))")
    }

    func clearDatasets() {
        let count = session.datasetNames.count
        session.removeAllDatasets()
        output.writeLine("cleared \(count) dataset\(count == 1 ? "" : "s")")
    }

    // MARK: - Time

    private static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    static func formatElapsed(_ seconds: Double) -> String {
        let ms = (seconds * 1000 * 10).rounded() / 10
        return "time: \(ms) ms"
    }
}

extension String {
    func trimmingBlanks() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
