#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The records of a history file, read a chunk at a time and kept within
/// bounds: the newest `capacity` entries whose records together fit in
/// `byteLimit`, consecutive duplicates dropped. A record longer than the
/// limit is passed over without being held (an entry an older Topline
/// wrote), so a file of any size is read in bounded memory.
struct HistoryRecords {
    /// The entries kept, oldest first.
    private(set) var entries: [String] = []
    /// Records read, records skipped as not UTF-8 text (or holding NUL), and
    /// records passed over as longer than the limit.
    private(set) var records = 0
    private(set) var corrupt = 0
    private(set) var oversized = 0
    /// Entries dropped to stay within `capacity` and `byteLimit`.
    private(set) var dropped = 0

    let capacity: Int
    let byteLimit: Int
    /// The record size of each kept entry, and their sum.
    private var sizes: [Int] = []
    private var keptBytes = 0
    /// The record being read, whether it has already passed the limit, and
    /// (then) whether it held a NUL byte, which no history record does.
    private var current: [UInt8] = []
    private var tooLong = false
    private var tooLongHasNUL = false

    /// Reads `fd` from its current offset to its end.
    static func read(_ fd: Int32, capacity: Int, byteLimit: Int) -> Result<HistoryRecords, FileBytes.Failure> {
        var scan = HistoryRecords(capacity: capacity, byteLimit: byteLimit)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { SystemCall.read(fd, $0.baseAddress!, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { return .failure(.system(errno)) }
            if n == 0 { break }
            scan.take(chunk[0..<n])
        }
        scan.endRecord()
        return .success(scan)
    }

    private init(capacity: Int, byteLimit: Int) {
        self.capacity = capacity
        self.byteLimit = byteLimit
    }

    private mutating func take(_ bytes: ArraySlice<UInt8>) {
        var rest = bytes
        while let newline = rest.firstIndex(of: UInt8(ascii: "\n")) {
            append(rest[..<newline])
            endRecord()
            rest = rest[(newline + 1)...]
        }
        append(rest)
    }

    private mutating func append(_ bytes: ArraySlice<UInt8>) {
        if !tooLong, current.count + bytes.count + 1 > byteLimit {
            tooLong = true
            tooLongHasNUL = current.contains(0)
            current = []
        }
        if tooLong {
            tooLongHasNUL = tooLongHasNUL || bytes.contains(0)
        } else {
            current += bytes
        }
    }

    private mutating func endRecord() {
        defer {
            current.removeAll(keepingCapacity: true)
            tooLong = false
            tooLongHasNUL = false
        }
        if tooLong {
            records += 1
            if tooLongHasNUL { corrupt += 1 } else { oversized += 1 }
            return
        }
        guard !current.isEmpty else { return }
        records += 1
        guard !current.contains(0), String(validating: current, as: UTF8.self) != nil else {
            corrupt += 1
            return
        }
        let entry = HistoryFile.decode(current)
        guard entry != entries.last else { return }
        entries.append(entry)
        sizes.append(current.count + 1)
        keptBytes += current.count + 1
        // The oldest go first; dropping a batch at a time keeps this linear.
        if entries.count > 2 * capacity + 1024 || keptBytes > byteLimit { compact() }
    }

    /// Drops the oldest entries until the rest fit (called as records come and at the end).
    mutating func compact() {
        var drop = max(0, entries.count - capacity)
        var bytes = keptBytes - sizes[..<drop].reduce(0, +)
        while bytes > byteLimit, drop < entries.count {
            bytes -= sizes[drop]
            drop += 1
        }
        guard drop > 0 else { return }
        entries.removeFirst(drop)
        sizes.removeFirst(drop)
        keptBytes = bytes
        dropped += drop
    }
}
