import ArgumentParser
import CLibEdit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Topline
import ToplineShell

/// `topline`: run queries and scripts, or open the shell.
@main
struct ToplineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topline",
        abstract: "A query language and shell for study metrics.",
        usage: """
            topline [DATA.csv…] [SCRIPT.tq…] [-c STATEMENTS…] [--format FORMAT] [--output FILE]
            topline run SCRIPT… [--format FORMAT] [--output FILE] [--keep-going]
            topline                      (on a terminal: the interactive shell)
            SCRIPT | topline             (runs the script on standard input)
            """,
        discussion: """
            Data files given as arguments (.csv, .tsv, .json, .ndjson, .jsonl) are \
            loaded first, named after their file stem; .tq scripts run in the order \
            given, then each -c. With nothing to run, a script piped on standard \
            input runs (named <stdin>); on a terminal the shell opens, with the data \
            files preloaded. Results go to standard output (or the --output file: \
            report.xlsx is an Excel workbook with a sheet per result), diagnostics \
            to standard error.

            EXIT STATUS
              0  success
              1  a query failed (parse, resolve or runtime error)
              2  usage error (bad arguments)
              3  unreadable input: a script or data file named on the command line \
            could not be read or loaded (missing, a directory, or over its size limit)
              4  results could not be written to standard output or the --output \
            file (e.g. a full disk, a missing folder); a reader that goes away \
            (| head) is not an error

            LIMITS
              Scripts (run, .tq files, .read, standard input, the startup file): 64 MiB, \
            TOPLINE_SCRIPT_LIMIT. History file: 16 MiB, TOPLINE_HISTORY_LIMIT. Data \
            files: the memory available (MemAvailable), TOPLINE_DATA_LIMIT. Sizes \
            are written 256M, 2G or in bytes.
            """,
        version: InteractiveShell.version
    )

    @Option(name: .customShort("c"), help: ArgumentHelp("Statements to run (repeatable, run in order).", valueName: "statements"))
    var commands: [String] = []

    @OptionGroup var output: OutputOptions

    @Argument(help: ArgumentHelp("Data files to load and .tq scripts to run.", valueName: "file"))
    var files: [String] = []

    func run() throws {
        // `topline --format csv run q.tq`: options before the subcommand parse here, with `run`
        // as the first file; it is the subcommand all the same.
        if files.first == "run" {
            guard commands.isEmpty else {
                throw ValidationError("-c does not go with `run`: give the statements in a script, or leave out `run`")
            }
            return try Run.execute(scripts: Array(files.dropFirst()), output: output)
        }
        var invocation = Invocation(files: files, commands: commands)
        output.apply(to: &invocation)
        try Self.finish(CommandLineRunner.run(invocation, in: .process()))
    }

    static func finish(_ status: CommandStatus) throws {
        if status != .success { throw ExitCode(status.rawValue) }
    }

    /// Parses with the documented exit statuses: help and version exit 0,
    /// every argument error exits 2 (ArgumentParser's own default is 64).
    /// `run` is dispatched by hand: as a declared subcommand it would clash
    /// with the root's positional file arguments.
    static func main() {
        tl_ignore_sigpipe()
        tl_ignore_sigxfsz()
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "run" {
            execute(Run.self, Array(arguments.dropFirst()))
        } else {
            execute(ToplineCommand.self, arguments)
        }
    }

    private static func execute<Command: ParsableCommand>(_ type: Command.Type, _ arguments: [String]) {
        do {
            var command = try type.parseAsRoot(arguments)
            try command.run()
        } catch let code as ExitCode {
            SystemCall.exit(code.rawValue)
        } catch {
            let message = type.fullMessage(for: error)
            if type.exitCode(for: error) == .success {
                TextOutput.standardOutput.writeLine(message)
                SystemCall.exit(0)
            }
            TextOutput.standardError.writeLine(message)
            SystemCall.exit(CommandStatus.usageError.rawValue)
        }
    }
}

/// `topline run SCRIPT…`: run scripts in order.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topline run",
        abstract: "Run query scripts in order; stop at the first error unless --keep-going.")

    @OptionGroup var output: OutputOptions

    @Argument(help: ArgumentHelp("Scripts to run (any file name).", valueName: "script"))
    var scripts: [String]

    func run() throws {
        try Self.execute(scripts: scripts, output: output)
    }

    static func execute(scripts: [String], output: OutputOptions) throws {
        guard !scripts.isEmpty else { throw ValidationError("Missing expected argument '<script> ...'") }
        var invocation = Invocation(scripts: scripts)
        output.apply(to: &invocation)
        try ToplineCommand.finish(CommandLineRunner.run(invocation, in: .process()))
    }
}
