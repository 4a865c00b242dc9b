#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file reads on plain file descriptors (no Foundation), each bounded:
/// the type and size are checked before anything is allocated, and a stream
/// is read no further than its limit, so `/dev/zero` or a 100 GB sparse file
/// is a refusal, never an abort.
enum FileBytes {
    /// Why a read failed.
    enum Failure: Error, Equatable {
        /// A system call failed with this errno.
        case system(Int32)
        case isDirectory
        /// Not a regular file (when only regular files are accepted): what it is.
        case notRegular(String)
        /// Larger than the limit: its size when known (a regular file), nil for
        /// a stream that went past it.
        case tooLarge(size: Int?, limit: ReadLimit)
    }

    /// The contents of `path`, at most `limit.bytes`.
    ///
    /// - Parameter regularOnly: refuse anything but a regular file, and never
    ///   wait when opening (a FIFO as history or startup file must not block
    ///   the prompt). Otherwise pipes and devices are read as streams, up to
    ///   the limit (`topline run <(…)`), and opening a FIFO waits for its
    ///   writer, as `cat` does.
    static func read(path: String, limit: ReadLimit, regularOnly: Bool) -> Result<[UInt8], Failure> {
        guard !path.utf8.contains(0) else { return .failure(.system(ENOENT)) }
        let fd = open(path, O_RDONLY | O_CLOEXEC | (regularOnly ? O_NONBLOCK : 0))
        guard fd >= 0 else { return .failure(.system(errno)) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .failure(.system(errno)) }
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            let size = Int(info.st_size)
            guard size <= limit.bytes else { return .failure(.tooLarge(size: size, limit: limit)) }
            return read(fd: fd, limit: limit, expected: size)
        case S_IFDIR:
            return .failure(.isDirectory)
        case let kind:
            if regularOnly { return .failure(.notRegular(describe(kind))) }
            return read(fd: fd, limit: limit, expected: nil)
        }
    }

    /// Everything readable from `fd` until end of file, at most `limit.bytes`
    /// (`expected`: the size to allocate for first, when known).
    static func read(fd: Int32, limit: ReadLimit, expected: Int? = nil) -> Result<[UInt8], Failure> {
        var result: [UInt8] = []
        result.reserveCapacity(min(expected.map { $0 + 1 } ?? 65536, limit.bytes + 1))
        let chunkSize = 65536
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        while true {
            // Never more than one byte past the limit: enough to know it was passed.
            let wanted = min(chunkSize, limit.bytes + 1 - result.count)
            let n = chunk.withUnsafeMutableBytes { SystemCall.read(fd, $0.baseAddress!, wanted) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { return .failure(.system(errno)) }
            if n == 0 { return .success(result) }
            result += chunk[0..<n]
            if result.count > limit.bytes { return .failure(.tooLarge(size: expected.map { max($0, result.count) }, limit: limit)) }
        }
    }

    /// A file type in words.
    static func describe(_ kind: mode_t) -> String {
        switch kind {
        case S_IFIFO: return "a pipe"
        case S_IFSOCK: return "a socket"
        case S_IFCHR, S_IFBLK: return "a device"
        default: return "not a regular file"
        }
    }

    /// The message for `failure` reading `name`: what went wrong, then how to fix it when there is a way.
    static func explain(_ failure: Failure, name: String) -> (message: String, hint: String?) {
        switch failure {
        case .system(let code):
            return ("cannot read '\(name)': \(String(cString: strerror(code)))", nil)
        case .isDirectory:
            return ("cannot read '\(name)': it is a directory", nil)
        case .notRegular(let kind):
            return ("cannot read '\(name)': it is \(kind), not a regular file", nil)
        case .tooLarge(let size, let limit):
            return ("cannot read '\(name)': " + limit.refusal(size: size), limit.howToRaise(size: size))
        }
    }
}
