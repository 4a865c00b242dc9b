#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a whole file so that it is never lost: the bytes go to a temporary
/// file in the same folder, every byte is written (in a loop, at most
/// ``chunkLimit`` per `write`: Linux writes at most 2,147,479,552 bytes in one
/// call), synced to disk, and only then renamed over the target. On any
/// failure the old file is untouched, the temporary file is removed, and the
/// error names the call's own errno.
///
/// The one file writer of the product: `.export`, `.save` and the history
/// file's trimming all use it.
///
/// A symbolic link as the target is kept: its target is replaced. An existing
/// file keeps its permissions (and, when run as root, its owner); a new one
/// gets mode 0666 less the umask. Directories, pipes and devices are refused
/// (renaming over `/dev/null` would replace the device).
///
/// ```swift
/// try AtomicFile.write("a,b\n1,2\n", to: "/tmp/out.csv")
/// ```
public enum AtomicFile {
    /// The most bytes passed to one `write` call.
    public static let chunkLimit = 1 << 30

    /// Writes `text` (as UTF-8) to `path`. `name` is how errors refer to the
    /// file (default: `path`).
    public static func write(_ text: String, to path: String, name: String? = nil) throws(FileWriteError) {
        try write(Array(text.utf8), to: path, name: name)
    }

    /// Writes `bytes` to `path`.
    public static func write(_ bytes: [UInt8], to path: String, name: String? = nil) throws(FileWriteError) {
        try write(bytes, to: path, name: name, newFileMode: 0o666, chunkLimit: chunkLimit) { fd, buffer, count in
            SystemCall.write(fd, buffer, count)
        }
    }

    /// The writer with its `write` call and chunk size injectable, so tests can
    /// make a write fail half-way or return short counts.
    static func write(
        _ bytes: [UInt8], to path: String, name: String?, newFileMode: mode_t, chunkLimit: Int,
        writeCall: (Int32, UnsafeRawPointer, Int) -> Int
    ) throws(FileWriteError) {
        let name = name ?? path
        func failure(_ reason: String) -> FileWriteError { FileWriteError(path: name, reason: reason) }
        func systemFailure(_ code: Int32, _ step: String? = nil) -> FileWriteError {
            failure(String(cString: strerror(code)) + (step.map { " (\($0))" } ?? ""))
        }
        guard !path.isEmpty else { throw failure("the file name is empty") }
        guard !path.utf8.contains(0) else { throw failure("the path contains a NUL byte") }

        let target: String
        switch finalTarget(of: path) {
        case .success(let resolved): target = resolved
        case .failure(let error): throw systemFailure(error.code, "following the symbolic link")
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
            throw systemFailure(errno)
        }

        let folder = directory(of: target)
        let (fd, temporary) = try createTemporary(in: folder, for: target, mode: newFileMode, failure: systemFailure)
        /// Removes the temporary file and returns `error`: every failure after this point.
        func abandon(_ error: FileWriteError, closing: Bool = true) -> FileWriteError {
            if closing { close(fd) }
            unlink(temporary)
            return error
        }
        if let old = existing {
            // Keep the old file's permissions and owner; neither failing loses data.
            _ = fchmod(fd, old.st_mode & 0o7777)
            if getuid() == 0 { _ = fchown(fd, old.st_uid, old.st_gid) }
        }

        var offset = 0
        let written: FileWriteError? = bytes.withUnsafeBytes { raw in
            while offset < raw.count {
                let n = writeCall(fd, raw.baseAddress! + offset, min(raw.count - offset, chunkLimit))
                if n < 0 {
                    let code = errno
                    if code == EINTR { continue }
                    return systemFailure(code)
                }
                if n == 0 {
                    return failure("the file system took no more bytes after \(offset) of \(raw.count)")
                }
                offset += n
            }
            return nil
        }
        if let written { throw abandon(written) }
        if fsync(fd) != 0 { throw abandon(systemFailure(errno, "syncing to disk")) }
        if close(fd) != 0 && errno != EINTR { throw abandon(systemFailure(errno, "closing the file"), closing: false) }
        if rename(temporary, target) != 0 { throw abandon(systemFailure(errno, "renaming the new file into place"), closing: false) }
        // The rename itself reaches the disk with the folder's sync; the data already has.
        let directoryFD = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryFD >= 0 {
            _ = fsync(directoryFD)
            close(directoryFD)
        }
    }

    /// A new, empty, exclusively created file next to `target`.
    private static func createTemporary(
        in folder: String, for target: String, mode: mode_t, failure: (Int32, String?) -> FileWriteError
    ) throws(FileWriteError) -> (Int32, String) {
        // A short form of the name keeps the temporary name within NAME_MAX.
        let base = String(target.split(separator: "/").last.map { $0.prefix(40) } ?? "file")
        for _ in 0..<32 {
            let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 36)
            let temporary = folder + "/." + base + "." + suffix + ".tmp"
            let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
            if fd >= 0 { return (fd, temporary) }
            let code = errno
            if code == EEXIST || code == EINTR { continue }
            throw failure(code, "creating a temporary file in '\(folder)'")
        }
        throw failure(EEXIST, "creating a temporary file in '\(folder)'")
    }

    /// `path` with a symbolic link as its last component replaced by what it
    /// points to (repeatedly), so that writing replaces the link's target and
    /// keeps the link. A dangling link resolves to the missing target.
    static func finalTarget(of path: String) -> Result<String, SystemError> {
        var current = path
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0, info.st_mode & S_IFMT == S_IFLNK else { return .success(current) }
            var buffer = [UInt8](repeating: 0, count: Int(PATH_MAX) + 1)
            let n = buffer.withUnsafeMutableBufferPointer { raw in
                raw.baseAddress!.withMemoryRebound(to: CChar.self, capacity: raw.count) { readlink(current, $0, raw.count - 1) }
            }
            guard n >= 0 else { return .failure(SystemError(code: errno)) }
            let link = String(decoding: buffer[0..<n], as: UTF8.self)
            current = link.hasPrefix("/") ? link : directory(of: current) + "/" + link
        }
        return .failure(SystemError(code: ELOOP))
    }

    /// The folder part of `path`: `.` for a bare name, `/` for a file at the root.
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let folder = path[..<slash]
        return folder.isEmpty ? "/" : String(folder)
    }
}

/// A file that could not be written, with the reason from the failing call.
public struct FileWriteError: Error, Equatable, CustomStringConvertible {
    /// The file as the user named it.
    public let path: String
    /// What went wrong: the failing call's `strerror`, or the file's type.
    public let reason: String
    public var description: String { "cannot write '\(path)': \(reason)" }
}

/// A failed system call's errno.
struct SystemError: Error, Equatable {
    let code: Int32
}
