import Topline

/// One shell command that starts with a dot: its name, argument synopsis,
/// one-line help and handler. ``DotCommand/all`` is the single table that
/// dispatch, `.help` and completion are generated from.
public struct DotCommand: Sendable {
    public let name: String
    /// The argument synopsis shown by `.help`, e.g. `on|off`.
    public let arguments: String
    public let help: String
    let handler: @Sendable (Shell, [String]) -> Void

    /// Every dot command, in `.help` order.
    public static let all: [DotCommand] = [
        DotCommand(name: "help", arguments: "[TOPIC]",
                   help: "list these commands; .help verbs|functions|settings, or .help NAME for a verb, function or setting") { shell, args in
            shell.showHelp(args.first)
        },
        DotCommand(name: "quit", arguments: "", help: "leave the shell (also Ctrl-D)") { shell, _ in shell.finish() },
        DotCommand(name: "exit", arguments: "", help: "leave the shell (also Ctrl-D)") { shell, _ in shell.finish() },
        DotCommand(
            name: "mode", arguments: "[FORMAT]",
            help: "print results as " + OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")
                + " (no FORMAT: show the current one)"
        ) { shell, args in shell.setMode(args.first) },
        DotCommand(name: "maxrows", arguments: "[N]",
                   help: "show at most N rows of a result in table, box, markdown and line (0: all; no N: the current)") {
            shell, args in shell.setMaxRows(args)
        },
        DotCommand(name: "nullvalue", arguments: "[TEXT]", help: "show null as TEXT in table, box, markdown and line (no TEXT: the current)") {
            shell, args in shell.setNullValue(args)
        },
        DotCommand(name: "timer", arguments: "on|off", help: "print how long each entry took") { shell, args in
            shell.setTimer(args.first)
        },
        DotCommand(name: "pager", arguments: "on|off|auto", help: "show long results through $TOPLINE_PAGER, $PAGER or less (auto: when taller than the terminal)") {
            shell, args in shell.setPager(args.first)
        },
        DotCommand(name: "export", arguments: "FILE", help: "write the last chart (FILE.svg) or result (.csv .tsv .json .ndjson .md .txt, or .xlsx: an Excel workbook) to a file") {
            shell, args in shell.export(args)
        },
        DotCommand(name: "read", arguments: "FILE", help: "run a script file, as `topline run FILE` does") { shell, args in
            shell.readScript(args)
        },
        DotCommand(name: "datasets", arguments: "", help: "list the loaded datasets") { shell, _ in shell.listDatasets() },
        DotCommand(name: "tables", arguments: "", help: "list the loaded datasets (.datasets under sqlite3's name)") { shell, _ in shell.listDatasets() },
        DotCommand(name: "schema", arguments: "[NAME]", help: "the columns of a dataset (all datasets without NAME)") {
            shell, args in shell.showSchema(args.first)
        },
        DotCommand(name: "history", arguments: "[N]", help: "list the last N history entries (all without N)") {
            shell, args in shell.showHistory(args.first)
        },
        DotCommand(name: "save", arguments: "FILE", help: "write this session's successful statements as a script") {
            shell, args in shell.save(args)
        },
        DotCommand(name: "clear", arguments: "", help: "forget every dataset") { shell, _ in shell.clearDatasets() },
    ]

    /// The names with their dots, for completion after a leading `.`.
    public static var dottedNames: [String] { all.map { "." + $0.name } }

    /// The `.help` listing.
    public static var helpText: String {
        let rows = all.map { ".\($0.name)" + ($0.arguments.isEmpty ? "" : " \($0.arguments)") }
        let width = rows.map(\.count).max() ?? 0
        var text = ""
        for (row, command) in zip(rows, all) {
            text += row + String(repeating: " ", count: width - row.count + 2) + command.help + "\n"
        }
        return text + "Commands may be abbreviated when unambiguous (.mo csv).\n"
            + "The language: .help verbs, .help functions, .help settings, .help NAME (e.g. .help where, .help share).\n"
    }

    /// How a typed name maps onto the table.
    public enum Resolution: Equatable, Sendable {
        case command(String)
        /// A prefix of several names (listed).
        case ambiguous([String])
        /// No such command; the nearest name when one is close.
        case unknown(suggestion: String?)
    }

    /// Resolves `typed` (without its dot): an exact name, else an unambiguous
    /// prefix, else the nearest name by edit distance.
    public static func resolve(_ typed: String, among names: [String] = all.map(\.name)) -> Resolution {
        let lowered = typed.lowercased()
        if names.contains(lowered) { return .command(lowered) }
        let matches = lowered.isEmpty ? [] : names.filter { $0.hasPrefix(lowered) }
        if matches.count == 1 { return .command(matches[0]) }
        if matches.count > 1 { return .ambiguous(matches) }
        return .unknown(suggestion: Diagnostic.suggestion(for: lowered, among: names))
    }

    /// The command named exactly `name`.
    public static func named(_ name: String) -> DotCommand? {
        all.first { $0.name == name }
    }
}
