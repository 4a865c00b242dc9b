import Foundation
import Testing
import ToplineTestSupport
@testable import Topline

/// A load streams its file, so the file can change under it: truncated,
/// appended to or rewritten while it is read, or between the first read and
/// a second read of its rows. Each is `load.changed` ("changed while it was
/// being read"), never a crash or a table mixing two files.
@Suite struct LoadingFileChangeTests {
    /// A real `DataFile` with something done to the file on disk at a chosen moment.
    final class Tampered: ByteSource {
        enum Moment { case afterFirstRead, atTheEnd }
        let file: DataFile
        let moment: Moment
        let tamper: () -> Void
        private var done = false

        init(_ path: String, moment: Moment, tamper: @escaping () -> Void) throws(Diagnostic) {
            file = try DataFile(path: path, file: "t.csv")
            self.moment = moment
            self.tamper = tamper
        }

        var name: String { file.name }
        var sizeHint: Int? { file.sizeHint }

        func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws(Diagnostic) -> Int {
            let got = try file.read(at: offset, into: buffer)
            if !done, moment == .afterFirstRead || got == 0 {
                done = true
                tamper()
            }
            return got
        }

        func checkUnchanged() throws(Diagnostic) { try file.checkUnchanged() }
    }

    static func file(_ text: String) -> (TemporaryDirectory, String) {
        let dir = TemporaryDirectory(prefix: "topline-change")
        dir.write("t.csv", text)
        return (dir, dir.file("t.csv"))
    }

    static func failure(_ source: ByteSource) -> Diagnostic? {
        do throws(Diagnostic) {
            _ = try DelimitedReader.read(source, chunkSize: 4096, separator: UInt8(ascii: ","))
            return nil
        } catch {
            return error
        }
    }

    static let rows = "id,v\n" + (1...20_000).map { "\($0),\($0 % 7)\n" }.joined()

    /// Moves the modification time on, so a change within one clock tick still shows.
    static func touch(_ path: String) {
        var times = [timespec(tv_sec: 1_000_000, tv_nsec: 0), timespec(tv_sec: 1_000_000, tv_nsec: 0)]
        _ = utimensat(AT_FDCWD, path, &times, 0)
    }

    @Test func aFileTruncatedWhileItIsReadIsAnError() throws {
        let (dir, path) = Self.file(Self.rows)
        defer { dir.remove() }
        let source = try Tampered(path, moment: .afterFirstRead) { _ = truncate(path, 50_000) }
        let d = try #require(Self.failure(source))
        #expect(d.id == .loadChanged)
        #expect(d.message == "'t.csv' changed while it was being read")
    }

    @Test func aFileAppendedToWhileItIsReadIsAnError() throws {
        let (dir, path) = Self.file(Self.rows)
        defer { dir.remove() }
        let source = try Tampered(path, moment: .afterFirstRead) {
            let fd = open(path, O_WRONLY | O_APPEND)
            _ = "99999,1\n".withCString { write(fd, $0, 8) }
            close(fd)
            Self.touch(path)
        }
        #expect(Self.failure(source)?.id == .loadChanged)
    }

    /// The column turns to text on the last row, so its earlier rows are read
    /// a second time; the file is rewritten (same size) just before.
    @Test func aFileRewrittenBeforeItsRowsAreReadAgainIsAnError() throws {
        let (dir, path) = Self.file(Self.rows + "x,y\n")
        defer { dir.remove() }
        let source = try Tampered(path, moment: .atTheEnd) {
            let fd = open(path, O_WRONLY)
            _ = "id,w".withCString { pwrite(fd, $0, 4, 0) }
            close(fd)
            Self.touch(path)
        }
        #expect(Self.failure(source)?.id == .loadChanged)
    }

    /// The same reads with the file left alone load, so the tests above fail
    /// for the change and nothing else.
    @Test func theSameReadsOfAnUnchangedFileLoad() throws {
        let (dir, path) = Self.file(Self.rows + "x,y\n")
        defer { dir.remove() }
        let source = try Tampered(path, moment: .afterFirstRead) {}
        let table = try DelimitedReader.read(source, chunkSize: 4096, separator: UInt8(ascii: ","))
        #expect(table.rowCount == 20_001)
        #expect(table[0, "id"] == .text("1"))
        #expect(table[20_000, "v"] == .text("y"))
    }

    /// The diagnostic names the file and says what to do.
    @Test func aLoadOfAFileCutShortReportsIt() throws {
        let (dir, path) = Self.file(Self.rows)
        defer { dir.remove() }
        let source = try Tampered(path, moment: .afterFirstRead) { _ = truncate(path, 10) }
        let d = try #require(Self.failure(source))
        #expect(d.file == "t.csv")
        #expect(d.hints == ["load it again once nothing is writing to it"])
    }
}
