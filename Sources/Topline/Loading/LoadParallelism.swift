#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How many threads a CSV or TSV load parses with, and from what size on:
/// the one definition the reader and the tests use (``DelimitedChunks``).
///
/// The threads are the processors this process may run on (its CPU affinity,
/// so `taskset -c 0 topline …` reads on one), at most ``maximumThreads``, or
/// `$TOPLINE_THREADS` when that is set to a number from 1 up (as
/// `$TOPLINE_DATA_LIMIT` sets the data-file limit). A file smaller than
/// ``minimumFileSize`` is read on one thread: starting threads would cost more
/// than they save.
///
/// ```swift
/// _ = LoadParallelism.current().threads   // 2 on a machine with 2 processors
/// ```
struct LoadParallelism: Sendable, Equatable {
    static let environmentVariable = "TOPLINE_THREADS"
    /// More threads than this gain little: the merge of their chunks and the
    /// reading of the file stay on one thread.
    static let maximumThreads = 8

    /// Chunks per thread in a window: more than one, so that a thread the
    /// system holds back (a shared machine) leaves its share to the others.
    static let chunksPerThread = 4

    /// Threads to parse a window with; 1 reads as the reader always did, row after row.
    var threads: Int
    /// Sources smaller than this (in bytes) are read on one thread.
    var minimumFileSize: Int
    /// A window is cut into chunks of at least this many bytes.
    var minimumChunk: Int

    /// Reading on one thread.
    static let sequential = LoadParallelism(threads: 1, minimumFileSize: 0, minimumChunk: 1)

    /// The setting now: `$TOPLINE_THREADS`, else the processors available, capped.
    static func current() -> LoadParallelism {
        let variable = getenv(environmentVariable).map { String(cString: $0) }
        return LoadParallelism(threads: threads(environmentValue: variable, processors: availableProcessors()),
                               minimumFileSize: 1 << 20, minimumChunk: 256 << 10)
    }

    /// The threads for a `$TOPLINE_THREADS` value and a processor count; a
    /// value that is not a whole number from 1 up is ignored.
    static func threads(environmentValue: String?, processors: Int) -> Int {
        if let value = environmentValue, let n = Int(value), n >= 1 { return min(n, 64) }
        return max(1, min(processors, maximumThreads))
    }

    /// The threads a source of `size` bytes (nil: unknown) is parsed with.
    func threads(forSize size: Int?) -> Int {
        guard let size, size >= minimumFileSize else { return 1 }
        return threads
    }

    /// The processors this process may run on: the bits of its affinity mask
    /// (`Cpus_allowed` in `/proc/self/status`, which `taskset` sets) where the
    /// system has one, else the processors online.
    static func availableProcessors() -> Int {
        if let status = FileSystem.systemFile("/proc/self/status"), let allowed = parseCpusAllowed(status) { return allowed }
        return max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    }

    /// The number of processors in the `Cpus_allowed:\tff,ffffffff` line of a
    /// status text (hexadecimal words of the mask, separated by commas).
    static func parseCpusAllowed(_ text: ArraySlice<UInt8>) -> Int? {
        let key = Array("Cpus_allowed:".utf8)
        for line in text.split(separator: UInt8(ascii: "\n")) where line.starts(with: key) {
            var count = 0
            for byte in line.dropFirst(key.count) {
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): count += (byte - UInt8(ascii: "0")).nonzeroBitCount
                case UInt8(ascii: "a")...UInt8(ascii: "f"): count += (byte - UInt8(ascii: "a") + 10).nonzeroBitCount
                case UInt8(ascii: ","), UInt8(ascii: " "), UInt8(ascii: "\t"): continue
                default: return nil
                }
            }
            return count > 0 ? count : nil
        }
        return nil
    }
}
