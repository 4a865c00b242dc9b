#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Topline

/// The `topline` command's exit statuses.
public enum CommandStatus: Int32, Sendable {
    case success = 0
    /// A statement failed: a parse, resolve or runtime diagnostic.
    case queryError = 1
    /// Bad arguments.
    case usageError = 2
    /// A script or data file named on the command line could not be read or loaded.
    case unreadableInput = 3
    /// Results could not be written to standard output (a full disk, an I/O
    /// error) or to the `--output` file (a missing folder, no permission);
    /// a reader that went away (EPIPE, `| head`) is not an error.
    case outputError = 4
}

/// What the `topline` command was asked to do, after argument parsing.
public struct Invocation: Sendable {
    /// Scripts given to `topline run`, run in order.
    public var scripts: [String]
    /// Positional files: data files (by extension) are loaded, `.tq` files run, in order.
    public var files: [String]
    /// `-c` statements, run in order after the files, each named `<command-line>`.
    public var commands: [String]
    /// Nil: box when standard output is a terminal, table otherwise.
    public var format: OutputFormat?
    /// Rows shown by human formats; nil for the default, 0 for no limit.
    public var maxRows: Int?
    public var keepGoing: Bool
    /// Charts as SVG documents (`--format svg`).
    public var svg = false
    /// Chart width (`--width`); nil for the terminal's or 80.
    public var width: Int?
    /// Diagnostics as JSON lines (`--errors json`), notices too.
    public var errorsAsJSON = false
    /// No notices (`--quiet`).
    public var quiet = false
    /// The weight column of every data file named on the command line (`--weight`), as `load … weight W`.
    public var weight: String?
    /// The file results are written to instead of standard output (`--output FILE`),
    /// in the format `format`, `svg` or `workbook` names, else its extension.
    public var output: String?
    /// Results as an Excel workbook, one sheet per result (`--format xlsx`); needs ``output``.
    public var workbook = false

    public init(
        scripts: [String] = [], files: [String] = [], commands: [String] = [],
        format: OutputFormat? = nil, maxRows: Int? = nil, keepGoing: Bool = false
    ) {
        self.scripts = scripts
        self.files = files
        self.commands = commands
        self.format = format
        self.maxRows = maxRows
        self.keepGoing = keepGoing
    }
}

/// The process the command runs in: its standard streams and environment,
/// injectable so the command's logic is tested in-process.
public struct CommandContext {
    public var standardOutput: TextOutput
    public var standardError: TextOutput
    public var standardInputIsTerminal: Bool
    /// The whole of standard input (read only when a script is piped in), or
    /// why it could not be read (e.g. larger than the script limit).
    public var readStandardInput: () -> Result<[UInt8], Diagnostic>
    public var environment: [String: String]

    public init(
        standardOutput: TextOutput, standardError: TextOutput, standardInputIsTerminal: Bool,
        readStandardInput: @escaping () -> Result<[UInt8], Diagnostic>, environment: [String: String]
    ) {
        self.standardOutput = standardOutput
        self.standardError = standardError
        self.standardInputIsTerminal = standardInputIsTerminal
        self.readStandardInput = readStandardInput
        self.environment = environment
    }

    /// This process's real streams and environment.
    public static func process() -> CommandContext {
        let environment = ShellEnvironment.current()
        let limit = ReadLimit.script(environment: environment)
        return CommandContext(
            standardOutput: .standardOutput, standardError: .standardError,
            standardInputIsTerminal: isatty(0) == 1,
            readStandardInput: { ScriptRunner.readStandardInput(limit: limit) },
            environment: environment)
    }
}

/// Runs an ``Invocation``: loads data files, runs scripts, `-c` statements or
/// piped standard input, or opens the interactive shell when there is nothing
/// to run and standard input is a terminal.
///
/// ```swift
/// let status = CommandLineRunner.run(Invocation(commands: ["datasets"]), in: .process())
/// exit(status.rawValue)   // 0: .success
/// ```
public enum CommandLineRunner {
    /// Extensions of files loaded as datasets when given as positional arguments: the loader's own list.
    public static let dataExtensions = Set(DatasetReader.Format.extensions)
    /// Rows human formats show by default outside the shell.
    public static let defaultMaxRows = 100
    public static let commandLineSourceName = "<command-line>"
    public static let standardInputSourceName = "<stdin>"

    public static func run(_ invocation: Invocation, in context: CommandContext) -> CommandStatus {
        enum Step { case load(String), script(String) }
        var steps: [Step] = []
        for file in invocation.files {
            let ext = fileExtension(file)
            if dataExtensions.contains(ext) {
                steps.append(.load(file))
            } else if ext == "tq" {
                steps.append(.script(file))
            } else if file == "run" {
                complain(context, invocation, "`run` comes before the scripts, after no data files: topline [OPTIONS] run SCRIPT…")
                return .usageError
            } else {
                complain(context, invocation,
                    "don't know what to do with '\(SafeText.escape(file))': give data files (."
                        + dataExtensions.sorted().joined(separator: ", .")
                        + ") or scripts (.tq); run a script with another name with `topline run \(SafeText.escape(file))`")
                return .usageError
            }
        }
        steps += invocation.scripts.map(Step.script)
        if let rows = invocation.maxRows, rows < 0 {
            complain(context, invocation, "--max-rows must be 0 (no limit) or more")
            return .usageError
        }
        if let width = invocation.width, width < 20 || width > 1000 {
            complain(context, invocation, "--width must be between 20 and 1000")
            return .usageError
        }

        let session = Session()
        let opensShell = invocation.commands.isEmpty && context.standardInputIsTerminal
            && !steps.contains { if case .script = $0 { return true } else { return false } }
        var invocation = invocation
        var resultFile: ResultFile?
        if invocation.workbook && invocation.output == nil {
            complain(context, invocation, "--format xlsx writes a workbook: give --output FILE.xlsx")
            return .usageError
        }
        if let output = invocation.output {
            if opensShell {
                complain(context, invocation, "--output needs something to run: a script, -c statements or a script on standard input")
                return .usageError
            }
            guard let format = outputFormat(&invocation, output: output) else {
                complain(context, invocation,
                    "cannot tell the format of '\(SafeText.escape(output))' from its extension: give --format, or name it \(FileFormat.extensionList)")
                return .usageError
            }
            do throws(FileWriteError) {
                resultFile = try ResultFile(path: session.resolve(output), name: output, format: format)
            } catch {
                complain(context, invocation, SafeText.escape(error.description))
                return .outputError
            }
        }
        if opensShell {
            // The shell loads the data files itself, after its banner.
            InteractiveShell.start(session: session, invocation: invocation, environment: context.environment)
            return .success
        }
        var printer = ResultPrinter(
            invocation, defaultMaxRows: defaultMaxRows, results: resultFile?.output ?? context.standardOutput,
            diagnostics: context.standardError, messages: context.standardError, environment: context.environment)
        printer.sheets = resultFile?.sheets
        // Outside the shell Ctrl-C keeps its default meaning: stop the process.
        let runner = ScriptRunner(
            session: session, printer: printer, keepGoing: invocation.keepGoing,
            scriptLimit: .script(environment: context.environment))

        var status = CommandStatus.success
        func record(_ result: ScriptStatus) -> Bool {
            if status == .success {
                switch result {
                case .succeeded: break
                case .queryFailed: status = .queryError
                case .unreadable: status = .unreadableInput
                }
            }
            return result == .succeeded || (invocation.keepGoing && result == .queryFailed)
        }
        /// Runs every step; false when one stopped the run.
        func runAll() -> Bool {
            for step in steps {
                let result: ScriptStatus
                switch step {
                case .load(let path): result = runner.load(dataFile: path, weight: invocation.weight)
                case .script(let path): result = runner.runFile(at: path)
                }
                guard record(result) else { return false }
            }
            for command in invocation.commands {
                guard record(runner.run(source: command, name: commandLineSourceName)) else { return false }
            }
            let ranSomething = !invocation.commands.isEmpty || steps.contains {
                if case .script = $0 { return true } else { return false }
            }
            if !ranSomething {
                switch context.readStandardInput() {
                case .success(let bytes):
                    return record(runner.run(bytes: bytes, name: standardInputSourceName))
                case .failure(let diagnostic):
                    printer.print(diagnostic)
                    return record(.unreadable)
                }
            }
            return true
        }
        let finished = runAll()
        guard let resultFile else { return status }
        return write(resultFile, finished: finished, status: status) { complain(context, invocation, $0) }
    }

    /// The format of the `--output` file: `--format`'s, else its extension's
    /// (which then sets the invocation's format); nil when neither tells.
    private static func outputFormat(_ invocation: inout Invocation, output: String) -> FileFormat? {
        if invocation.workbook { return .workbook }
        if invocation.svg { return .svg }
        if let format = invocation.format { return .text(format) }
        let named = FileFormat(path: output)
        switch named {
        case .text(let format): invocation.format = format
        case .svg: invocation.svg = true
        case .workbook: invocation.workbook = true
        case nil: break
        }
        return named
    }

    /// Puts the `--output` file in place when the run went to its end (with
    /// `--keep-going`, past failing statements); a run that stopped leaves it
    /// as it was. A file that cannot be written is ``CommandStatus/outputError``
    /// unless the run had already failed.
    private static func write(_ file: ResultFile, finished: Bool, status: CommandStatus, complain: (String) -> Void) -> CommandStatus {
        let name = SafeText.escape(file.name)
        guard finished else {
            file.abandon()
            complain("'\(name)' is unchanged: the run stopped at an error")
            return status
        }
        switch file.commit(interrupt: nil) {
        case .written:
            return status
        case .cancelled:
            complain("'\(name)' is unchanged: cancelled")
            return status == .success ? .outputError : status
        case .failed(let error):
            complain(SafeText.escape(error.description))
            return status == .success ? .outputError : status
        }
    }

    /// A message of the command itself on standard error: `topline: …`, or a JSON line under `--errors json`.
    private static func complain(_ context: CommandContext, _ invocation: Invocation, _ message: String) {
        context.standardError.writeLine(invocation.errorsAsJSON ? DiagnosticJSON.commandError(message) : "topline: " + message)
    }

    /// The extension of the last path component, lowercased ("" when none).
    static func fileExtension(_ path: String) -> String {
        let name = path.split(separator: "/").last ?? ""
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return name[name.index(after: dot)...].lowercased()
    }
}
