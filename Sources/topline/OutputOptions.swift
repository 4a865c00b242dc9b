import ArgumentParser
import Topline
import ToplineShell

extension OutputFormat: ExpressibleByArgument {}

/// Options shared by `topline` and `topline run`.
struct OutputOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "How results are printed. Default: box on a terminal, table otherwise.",
            valueName: "format"))
    var format: OutputFormat?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Rows shown by table, box and markdown before \"… N more rows\" (0 = all). Default: \(CommandLineRunner.defaultMaxRows), \(InteractiveShell.defaultMaxRows) in the shell. csv, tsv, json and ndjson are never cut.",
            valueName: "n"))
    var maxRows: Int?

    @Flag(name: .long, help: "Continue after a failing statement instead of stopping (the exit status still reports the failure).")
    var keepGoing = false
}
