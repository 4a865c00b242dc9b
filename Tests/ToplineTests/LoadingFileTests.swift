import Foundation
import Testing
import ToplineTestSupport
@testable import Topline

@Suite struct LoadingFileTests {
    /// Writes `text` to `name` in `dir`; its path.
    static func write(_ text: String, to name: String, in dir: TemporaryDirectory) -> String {
        dir.write(name, text)
        return dir.file(name)
    }

    static func failure(_ path: String, displayPath: String? = nil) -> Diagnostic? {
        loadFailure { () throws(Diagnostic) in try DatasetReader.read(path: path, displayPath: displayPath) }
    }

    @Test func loadsTheExampleStudyMetrics() throws {
        let path = studiesCSV
        let t = try DatasetReader.read(path: path)
        #expect(t.rowCount == 60)
        #expect(t.columns.count == 16)
        #expect(t.column(named: "value_pct")?.type == .integer)
        #expect(t[0, "value_pct"] == .integer(16))
        #expect(t[1, "value_pct"] == .integer(57))
        let n = try #require(t.column(named: "n"))
        #expect(n.type == .integer)
        #expect(n[0] == .integer(1709))
        #expect((0..<t.rowCount).contains { n.isNull($0) })
        #expect(t.column(named: "source_url")?.type == .text)
        #expect(t.column(named: "edition_year")?.type == .integer)
        #expect(t[0, "n_basis"] == .text("study total (1,709 interviews, 64 countries, 18 industries); item base not published"))
    }

    @Test(arguments: [
        ("csv", "a,b\n1,x\n"), ("CSV", "a,b\n1,x\n"), ("tsv", "a\tb\n1\tx\n"), ("tab", "a\tb\n1\tx\n"),
        ("json", #"[{"a": 1, "b": "x"}]"#), ("ndjson", "{\"a\": 1, \"b\": \"x\"}\n"), ("jsonl", "{\"a\": 1, \"b\": \"x\"}"),
    ])
    func picksTheFormatByExtension(_ ext: String, _ content: String) throws {
        let dir = TemporaryDirectory(prefix: "topline-loading")
        defer { dir.remove() }
        let t = try DatasetReader.read(path: Self.write(content, to: "data.\(ext)", in: dir))
        #expect(t.columnNames == ["a", "b"])
        #expect(t.rows == [[.integer(1), .text("x")]])
    }

    @Test func unknownExtensionListsTheSupportedOnes() throws {
        let dir = TemporaryDirectory(prefix: "topline-loading")
        defer { dir.remove() }
        for name in ["data.xlsx", "noextension", ".csv"] {
            let path = Self.write("a\n1\n", to: name, in: dir)
            let d = try #require(Self.failure(path, displayPath: name))
            #expect(d.id.rawValue == "load.unknown-format")
            #expect(d.message == "cannot tell the format of '\(name)' from its extension")
            #expect(d.hints == ["supported extensions: .csv, .tsv, .tab, .json, .ndjson, .jsonl, .sav, .zsav, .dta, .sas7bdat, .xpt",
                                "or name the format: load \"\(name)\" format csv|tsv|json|ndjson|sav|dta|sas7bdat|xpt"])
            #expect(d.file == name)
        }
    }

    @Test func missingFile() throws {
        let d = try #require(Self.failure("/nonexistent/dir/x.csv", displayPath: "x.csv"))
        #expect(d.id.rawValue == "load.not-found")
        #expect(d.message == "no such file: 'x.csv'")
        #expect(d.file == "x.csv")
        let plain = try #require(Self.failure("/nonexistent.csv"))
        #expect(plain.file == "/nonexistent.csv")
    }

    @Test func directoryIsRefused() throws {
        let dir = TemporaryDirectory(prefix: "topline-loading")
        defer { dir.remove() }
        let sub = dir.file("data.csv")
        try FileManager.default.createDirectory(atPath: sub, withIntermediateDirectories: true)
        let d = try #require(Self.failure(sub))
        #expect(d.id.rawValue == "load.is-directory")
        #expect(d.message == "'\(sub)' is a directory, not a data file")
    }

    @Test func fifoIsRefusedWithoutBlocking() throws {
        let dir = TemporaryDirectory(prefix: "topline-loading")
        defer { dir.remove() }
        let path = dir.file("pipe.csv")
        try #require(mkfifo(path, 0o600) == 0)
        let d = try #require(Self.failure(path, displayPath: "pipe.csv"))
        #expect(d.id.rawValue == "load.not-regular-file")
        #expect(d.message == "'pipe.csv' is not a regular file (a pipe, socket or device)")
    }

    @Test func deviceIsRefused() throws {
        let d = try #require(Self.failure("/dev/null"))
        #expect(d.id.rawValue == "load.not-regular-file")
    }

    /// As root, ToplineShellTests' `PermissionTests` runs this case as an unprivileged user instead.
    @Test(.enabled(if: geteuid() != 0, "root reads files regardless of permissions (PermissionTests covers it as nobody)"))
    func unreadableFile() throws {
        let dir = TemporaryDirectory(prefix: "topline-loading")
        defer { dir.remove() }
        let path = Self.write("a\n1\n", to: "secret.csv", in: dir)
        try #require(chmod(path, 0) == 0)
        let d = try #require(Self.failure(path, displayPath: "secret.csv"))
        #expect(d.id.rawValue == "load.unreadable")
        #expect(d.message == "permission denied reading 'secret.csv'")
    }

    @Test func errorsInsideTheFileUseTheDisplayPath() throws {
        let dir = TemporaryDirectory(prefix: "topline-loading")
        defer { dir.remove() }
        let path = Self.write("a,b\n1,2\n3\n", to: "bad.csv", in: dir)
        let d = try #require(Self.failure(path, displayPath: "bad.csv"))
        #expect(d.id.rawValue == "load.ragged-row")
        #expect(d.file == "bad.csv")
        #expect(d.dataLine == 3)
    }

    @Test func emptyFileOnDisk() throws {
        let dir = TemporaryDirectory(prefix: "topline-loading")
        defer { dir.remove() }
        let d = try #require(Self.failure(Self.write("", to: "empty.csv", in: dir)))
        #expect(d.id.rawValue == "load.empty")
    }
}
