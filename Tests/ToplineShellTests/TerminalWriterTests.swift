import Foundation
import Testing
import Topline
import ToplineTestSupport
@testable import ToplineShell

/// Every byte the shell writes to a terminal goes through ``TextOutput``,
/// which applies ``SafeText``'s rule (the one tables use): data values,
/// names, file names and script text cannot set the window title, write the
/// clipboard (OSC 52), clear the screen or reorder the line (bidi overrides).
/// Files and pipes get machine formats unchanged.
@Suite(.serialized) struct TerminalWriterTests {

    /// A shell whose three outputs are captured as terminals (or not), over a
    /// directory holding hostile data: `vals.csv` (values), `sugg.csv` (a
    /// column name) and two files whose names carry escape sequences.
    struct Terminal {
        let shell: Shell
        let out: @Sendable () -> String
        let err: @Sendable () -> String
        let directory: TemporaryDirectory

        init(_ lines: [String], terminal: Bool = true, color: Bool = false) {
            directory = TemporaryDirectory(prefix: "topline-terminal")
            directory.write("vals.csv", "v,n\n\(HostileText.title),1\n\(HostileText.clipboard),2\nrtl\u{202E}txt,3\n")
            directory.write("sugg.csv", "id,nam\u{1B}]0;PWNED\u{07}e\n1,x\n")
            directory.write("f\u{1B}]0;PWNED\u{07}.csv", "a\n1\n")
            directory.write("f\u{1B}]52;c;SGVsbG8=\u{07}.csv", "a\n2\n")
            let (results, out) = TextOutput.capture(isTerminal: terminal)
            let (diagnostics, err) = TextOutput.capture(isTerminal: terminal)
            var printer = ResultPrinter(format: .box, maxRows: 40, results: results, diagnostics: diagnostics,
                                        messages: results, color: color)
            printer.chartColor = color
            shell = Shell(session: Session(workingDirectory: directory.path), reader: ScriptedLineReader(lines: lines),
                          printer: printer, history: ShellHistory(file: nil))
            self.out = out
            self.err = err
        }

        func run() -> (out: String, err: String) {
            shell.run()
            return (out(), err())
        }

        /// The completion list the shell would show for `line` (cursor at its end).
        func listing(_ line: String) -> (candidates: [String], shown: String) {
            let result = shell.complete(line: Array(line.utf8), cursor: line.utf8.count)
            let displays = result.candidates.map(\.display)
            let (output, text) = TextOutput.capture(isTerminal: true)
            output.write("\n" + CompletionListing.columns(displays, width: 80))
            return (displays, text())
        }
    }

    // MARK: - The writer

    @Test func aTerminalOutputEscapesWhatAPipeKeeps() {
        let hostile = "a\tb\n" + HostileText.title + HostileText.clipboard + "\u{1B}[2J\u{9B}6n\u{202E}x\r\n"
        let (terminal, shown) = TextOutput.capture(isTerminal: true)
        terminal.write(hostile)
        #expect(shown() == "a\tb\n" + HostileText.titleEscaped + HostileText.clipboardEscaped + #"\u{1B}[2J\u{9B}6n\u{202E}x\r"# + "\n")
        let (pipe, kept) = TextOutput.capture(isTerminal: false)
        pipe.write(hostile)
        #expect(kept() == hostile)
    }

    @Test func onlyStyledWritesKeepColours() {
        let (terminal, shown) = TextOutput.capture(isTerminal: true)
        terminal.writeLine("\u{1B}[1;31merror\u{1B}[0m", styled: true)
        terminal.writeLine("\u{1B}[1;31mdata\u{1B}[0m")
        #expect(shown() == "\u{1B}[1;31merror\u{1B}[0m\n" + #"\u{1B}[1;31mdata\u{1B}[0m"# + "\n")
    }

    // MARK: - Results, messages, diagnostics, charts

    @Test func machineFormatsAreEscapedOnATerminalAndLosslessElsewhere() {
        for terminal in [true, false] {
            let t = Terminal([".mode csv", #"load "vals.csv""#, "from vals | select v", ".mode json", "from vals | select v"],
                             terminal: terminal)
            defer { t.directory.remove() }
            let (out, err) = t.run()
            #expect(err == "")
            if terminal {
                #expect(HostileText.isInert(out), "\(out)")
                #expect(out.contains(HostileText.titleEscaped) && out.contains(HostileText.clipboardEscaped), "\(out)")
            } else {
                #expect(out.contains(HostileText.title + "\n") && out.contains(HostileText.clipboard + "\n"), "\(out)")  // csv, as is
                #expect(out.contains(#"\u001b]0;PWNED\u0007t"#), "\(out)")  // json, by its own escapes
            }
        }
    }

    @Test(arguments: [false, true])
    func diagnosticsAreEscapedWithOrWithoutColour(color: Bool) {
        let t = Terminal([#"load "sugg.csv""#, "from sugg | select name", #"from sugg | where id == "\#(HostileText.title)" and nope"#],
                         color: color)
        defer { t.directory.remove() }
        let (_, err) = t.run()
        #expect(HostileText.isInert(err, allowingSGR: color), "\(err)")
        #expect(err.contains(#"help: columns: id, nam\u{1B}]0;PWNED\u{7}e"#), "\(err)")
        #expect(err.contains(#"== "\u{1B}]0;PWNED\u{7}t" and nope"#), "\(err)")
        if color { #expect(err.contains("\u{1B}[1;31merror\u{1B}[0m")) }
    }

    @Test func diagnosticsAsJSONStayLossless() {
        let (results, _) = TextOutput.capture(isTerminal: false)
        let (diagnostics, err) = TextOutput.capture(isTerminal: false)
        var printer = ResultPrinter(format: .table, maxRows: 40, results: results, diagnostics: diagnostics, messages: results, color: false)
        printer.errorsAsJSON = true
        printer.print(Diagnostic(.error, id: .inputUnreadable, "cannot read 'a\u{1B}]0;x\u{07}'", file: "a\u{1B}]0;x\u{07}"))
        #expect(err().contains(#""message":"cannot read 'a\u001b]0;x\u0007'""#), "\(err())")
    }

    @Test func loadedNoticesDatasetsAndSchemaAreEscaped() {
        let t = Terminal([#"load "f\#u{1B}]0;PWNED\#u{07}.csv""#, ".datasets", ".schema", "datasets"], terminal: false)
        defer { t.directory.remove() }
        t.shell.session.register(try! Table(columns: [Column(name: "c\u{202E}x", type: .integer, values: [.integer(1)])]),
                                 as: "ds\u{1B}]52;c;SGVsbG8=\u{07}")
        let (out, err) = t.run()
        #expect(err == "", "\(err)")
        // Escaped even to a pipe: these are human text, escaped where they are built.
        #expect(HostileText.isInert(out), "\(out)")
        #expect(out.contains(#"loaded f\u{1B}]0;PWNED\u{7}: 1 row × 1 column"#), "\(out)")
        #expect(out.contains(#"ds\u{1B}]52;c;SGVsbG8=\u{7}: 1 row × 1 column"#), "\(out)")  // .datasets
        #expect(out.contains(#"ds\u{1B}]52;c;SGVsbG8=\u{7}:"# + "\n┌"), "\(out)")  // .schema's heading
        #expect(out.contains(#"c\u{202E}x"#), "\(out)")
    }

    @Test func shellRepliesEscapeWhatTheUserOrDataNamed() {
        let t = Terminal([".mode \u{1B}]0;x\u{07}", ".history", ".export out\u{1B}[2J.csv", #"load "vals.csv""#, "from vals | take 1",
                          ".export out\u{1B}[2J.csv", ".bogus\u{07}"], terminal: false)
        defer { t.directory.remove() }
        let (out, err) = t.run()
        #expect(HostileText.isInert(out) && HostileText.isInert(err), "\(out)\(err)")
        #expect(err.contains(#"unknown mode '\u{1B}]0;x\u{7}'"#), "\(err)")
        #expect(out.contains(#"1  .mode \u{1B}]0;x\u{7}"#), "\(out)")  // .history
        #expect(out.contains(#"wrote out\u{1B}[2J.csv"#), "\(out)")
        #expect(err.contains(#"unknown command '.bogus\u{7}'"#), "\(err)")
        #expect(FileManager.default.fileExists(atPath: t.directory.file("out\u{1B}[2J.csv")))  // the real name on disk
    }

    @Test(arguments: [false, true])
    func chartsAreEscapedWithOrWithoutColour(color: Bool) {
        let t = Terminal([#"load "vals.csv""#, "from vals | chart bar n by v", #"load "sugg.csv""#,
                          "from sugg | chart bar id by `nam\u{1B}]0;PWNED\u{07}e`"], color: color)
        defer { t.directory.remove() }
        let (out, err) = t.run()
        #expect(err == "", "\(err)")
        #expect(HostileText.isInert(out, allowingSGR: color), "\(out)")
        #expect(out.contains(#"n by v"#) && out.contains(#"id by nam\u{1B}]0;PWNED\u{7}e"#), "\(out)")
        #expect(out.contains(#"\u{1B}]0;PWNED\u{7}t"#) && out.contains(#"rtl\u{202E}txt"#), "\(out)")
    }

    @Test func thePagerGetsTerminalSafeText() throws {
        let t = Terminal([#"load "vals.csv""#, "from vals | select v"])
        defer { t.directory.remove() }
        t.shell.printer.pager = Pager(mode: .on, command: "cat > '\(t.directory.file("paged.txt"))'")
        let (out, _) = t.run()
        let paged = try #require(t.directory.read("paged.txt"))
        #expect(paged.contains(HostileText.titleEscaped) && paged.contains(HostileText.clipboardEscaped), "\(paged)")
        #expect(HostileText.isInert(paged) && HostileText.isInert(out), "\(paged)")
    }

    // MARK: - Completion lists

    @Test func completionListsOfValuesAreEscaped() {
        let t = Terminal([#"load "vals.csv""#])
        defer { t.directory.remove() }
        _ = t.run()
        let (candidates, shown) = t.listing("from vals | where v == ")
        // The engine offers the real values (to insert); the list shows them escaped.
        #expect(candidates.contains(HostileText.title) && candidates.contains(HostileText.clipboard), "\(candidates)")
        #expect(HostileText.isInert(shown), "\(shown)")
        #expect(shown.contains(HostileText.titleEscaped) && shown.contains(HostileText.clipboardEscaped) && shown.contains(#"rtl\u{202E}txt"#), "\(shown)")
    }

    @Test func completionListsOfColumnNamesAreEscaped() {
        let t = Terminal([#"load "sugg.csv""#])
        defer { t.directory.remove() }
        _ = t.run()
        let (candidates, shown) = t.listing("from sugg | select ")
        #expect(candidates.contains("nam\u{1B}]0;PWNED\u{07}e"), "\(candidates)")
        #expect(HostileText.isInert(shown), "\(shown)")
        #expect(shown.contains(#"nam\u{1B}]0;PWNED\u{7}e"#), "\(shown)")
    }

    @Test func completionListsOfFileNamesAreEscaped() {
        let t = Terminal([])
        defer { t.directory.remove() }
        let (candidates, shown) = t.listing(#"load "f"#)
        #expect(candidates.count == 2, "\(candidates)")
        #expect(HostileText.isInert(shown), "\(shown)")
        #expect(shown.contains(#"f\u{1B}]0;PWNED\u{7}.csv"#) && shown.contains(#"f\u{1B}]52;c;SGVsbG8=\u{7}.csv"#), "\(shown)")
    }

    @Test func escapedCandidatesStayInColumns() {
        let text = CompletionListing.columns(["a\u{1B}b", "cc", "d", "e"], width: 24)
        // `a\u{1B}b` is 8 columns wide once shown: cells of 10, two per row.
        #expect(text == #"a\u{1B}b  d"# + "\n" + "cc        e\n")
    }
}
