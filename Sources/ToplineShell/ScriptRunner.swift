import Glibc
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
/// let runner = ScriptRunner(session: Session(), printer: printer)
/// runner.runFile(at: "report.tq")   // .succeeded
/// ```
public struct ScriptRunner {
    public let session: Session
    public var printer: ResultPrinter
    /// Continue after a failing statement instead of stopping (`--keep-going`).
    public var keepGoing: Bool
    /// Polled by the interpreter; set by Ctrl-C.
    public var interrupt: InterruptFlag?

    public init(session: Session, printer: ResultPrinter, keepGoing: Bool = false, interrupt: InterruptFlag? = nil) {
        self.session = session
        self.printer = printer
        self.keepGoing = keepGoing
        self.interrupt = interrupt
    }

    /// Runs `source`, naming it `name` in diagnostics.
    @discardableResult
    public func run(source: String, name: String) -> ScriptStatus {
        let options = RunOptions(stopOnError: !keepGoing, interrupt: interrupt)
        let ok = session.execute(source, fileName: name, options: options) { event in
            printer.print(event, session: session)
        }
        return ok ? .succeeded : .queryFailed
    }

    /// Reads and runs the script at `path` (named by its path in diagnostics;
    /// a relative path is relative to the session's working directory).
    @discardableResult
    public func runFile(at path: String) -> ScriptStatus {
        switch Self.readText(at: session.resolve(path), named: path) {
        case .success(let text):
            return run(source: text, name: path)
        case .failure(let diagnostic):
            printer.print(diagnostic)
            return .unreadable
        }
    }

    /// Loads a data file as a dataset named after its stem.
    @discardableResult
    public func load(dataFile path: String) -> ScriptStatus {
        do {
            let name = try session.load(path: path)
            if let table = session.dataset(named: name) {
                printer.messages.writeLine("loaded \(SafeText.escape(name)): \(table.rowCount) rows × \(table.columns.count) columns")
            }
            return .succeeded
        } catch {
            printer.print(.diagnostic(error), session: session)
            return .unreadable
        }
    }

    /// The text of the file at `path`, or a diagnostic saying why it cannot be read.
    /// `name` is how messages refer to the file (default: `path`).
    public static func readText(at path: String, named name: String? = nil) -> Result<String, Diagnostic> {
        guard let bytes = FileBytes.contents(of: path) else { return .failure(unreadable(name ?? path, errno)) }
        return .success(String(decoding: bytes, as: UTF8.self))
    }

    private static func unreadable(_ path: String, _ code: Int32) -> Diagnostic {
        Diagnostic(
            .error, id: "input.unreadable",
            "cannot read '\(path)': \(String(cString: strerror(code)))")
    }
}

extension Session {
    /// `path` made absolute against the session's working directory, the way
    /// `load` resolves it.
    func resolve(_ path: String) -> String {
        path.hasPrefix("/") ? path : workingDirectory + "/" + path
    }
}
