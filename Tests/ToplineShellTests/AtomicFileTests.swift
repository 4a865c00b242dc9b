#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
import ToplineTestSupport
@testable import ToplineShell

/// The one file writer (`.export`, `.save`, history trimming): a failure
/// never loses the old file, leaves no temporary file and reports the
/// failing call's own errno. The failures are ones that happen even as root
/// (where permissions stop nothing): a missing folder, a path through a
/// regular file, a directory or device in the file's place, and a write that
/// fails half-way (injected).
@Suite struct AtomicFileTests {
    /// The names in a directory (dot files included: a temporary file is one).
    func entries(_ dir: TemporaryDirectory) -> [String] {
        guard let d = opendir(dir.path) else { return [] }
        defer { closedir(d) }
        var names: [String] = []
        while let e = readdir(d) {
            let name = withUnsafeBytes(of: e.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    func mode(_ path: String) -> mode_t {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_mode : 0
    }

    func failure(_ body: () throws(FileWriteError) -> Void) -> FileWriteError? {
        do throws(FileWriteError) {
            try body()
            return nil
        } catch {
            return error
        }
    }

    @Test func replacesTheOldFileKeepingItsPermissions() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        dir.write("out.csv", "old content that is longer than the new\n")
        chmod(dir.file("out.csv"), 0o640)
        try AtomicFile.write("a,b\n1,2\n", to: dir.file("out.csv"))
        #expect(dir.read("out.csv") == "a,b\n1,2\n")
        #expect(mode(dir.file("out.csv")) & 0o7777 == 0o640)
        #expect(entries(dir) == ["out.csv"])
        try AtomicFile.write("", to: dir.file("empty.txt"))
        #expect(dir.read("empty.txt") == "")
        #expect(entries(dir) == ["empty.txt", "out.csv"])
    }

    @Test func aMissingFolderIsReportedWithItsRealReason() {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let error = failure { () throws(FileWriteError) in try AtomicFile.write("x", to: dir.file("nowhere/out.csv"), name: "nowhere/out.csv") }
        #expect(error?.description.hasPrefix("cannot write 'nowhere/out.csv': No such file or directory") == true)
        #expect(error?.description.contains("Success") == false)
        #expect(entries(dir) == [])
    }

    @Test func aPathThroughARegularFileIsNotADirectory() {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        dir.write("notes.txt", "keep me\n")
        let error = failure { () throws(FileWriteError) in try AtomicFile.write("x", to: dir.file("notes.txt/out.csv"), name: "notes.txt/out.csv") }
        #expect(error?.description == "cannot write 'notes.txt/out.csv': Not a directory")
        #expect(dir.read("notes.txt") == "keep me\n")
        #expect(entries(dir) == ["notes.txt"])
    }

    @Test func aDirectoryInPlaceOfTheFileIsLeftAlone() {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        mkdir(dir.file("out.csv"), 0o755)
        dir.write("out.csv/inside", "kept\n")
        let error = failure { () throws(FileWriteError) in try AtomicFile.write("x", to: dir.file("out.csv"), name: "out.csv") }
        #expect(error?.description == "cannot write 'out.csv': it is a directory")
        #expect(dir.read("out.csv/inside") == "kept\n")
        #expect(entries(dir) == ["out.csv"])
    }

    @Test(arguments: ["/dev/full", "/dev/null"])
    func aDeviceIsRefusedNotReplaced(path: String) {
        let error = failure { () throws(FileWriteError) in try AtomicFile.write("x", to: path) }
        #expect(error?.description == "cannot write '\(path)': it is a device, not a regular file")
        #expect(mode(path) & S_IFMT == S_IFCHR)
    }

    /// A write that fails half-way (a full disk): the old content survives,
    /// the temporary file is gone, and the message is that write's errno.
    @Test func aFailedWriteKeepsTheOldFileAndRemovesTheTemporary() {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        dir.write("report.csv", "the old report\n")
        var calls = 0
        let error = failure { () throws(FileWriteError) in
            try AtomicFile.write(
                Array(repeating: UInt8(ascii: "x"), count: 10_000), to: dir.file("report.csv"), name: "report.csv",
                newFileMode: 0o666, chunkLimit: AtomicFile.chunkLimit
            ) { fd, buffer, count in
                calls += 1
                if calls == 1 { return SystemCall.write(fd, buffer, count / 2) }
                errno = ENOSPC
                return -1
            }
        }
        #expect(error?.description == "cannot write 'report.csv': No space left on device")
        #expect(dir.read("report.csv") == "the old report\n")
        #expect(entries(dir) == ["report.csv"])
    }

    /// Short writes are continued and no call asks for more than the chunk
    /// limit (a single `write` stops at 2,147,479,552 bytes on Linux).
    @Test func shortWritesAreContinuedInBoundedChunks() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let text = String(repeating: "0123456789", count: 100)
        var largest = 0
        var calls = 0
        try AtomicFile.write(Array(text.utf8), to: dir.file("out.txt"), name: nil, newFileMode: 0o666, chunkLimit: 64) {
            fd, buffer, count in
            largest = max(largest, count)
            calls += 1
            if calls % 3 == 0 {
                errno = EINTR
                return -1
            }
            return SystemCall.write(fd, buffer, min(count, 7))
        }
        #expect(dir.read("out.txt") == text)
        #expect(largest <= 64)
        #expect(entries(dir) == ["out.txt"])
    }

    /// A write that makes no progress is an error with a reason, not "Success".
    @Test func aWriteThatTakesNothingIsAnError() {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        dir.write("out.txt", "old\n")
        errno = 0
        let error = failure { () throws(FileWriteError) in
            try AtomicFile.write(Array("new\n".utf8), to: dir.file("out.txt"), name: "out.txt", newFileMode: 0o666, chunkLimit: 64) { _, _, _ in 0 }
        }
        #expect(error?.description == "cannot write 'out.txt': the file system took no more bytes after 0 of 4")
        #expect(dir.read("out.txt") == "old\n")
        #expect(entries(dir) == ["out.txt"])
    }

    @Test func aSymbolicLinkIsKeptAndItsTargetReplaced() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        mkdir(dir.file("real"), 0o755)
        dir.write("real/data.csv", "old\n")
        symlink("real/data.csv", dir.file("link.csv"))       // relative
        symlink(dir.file("link.csv"), dir.file("link2.csv"))  // absolute, to a link
        try AtomicFile.write("new\n", to: dir.file("link2.csv"))
        #expect(mode(dir.file("link.csv")) & S_IFMT == S_IFLNK)
        #expect(mode(dir.file("link2.csv")) & S_IFMT == S_IFLNK)
        #expect(dir.read("real/data.csv") == "new\n")
        // A dangling link: the target is created.
        symlink("real/later.csv", dir.file("dangling.csv"))
        try AtomicFile.write("made\n", to: dir.file("dangling.csv"))
        #expect(dir.read("real/later.csv") == "made\n")
        #expect(mode(dir.file("dangling.csv")) & S_IFMT == S_IFLNK)
    }

    /// Only where permissions apply (not as root): a read-only folder.
    @Test(.enabled(if: getuid() != 0, "root ignores permissions"))
    func aReadOnlyFolderKeepsTheOldFile() {
        let dir = TemporaryDirectory()
        defer { chmod(dir.path, 0o755); dir.remove() }
        dir.write("out.csv", "old\n")
        chmod(dir.path, 0o555)
        let error = failure { () throws(FileWriteError) in try AtomicFile.write("new\n", to: dir.file("out.csv"), name: "out.csv") }
        #expect(error?.description.hasPrefix("cannot write 'out.csv': Permission denied") == true)
        #expect(dir.read("out.csv") == "old\n")
    }
}
