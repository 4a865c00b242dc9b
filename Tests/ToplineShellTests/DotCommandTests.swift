import Testing
@testable import ToplineShell

@Suite struct DotCommandTests {
    @Test(arguments: [
        (".mode csv", "mode", ["csv"]),
        ("  .timer   on ", "timer", ["on"]),
        (".read \"my script.tq\"", "read", ["my script.tq"]),
        (".read \"a b\" c", "read", ["a b", "c"]),
        (".read \"q\\\"uote\"", "read", ["q\"uote"]),
        (".", "", []),
        (".history 5", "history", ["5"]),
    ])
    func parsesNameAndArguments(line: String, name: String, arguments: [String]) {
        #expect(DotCommandLine(parsing: line) == DotCommandLine(name: name, arguments: arguments))
    }

    @Test(arguments: ["from s", "", "  # .comment", "x.y"])
    func nonDotLinesAreNotCommands(line: String) {
        #expect(DotCommandLine(parsing: line) == nil)
    }

    @Test(arguments: [
        ("mode", DotCommand.Resolution.command("mode")),
        ("mo", .command("mode")),
        ("MODE", .command("mode")),
        ("q", .command("quit")),
        ("e", .ambiguous(["exit", "export"])),
        ("exi", .command("exit")),
        ("exp", .command("export")),
        ("sa", .command("save")),
        ("sc", .command("schema")),
        ("h", .ambiguous(["help", "history"])),
        ("s", .ambiguous(["schema", "save"])),
        ("moed", .unknown(suggestion: "mode")),
        ("histroy", .unknown(suggestion: "history")),
        ("xyzzy", .unknown(suggestion: nil)),
        ("", .unknown(suggestion: nil)),
    ])
    func resolvesExactPrefixAndNearest(typed: String, expected: DotCommand.Resolution) {
        #expect(DotCommand.resolve(typed) == expected)
    }

    @Test func tableHasTheDocumentedCommandsOnce() {
        let names = DotCommand.all.map(\.name)
        #expect(names == ["help", "quit", "exit", "mode", "maxrows", "nullvalue", "timer", "pager", "export", "read", "datasets", "tables", "schema", "history", "save", "clear"])
        #expect(Set(names).count == names.count)
    }

    @Test func helpListsEveryCommandWithItsArguments() {
        let help = DotCommand.helpText
        for command in DotCommand.all {
            #expect(help.contains("." + command.name))
            #expect(help.contains(command.help))
        }
        #expect(help.contains(".mode [FORMAT]") && help.contains("table, box, csv, tsv, json, ndjson, markdown"))
        #expect(help.contains(".history [N]"))
    }

}
