#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
import Topline
import ToplineTestSupport
@testable import ToplineShell

/// Issue 11: `.export` of a huge table is written a piece at a time with
/// Ctrl-C polled between pieces, as output to the terminal is; once it is
/// pressed the export stops, the old file is left as it was and the
/// temporary file is removed. (The terminal suite presses a real Ctrl-C:
/// `test_ctrl_c_stops_an_export`.)
@Suite struct ExportCancellationTests {
    static func table(rows: Int) throws -> Table {
        try Table(columns: [
            Column(name: "id", type: .integer, values: (0..<rows).map { .integer(Int64($0)) }),
            Column(name: "comment", type: .text, values: (0..<rows).map { .text("c\($0)") }),
        ])
    }

    /// The names in a directory, dot files (a temporary file) included.
    static func entries(_ dir: TemporaryDirectory) -> [String] {
        guard let d = opendir(dir.path) else { return [] }
        defer { closedir(d) }
        var names: [String] = []
        while let e = readdir(d) {
            let name = withUnsafeBytes(of: e.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// A writer for `name` in `dir` whose `write` calls are counted, setting
    /// `flag` (Ctrl-C) after the `after`-th.
    static func writer(_ dir: TemporaryDirectory, _ name: String, setting flag: InterruptFlag,
                       after: Int) throws -> (AtomicFileWriter, () -> Int) {
        final class Count: @unchecked Sendable { var calls = 0 }
        let count = Count()
        let writer = try AtomicFileWriter(path: dir.file(name), name: name, newFileMode: 0o666, chunkLimit: AtomicFile.chunkLimit) {
            fd, buffer, n in
            count.calls += 1
            if count.calls == after { flag.set() }
            return SystemCall.write(fd, buffer, n)
        }
        return (writer, { count.calls })
    }

    @Test(arguments: [OutputFormat.csv, .tsv, .json, .ndjson, .markdown, .table])
    func ctrlCMidwayKeepsTheOldFile(_ format: OutputFormat) throws {
        let dir = TemporaryDirectory(prefix: "topline-export")
        defer { dir.remove() }
        dir.write("big.out", "the old export\n")
        let flag = InterruptFlag()
        let (writer, calls) = try Self.writer(dir, "big.out", setting: flag, after: 2)
        let outcome = FileExport.write(try Self.table(rows: 300_000), as: format, to: writer, interrupt: flag)
        #expect(outcome == .cancelled)
        // Stopped at the next poll: two pieces of about 64 KB written, not megabytes.
        #expect(calls() == 2)
        #expect(dir.read("big.out") == "the old export\n")
        #expect(Self.entries(dir) == ["big.out"])
    }

    @Test func ctrlCBeforeTheFirstPieceWritesNothing() throws {
        let dir = TemporaryDirectory(prefix: "topline-export")
        defer { dir.remove() }
        let flag = InterruptFlag()
        flag.set()
        let (writer, calls) = try Self.writer(dir, "new.csv", setting: flag, after: -1)
        #expect(FileExport.write(try Self.table(rows: 10), as: .csv, to: writer, interrupt: flag) == .cancelled)
        #expect(calls() == 0)
        #expect(Self.entries(dir) == [])
    }

    /// A chart's SVG text is written in pieces too.
    @Test func ctrlCStopsATextExport() throws {
        let dir = TemporaryDirectory(prefix: "topline-export")
        defer { dir.remove() }
        dir.write("chart.svg", "<svg/>\n")
        let flag = InterruptFlag()
        let (writer, calls) = try Self.writer(dir, "chart.svg", setting: flag, after: 1)
        let text = String(repeating: "<rect/>\n", count: 1 << 19)  // 4 MiB
        #expect(FileExport.write(text, to: writer, interrupt: flag) == .cancelled)
        #expect(calls() == 1)
        #expect(dir.read("chart.svg") == "<svg/>\n")
        #expect(Self.entries(dir) == ["chart.svg"])
    }

    /// Without Ctrl-C the pieces make exactly what rendering whole makes.
    @Test(arguments: [OutputFormat.csv, .json, .box])
    func withoutCtrlCTheWholeTableIsWritten(_ format: OutputFormat) throws {
        let dir = TemporaryDirectory(prefix: "topline-export")
        defer { dir.remove() }
        dir.write("out", "old\n")
        let table = try Self.table(rows: 50_000)
        let (writer, calls) = try Self.writer(dir, "out", setting: InterruptFlag(), after: -1)
        #expect(FileExport.write(table, as: format, to: writer, interrupt: InterruptFlag()) == .written)
        #expect(calls() > 5)
        #expect(dir.read("out") == TableFormatter.render(table, as: format))
        #expect(Self.entries(dir) == ["out"])
        let (text, _) = try Self.writer(dir, "text", setting: InterruptFlag(), after: -1)
        #expect(FileExport.write("a\nb\n", to: text, interrupt: nil) == .written)
        #expect(dir.read("text") == "a\nb\n")
    }

    /// A write that fails half-way is reported as such (not as a cancel).
    @Test func aFailedWriteIsAFailureAndKeepsTheOldFile() throws {
        let dir = TemporaryDirectory(prefix: "topline-export")
        defer { dir.remove() }
        dir.write("out.csv", "old\n")
        let writer = try AtomicFileWriter(path: dir.file("out.csv"), name: "out.csv", newFileMode: 0o666,
                                          chunkLimit: AtomicFile.chunkLimit) { _, _, _ in
            errno = ENOSPC
            return -1
        }
        let outcome = FileExport.write(try Self.table(rows: 1000), as: .csv, to: writer, interrupt: InterruptFlag())
        #expect(outcome == .failed(FileWriteError(path: "out.csv", reason: "No space left on device")))
        #expect(dir.read("out.csv") == "old\n")
        #expect(Self.entries(dir) == ["out.csv"])
    }

    /// Through the shell: an export that is not cancelled says where it wrote.
    @Test func theShellExportsInPieces() throws {
        let h = ShellHarness(lines: [#"load "regions.csv" as r"#, "from r | select region", ".export out.json"])
        defer { h.directory.remove() }
        h.shell.interrupt = InterruptFlag()
        let (out, err) = h.run()
        #expect(err == "")
        #expect(out.contains("wrote out.json"))
        #expect(h.directory.read("out.json") == """
            [
              {"region":"Asia Pacific"},
              {"region":"Europe"},
              {"region":"North America"}
            ]

            """)
    }
}
