#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file written a piece at a time that is never lost (see ``AtomicFile``):
/// the pieces go to a temporary file in the target's folder, and only
/// ``commit()`` syncs it and renames it over the target. Until then the old
/// file is untouched; ``abandon()`` — for an export stopped by Ctrl-C — or any
/// failure removes the temporary file and leaves the old one as it was.
///
/// ```swift
/// let writer = try AtomicFileWriter(path: "/tmp/out.csv")
/// try writer.write("a,b\n")
/// try writer.write("1,2\n")
/// try writer.commit()
/// ```
public final class AtomicFileWriter {
    /// How errors name the file.
    public let name: String
    private let target: String
    private let folder: String
    /// The temporary file the pieces go to until ``commit()``.
    let temporary: String
    private let fd: Int32
    private let chunkLimit: Int
    private let writeCall: (Int32, UnsafeRawPointer, Int) -> Int
    /// Bytes written so far.
    private var offset = 0
    /// Committed or abandoned: the temporary file is gone either way.
    private var finished = false

    /// Creates the temporary file for `path`; `name` is how errors refer to
    /// the file (default: `path`). Directories, pipes and devices are refused.
    public convenience init(path: String, name: String? = nil) throws(FileWriteError) {
        try self.init(path: path, name: name, newFileMode: 0o666, chunkLimit: AtomicFile.chunkLimit) { fd, buffer, count in
            SystemCall.write(fd, buffer, count)
        }
    }

    /// With the `write` call and chunk size injectable, so tests can make a
    /// write fail half-way or return short counts.
    init(path: String, name: String?, newFileMode: mode_t, chunkLimit: Int,
         writeCall: @escaping (Int32, UnsafeRawPointer, Int) -> Int) throws(FileWriteError) {
        let name = name ?? path
        self.name = name
        self.chunkLimit = chunkLimit
        self.writeCall = writeCall
        func failure(_ reason: String) -> FileWriteError { FileWriteError(path: name, reason: reason) }
        guard !path.isEmpty else { throw failure("the file name is empty") }
        guard !path.utf8.contains(0) else { throw failure("the path contains a NUL byte") }

        switch AtomicFile.finalTarget(of: path) {
        case .success(let resolved): target = resolved
        case .failure(let error): throw Self.systemFailure(name, error.code, "following the symbolic link")
        }
        var info = stat()
        var existing: stat?
        if lstat(target, &info) == 0 {
            switch info.st_mode & S_IFMT {
            case S_IFREG: existing = info
            case S_IFDIR: throw failure("it is a directory")
            default: throw failure("it is \(FileBytes.describe(info.st_mode & S_IFMT)), not a regular file")
            }
        } else if errno != ENOENT {
            throw Self.systemFailure(name, errno)
        }
        folder = AtomicFile.directory(of: target)
        (fd, temporary) = try Self.createTemporary(in: folder, for: target, mode: newFileMode, name: name)
        if let old = existing {
            // Keep the old file's permissions and owner; neither failing loses data.
            _ = fchmod(fd, old.st_mode & 0o7777)
            if getuid() == 0 { _ = fchown(fd, old.st_uid, old.st_gid) }
        }
    }

    deinit { abandon() }

    /// The temporary file, for a library that writes a file only by its path
    /// (libxlsxwriter): it rewrites this file in place — the same file, which
    /// ``commit()`` then syncs and renames over the target.
    public var temporaryPath: String { temporary }

    /// Appends `text` (as UTF-8).
    public func write(_ text: String) throws(FileWriteError) {
        var text = text
        let failure: FileWriteError? = text.withUTF8 { bytes in
            do throws(FileWriteError) { try write(UnsafeRawBufferPointer(bytes)) } catch { return error }
            return nil
        }
        if let failure { throw failure }
    }

    /// Appends `bytes`: every one of them, in calls of at most the chunk
    /// limit, short writes continued. On failure the temporary file is removed.
    public func write(_ bytes: UnsafeRawBufferPointer) throws(FileWriteError) {
        guard !finished else { throw FileWriteError(path: name, reason: "the file was already closed") }
        var done = 0
        while done < bytes.count {
            let n = writeCall(fd, bytes.baseAddress! + done, min(bytes.count - done, chunkLimit))
            if n < 0 {
                let code = errno
                if code == EINTR { continue }
                throw fail(Self.systemFailure(name, code))
            }
            if n == 0 {
                throw fail(FileWriteError(
                    path: name, reason: "the file system took no more bytes after \(offset + done) of \(offset + bytes.count)"))
            }
            done += n
        }
        offset += done
    }

    /// Syncs the file to disk and renames it over the target.
    public func commit() throws(FileWriteError) {
        guard !finished else { throw FileWriteError(path: name, reason: "the file was already closed") }
        if fsync(fd) != 0 { throw fail(Self.systemFailure(name, errno, "syncing to disk")) }
        finished = true
        if close(fd) != 0 && errno != EINTR {
            let error = Self.systemFailure(name, errno, "closing the file")
            unlink(temporary)
            throw error
        }
        if rename(temporary, target) != 0 {
            let error = Self.systemFailure(name, errno, "renaming the new file into place")
            unlink(temporary)
            throw error
        }
        // The rename itself reaches the disk with the folder's sync; the data already has.
        let directoryFD = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryFD >= 0 {
            _ = fsync(directoryFD)
            close(directoryFD)
        }
    }

    /// Removes the temporary file: the target stays as it was. Does nothing
    /// once committed.
    public func abandon() {
        guard !finished else { return }
        finished = true
        close(fd)
        unlink(temporary)
    }

    /// Abandons the file and returns `error`.
    private func fail(_ error: FileWriteError) -> FileWriteError {
        abandon()
        return error
    }

    private static func systemFailure(_ name: String, _ code: Int32, _ step: String? = nil) -> FileWriteError {
        FileWriteError(path: name, reason: String(cString: strerror(code)) + (step.map { " (\($0))" } ?? ""))
    }

    /// A new, empty, exclusively created file next to `target`.
    private static func createTemporary(in folder: String, for target: String, mode: mode_t,
                                        name: String) throws(FileWriteError) -> (Int32, String) {
        // A short form of the name keeps the temporary name within NAME_MAX.
        let base = String(target.split(separator: "/").last.map { $0.prefix(40) } ?? "file")
        for _ in 0..<32 {
            let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 36)
            let temporary = folder + "/." + base + "." + suffix + ".tmp"
            let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
            if fd >= 0 { return (fd, temporary) }
            let code = errno
            if code == EEXIST || code == EINTR { continue }
            throw systemFailure(name, code, "creating a temporary file in '\(folder)'")
        }
        throw systemFailure(name, EEXIST, "creating a temporary file in '\(folder)'")
    }
}
