import Foundation
import Testing
import ToplineTestSupport
@testable import Topline

/// Untrusted text — data values, column and dataset names, file names, script
/// text — never reaches a terminal raw: one rule (``SafeText``, the one tables
/// always used) escapes it in every human-readable output. The shell's
/// terminal writer applies the same rule on top (ToplineShellTests'
/// `TerminalWriterTests`).
@Suite struct TerminalSafetyTests {
    static func isInert(_ text: String, allowingSGR: Bool = false) -> Bool {
        HostileText.isInert(text, allowingTabs: false, allowingSGR: allowingSGR)
    }


    // MARK: - The rule

    @Test(arguments: [
        (HostileText.title, HostileText.titleEscaped),
        (HostileText.clipboard, HostileText.clipboardEscaped),
        ("bell\u{07}", #"bell\u{7}"#),
        ("nul\u{0}", #"nul\u{0}"#),
        ("del\u{7F}", #"del\u{7F}"#),
        ("csi\u{9B}2J", #"csi\u{9B}2J"#),
        ("line\nbreak\ttab\rreturn", #"line\nbreak\ttab\rreturn"#),
        ("evil\u{202E}txt.exe", #"evil\u{202E}txt.exe"#),
        ("\u{2066}isolate\u{2069}", #"\u{2066}isolate\u{2069}"#),
        ("\u{202A}\u{202B}\u{202C}\u{202D}\u{2067}\u{2068}", #"\u{202A}\u{202B}\u{202C}\u{202D}\u{2067}\u{2068}"#),
        // Left alone: printable text, including neighbours of the escaped ranges.
        ("Asia Pacific", "Asia Pacific"), ("日本語 é ×± … – ─│", "日本語 é ×± … – ─│"),
        ("\u{A0}\u{2029}\u{2065}\u{206A}\u{2029}", "\u{A0}\u{2029}\u{2065}\u{206A}\u{2029}"),
        (#"already \u{1B} text"#, #"already \u{1B} text"#),
    ] as [(String, String)])
    func escapeMakesEveryUnsafeCharacterVisible(_ raw: String, _ expected: String) {
        #expect(SafeText.escape(raw) == expected)
        #expect(Self.isInert(SafeText.escape(raw)))
        // Escaping twice changes nothing more.
        #expect(SafeText.escape(SafeText.escape(raw)) == expected)
    }

    @Test func terminalFormKeepsLayoutAndOnlyTheProgramsColours() {
        let text = "a\tb\nc" + HostileText.title + "\u{1B}[2J\u{1B}[1;31mred\u{1B}[0m\n"
        // Plain: line feeds and tabs stay; every escape sequence is shown, colours too.
        #expect(SafeText.forTerminal(text) == "a\tb\nc" + HostileText.titleEscaped + #"\u{1B}[2J\u{1B}[1;31mred\u{1B}[0m"# + "\n")
        // Styled: SGR stays; the title, and the clear-screen CSI (not SGR), do not.
        #expect(SafeText.forTerminal(text, keepingStyles: true)
                == "a\tb\nc" + HostileText.titleEscaped + #"\u{1B}[2J"# + "\u{1B}[1;31mred\u{1B}[0m\n")
        #expect(SafeText.forTerminal("\r\u{202E}x") == #"\r\u{202E}x"#)
        // Nothing to change: the same text back.
        #expect(SafeText.forTerminal("┌─┐\n│x│\n") == "┌─┐\n│x│\n")
    }

    // MARK: - Tables

    static func hostileTable() throws -> Table {
        try Table(columns: [
            Column(name: "nam\u{1B}]0;PWNED\u{07}e", type: .text, values: [.text(HostileText.title), .text(HostileText.clipboard), .text("rtl\u{202E}gnp.exe")]),
        ])
    }

    @Test(arguments: [OutputFormat.table, .box, .markdown])
    func tableCellsAndHeadersAreEscaped(_ format: OutputFormat) throws {
        let text = TableFormatter.render(try Self.hostileTable(), as: format)
        #expect(Self.isInert(text), "\(text)")
        #expect(text.contains(HostileText.titleEscaped) && text.contains(HostileText.clipboardEscaped))
        #expect(text.contains(#"nam\u{1B}]0;PWNED\u{7}e"#))
        #expect(text.contains(#"rtl\u{202E}gnp.exe"#))
        // Still aligned: every line of the box has the same display width.
        if format == .box {
            let widths = Set(text.split(separator: "\n").map { SafeText.width(String($0)) })
            #expect(widths.count == 1, "\(text)")
        }
    }

    @Test(arguments: [OutputFormat.csv, .tsv])
    func delimitedFormatsStayLossless(_ format: OutputFormat) throws {
        // Machine formats keep the bytes; only the terminal writer escapes them.
        let text = TableFormatter.render(try Self.hostileTable(), as: format)
        #expect(text.contains(HostileText.title) && text.contains(HostileText.clipboard))
    }

    @Test(arguments: [OutputFormat.json, .ndjson])
    func jsonFormatsEscapeByTheirOwnSpec(_ format: OutputFormat) throws {
        let text = TableFormatter.render(try Self.hostileTable(), as: format)
        #expect(text.contains(#"\u001b]0;PWNED\u0007t"#), "\(text)")
        #expect(text.contains(#"rtl\u202egnp.exe"#), "\(text)")
        #expect(Self.isInert(text))
        // Still the same strings to a JSON reader.
        let documents = format == .json ? [Substring(text)] : text.split(separator: "\n")
        let rows = try documents.flatMap { document -> [[String: String]] in
            let object = try JSONSerialization.jsonObject(with: Data(document.utf8))
            return (object as? [[String: String]]) ?? [(object as? [String: String]) ?? [:]]
        }
        #expect(rows.map { $0["nam\u{1B}]0;PWNED\u{07}e"] } == [HostileText.title, HostileText.clipboard, "rtl\u{202E}gnp.exe"], "\(rows)")
    }

    // MARK: - Diagnostics

    /// A session with a dataset `sugg` whose header has a title-setting column name.
    static func suggestionSession() throws -> (Session, TemporaryDirectory) {
        let dir = TemporaryDirectory(prefix: "topline-escape")
        dir.write("sugg.csv", "id,nam\u{1B}]0;PWNED\u{07}e,ab\u{07}c\n1,x,y\n")
        let session = Session(workingDirectory: dir.path)
        let load = session.run(#"load "sugg.csv" as sugg"#, fileName: "setup.tq")
        try #require(load.succeeded, "\(load.diagnostics)")
        return (session, dir)
    }

    static func rendered(_ outcome: RunOutcome) -> String {
        DiagnosticRenderer.render(outcome.diagnostics, source: outcome.source)
    }

    @Test func helpLineListingColumnsIsEscaped() throws {
        let (session, dir) = try Self.suggestionSession()
        defer { dir.remove() }
        let outcome = session.run("from sugg | select name", fileName: "q.tq")
        let text = Self.rendered(outcome)
        #expect(outcome.diagnostics.first?.id.rawValue == "resolve.unknown-column")
        #expect(Self.isInert(text), "\(text)")
        let help = try #require(text.split(separator: "\n").first { $0.hasPrefix("help:") && $0.contains("id") }, "\(text)")
        #expect(help.contains(#"nam\u{1B}]0;PWNED\u{7}e"#), "\(help)")
        // The diagnostic itself keeps the real name (for programs and --errors json).
        #expect(outcome.diagnostics.first?.hints.joined().contains("nam\u{1B}]0;PWNED\u{07}e") == true)
    }

    @Test func didYouMeanIsEscaped() throws {
        let (session, dir) = try Self.suggestionSession()
        defer { dir.remove() }
        let outcome = session.run("from sugg | select abc", fileName: "q.tq")
        let text = Self.rendered(outcome)
        #expect(Self.isInert(text), "\(text)")
        #expect(text.contains(#"did you mean 'ab\u{7}c'?"#), "\(text)")
    }

    @Test func quotedSourceLineIsEscapedAndTheCaretStillPointsAtTheError() throws {
        let (session, dir) = try Self.suggestionSession()
        defer { dir.remove() }
        // The line holds an OSC title sequence, a bidi override and a tab before the error.
        let script = "from sugg | where `ab\u{07}c` == \"\u{1B}]0;PWNED\u{07}\u{202E}\"\t and nope == 1"
        let outcome = session.run(script, fileName: "q.tq")
        let text = Self.rendered(outcome)
        #expect(Self.isInert(text), "\(text)")
        let lines = text.split(separator: "\n").map(String.init)
        let quoted = try #require(lines.first { $0.hasPrefix(" 1 | ") }, "\(text)")
        let caret = try #require(lines.first { $0.hasPrefix("   | ") && $0.contains("^") }, "\(text)")
        #expect(quoted.contains(#""\u{1B}]0;PWNED\u{7}\u{202E}""#), "\(quoted)")
        // Display columns of the escaped line and of the caret agree (all ASCII here).
        let at = try #require(quoted.range(of: "nope"), "\(quoted)")
        #expect(quoted.distance(from: quoted.startIndex, to: at.lowerBound) == caret.distance(from: caret.startIndex, to: caret.firstIndex(of: "^")!),
                "\(text)")
        #expect(caret.contains("^~~~"))
    }

    @Test func fileNamesInDiagnosticsAreEscaped() throws {
        let session = Session(workingDirectory: "/nonexistent")
        let outcome = session.run("load \"x\u{1B}]0;PWNED\u{07}.csv\"", fileName: "bad\u{1B}[2J.tq")
        let text = Self.rendered(outcome)
        #expect(outcome.diagnostics.first?.id.rawValue == "load.not-found")
        #expect(Self.isInert(text), "\(text)")
        #expect(text.hasPrefix(#"bad\u{1B}[2J.tq:1:6: error: no such file: 'x\u{1B}]0;PWNED\u{7}.csv'"#), "\(text)")
        // A diagnostic without source text names its file the same way.
        let bare = Diagnostic(.error, id: .inputUnreadable, "cannot read 'a\u{07}'", file: "a\u{07}")
        #expect(DiagnosticRenderer.render(bare, source: nil) == #"a\u{7}: error: cannot read 'a\u{7}'"# + "\n")
    }

    @Test func coloredDiagnosticsCarryOnlyTheirOwnColours() throws {
        let (session, dir) = try Self.suggestionSession()
        defer { dir.remove() }
        let outcome = session.run("from sugg | select name", fileName: "q.tq")
        let text = DiagnosticRenderer.render(outcome.diagnostics, source: outcome.source, color: true)
        #expect(text.contains("\u{1B}[1;31merror\u{1B}[0m"))
        #expect(Self.isInert(text, allowingSGR: true), "\(text)")
    }

    // MARK: - Loaded notices and datasets

    @Test func loadedNoticeNamesTheDatasetEscapedOnlyWhenShown() throws {
        let dir = TemporaryDirectory(prefix: "topline-escape")
        defer { dir.remove() }
        dir.write("v\u{1B}]0;PWNED\u{07}.csv", "v\n\(HostileText.title)\n")
        let session = Session(workingDirectory: dir.path)
        let outcome = session.run("load \"v\u{1B}]0;PWNED\u{07}.csv\"\ndatasets", fileName: "q.tq")
        #expect(outcome.succeeded, "\(outcome.diagnostics)")
        // The dataset table (`datasets`) escapes the name as any table does.
        let listing = TableFormatter.render(try #require(outcome.tables.last), as: .box)
        #expect(Self.isInert(listing), "\(listing)")
        #expect(listing.contains(#"v\u{1B}]0;PWNED\u{7}"#), "\(listing)")
    }

    // MARK: - Charts

    @Test(arguments: [false, true])
    func chartTitlesLabelsAndLegendsAreEscaped(color: Bool) throws {
        let dir = TemporaryDirectory(prefix: "topline-escape")
        defer { dir.remove() }
        dir.write("c.csv", "lab\u{1B}]0;PWNED\u{07}el,val,to\u{202E}\n\(HostileText.title),10,20\n\(HostileText.clipboard),30,40\n")
        let session = Session(workingDirectory: dir.path)
        let outcome = session.run("""
            load "c.csv" as c
            from c | chart bar val by `lab\u{1B}]0;PWNED\u{07}el`
            from c | chart dumbbell val -> `to\u{202E}` by `lab\u{1B}]0;PWNED\u{07}el`
            from c | chart line `to\u{202E}` over val
            """, fileName: "q.tq")
        #expect(outcome.succeeded, "\(outcome.diagnostics)")
        let charts = outcome.events.compactMap { if case .chart(let c) = $0 { return c } else { return nil } }
        #expect(charts.count == 3)
        for chart in charts {
            let text = ChartRenderer.render(chart, width: 100, color: color)
            #expect(Self.isInert(text, allowingSGR: color), "\(text)")
            #expect(text.contains(#"\u{1B}]0;PWNED\u{7}"#) || text.contains(#"to\u{202E}"#), "\(text)")
        }
        let bar = ChartRenderer.render(charts[0], width: 100)
        #expect(bar.hasPrefix(#"val by lab\u{1B}]0;PWNED\u{7}el"#), "\(bar)")
        #expect(bar.contains(#"\u{1B}]52;c;SGVs"#), "\(bar)")  // a label, cut to fit
    }
}
