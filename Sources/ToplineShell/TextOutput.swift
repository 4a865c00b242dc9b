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
    /// that this is a write error rather than a kill. Any other write error
    /// (`> /dev/full`, an I/O error) is reported on standard error and the
    /// process exits with ``CommandStatus/outputError``: results that cannot
    /// be written must not look like success.
    public static let standardOutput = TextOutput(isTerminal: isatty(1) == 1) { text in
        let code = writeAll(fd: 1, text)
        if code == 0 { return }
        if code == EPIPE { exit(0) }
        _ = writeAll(fd: 2, "topline: cannot write standard output: \(String(cString: strerror(code)))\n")
        exit(CommandStatus.outputError.rawValue)
    }

    /// Standard error (its own write errors have nowhere to be reported).
    public static let standardError = TextOutput(isTerminal: isatty(2) == 1) { text in
        _ = writeAll(fd: 2, text)
    }

    /// An output that collects text, and a function returning what it has collected.
    public static func capture() -> (output: TextOutput, text: @Sendable () -> String) {
        let buffer = Mutex("")
        return (TextOutput { s in buffer.withLock { $0 += s } }, { buffer.withLock { $0 } })
    }

    /// Writes every byte of `text`, retrying on EINTR and short writes; 0, or
    /// the errno of the write that failed.
    private static func writeAll(fd: Int32, _ text: String) -> Int32 {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { raw in
                Glibc.write(fd, raw.baseAddress! + offset, min(raw.count - offset, AtomicFile.chunkLimit))
            }
            if n < 0 {
                let code = errno
                if code == EINTR { continue }
                return code
            }
            if n == 0 { return EIO }
            offset += n
        }
        return 0
    }
}
