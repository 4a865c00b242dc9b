#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The largest data file `load` reads into memory. A bigger file is refused
/// with `load.too-large` before anything is allocated for it, instead of
/// the allocation failing and aborting the process.
///
/// The limit is `$TOPLINE_DATA_LIMIT` when that is set to a size (`2G`,
/// `500M`, a number of bytes), else the memory available to the system
/// (`MemAvailable` in `/proc/meminfo`) or, when the process's address space
/// is limited (`ulimit -v`) to less, a third of that limit — a load needs
/// address space of about three times a file's size (the parsed columns,
/// which for text can outgrow the file, one chunk of the file, and the
/// runtime's reservations) — else none. The limit also bounds what a
/// stream reads in all, so a file that grows while read stops at it.
///
/// ```swift
/// _ = DataFileLimit.current().bytes   // e.g. 24,503,435,264 on a machine with 23 GiB available
/// ```
public struct DataFileLimit: Sendable, Equatable {
    public static let environmentVariable = "TOPLINE_DATA_LIMIT"

    /// Where the limit comes from, which decides how the refusal says to change it.
    public enum Origin: Sendable, Equatable {
        /// `$TOPLINE_DATA_LIMIT`.
        case environment
        /// `MemAvailable` of `/proc/meminfo`.
        case availableMemory
        /// A third of the process's address-space limit (`ulimit -v`), given in bytes.
        case addressSpace(limit: Int)
        /// Neither is known: no limit.
        case none
    }

    public var bytes: Int
    public var origin: Origin

    public init(bytes: Int, origin: Origin) {
        self.bytes = bytes
        self.origin = origin
    }

    /// The limit now (read on every load: available memory changes).
    public static func current() -> DataFileLimit {
        let variable = getenv(environmentVariable).map { String(cString: $0) }
        return resolve(environmentValue: variable, availableMemory: availableMemory(), addressSpace: addressSpaceLimit())
    }

    /// How many times a file's size a load needs in address space.
    static let addressSpacePerByte = 3

    /// The limit for a `$TOPLINE_DATA_LIMIT` value, an amount of available
    /// memory and an address-space limit; a value that is not a size is ignored.
    static func resolve(environmentValue: String?, availableMemory: Int?, addressSpace: Int? = nil) -> DataFileLimit {
        if let value = environmentValue, let bytes = ByteSize.parse(value) {
            return DataFileLimit(bytes: bytes, origin: .environment)
        }
        var limit = availableMemory.map { DataFileLimit(bytes: $0, origin: .availableMemory) }
        if let space = addressSpace, space / addressSpacePerByte < limit?.bytes ?? Int.max {
            limit = DataFileLimit(bytes: space / addressSpacePerByte, origin: .addressSpace(limit: space))
        }
        return limit ?? DataFileLimit(bytes: Int.max, origin: .none)
    }

    /// The soft address-space limit (`ulimit -v`) in bytes; nil when unlimited.
    static func addressSpaceLimit() -> Int? {
        var limit = rlimit()
        #if canImport(Glibc)
        let resource = __rlimit_resource_t(RLIMIT_AS.rawValue)
        let unlimited = rlim_t.max  // RLIM_INFINITY, (rlim_t)-1, which Swift does not import
        #else
        let resource = RLIMIT_AS
        let unlimited = RLIM_INFINITY
        #endif
        guard getrlimit(resource, &limit) == 0, limit.rlim_cur != unlimited else { return nil }
        return limit.rlim_cur > rlim_t(Int.max) ? nil : Int(limit.rlim_cur)
    }

    /// The refusal of `file`, `size` bytes long (nil when the size was not
    /// known in advance and reading went past the limit).
    func refusal(file: String, size: Int?) -> Diagnostic {
        let what = size.map { "'\(file)' is \(ByteSize.describe($0))" } ?? "'\(file)' holds more than \(ByteSize.describe(bytes))"
        let suggestion = Self.suggestion(above: max(size ?? 0, bytes > Int.max / 2 ? bytes : bytes * 2))
        let variable = Self.environmentVariable
        let message: String
        let hint: String
        switch origin {
        case .environment:
            message = "\(what), more than the limit of \(ByteSize.describe(bytes)) set by \(variable)"
            hint = "raise the limit with \(variable)=\(suggestion)"
        case .addressSpace(let space):
            message = "\(what), more than the \(ByteSize.describe(bytes)) a process limited to \(ByteSize.describe(space)) of address space can load"
            hint = "a load needs about \(Self.addressSpacePerByte) times the file's size; raise the limit (ulimit -v), "
                + "or set \(variable) to decide yourself (e.g. \(variable)=\(suggestion))"
        case .availableMemory, .none:
            message = "\(what), more than the \(ByteSize.describe(bytes)) of memory available to load it"
            hint = "the limit is the memory available (MemAvailable in /proc/meminfo); "
                + "set \(variable) to change it (e.g. \(variable)=\(suggestion)), or load a smaller file"
        }
        return LoadError.make(.loadTooLarge, message, file: file, hints: [hint])
    }

    /// A round size at least `bytes`, as `ByteSize.parse` reads it (`3G`, `500M`).
    static func suggestion(above bytes: Int) -> String {
        let gib = 1 << 30, mib = 1 << 20
        if bytes >= gib { return "\(bytes / gib + (bytes % gib == 0 ? 0 : 1))G" }
        return "\(max(1, bytes / mib + (bytes % mib == 0 ? 0 : 1)))M"
    }

    /// `MemAvailable` from `/proc/meminfo` in bytes; nil where there is none.
    static func availableMemory() -> Int? {
        FileSystem.systemFile("/proc/meminfo").flatMap(parseMemAvailable)
    }

    /// The `MemAvailable:   12345 kB` line of a meminfo text, in bytes.
    static func parseMemAvailable(_ text: ArraySlice<UInt8>) -> Int? {
        for line in text.split(separator: UInt8(ascii: "\n")) where line.starts(with: Array("MemAvailable:".utf8)) {
            let digits = line.dropFirst("MemAvailable:".utf8.count).drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
                .prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
            guard let kib = Int(String(decoding: digits, as: UTF8.self)) else { return nil }
            let (bytes, overflow) = kib.multipliedReportingOverflow(by: 1024)
            return overflow ? Int.max : bytes
        }
        return nil
    }
}
