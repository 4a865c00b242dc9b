#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
import ToplineTestSupport
import Topline
@testable import ToplineShell

@Suite(.serialized) struct HistoryTests {
    @Test(arguments: [
        (["TOPLINE_HISTORY": "/x/h", "XDG_STATE_HOME": "/s", "HOME": "/home/a"], "/x/h"),
        (["XDG_STATE_HOME": "/s", "HOME": "/home/a"], "/s/topline/history"),
        (["XDG_STATE_HOME": "relative/s", "HOME": "/home/a"], "/home/a/.local/state/topline/history"),
        (["XDG_STATE_HOME": "", "HOME": "/home/a"], "/home/a/.local/state/topline/history"),
        (["HOME": "/home/a"], "/home/a/.local/state/topline/history"),
    ] as [([String: String], String)])
    func locationRules(environment: [String: String], expected: String) {
        #expect(HistoryLocation.path(environment: environment) == expected)
    }

    @Test func noHomeOrEmptyOverrideMeansNoFile() {
        #expect(HistoryLocation.path(environment: [:]) == nil)
        #expect(HistoryLocation.path(environment: ["TOPLINE_HISTORY": "", "HOME": "/h"]) == nil)
    }

    @Test(arguments: [
        ("from s", "from s"),
        ("from s\n| take 3", "from s\\n| take 3"),
        ("a\\nb", "a\\\\nb"),
        ("crlf\r\nx", "crlf\\r\\nx"),
        ("日本 `3-5 years`", "日本 `3-5 years`"),
    ])
    func escapingRoundTrips(entry: String, record: String) {
        #expect(HistoryFile.encode(entry) == record)
        #expect(HistoryFile.decode(Array(record.utf8)) == entry)
    }

    @Test func unknownEscapesAndTrailingBackslashAreKept() {
        #expect(HistoryFile.decode(Array("a\\tb\\".utf8)) == "a\\tb\\")
    }

    @Test func appendCreatesDirectoriesAndPrivateFile() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let file = HistoryFile(path: dir.file("state/topline/history"))
        try file.append("from s\n| take 3")
        try file.append("datasets")
        #expect(dir.read("state/topline/history") == "from s\\n| take 3\ndatasets\n")
        var info = stat()
        #expect(stat(file.path, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
        #expect(stat(dir.file("state/topline"), &info) == 0)
        #expect(info.st_mode & 0o777 == 0o700)
        #expect(file.load() == ["from s\n| take 3", "datasets"])
    }

    @Test func loadDropsConsecutiveDuplicatesOnly() {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        dir.write("h", "a\na\nb\na\na\n")
        #expect(HistoryFile(path: dir.file("h")).load() == ["a", "b", "a"])
    }

    @Test func loadKeepsNewestCapacityAndCompactsLargeFiles() {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        dir.write("h", (1...25).map { "q\($0)\n" }.joined())
        let file = HistoryFile(path: dir.file("h"), capacity: 10)
        #expect(file.load() == (16...25).map { "q\($0)" })
        // 25 lines > 2 × 10: the file was rewritten with the kept entries.
        #expect(dir.read("h") == (16...25).map { "q\($0)\n" }.joined())
        dir.write("h", (1...15).map { "q\($0)\n" }.joined())
        _ = file.load()
        #expect(dir.read("h")?.split(separator: "\n").count == 15)
    }

    @Test func missingFileLoadsEmpty() {
        #expect(HistoryFile(path: "/nonexistent/topline/history").load() == [])
    }

    @Test func concurrentAppendsNeverInterleaveRecords() async throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("h")
        let writers = 8
        let perWriter = 200
        await withTaskGroup(of: Void.self) { group in
            for w in 0..<writers {
                group.addTask {
                    let file = HistoryFile(path: path)  // each writer opens on its own, like separate shells
                    let long = String(repeating: "x", count: 3000)
                    for i in 0..<perWriter {
                        try? file.append("from w\(w)\n| where n == \(i) # \(long)")
                    }
                }
            }
        }
        let entries = HistoryFile(path: path, capacity: 100_000).load()
        #expect(entries.count == writers * perWriter)
        #expect(entries.allSatisfy { $0.hasPrefix("from w") && $0.contains("\n| where n == ") && $0.hasSuffix("xxx") })
        for w in 0..<writers {
            let mine = entries.filter { $0.hasPrefix("from w\(w)\n") }
            #expect(mine.count == perWriter)
        }
    }

    @Test func shellHistoryDropsRepeatsAndBlanksAndPersists() {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let history = ShellHistory(file: HistoryFile(path: dir.file("h")))
        #expect(history.add("a"))
        #expect(!history.add("a"))
        #expect(!history.add("   "))
        #expect(history.add("b\n| c"))
        #expect(history.add("a"))
        #expect(ShellHistory(file: HistoryFile(path: dir.file("h"))).entries == ["a", "b\n| c", "a"])
    }

    @Test func listingNumbersAndIndentsContinuationLines() {
        let history = ShellHistory(file: nil)
        for e in ["q1", "q2", "from s\n| take 1", "q4", "q5", "q6", "q7", "q8", "q9", "q10"] { history.add(e) }
        #expect(history.listing(last: 2) == " 9  q9\n10  q10\n")
        #expect(history.listing(last: 0) == "")
        #expect(history.listing(last: nil).hasPrefix(" 1  q1\n 2  q2\n 3  from s\n    | take 1\n"))
    }

    @Test func writeFailureIsRecordedOnceAndMemoryHistoryContinues() {
        let history = ShellHistory(file: HistoryFile(path: "/proc/topline-cannot-write/history"))
        #expect(history.add("a"))
        #expect(history.writeError != nil)
        #expect(history.add("b"))
        #expect(history.entries == ["a", "b"])
    }
}

/// A damaged history file: junk records are skipped, good ones kept, and the shell warns once.
@Suite struct CorruptHistoryTests {
    @Test func junkRecordsAreSkippedAndCounted() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("history")
        var bytes = Array("from s | take 1\n".utf8)
        bytes += [0xFF, 0xFE, 0x00, 0x41, 0x0A]  // invalid UTF-8 and a NUL
        bytes += Array("datasets\n".utf8)
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress!, $0.count) }
        close(fd)
        let loaded = HistoryFile(path: path).loadCheckingRecords()
        #expect(loaded.entries == ["from s | take 1", "datasets"])
        #expect(loaded.corrupt == 1)

        let (out, text) = TextOutput.capture()
        let printer = ResultPrinter(format: .table, maxRows: nil, results: out, diagnostics: out, messages: out, color: false)
        let shell = Shell(session: Session(), reader: PlainLineReader(), printer: printer,
                          history: ShellHistory(file: HistoryFile(path: path)))
        shell.handle(line: "datasets")
        #expect(text().components(separatedBy: "warning: skipped 1 unreadable record").count == 2)
    }
}
