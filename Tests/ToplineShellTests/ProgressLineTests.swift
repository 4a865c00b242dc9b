import Synchronization
import Testing
import Topline
import ToplineTestSupport
@testable import ToplineShell

/// The progress line of a long statement: drawn in place on a terminal, at most
/// ten times a second, fitted to the width, escaped, and gone before anything
/// else is printed.
@Suite struct ProgressLineTests {
    static func copying(_ done: Int, of total: Int, file: String = "big.csv", table: String = "pg.big") -> WorkProgress {
        WorkProgress(activity: .copying(file: file, table: table), done: done, total: total)
    }

    /// (progress, terminal width, the line).
    static let texts: [(WorkProgress, Int, String)] = [
        (copying(412_000_000, of: 840_300_000), 80, "copying big.csv into pg.big: 412.0 of 840.3 MB (49%)"),
        (copying(0, of: 0), 80, "copying big.csv into pg.big: 0.0 of 0.0 MB (100%)"),
        (copying(1_049_000, of: 3_000_000), 80, "copying big.csv into pg.big: 1.0 of 3.0 MB (34%)"),
        (copying(999_999, of: 1_000_000), 80, "copying big.csv into pg.big: 1.0 of 1.0 MB (99%)"),
        // A long path is cut in its middle so that the line fits in 59 columns.
        (copying(5_000_000, of: 10_000_000, file: "/data/surveys/2026/wave-12/respondents-final.csv"), 60,
         "copying /data/su…inal.csv into pg.big: 5.0 of 10.0 MB (50%)"),
        // Names carry no escape sequence to the terminal.
        (copying(1, of: 2, file: HostileText.title, table: "pg.t\u{1B}[2J"), 80,
         "copying \(SafeText.escape(HostileText.title)) into pg.t\\u{1B}[2J: 0.0 of 0.0 MB (50%)"),
    ]

    @Test(arguments: texts)
    func text(_ progress: WorkProgress, _ columns: Int, _ expected: String) {
        let line = ProgressLine.text(progress, columns: columns)
        #expect(line == expected)
        #expect(SafeText.width(line) <= columns - 1, "\(line)")
        #expect(!line.unicodeScalars.contains { SafeText.isUnsafe($0) })
    }

    /// (text, width, shortened).
    static let shortenings: [(String, Int, String)] = [
        ("abcdefghij", 10, "abcdefghij"),
        ("abcdefghijk", 10, "abcd…ghijk"),
        ("abcdefghijk", 9, "abcd…hijk"),
        ("日本語のファイル名.csv", 10, "日本語…csv"),
    ]

    @Test(arguments: shortenings)
    func shortened(_ text: String, _ width: Int, _ expected: String) {
        let cut = ProgressLine.shortened(text, to: width)
        #expect(cut == expected)
        #expect(SafeText.width(cut) <= width)
    }

    /// A fake clock (nanoseconds).
    final class Clock: Sendable {
        private let time = Mutex<UInt64>(0)
        func now() -> UInt64 { time.withLock { $0 } }
        func advance(milliseconds: UInt64) { time.withLock { $0 += milliseconds * 1_000_000 } }
    }

    /// A progress line on a captured terminal (or not), on a fake clock.
    struct Fixture {
        let clock = Clock()
        let text: @Sendable () -> String
        let line: ProgressLine
        init(terminal: Bool = true) {
            let (output, text) = TextOutput.capture(isTerminal: terminal)
            let clock = self.clock
            self.text = text
            line = ProgressLine(output: output, columns: { 80 }, now: { clock.now() })
        }
        func advance(milliseconds: UInt64) { clock.advance(milliseconds: milliseconds) }
    }

    @Test func drawsInPlaceAtMostTenTimesASecondAndClears() {
        let f = Fixture()
        f.line.show(Self.copying(1_000_000, of: 4_000_000))
        f.advance(milliseconds: 50)
        f.line.show(Self.copying(2_000_000, of: 4_000_000))   // too soon: not drawn
        f.advance(milliseconds: 60)
        f.line.show(Self.copying(3_000_000, of: 4_000_000))
        f.line.show(Self.copying(4_000_000, of: 4_000_000))   // the last step is always drawn
        f.line.clear()
        f.line.clear()                                         // nothing left to clear
        #expect(f.text() == "\rcopying big.csv into pg.big: 1.0 of 4.0 MB (25%)\u{1B}[K"
                + "\rcopying big.csv into pg.big: 3.0 of 4.0 MB (75%)\u{1B}[K"
                + "\rcopying big.csv into pg.big: 4.0 of 4.0 MB (100%)\u{1B}[K"
                + "\r\u{1B}[K")
    }

    @Test func nothingOffATerminal() {
        let f = Fixture(terminal: false)
        f.line.show(Self.copying(1, of: 2))
        f.line.clear()
        #expect(f.text() == "")
    }

    /// The runner makes a progress line for a terminal only, and not under --quiet or --errors json.
    @Test(arguments: [(true, false, false, true), (false, false, false, false), (true, true, false, false), (true, false, true, false)])
    func theRunnerShowsProgressOnlyOnATerminal(_ terminal: Bool, _ quiet: Bool, _ json: Bool, _ shown: Bool) {
        let (messages, _) = TextOutput.capture(isTerminal: terminal)
        var printer = ResultPrinter(format: .table, maxRows: 10, results: messages, diagnostics: messages,
                                    messages: messages, color: false)
        printer.quiet = quiet
        printer.errorsAsJSON = json
        #expect((ScriptRunner(session: Session(), printer: printer).progressLine != nil) == shown)
    }
}
