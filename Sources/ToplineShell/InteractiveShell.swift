#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Topline

/// Opens the shell on this process's terminal: libedit when standard input and
/// output are both terminals, plain reads otherwise; history and the startup
/// file from the environment.
public enum InteractiveShell {
    /// The version shown by the banner and `--version`.
    public static let version = "0.1.0"
    /// Rows human formats show in the shell before "… N more rows" (a screenful).
    public static let defaultMaxRows = 40

    /// Opens the shell with `invocation.files` (data files only) preloaded.
    public static func start(session: Session, invocation: Invocation, environment: [String: String]) {
        let terminal = isatty(0) == 1 && isatty(1) == 1
        let stdout = TextOutput.standardOutput
        var printer = ResultPrinter(
            invocation, defaultMaxRows: defaultMaxRows, results: stdout, diagnostics: .standardError,
            messages: stdout, environment: environment)
        // Results taller than the terminal go through the pager (`.pager` changes it).
        printer.pager = Pager(mode: terminal ? .auto : .off, command: Pager.command(environment: environment))
        let historyLimit = ReadLimit.history(environment: environment)
        let history = ShellHistory(
            file: HistoryLocation.path(environment: environment).map { HistoryFile(path: $0, sizeLimit: historyLimit) })
        InterruptSignal.install()

        let editor = terminal ? EditLineReader() : nil
        let reader: LineReader = editor ?? PlainLineReader()
        let shell = Shell(session: session, reader: reader, printer: printer, history: history)
        let scriptLimit = ReadLimit.script(environment: environment)
        shell.scriptLimit = scriptLimit
        editor?.completer = { [unowned shell] line, cursor in shell.complete(line: line, cursor: cursor) }

        if terminal { stdout.writeLine("topline \(version) — `.help` for help, Ctrl-D to leave") }
        // Ctrl-C stops the load of a big file (that dataset is then not loaded).
        let loader = ScriptRunner(session: session, printer: printer, interrupt: InterruptSignal.flag)
        for file in invocation.files {
            InterruptSignal.flag.clear()
            loader.load(dataFile: file, weight: invocation.weight) { dataset in
                shell.transcript.record(statement: dataset.loadStatement(path: file))
            }
        }
        InterruptSignal.flag.clear()
        if let rc = ShellEnvironment.startupFile(environment: environment) {
            switch ScriptRunner.readScript(at: rc, limit: scriptLimit, regularOnly: true) {
            case .success(let bytes): shell.feed(bytes: bytes, name: rc)
            case .failure(let diagnostic): printer.print(diagnostic)
            }
        }
        shell.run()
    }
}
