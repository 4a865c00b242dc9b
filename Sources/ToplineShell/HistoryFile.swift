#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Topline

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
/// `/dev/zero`) is not read — and not written — and loading reports why
/// (``HistoryError``); opening never waits. The file is read a chunk at a
/// time keeping only the newest entries whose records fit in ``sizeLimit``
/// (``HistoryRecords``), so one over the limit (entries from several shells,
/// a limit lowered, an entry an older Topline wrote past the limit) is cut
/// to those by the same locked trim, and loading says so once
/// (``HistoryLoad/notice``). A file over the limit that does not hold
/// history records (NUL bytes, invalid UTF-8, no entry at all) or is more
/// than 16 times the limit is left alone, neither read nor written. An
/// entry whose record alone is over the limit is never appended
/// (``admits(_:)``), so no entry can make the file unusable.
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
    public func loadCheckingRecords() -> HistoryLoad {
        var load = HistoryLoad()
        var failure: HistoryError?
        let target: String
        switch AtomicFile.finalTarget(of: path) {
        case .success(let resolved): target = resolved
        case .failure(let error): return HistoryLoad(error: HistoryError(path: path, reading: error.code))
        }
        let locked = Self.withLock(on: target, flags: O_RDONLY) { fd, info in
            let size = Int(info.st_size)
            let overLimit = size > sizeLimit.bytes
            // Far past the limit it is not a file Topline wrote: leave it alone.
            guard size / 16 <= sizeLimit.bytes else {
                failure = HistoryError(path: path, tooLarge: size, limit: sizeLimit)
                return
            }
            var scan: HistoryRecords
            switch HistoryRecords.read(fd, capacity: capacity, byteLimit: sizeLimit.bytes) {
            case .success(let read): scan = read
            case .failure(let other):
                failure = HistoryError(path: path, message: FileBytes.explain(other, name: path).message)
                return
            }
            scan.compact()
            if overLimit || scan.oversized > 0, scan.corrupt > 0 || scan.entries.isEmpty {
                // Not history records (NUL bytes, invalid UTF-8, one endless line): leave it alone.
                failure = HistoryError(path: path, tooLarge: size, limit: sizeLimit)
                return
            }
            load.entries = scan.entries
            load.corrupt = scan.corrupt
            // Still under the lock: no append can land between this read and the rename.
            if scan.records > 2 * capacity || overLimit || scan.oversized > 0 {
                let text = load.entries.map { Self.encode($0) + "\n" }.joined()
                try? AtomicFile.write(text, to: target, name: path)
            }
            if overLimit || scan.oversized > 0 {
                let kept = load.entries.count
                load.notice = "history '\(path)' was \(ByteSize.describe(size)), "
                    + (overLimit ? "more than" : "with entries longer than")
                    + " the \(ByteSize.describe(sizeLimit.bytes)) limit for the history file: "
                    + "kept its newest \(kept) entr\(kept == 1 ? "y" : "ies") that fit"
            }
        }
        switch locked {
        case .success: break
        case .failure(.system(let code)) where code == ENOENT || code == ENOTDIR: return HistoryLoad()
        case .failure(let reason): return HistoryLoad(error: HistoryError(path: path, opening: reason))
        }
        if let failure { return HistoryLoad(error: failure) }
        return load
    }

    /// Whether `entry` can be stored: a record over the size limit would make
    /// the file too large to read at the next start, so it is not appended.
    public func admits(_ entry: String) -> Bool {
        Self.encode(entry).utf8.count + 1 <= sizeLimit.bytes
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

/// What loading the history file found.
public struct HistoryLoad: Sendable {
    /// The stored entries, oldest first.
    public var entries: [String] = []
    /// How many records were skipped as corrupt (a NUL byte or invalid UTF-8).
    public var corrupt = 0
    /// Why the file could not be used at all; it is then neither read nor written.
    public var error: HistoryError?
    /// What to say once when the file was over its size limit and was cut
    /// to the newest entries that fit.
    public var notice: String?
}

/// A history file that could not be read or written: the message says which
/// file, what went wrong and, for a size limit, how to raise it.
public struct HistoryError: Error, CustomStringConvertible, Sendable {
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
