#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization
import Topline

/// A place to write text: standard output or error, libedit's output, or a
/// buffer in tests. Every byte the shell and the command send to a terminal
/// goes through one of these.
///
/// **Terminal safety.** On a terminal (`isTerminal`), everything written
/// passes through ``SafeText/forTerminal(_:keepingStyles:)`` — the escaping
/// rule of tables — so no control character, escape sequence (window title,
/// OSC 52 clipboard write, screen clearing) or bidi override from data, names,
/// file names or scripts can act on the terminal; line feeds and tabs, the
/// program's own layout, stay. Only a `styled` write (a coloured diagnostic
/// or chart, whose untrusted pieces the renderer has escaped) keeps SGR colour
/// sequences. To a file or a pipe the text goes unchanged, so machine formats
/// (csv, json…) stay lossless; the human formats escape their untrusted pieces
/// themselves.
///
/// Writes go straight to the file descriptor (no stdio buffering), so results,
/// diagnostics and libedit's own output interleave in the order they happen.
public struct TextOutput: Sendable {
    private let sink: @Sendable (String) -> Void
    /// Whether this output is a terminal (decides the default format and colour,
    /// and that every write is made terminal-safe).
    public let isTerminal: Bool

    public init(isTerminal: Bool = false, _ sink: @escaping @Sendable (String) -> Void) {
        self.sink = sink
        self.isTerminal = isTerminal
    }

    /// Writes `text`; `styled` keeps the SGR colour sequences the program put in.
    public func write(_ text: String, styled: Bool = false) { sink(prepared(text, styled: styled)) }

    /// Writes `text` and a newline unless it already ends with one.
    public func writeLine(_ text: String, styled: Bool = false) {
        write(text.hasSuffix("\n") ? text : text + "\n", styled: styled)
    }

    /// On a terminal, replaces the line the cursor is on with `text` (escaped as
    /// an untrusted piece, so it cannot move the cursor itself), leaving the cursor
    /// on it: carriage return, the text, erase to the end of the line. Elsewhere
    /// nothing: a status line is for eyes, not for logs. See ``ProgressLine``.
    func writeStatusLine(_ text: String) {
        guard isTerminal else { return }
        sink("\r" + SafeText.escape(text) + "\u{1B}[K")
    }

    /// On a terminal, erases the line ``writeStatusLine(_:)`` drew.
    func clearStatusLine() {
        guard isTerminal else { return }
        sink("\r\u{1B}[K")
    }

    /// `text` as this output sends it: made terminal-safe on a terminal,
    /// unchanged otherwise. For text that reaches the terminal another way
    /// (through the pager).
    public func prepared(_ text: String, styled: Bool = false) -> String {
        isTerminal ? SafeText.forTerminal(text, keepingStyles: styled) : text
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

    /// libedit's output stream (the completion list), written and flushed at once.
    static func stream(_ file: UnsafeMutablePointer<FILE>, isTerminal: Bool) -> TextOutput {
        nonisolated(unsafe) let file = file
        return TextOutput(isTerminal: isTerminal) { text in
            fputs(text, file)
            fflush(file)
        }
    }

    /// An output that collects text, and a function returning what it has
    /// collected; `isTerminal` makes it behave as a terminal does (tests).
    public static func capture(isTerminal: Bool = false) -> (output: TextOutput, text: @Sendable () -> String) {
        let buffer = Mutex("")
        return (TextOutput(isTerminal: isTerminal) { s in buffer.withLock { $0 += s } }, { buffer.withLock { $0 } })
    }

    /// Writes every byte of `text`, retrying on EINTR and short writes; 0, or
    /// the errno of the write that failed.
    private static func writeAll(fd: Int32, _ text: String) -> Int32 {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { raw in
                SystemCall.write(fd, raw.baseAddress! + offset, min(raw.count - offset, AtomicFile.chunkLimit))
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
