#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A data file open for reading with POSIX calls, as a ``ByteSource``:
/// every failure is a load diagnostic, and no read goes past the data-file
/// limit (``DataFileLimit``).
///
/// The file is read where it is asked for (`pread`), a chunk at a time, and
/// it must not change while it is read: when the end is reached, and before
/// any part is read a second time, its size and modification time must be
/// those it had when it was opened, or the load fails with `load.changed`.
/// A file truncated midway ends early, which the size shows.
final class DataFile: ByteSource {
    let name: String
    private let fd: Int32
    private let limit: DataFileLimit
    /// The size and modification time when opened.
    private let stamp: FileStamp
    let sizeHint: Int?

    /// Refuses missing paths, directories and non-regular files (FIFOs,
    /// sockets, devices) before anything opens them, so a FIFO never blocks.
    static func checkRegularFile(path: String, file: String) throws(Diagnostic) {
        // The C call would stop at a NUL and open a different (shorter) path.
        guard !path.utf8.contains(0) else {
            throw LoadError.make(.loadNotFound, "no such file: '\(file)' (the path contains a NUL byte)", file: file)
        }
        var info = stat()
        guard stat(path, &info) == 0 else { throw openError(errno, file: file) }
        try checkMode(info.st_mode, file: file)
    }

    /// Opens the regular file at `path`, named `file` in diagnostics; a file
    /// larger than `limit` is refused (`load.too-large`) before any of it is read.
    init(path: String, file: String, limit: DataFileLimit = .current()) throws(Diagnostic) {
        // O_NONBLOCK: should the path have become a FIFO since the check, open must not wait for a writer.
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw Self.openError(errno, file: file) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let code = errno
            close(fd)
            throw Self.readError(code, file: file)
        }
        let size = max(Int(info.st_size), 0)
        do throws(Diagnostic) {
            try Self.checkMode(info.st_mode, file: file)
            guard size <= limit.bytes else { throw limit.refusal(file: file, size: size) }
        } catch {
            close(fd)
            throw error
        }
        self.fd = fd
        self.name = file
        self.limit = limit
        stamp = FileStamp(info)
        // A /proc file says 0 and still has bytes.
        sizeHint = size > 0 ? size : nil
    }

    deinit { close(fd) }

    /// At most 64 MiB per call, so Ctrl-C is polled between calls.
    private static let readLimit = 1 << 26

    func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws(Diagnostic) -> Int {
        // One byte more than the limit is the most ever read: enough to know the file went past it.
        let room = limit.bytes == Int.max ? Int.max : limit.bytes + 1 - offset
        guard room > 0 else { throw limit.refusal(file: name, size: nil) }
        let wanted = min(buffer.count, room, Self.readLimit)
        while true {
            let got = pread(fd, buffer.baseAddress!, wanted, off_t(offset))
            if got < 0 {
                if errno == EINTR { continue }
                throw Self.readError(errno, file: name)
            }
            if got == 0 {
                // The end: the file must still be the one that was opened, and must not have been cut short.
                try checkUnchanged()
                guard stamp.size == 0 || Int64(offset) == stamp.size else { throw LoadError.changedWhileRead(name) }
            }
            guard offset + got <= limit.bytes else { throw limit.refusal(file: name, size: nil) }
            return got
        }
    }

    func checkUnchanged() throws(Diagnostic) {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw Self.readError(errno, file: name) }
        guard FileStamp(info) == stamp else { throw LoadError.changedWhileRead(name) }
    }

    private static func checkMode(_ mode: mode_t, file: String) throws(Diagnostic) {
        switch mode & S_IFMT {
        case S_IFREG:
            return
        case S_IFDIR:
            throw LoadError.make(.loadIsDirectory, "'\(file)' is a directory, not a data file", file: file)
        default:
            throw LoadError.make(
                .loadNotRegularFile, "'\(file)' is not a regular file (a pipe, socket or device)", file: file,
                hints: ["copy the data to a file first"])
        }
    }

    private static func openError(_ code: Int32, file: String) -> Diagnostic {
        switch code {
        case ENOENT, ENOTDIR:
            return LoadError.make(.loadNotFound, "no such file: '\(file)'", file: file)
        case EACCES, EPERM:
            return LoadError.make(.loadUnreadable, "permission denied reading '\(file)'", file: file)
        default:
            return readError(code, file: file)
        }
    }

    private static func readError(_ code: Int32, file: String) -> Diagnostic {
        LoadError.make(.loadUnreadable, "cannot read '\(file)': \(String(cString: strerror(code)))", file: file)
    }
}

/// A file's size and modification time, to tell whether it changed.
struct FileStamp: Equatable, Sendable {
    let size: Int64
    let seconds: Int
    let nanoseconds: Int

    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        self.init(info)
    }

    init(_ info: stat) {
        size = Int64(info.st_size)
        #if canImport(Darwin)
        seconds = info.st_mtimespec.tv_sec
        nanoseconds = info.st_mtimespec.tv_nsec
        #else
        seconds = info.st_mtim.tv_sec
        nanoseconds = info.st_mtim.tv_nsec
        #endif
    }
}
