import Foundation
import Testing
import ToplineTestSupport
@testable import Topline

/// A data file larger than the memory that could hold it is refused before
/// its buffer is allocated (`load.too-large`), never an allocation abort.
@Suite struct LoadingLimitTests {
    static func sparseFile(size: Int, name: String = "s.csv") throws -> (dir: URL, path: String) {
        let dir = TemporaryDirectory(prefix: "topline-loading").url
        let path = dir.appendingPathComponent(name).path
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        try #require(fd >= 0)
        ftruncate(fd, off_t(size))
        close(fd)
        return (dir, path)
    }

    /// Every byte of the file at `path`, read through a stream as a load reads it.
    static func readAll(_ path: String, file: String, limit: DataFileLimit) throws(Diagnostic) -> Int {
        let stream = try ByteStream(source: try DataFile(path: path, file: file, limit: limit), chunkSize: 16, context: LoadContext())
        try stream.readToEnd()
        return stream.count
    }

    static func readFailure(_ path: String, limit: DataFileLimit) -> Diagnostic? {
        do throws(Diagnostic) {
            _ = try readAll(path, file: "s.csv", limit: limit)
            return nil
        } catch {
            return error
        }
    }

    /// `truncate -s 100G s.csv; load "s.csv" as s` aborted the process.
    @Test func aSparseFileLargerThanAvailableMemoryIsRefused() throws {
        let available = try #require(DataFileLimit.availableMemory(), "this test needs /proc/meminfo")
        let size = max(100 << 30, available + (1 << 30))
        let (dir, _) = try Self.sparseFile(size: size)
        defer { try? FileManager.default.removeItem(at: dir) }
        let session = Session(workingDirectory: dir.path)
        let outcome = session.run(#"load "s.csv" as s"#, fileName: "t.tq")
        let d = try #require(outcome.diagnostics.first)
        #expect(d.id.rawValue == "load.too-large")
        #expect(d.message.hasPrefix("'s.csv' is \(ByteSize.describe(size)), more than the "))
        #expect(d.message.hasSuffix(" of memory available to load it"))
        #expect(d.hints.first?.contains("set TOPLINE_DATA_LIMIT to change it") == true)
        #expect(session.dataset(named: "s") == nil)
    }

    @Test func aFileOverASetLimitIsRefusedAndOneAtItLoads() throws {
        let (dir, path) = try Self.sparseFile(size: 4096)
        defer { try? FileManager.default.removeItem(at: dir) }
        let small = DataFileLimit(bytes: 1024, origin: .environment)
        let d = try #require(Self.readFailure(path, limit: small))
        #expect(d.id.rawValue == "load.too-large")
        #expect(d.file == "s.csv")
        #expect(d.message == "'s.csv' is 4 KiB, more than the limit of 1 KiB set by TOPLINE_DATA_LIMIT")
        #expect(d.hints == ["raise the limit with TOPLINE_DATA_LIMIT=1M"])
        #expect(Self.readFailure(path, limit: DataFileLimit(bytes: 4096, origin: .environment)) == nil)
    }

    /// A file whose size `stat` does not know (`/proc`) is read no further than the limit.
    @Test func aFileThatGrowsPastTheLimitIsRefusedWhileReading() throws {
        do throws(Diagnostic) {
            _ = try Self.readAll("/proc/self/status", file: "status", limit: DataFileLimit(bytes: 64, origin: .environment))
            Issue.record("read past the limit")
        } catch {
            #expect(error.id.rawValue == "load.too-large")
            #expect(error.message == "'status' holds more than 64 bytes, more than the limit of 64 bytes set by TOPLINE_DATA_LIMIT")
        }
        let whole = try Self.readAll("/proc/self/status", file: "status", limit: DataFileLimit(bytes: 1 << 20, origin: .environment))
        #expect(whole > 64)
    }

    @Test(arguments: [
        ("2G", 123, DataFileLimit(bytes: 2 << 30, origin: .environment)),
        ("500M", nil, DataFileLimit(bytes: 500 << 20, origin: .environment)),
        ("lots", 123, DataFileLimit(bytes: 123, origin: .availableMemory)),
        ("", 123, DataFileLimit(bytes: 123, origin: .availableMemory)),
        (nil, 123, DataFileLimit(bytes: 123, origin: .availableMemory)),
        (nil, nil, DataFileLimit(bytes: Int.max, origin: .none)),
    ] as [(String?, Int?, DataFileLimit)])
    func theLimitComesFromTheEnvironmentElseAvailableMemory(value: String?, memory: Int?, expected: DataFileLimit) {
        #expect(DataFileLimit.resolve(environmentValue: value, availableMemory: memory) == expected)
    }

    @Test func memAvailableIsReadInBytes() {
        let text = "MemTotal:       32780604 kB\nMemFree:         1000000 kB\nMemAvailable:   24331780 kB\n"
        #expect(DataFileLimit.parseMemAvailable(ArraySlice(text.utf8)) == 24_331_780 * 1024)
        #expect(DataFileLimit.parseMemAvailable(ArraySlice("MemTotal: 5 kB\n".utf8)) == nil)
    }

    @Test(arguments: [
        ("64M", 64 << 20), ("64MiB", 64 << 20), ("16m", 16 << 20), ("1G", 1 << 30), ("2T", 2 << 40),
        ("1048576", 1 << 20), ("512K", 512 << 10), (" 3G ", 3 << 30), ("100B", 100),
    ])
    func sizesParse(text: String, bytes: Int) {
        #expect(ByteSize.parse(text) == bytes)
    }

    @Test(arguments: ["", "0", "-1", "1.5G", "G", "12Q", "99999999999999999999", "9999999999T"])
    func nonSizesAreRejected(text: String) {
        #expect(ByteSize.parse(text) == nil)
    }

    @Test(arguments: [
        (1, "1 byte"), (1000, "1000 bytes"), (1024, "1 KiB"), (1536, "1.5 KiB"), (64 << 20, "64 MiB"),
        (100 << 30, "100 GiB"), (107_374_182_433, "100 GiB"), (24_915_742_720, "23.2 GiB"),
    ])
    func sizesDescribe(bytes: Int, text: String) {
        #expect(ByteSize.describe(bytes) == text)
    }
}
