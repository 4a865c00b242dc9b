import Glibc

/// The shell's persistent history: one entry per statement, kept whole.
///
/// Format (Topline's own, not libedit's `_HiStOrY_V2_`): UTF-8 text, one entry
/// per line, with `\` written as `\\`, newline as `\n` and carriage return as
/// `\r`, so a multi-line statement stays one record. Entries are appended as
/// they are entered, each with a single `write` on a file opened `O_APPEND`:
/// two shells appending at once never interleave inside a record. The file is
/// created mode 0600, its directory 0700.
///
/// Loading keeps the newest ``capacity`` entries and drops consecutive
/// duplicates. When the file has grown past twice the capacity, loading
/// rewrites it with the kept entries (via a temporary file and `rename`, so a
/// crash never leaves a half-written history).
///
/// ```swift
/// let file = HistoryFile(path: "/tmp/h")
/// try file.append("from s\n| take 3")
/// file.load()   // ["from s\n| take 3"]
/// ```
public struct HistoryFile: Sendable {
    public let path: String
    public let capacity: Int

    public init(path: String, capacity: Int = 2000) {
        self.path = path
        self.capacity = capacity
    }

    /// The stored entries, oldest first.
    public func load() -> [String] { loadCheckingRecords().entries }

    /// The stored entries, and how many records were skipped as corrupt:
    /// records with a NUL byte or invalid UTF-8 (a file that is not a
    /// history, or a damaged one) are left out rather than recalled as junk.
    public func loadCheckingRecords() -> (entries: [String], corrupt: Int) {
        guard let bytes = FileBytes.contents(of: path) else { return ([], 0) }
        var entries: [String] = []
        var lineCount = 0
        var corrupt = 0
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
        if lineCount > 2 * capacity { rewrite(entries) }
        return (entries, corrupt)
    }

    /// Appends one entry as one record.
    public func append(_ entry: String) throws(HistoryError) {
        try Self.makeParentDirectory(of: path)
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw HistoryError(path: path, errno: errno) }
        defer { close(fd) }
        let record = Array((Self.encode(entry) + "\n").utf8)
        let written = record.withUnsafeBytes { Glibc.write(fd, $0.baseAddress!, $0.count) }
        guard written == record.count else { throw HistoryError(path: path, errno: errno) }
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

    private func rewrite(_ entries: [String]) {
        let temporary = path + ".tmp\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return }
        let text = Array(entries.map { Self.encode($0) + "\n" }.joined().utf8)
        let written = text.withUnsafeBytes { Glibc.write(fd, $0.baseAddress!, $0.count) }
        close(fd)
        if written == text.count { rename(temporary, path) } else { unlink(temporary) }
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

/// A history file that could not be written.
public struct HistoryError: Error, CustomStringConvertible {
    public let path: String
    public let errno: Int32
    public var description: String {
        "cannot write history '\(path)': \(String(cString: strerror(errno)))"
    }
}
