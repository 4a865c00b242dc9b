#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
import ToplineTestSupport
import Topline
@testable import ToplineShell

/// Issue 11: one entry larger than the history size limit made the file too
/// large to read at the next start, and the shell then neither read nor
/// wrote it again: history lost for good. Such an entry is now not saved
/// (said once; the session goes on), and a file over the limit at start is
/// cut to its newest entries that fit, by the same locked trim.
@Suite struct HistoryLimitTests {
    static let kib = ReadLimit(bytes: 1024, variable: ReadLimit.historyVariable, subject: "the history file")

    static func size(_ path: String) -> Int {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : -1
    }

    static func shell(_ lines: [String], history path: String) -> (Shell, () -> String) {
        let (results, _) = TextOutput.capture()
        let (diagnostics, err) = TextOutput.capture()
        let printer = ResultPrinter(format: .table, maxRows: 40, results: results, diagnostics: diagnostics, messages: results, color: false)
        let shell = Shell(session: Session(), reader: ScriptedLineReader(lines: lines), printer: printer,
                          history: ShellHistory(file: HistoryFile(path: path, sizeLimit: kib)))
        return (shell, err)
    }

    @Test func anEntryOverTheLimitIsNotSavedAndSaidOnce() {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("history")
        let big = "# " + String(repeating: "x", count: 2000)
        let (shell, err) = Self.shell([".datasets", big, big + "y", ".mode"], history: path)
        shell.run()
        let warnings = err().components(separatedBy: "warning: ").dropFirst()
        #expect(warnings.count == 1, "\(err())")
        #expect(warnings.first == """
            an entry of 2 KiB is not saved in history '\(path)': it is 2 KiB, more than the 1 KiB limit \
            for the history file; set TOPLINE_HISTORY_LIMIT to raise the limit, e.g. TOPLINE_HISTORY_LIMIT=1M \
            (it is kept for this session)

            """)
        // Recalled in this session; the entries after it are saved.
        #expect(shell.history.entries == [".datasets", big, big + "y", ".mode"])
        let next = ShellHistory(file: HistoryFile(path: path, sizeLimit: Self.kib))
        #expect(next.loadError == nil && next.loadNotice == nil)
        #expect(next.entries == [".datasets", ".mode"])
    }

    @Test func aFileOverTheLimitKeepsItsNewestEntriesThatFit() {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("history")
        let records = (1...200).map { "from s | take \($0)" }
        dir.write("history", records.map { $0 + "\n" }.joined())
        let size = Self.size(path)
        #expect(size == 3492)
        // The newest records that fit in 1 KiB: 56 of 18 bytes (one more would make 1,026).
        let kept = Array(records.suffix(56))

        let (shell, err) = Self.shell([], history: path)
        #expect(err() == """
            warning: history '\(path)' was 3.4 KiB, more than the 1 KiB limit for the history file: \
            kept its newest 56 entries that fit

            """)
        #expect(shell.history.entries == kept)
        #expect(Self.size(path) == 56 * 18)
        // Read and written as any history from now on.
        let next = ShellHistory(file: HistoryFile(path: path, sizeLimit: Self.kib))
        #expect(next.loadError == nil && next.loadNotice == nil)
        #expect(next.entries == kept)
        next.add("datasets")
        #expect(HistoryFile(path: path, sizeLimit: Self.kib).load().last == "datasets")
    }

    /// The case: an older Topline saved an entry longer than the limit.
    @Test func anEntryPastTheLimitInTheFileIsPassedOver() {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("history")
        dir.write("history", "datasets\n# " + String(repeating: "x", count: 3000) + "\n.mode csv\n")
        let loaded = HistoryFile(path: path, sizeLimit: Self.kib).loadCheckingRecords()
        #expect(loaded.error == nil)
        #expect(loaded.entries == ["datasets", ".mode csv"])
        #expect(loaded.notice?.hasSuffix("kept its newest 2 entries that fit") == true)
        #expect(dir.read("history") == "datasets\n.mode csv\n")
    }

    /// Files over the limit that are not history are left as they are.
    @Test(arguments: [
        ("one line with no entry", Array(repeating: UInt8(ascii: "a"), count: 3000)),
        ("NUL bytes", [UInt8](repeating: 0, count: 3000)),
        ("invalid UTF-8 among records", Array("a\nb\n".utf8) + [0xFF, 0x0A] + Array(repeating: UInt8(ascii: "c"), count: 2000) + [0x0A]),
        ("more than 16 times the limit", Array(String(repeating: "datasets\n", count: 2000).utf8)),
    ] as [(String, [UInt8])])
    func aFileOverTheLimitThatIsNotHistoryIsLeftAlone(_ what: String, bytes: [UInt8]) {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("history")
        dir.write("history", bytes: bytes)
        let history = ShellHistory(file: HistoryFile(path: path, sizeLimit: Self.kib))
        #expect(history.loadError?.description.hasPrefix(
            "cannot read history '\(path)': it is \(ByteSize.describe(bytes.count)), more than the 1 KiB limit") == true, "\(what)")
        #expect(history.entries.isEmpty)
        history.add("datasets")
        #expect(Self.size(path) == bytes.count, "\(what)")
    }
}
