#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Topline

/// How running a script ended, in the terms of the command's exit status.
public enum ScriptStatus: Equatable, Sendable {
    case succeeded
    /// A statement failed (parse, resolve or runtime diagnostic).
    case queryFailed
    /// The script file or a data file could not be read or loaded.
    case unreadable
}

/// Runs statements from a script, `-c`, standard input or the shell's `.read`,
/// printing results as they come. Shared by `topline run` and `.read` so the two
/// behave identically.
///
/// ```swift
/// let printer = ResultPrinter(format: .table, maxRows: 100, results: .standardOutput,
///                             diagnostics: .standardError, messages: .standardError, color: false)
/// let runner = ScriptRunner(session: Session(), printer: printer)
/// _ = runner.runFile(at: "Examples/tour.tq")   // .succeeded
/// ```
public struct ScriptRunner {
    public let session: Session
    public var printer: ResultPrinter
    /// Continue after a failing statement instead of stopping (`--keep-going`).
    public var keepGoing: Bool
    /// Polled by the interpreter; set by Ctrl-C.
    public var interrupt: InterruptFlag?
    /// The largest script file read (`TOPLINE_SCRIPT_LIMIT`, default 64 MiB).
    public var scriptLimit: ReadLimit
    /// Where the shell keeps the last result and the statements that succeeded.
    public var transcript: SessionTranscript?
    /// Shows how far a long statement has got, on a terminal (nil elsewhere,
    /// under `--quiet` and under `--errors json`).
    public var progressLine: ProgressLine?

    public init(
        session: Session, printer: ResultPrinter, keepGoing: Bool = false, interrupt: InterruptFlag? = nil,
        scriptLimit: ReadLimit = .script(environment: [:]), transcript: SessionTranscript? = nil
    ) {
        self.session = session
        self.printer = printer
        self.keepGoing = keepGoing
        self.interrupt = interrupt
        // Ctrl-C stops printing a long result too.
        if self.printer.interrupt == nil { self.printer.interrupt = interrupt }
        self.scriptLimit = scriptLimit
        self.transcript = transcript
        let printer = self.printer
        if printer.messages.isTerminal && !printer.quiet && !printer.errorsAsJSON {
            progressLine = ProgressLine(output: printer.messages, columns: { printer.terminalSize().columns })
        }
    }

    /// The options of one run: the interrupt, and progress to the progress line.
    private var options: RunOptions {
        var progress: (@Sendable (WorkProgress) -> Void)?
        if let line = progressLine { progress = { line.show($0) } }
        return RunOptions(stopOnError: !keepGoing, interrupt: interrupt, progress: progress)
    }

    /// Runs `source`, naming it `name` in diagnostics.
    @discardableResult
    public func run(source: String, name: String) -> ScriptStatus {
        let ok = session.execute(source, fileName: name, options: options) { event in
            progressLine?.clear()
            transcript?.record(event)
            printer.print(event, session: session)
        }
        progressLine?.clear()
        return ok ? .succeeded : .queryFailed
    }

    /// Runs script bytes as they are, so that invalid UTF-8 is the lexer's
    /// `lex.invalid-utf8` at its line and column (the path the fuzzers test).
    @discardableResult
    public func run(bytes: [UInt8], name: String) -> ScriptStatus {
        let ok = session.execute(bytes: bytes, fileName: name, options: options) { event in
            progressLine?.clear()
            printer.print(event, session: session)
        }
        progressLine?.clear()
        return ok ? .succeeded : .queryFailed
    }

    /// Reads and runs the script at `path` (named by its path in diagnostics;
    /// a relative path is relative to the session's working directory).
    @discardableResult
    public func runFile(at path: String) -> ScriptStatus {
        switch Self.readScript(at: session.resolve(path), named: path, limit: scriptLimit) {
        case .success(let bytes):
            return run(bytes: bytes, name: path)
        case .failure(let diagnostic):
            printer.print(diagnostic)
            return .unreadable
        }
    }

    /// Loads a data file as a dataset named after its stem, weighted by `weight` when given
    /// (`load … weight W`); `loaded` is called with the dataset once it is defined.
    @discardableResult
    public func load(dataFile path: String, weight: String? = nil, loaded: (Dataset) -> Void = { _ in }) -> ScriptStatus {
        do {
            let name = try session.load(path: path, weight: weight, interrupt: interrupt)
            if let dataset = session.datasetInfo(named: name) {
                loaded(dataset)
                for warning in dataset.loadWarnings { printer.print(.diagnostic(warning), session: session) }
                printer.message(dataset.loadedMessage)
            }
            return .succeeded
        } catch {
            printer.print(.diagnostic(error), session: session)
            return .unreadable
        }
    }

    /// The bytes of the script at `path`, undecoded, or a diagnostic saying
    /// why it cannot be read: missing, a directory, or larger than `limit`
    /// (checked before reading a regular file; a pipe or device is read no
    /// further than the limit). `name` is how messages refer to the file
    /// (default: `path`). With `regularOnly`, pipes and devices are refused
    /// without waiting (the startup file).
    public static func readScript(
        at path: String, named name: String? = nil, limit: ReadLimit, regularOnly: Bool = false
    ) -> Result<[UInt8], Diagnostic> {
        FileBytes.read(path: path, limit: limit, regularOnly: regularOnly)
            .mapError { unreadable($0, name: name ?? path) }
    }

    /// All of standard input as a script, at most `limit` bytes.
    public static func readStandardInput(limit: ReadLimit) -> Result<[UInt8], Diagnostic> {
        FileBytes.read(fd: 0, limit: limit).mapError { unreadable($0, name: CommandLineRunner.standardInputSourceName) }
    }

    private static func unreadable(_ failure: FileBytes.Failure, name: String) -> Diagnostic {
        let id: DiagnosticID
        switch failure {
        case .tooLarge: id = .inputTooLarge
        case .isDirectory: id = .inputIsDirectory
        case .notRegular: id = .inputNotRegularFile
        case .system: id = .inputUnreadable
        }
        let (message, hint) = FileBytes.explain(failure, name: name)
        return Diagnostic(.error, id: id, message, hints: hint.map { [$0] } ?? [])
    }
}

extension Session {
    /// `path` made absolute against the session's working directory, the way
    /// `load` resolves it.
    func resolve(_ path: String) -> String {
        path.hasPrefix("/") ? path : workingDirectory + "/" + path
    }
}
