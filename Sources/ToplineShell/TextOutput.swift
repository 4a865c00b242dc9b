import Glibc
import Synchronization

/// A place to write text: standard output or error, or a buffer in tests.
///
/// Writes go straight to the file descriptor (no stdio buffering), so results,
/// diagnostics and libedit's own output interleave in the order they happen.
public struct TextOutput: Sendable {
    private let sink: @Sendable (String) -> Void
    /// Whether this output is a terminal (decides the default format and colour).
    public let isTerminal: Bool

    public init(isTerminal: Bool = false, _ sink: @escaping @Sendable (String) -> Void) {
        self.sink = sink
        self.isTerminal = isTerminal
    }

    public func write(_ text: String) { sink(text) }

    /// Writes `text` and a newline unless it already ends with one.
    public func writeLine(_ text: String) {
        sink(text.hasSuffix("\n") ? text : text + "\n")
    }

    /// Standard output. When the reader has gone (EPIPE, e.g. piped into
    /// `head`), the process exits quietly with status 0: SIGPIPE is ignored so
    /// that this is a write error rather than a kill.
    public static let standardOutput = TextOutput(isTerminal: isatty(1) == 1) { text in
        if !writeAll(fd: 1, text) { exit(0) }
    }

    /// Standard error.
    public static let standardError = TextOutput(isTerminal: isatty(2) == 1) { text in
        _ = writeAll(fd: 2, text)
    }

    /// An output that collects text, and a function returning what it has collected.
    public static func capture() -> (output: TextOutput, text: @Sendable () -> String) {
        let buffer = Mutex("")
        return (TextOutput { s in buffer.withLock { $0 += s } }, { buffer.withLock { $0 } })
    }

    /// Writes every byte of `text`, retrying on EINTR; false on any other error.
    private static func writeAll(fd: Int32, _ text: String) -> Bool {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { raw in
                Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
            }
            if n < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += n
        }
        return true
    }
}
