import Testing
import ToplineTestSupport
import Topline
@testable import ToplineShell

/// Feeds prepared input to the shell and records the prompts it showed.
final class ScriptedLineReader: LineReader {
    private var inputs: [LineInput]
    private(set) var prompts: [String] = []
    private(set) var recalled: [String] = []

    init(_ inputs: [LineInput]) { self.inputs = inputs }
    convenience init(lines: [String]) { self.init(lines.map { .line($0) }) }

    func readLine(prompt: String) -> LineInput {
        prompts.append(prompt)
        return inputs.isEmpty ? .endOfInput : inputs.removeFirst()
    }

    func addToHistory(_ entry: String) { recalled.append(entry) }
}

/// A shell over the terminal fixtures, with captured output.
struct ShellHarness {
    let shell: Shell
    let reader: ScriptedLineReader
    let out: @Sendable () -> String
    let err: @Sendable () -> String
    let directory: TemporaryDirectory

    init(_ inputs: [LineInput], history: [String] = []) {
        directory = TemporaryDirectory()
        directory.write("regions.csv", "region,segment,share\nAsia Pacific,CEOs,16%\nEurope,CEOs,57%\nNorth America,Managers,20%\n")
        let (results, out) = TextOutput.capture()
        let (diagnostics, err) = TextOutput.capture()
        let printer = ResultPrinter(
            format: .table, maxRows: 40, results: results, diagnostics: diagnostics, messages: results, color: false)
        reader = ScriptedLineReader(inputs)
        let shellHistory = ShellHistory(file: nil)
        for entry in history { shellHistory.add(entry) }
        shell = Shell(session: Session(workingDirectory: directory.path), reader: reader, printer: printer, history: shellHistory)
        self.out = out
        self.err = err
    }

    init(lines: [String]) { self.init(lines.map { .line($0) }) }

    func run() -> (out: String, err: String) {
        shell.run()
        return (out(), err())
    }
}

@Suite(.serialized) struct ShellTests {
    @Test func runsStatementsAndKeepsDefinitionsAcrossEntries() {
        let h = ShellHarness(lines: [
            #"load "regions.csv" as r"#, #"let ceos = from r | where segment == "CEOs""#, "from ceos | select region",
        ])
        defer { h.directory.remove() }
        let (out, err) = h.run()
        #expect(err == "")
        #expect(out.contains("loaded r: 3 rows × 3 columns"))
        #expect(out.contains("Asia Pacific") && out.contains("Europe") && !out.contains("North America"))
    }

    @Test func errorPrintsDiagnosticAndShellContinues() {
        let h = ShellHarness(lines: [#"load "regions.csv" as r"#, "from r | where regoin == 1", "from r | take 1"])
        defer { h.directory.remove() }
        let (out, err) = h.run()
        #expect(err.contains("<shell>:1:"))
        #expect(err.contains("did you mean 'region'?"))
        #expect(out.contains("Asia Pacific"))
        #expect(h.shell.history.entries == [#"load "regions.csv" as r"#, "from r | where regoin == 1", "from r | take 1"])
    }

    @Test func unfinishedStatementUsesContinuationPromptAndIsOneHistoryEntry() {
        let h = ShellHarness(lines: [#"load "regions.csv" as r"#, "from r |", "take 1"])
        defer { h.directory.remove() }
        let (out, _) = h.run()
        #expect(h.reader.prompts == [Shell.prompt, Shell.prompt, Shell.continuationPrompt, Shell.prompt])
        #expect(h.shell.history.entries.last == "from r |\ntake 1")
        #expect(h.reader.recalled.last == "from r |\ntake 1")
        #expect(out.contains("Asia Pacific") && !out.contains("Europe"))
    }

    @Test func interruptDiscardsTheUnfinishedStatement() {
        let h = ShellHarness([.line(#"load "regions.csv" as r"#), .line("from r |"), .interrupted, .line("datasets")])
        defer { h.directory.remove() }
        let (_, err) = h.run()
        #expect(err == "")
        #expect(h.reader.prompts.last == Shell.prompt)
        #expect(!h.shell.history.entries.contains { $0.contains("from r |") })
    }

    @Test func quitStopsReading() {
        let h = ShellHarness(lines: [".quit", "datasets"])
        defer { h.directory.remove() }
        _ = h.run()
        #expect(h.reader.prompts.count == 1)
    }

    @Test func modeChangesFormatAcceptsPrefixesAndRejectsUnknown() {
        let h = ShellHarness(lines: [
            #"load "regions.csv" as r"#, ".mo csv", "from r | select region | take 1", ".mode", ".mode ma", ".mode", ".mode xml",
        ])
        defer { h.directory.remove() }
        let (out, err) = h.run()
        #expect(out.contains("region\nAsia Pacific\n"))
        #expect(out.contains("mode: csv\n"))
        #expect(out.contains("mode: markdown\n"))
        #expect(err.contains("unknown mode 'xml'"))
    }

    @Test func unknownAndAmbiguousCommandsSuggest() {
        let h = ShellHarness(lines: [".moed csv", ".h", ".zzz"])
        defer { h.directory.remove() }
        let (_, err) = h.run()
        #expect(err.contains("unknown command '.moed'; did you mean .mode?"))
        #expect(err.contains("ambiguous command '.h': could be .help, .history"))
        #expect(err.contains("unknown command '.zzz'; .help lists the commands"))
    }

    @Test func helpIsGeneratedFromTheTable() {
        let h = ShellHarness(lines: [".help"])
        defer { h.directory.remove() }
        let (out, _) = h.run()
        #expect(out == DotCommand.helpText)
    }

    @Test func datasetsSchemaAndClear() {
        let h = ShellHarness(lines: [
            #"load "regions.csv" as r"#, ".datasets", ".schema r", ".schema nope", ".clear", ".datasets",
        ])
        defer { h.directory.remove() }
        let (out, err) = h.run()
        #expect(out.contains("r: 3 rows × 3 columns"))
        #expect(out.contains("share") && out.contains("percent"))
        #expect(err.contains("no dataset named 'nope'"))
        #expect(out.contains("cleared 1 dataset\n"))
        #expect(out.hasSuffix("no datasets loaded\n"))
    }

    @Test func historyListsLastEntries() {
        let h = ShellHarness(lines: ["datasets", ".history 2", ".history x"])
        defer { h.directory.remove() }
        let (out, err) = h.run()
        #expect(out.hasSuffix("1  datasets\n2  .history 2\n"))
        #expect(err.contains("usage: .history [N]"))
    }

    @Test func timerPrintsElapsedTime() {
        let h = ShellHarness(lines: [".timer on", "datasets", ".timer off", "datasets", ".timer maybe"])
        defer { h.directory.remove() }
        let (out, err) = h.run()
        #expect(out.split(separator: "\n").filter { $0.hasPrefix("time: ") && $0.hasSuffix(" ms") }.count == 1)
        #expect(err.contains("expected .timer on or .timer off"))
    }

    @Test func saveWritesSuccessfulStatementsThatReproduceTheSession() {
        let h = ShellHarness(lines: [
            #"load "regions.csv" as r"#, "from r | where oops", "from r | where share > 17% | select region", ".save s.tq",
        ])
        defer { h.directory.remove() }
        let (out, _) = h.run()
        #expect(out.contains("saved 2 statements to s.tq"))
        #expect(h.directory.read("s.tq") == "load \"regions.csv\" as r\nfrom r | where share > 17% | select region\n")
    }

    @Test func readRunsAScriptLikeTopLineRunAndReportsUnreadableFiles() {
        let h = ShellHarness(lines: [".read q.tq", ".read missing.tq", "from r | take 1"])
        defer { h.directory.remove() }
        h.directory.write("q.tq", "load \"\(h.directory.file("regions.csv"))\" as r\nfrom r | where bad\nfrom r\n")
        let (out, err) = h.run()
        #expect(err.contains("q.tq:2:"))
        #expect(!out.contains("Europe"))  // stopped at the first error, as `topline run` does
        #expect(err.contains("cannot read 'missing.tq'"))
        #expect(out.contains("Asia Pacific"))  // the load before the error stands
    }

    @Test func feedRunsStartupFileWithDotCommands() {
        let h = ShellHarness(lines: ["from r | take 1"])
        defer { h.directory.remove() }
        h.shell.feed(contentsOf: ".mode csv\nload \"\(h.directory.file("regions.csv"))\" as r\n")
        let (out, err) = h.run()
        #expect(err == "")
        #expect(out.contains("region,segment,share\nAsia Pacific,CEOs,16"))
    }

    /// Lines after the first two of a startup file, and where their bad byte is.
    static let badStartupLines: [(rest: [UInt8], place: String)] = [
        (Array("let t = from r | where region == \"".utf8) + [0xFF] + Array("\"\n".utf8), "3:35"),
        (Array("# caf".utf8) + [0xC3, 0x28] + Array("\n".utf8), "3:6"),
        (Array("\n.mode ".utf8) + [0xE2, 0x82] + Array("\n".utf8), "4:7"),
    ]

    /// Issue 11: the startup file was decoded with U+FFFD for bad bytes and run.
    @Test(arguments: badStartupLines)
    func aStartupFileWithInvalidUTF8IsReportedAndNotRun(rest: [UInt8], place: String) {
        let h = ShellHarness(lines: [".mode"])
        defer { h.directory.remove() }
        let first = Array(".mode csv\nload \"\(h.directory.file("regions.csv"))\" as r\n".utf8)
        h.shell.feed(bytes: first + rest, name: "/h/.toplinerc")
        let (out, err) = h.run()
        // Only the encoding error: the file's dot commands are not parse errors here.
        #expect(err.hasPrefix("/h/.toplinerc:\(place): error: invalid UTF-8 (byte 0x"), "\(err)")
        #expect(err.components(separatedBy: "error:").count == 2, "\(err)")
        // Nothing of the file ran: no mode change, no dataset.
        #expect(out == "mode: table\n")
        #expect(h.shell.session.datasetNames.isEmpty)
    }

    @Test func aValidStartupFileGivenAsBytesRuns() {
        let h = ShellHarness(lines: ["from r | take 1"])
        defer { h.directory.remove() }
        h.shell.feed(bytes: Array(".mode csv\nload \"\(h.directory.file("regions.csv"))\" as r\n# caf\u{e9}\n".utf8), name: "/h/.toplinerc")
        let (out, err) = h.run()
        #expect(err == "")
        #expect(out.contains("region,segment,share\nAsia Pacific,CEOs,16"))
    }

    @Test func completionSeesTheUnfinishedStatementAndMapsRangesBack() {
        let h = ShellHarness(lines: [])
        defer { h.directory.remove() }
        h.shell.handle(line: #"load "regions.csv" as regions"#)
        h.shell.handle(line: "from regions |")
        let line = Array("  wh".utf8)
        let result = h.shell.complete(line: line, cursor: line.count)
        #expect(result.range == 2..<4)
        #expect(result.candidates.map(\.insertion).contains("where "))
    }

    @Test func dotCommandsCompleteAtTheStartOfALine() {
        let h = ShellHarness(lines: [])
        defer { h.directory.remove() }
        let line = Array(".mo".utf8)
        let result = h.shell.complete(line: line, cursor: 3)
        #expect(result.range == 0..<3)
        #expect(result.candidates.map(\.insertion).contains { $0.hasPrefix(".mode") })
    }
}
