import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization
import Testing
import ToplineTestSupport
import Topline
@testable import ToplineShell

/// The history file shared by several shells and pointed at odd files:
/// trimming never loses another shell's appends, a symbolic link stays one,
/// and a FIFO, a device or an oversized file is refused without blocking or
/// allocating.
@Suite(.serialized) struct HistorySafetyTests {
    func lines(_ path: String) -> [String] {
        guard let f = fopen(path, "r") else { return [] }
        defer { fclose(f) }
        var bytes: [UInt8] = []
        while case let c = fgetc(f), c != EOF { bytes.append(UInt8(c)) }
        return String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// One shell trims (its load rewrites the file) over and over while
    /// another appends 60 entries: every one of the 60 must survive. Before
    /// the lock, a trim that read the file before an append and renamed after
    /// it dropped the entry (55 of 60 were lost).
    ///
    /// The trimming writer pads the file with runs of one repeated record,
    /// which loading collapses (consecutive duplicates), so each trim only
    /// ever drops padding: anything else missing was lost to the race.
    @Test func trimmingWhileAnotherShellAppendsLosesNothing() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("history")
        let capacity = 200
        let appended = 60
        let done = Shared(false)
        let trims = Shared(0)
        let trimmerFinished = DispatchSemaphore(value: 0)

        let trimmer = Thread {
            let file = HistoryFile(path: path, capacity: capacity)
            while !done.value {
                for _ in 0...(2 * capacity) { try? file.append("padding") }
                _ = file.load()  // over 2 × capacity lines: rewrites the file
                trims.update { $0 += 1 }
            }
            trimmerFinished.signal()
        }
        let finished = DispatchSemaphore(value: 0)
        let appender = Thread {
            let file = HistoryFile(path: path, capacity: capacity)  // the other shell
            for i in 1...appended {
                try? file.append("from s | take \(i)")
                usleep(3000)
            }
            done.update { $0 = true }
            finished.signal()
        }
        trimmer.start()
        appender.start()
        finished.wait()
        trimmerFinished.wait()  // its last round ends
        let survivors = HistoryFile(path: path, capacity: 100_000).load().filter { $0.hasPrefix("from s") }
        #expect(survivors == (1...appended).map { "from s | take \($0)" })
        #expect(trims.value >= 3, "the test must trim while appending")
    }

    @Test func trimmingThroughASymbolicLinkKeepsTheLink() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        mkdir(dir.file("dotfiles"), 0o700)
        dir.write("dotfiles/history", (1...25).map { "q\($0)\n" }.joined())
        symlink("dotfiles/history", dir.file("history"))
        let file = HistoryFile(path: dir.file("history"), capacity: 10)
        #expect(file.load() == (16...25).map { "q\($0)" })
        var info = stat()
        #expect(lstat(dir.file("history"), &info) == 0 && info.st_mode & S_IFMT == S_IFLNK)
        #expect(lines(dir.file("dotfiles/history")) == (16...25).map { "q\($0)" })
        try file.append("q26")
        #expect(lstat(dir.file("history"), &info) == 0 && info.st_mode & S_IFMT == S_IFLNK)
        #expect(lines(dir.file("dotfiles/history")).last == "q26")
    }

    /// A FIFO as history once blocked the shell before its first prompt.
    @Test func aFIFOIsRefusedWithoutWaiting() {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("fifo")
        mkfifo(path, 0o600)
        let history = ShellHistory(file: HistoryFile(path: path))
        #expect(history.loadError?.description == "cannot read history '\(path)': it is a pipe, not a regular file")
        #expect(history.add("from s | take 1"))  // no write is attempted, so nothing blocks
        #expect(history.writeError == nil)
        #expect(history.entries == ["from s | take 1"])
    }

    /// `TOPLINE_HISTORY=/dev/zero` once grew the shell to 9.6 GB.
    @Test func aDeviceIsRefused() {
        let history = ShellHistory(file: HistoryFile(path: "/dev/zero"))
        #expect(history.loadError?.description == "cannot read history '/dev/zero': it is a device, not a regular file")
        #expect(history.add("datasets"))
        #expect(history.entries == ["datasets"])
    }

    @Test func aFileOverTheLimitIsNeitherReadNorWritten() {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("history")
        let fd = open(path, O_WRONLY | O_CREAT, 0o600)
        ftruncate(fd, 20 << 20)
        close(fd)
        let history = ShellHistory(file: HistoryFile(path: path))
        #expect(history.loadError?.description == """
            cannot read history '\(path)': it is 20 MiB, more than the 16 MiB limit for the history file; \
            set TOPLINE_HISTORY_LIMIT to raise the limit, e.g. TOPLINE_HISTORY_LIMIT=64M
            """)
        history.add("datasets")
        var info = stat()
        stat(path, &info)
        #expect(info.st_size == 20 << 20)
        // Raised, it is read (its NUL bytes are one corrupt record).
        let raised = ShellHistory(file: HistoryFile(path: path, sizeLimit: .history(environment: ["TOPLINE_HISTORY_LIMIT": "32M"])))
        #expect(raised.loadError == nil)
        #expect(raised.corruptRecords == 1)
    }

    @Test func theShellWarnsOnceAndKeepsHistoryForTheSession() {
        let (results, _) = TextOutput.capture()
        let (diagnostics, err) = TextOutput.capture()
        let printer = ResultPrinter(format: .table, maxRows: 40, results: results, diagnostics: diagnostics, messages: results, color: false)
        let reader = ScriptedLineReader(lines: ["datasets", "datasets", ".history"])
        let shell = Shell(session: Session(), reader: reader, printer: printer, history: ShellHistory(file: HistoryFile(path: "/dev/zero")))
        shell.run()
        #expect(err() == "warning: cannot read history '/dev/zero': it is a device, not a regular file (history is kept for this session only)\n")
        #expect(reader.recalled == ["datasets", ".history"])
    }
}

/// A value shared between threads.
final class Shared<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    init(_ value: Value) { mutex = Mutex(value) }
    var value: Value { mutex.withLock { $0 } }
    func update(_ body: (inout Value) -> Void) { mutex.withLock { body(&$0) } }
}
