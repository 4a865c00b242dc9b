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
/// error names the call's own errno. ``AtomicFileWriter`` does it for a file
/// written a piece at a time.
///
/// The one file writer of the product: `.export`, `--output`, `.save` and the
/// history file's trimming all use it (a workbook through the temporary file
/// of ``AtomicFileWriter``, which libxlsxwriter writes by path).
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
        writeCall: @escaping (Int32, UnsafeRawPointer, Int) -> Int
    ) throws(FileWriteError) {
        let writer = try AtomicFileWriter(path: path, name: name, newFileMode: newFileMode, chunkLimit: chunkLimit,
                                          writeCall: writeCall)
        let failure: FileWriteError? = bytes.withUnsafeBytes { raw in
            do throws(FileWriteError) { try writer.write(raw) } catch { return error }
            return nil
        }
        if let failure { throw failure }
        try writer.commit()
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
