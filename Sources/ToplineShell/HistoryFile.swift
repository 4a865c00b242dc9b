#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The shell's persistent history: one entry per statement, kept whole.
///
/// Format (Topline's own, not libedit's `_HiStOrY_V2_`): UTF-8 text, one entry
/// per line, with `\` written as `\\`, newline as `\n` and carriage return as
/// `\r`, so a multi-line statement stays one record. Entries are appended as
/// they are entered, each as one record on a file opened `O_APPEND`. The file
/// is created mode 0600, its directory 0700.
///
/// Loading keeps the newest ``capacity`` entries and drops consecutive
/// duplicates. When the file has grown past twice the capacity, loading
/// rewrites it with the kept entries (with ``AtomicFile``: a temporary file,
/// fsync and `rename`, so a crash never leaves a half-written history).
///
/// Several shells share one file safely: every append, and the whole of a
/// load (read, trim, rename), holds an exclusive `flock` on the file, so an
/// entry appended by another shell while this one trims is never lost. An
/// appender that got the lock on a file a trim has just replaced sees that
/// the path now names another file and appends to that one. When the
/// history path is a symbolic link, the link is kept and its target
/// rewritten.
///
/// Reads are bounded: a history file that is not a regular file (a FIFO,
/// `/dev/zero`) or is larger than ``sizeLimit`` is not read — and not
/// written — and loading reports why (``HistoryError``); opening never waits.
///
/// ```swift
/// let file = HistoryFile(path: NSTemporaryDirectory() + "topline-history-\(UUID())")
/// try file.append("from s\n| take 3")
/// _ = file.load()   // ["from s\n| take 3"]
/// ```
public struct HistoryFile: Sendable {
    public let path: String
    public let capacity: Int
    /// The largest history file read (`TOPLINE_HISTORY_LIMIT`, default 16 MiB).
    public let sizeLimit: ReadLimit

    public init(path: String, capacity: Int = 2000, sizeLimit: ReadLimit = .history(environment: [:])) {
        self.path = path
        self.capacity = capacity
        self.sizeLimit = sizeLimit
    }

    /// The stored entries, oldest first.
    public func load() -> [String] { loadCheckingRecords().entries }

    /// The stored entries, how many records were skipped as corrupt (records
    /// with a NUL byte or invalid UTF-8: a file that is not a history, or a
    /// damaged one, is left out rather than recalled as junk), and why the
    /// file could not be used at all, if it could not. A missing file is an
    /// empty history, not an error.
    public func loadCheckingRecords() -> (entries: [String], corrupt: Int, error: HistoryError?) {
        var entries: [String] = []
        var corrupt = 0
        var failure: HistoryError?
        let target: String
        switch AtomicFile.finalTarget(of: path) {
        case .success(let resolved): target = resolved
        case .failure(let error): return ([], 0, HistoryError(path: path, reading: error.code))
        }
        let locked = Self.withLock(on: target, flags: O_RDONLY) { fd, info in
            let size = Int(info.st_size)
            guard size <= sizeLimit.bytes else {
                failure = HistoryError(path: path, tooLarge: size, limit: sizeLimit)
                return
            }
            let bytes: [UInt8]
            switch FileBytes.read(fd: fd, limit: sizeLimit, expected: size) {
            case .success(let read): bytes = read
            case .failure(.tooLarge(let size, _)):
                failure = HistoryError(path: path, tooLarge: size, limit: sizeLimit)
                return
            case .failure(let other):
                failure = HistoryError(path: path, message: FileBytes.explain(other, name: path).message)
                return
            }
            var lineCount = 0
            for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true) {
                lineCount += 1
                guard !line.contains(0), String(validating: line, as: UTF8.self) != nil else {
                    corrupt += 1
                    continue
                }
                let entry = Self.decode(line)
                if entry != entries.last { entries.append(entry) }
            }
            if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
            // Still under the lock: no append can land between this read and the rename.
            if lineCount > 2 * capacity {
                let text = entries.map { Self.encode($0) + "\n" }.joined()
                try? AtomicFile.write(text, to: target, name: path)
            }
        }
        switch locked {
        case .success: break
        case .failure(.system(let code)) where code == ENOENT || code == ENOTDIR: return ([], 0, nil)
        case .failure(let reason): return ([], 0, HistoryError(path: path, opening: reason))
        }
        if let failure { return ([], 0, failure) }
        return (entries, corrupt, nil)
    }

    /// Appends one entry as one record, under the lock.
    public func append(_ entry: String) throws(HistoryError) {
        let target: String
        switch AtomicFile.finalTarget(of: path) {
        case .success(let resolved): target = resolved
        case .failure(let error): throw HistoryError(path: path, errno: error.code)
        }
        try Self.makeParentDirectory(of: target)
        let record = Array((Self.encode(entry) + "\n").utf8)
        var writeError: Int32 = 0
        let locked = Self.withLock(on: target, flags: O_WRONLY | O_APPEND | O_CREAT) { fd, _ in
            writeError = Self.writeAll(fd, record)
        }
        switch locked {
        case .success: break
        case .failure(.system(let code)): throw HistoryError(path: path, errno: code)
        case .failure(let reason): throw HistoryError(path: path, message: "cannot write history '\(path)': " + Self.words(reason))
        }
        if writeError != 0 { throw HistoryError(path: path, errno: writeError) }
    }

    /// Why a file could not be locked.
    enum LockFailure: Error {
        case system(Int32)
        case notRegular(mode_t)
    }

    /// Opens `target` (never waiting: `O_NONBLOCK`), refuses anything but a
    /// regular file, and runs `body` holding an exclusive `flock` on it. When
    /// the path names another file once the lock is held (a trim renamed a new
    /// file into place meanwhile), it opens again, so nothing is written to a
    /// file that is no longer the history.
    static func withLock(on target: String, flags: Int32, _ body: (Int32, stat) -> Void) -> Result<Void, LockFailure> {
        while true {
            let fd = open(target, flags | O_CLOEXEC | O_NONBLOCK, 0o600)
            guard fd >= 0 else { return .failure(.system(errno)) }
            defer { close(fd) }
            var info = stat()
            guard fstat(fd, &info) == 0 else { return .failure(.system(errno)) }
            guard info.st_mode & S_IFMT == S_IFREG else { return .failure(.notRegular(info.st_mode & S_IFMT)) }
            // A file system without locks (ENOLCK, EOPNOTSUPP; NFS with a read-only
            // descriptor: EBADF) gets the old, unlocked behaviour rather than no history.
            while flock(fd, LOCK_EX) != 0 && errno == EINTR {}
            var now = stat()
            guard stat(target, &now) == 0, now.st_dev == info.st_dev, now.st_ino == info.st_ino else { continue }
            // The size now, with the lock held.
            guard fstat(fd, &info) == 0 else { return .failure(.system(errno)) }
            body(fd, info)
            return .success(())
        }
    }

    static func words(_ failure: LockFailure) -> String {
        switch failure {
        case .system(let code): return String(cString: strerror(code))
        case .notRegular(let kind):
            return kind == S_IFDIR ? "it is a directory" : "it is \(FileBytes.describe(kind)), not a regular file"
        }
    }

    /// Writes every byte of `bytes`; 0, or the errno of the failing `write`.
    private static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Int32 {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = SystemCall.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                if n == 0 { return EIO }
                offset += n
            }
            return 0
        }
    }

    /// One record: the entry with `\`, newline and carriage return escaped.
    public static func encode(_ entry: String) -> String {
        var out = ""
        out.reserveCapacity(entry.utf8.count)
        for ch in entry.unicodeScalars {
            switch ch {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// The entry stored in one record (without its newline). An unknown
    /// escape is kept as written.
    public static func decode<Bytes: Collection<UInt8>>(_ record: Bytes) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(record.count)
        var escaped = false
        for b in record {
            if escaped {
                switch b {
                case UInt8(ascii: "n"): out.append(UInt8(ascii: "\n"))
                case UInt8(ascii: "r"): out.append(UInt8(ascii: "\r"))
                case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
                default: out += [UInt8(ascii: "\\"), b]
                }
                escaped = false
            } else if b == UInt8(ascii: "\\") {
                escaped = true
            } else {
                out.append(b)
            }
        }
        if escaped { out.append(UInt8(ascii: "\\")) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Creates every missing directory above `path`, mode 0700.
    private static func makeParentDirectory(of path: String) throws(HistoryError) {
        var components = path.split(separator: "/", omittingEmptySubsequences: false).dropLast()
        var current = ""
        if components.first == "" { components.removeFirst(); current = "" }
        for component in components where !component.isEmpty {
            current += (path.hasPrefix("/") || !current.isEmpty ? "/" : "") + component
            if mkdir(current, 0o700) != 0 && errno != EEXIST {
                throw HistoryError(path: current, errno: errno)
            }
        }
    }
}

/// A history file that could not be read or written: the message says which
/// file, what went wrong and, for a size limit, how to raise it.
public struct HistoryError: Error, CustomStringConvertible {
    public let path: String
    public let message: String
    public var description: String { message }

    init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    /// A failed write (or creating the folder), with the call's errno.
    init(path: String, errno code: Int32) {
        self.init(path: path, message: "cannot write history '\(path)': \(String(cString: strerror(code)))")
    }

    init(path: String, reading code: Int32) {
        self.init(path: path, message: "cannot read history '\(path)': \(String(cString: strerror(code)))")
    }

    init(path: String, opening failure: HistoryFile.LockFailure) {
        self.init(path: path, message: "cannot read history '\(path)': " + HistoryFile.words(failure))
    }

    init(path: String, tooLarge size: Int?, limit: ReadLimit) {
        self.init(path: path, message: "cannot read history '\(path)': " + limit.refusal(size: size) + "; " + limit.howToRaise(size: size))
    }
}
