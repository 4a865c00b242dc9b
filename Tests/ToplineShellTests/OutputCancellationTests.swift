import Synchronization
import Testing
import Topline
@testable import ToplineShell

/// Issue 11: Ctrl-C during a long output stops it. The printer renders and
/// writes a result in pieces, checking the interrupt flag between them; what
/// is cut off is said (`output cancelled`), the output ends with a line break
/// and the statements after it do not run.
@Suite struct OutputCancellationTests {
    /// An output that sets `flag` once `after` pieces have been written to it.
    static func output(setting flag: InterruptFlag, after pieces: Int) -> (TextOutput, @Sendable () -> (text: String, pieces: Int)) {
        let state = Mutex((text: "", pieces: 0))
        let output = TextOutput { piece in
            state.withLock {
                $0.text += piece
                $0.pieces += 1
                if $0.pieces == pieces { flag.set() }
            }
        }
        return (output, { state.withLock { $0 } })
    }

    static func bigSession(rows: Int) throws -> Session {
        let session = Session()
        session.register(try Table(columns: [
            Column(name: "id", type: .integer, values: (0..<rows).map { .integer(Int64($0)) }),
            Column(name: "comment", type: .text, values: (0..<rows).map { .text("c\($0)") }),
        ]), as: "big")
        return session
    }

    @Test(arguments: [OutputFormat.csv, .tsv, .json, .ndjson])
    func aLongMachineOutputStopsAtCtrlC(_ format: OutputFormat) throws {
        let session = try Self.bigSession(rows: 300_000)
        let flag = InterruptFlag()
        let (results, written) = Self.output(setting: flag, after: 3)
        let (diagnostics, errors) = TextOutput.capture()
        let printer = ResultPrinter(format: format, maxRows: nil, results: results, diagnostics: diagnostics,
                                    messages: diagnostics, color: false)
        let runner = ScriptRunner(session: session, printer: printer, interrupt: flag)
        let status = runner.run(source: "from big\nlet after = from big", name: "q.tq")
        let out = written()
        // Three pieces of at most 64 KB, each ending with a whole line, then nothing.
        #expect(out.pieces == 3)
        #expect(out.text.utf8.count <= 3 * 65_536)
        #expect(out.text.hasSuffix("\n"))
        let full = TableFormatter.render(try #require(session.dataset(named: "big")), as: format)
        #expect(full.hasPrefix(out.text))
        #expect(full.utf8.count > 10 * out.text.utf8.count)
        #expect(errors() == """
            error: output cancelled
            q.tq:2:1: error: cancelled before this statement ran
             2 | let after = from big
               | ^~~~~~~~~~~~~~~~~~~~

            """)
        #expect(status == .queryFailed)
        #expect(session.dataset(named: "after") == nil)
    }

    @Test func aHumanTableStopsAtCtrlCToo() throws {
        let session = try Self.bigSession(rows: 100_000)
        let flag = InterruptFlag()
        let (results, written) = Self.output(setting: flag, after: 1)
        let (diagnostics, errors) = TextOutput.capture()
        let printer = ResultPrinter(format: .box, maxRows: nil, results: results, diagnostics: diagnostics,
                                    messages: diagnostics, color: false)
        ScriptRunner(session: session, printer: printer, interrupt: flag).run(source: "from big", name: "q.tq")
        #expect(written().pieces == 1)
        #expect(written().text.hasPrefix("┌"))
        #expect(written().text.hasSuffix("│\n"))
        #expect(errors() == "error: output cancelled\n")
    }

    @Test func withoutCtrlCEverythingIsWrittenInPieces() throws {
        let session = try Self.bigSession(rows: 50_000)
        let (results, written) = Self.output(setting: InterruptFlag(), after: -1)
        let (diagnostics, errors) = TextOutput.capture()
        let printer = ResultPrinter(format: .csv, maxRows: nil, results: results, diagnostics: diagnostics,
                                    messages: diagnostics, color: false)
        ScriptRunner(session: session, printer: printer, interrupt: InterruptFlag()).run(source: "from big", name: "q.tq")
        #expect(written().text == TableFormatter.render(try #require(session.dataset(named: "big")), as: .csv))
        #expect(written().pieces > 5)
        #expect(errors() == "")
    }

    @Test func pieceWriterCutsAtLinesAndCharactersOnly() {
        let (output, written) = Self.output(setting: InterruptFlag(), after: -1)
        let writer = PieceWriter(output: output, interrupt: nil)
        let line = String(repeating: "é", count: 40_000)  // 80,000 bytes, no line break
        writer.write(line + "\n" + "tail")
        writer.finishLine()
        #expect(written().text == line + "\n" + "tail\n")
        #expect(!written().text.contains("\u{FFFD}"))
        #expect(written().pieces == 3)  // 65,536 bytes of é; the rest of the line and "tail"; the closing line break
    }
}
