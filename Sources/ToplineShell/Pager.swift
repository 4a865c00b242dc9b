#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Shows long results through a pager program, as psql does: `$TOPLINE_PAGER`,
/// else `$PAGER`, else `less -SRFX` (chop long lines, keep colours, quit if
/// one screen, leave the text on screen).
public struct Pager: Sendable {
    public enum Mode: String, Sendable, CaseIterable {
        /// Never page.
        case off
        /// Page every result.
        case on
        /// Page results taller than the terminal.
        case auto
    }

    public static let defaultCommand = "less -SRFX"

    public var mode: Mode
    public var command: String

    public init(mode: Mode, command: String) {
        self.mode = mode
        self.command = command
    }

    /// The pager command from the environment.
    public static func command(environment: [String: String]) -> String {
        for name in ["TOPLINE_PAGER", "PAGER"] {
            if let value = environment[name], !value.allSatisfy(\.isWhitespace) { return value }
        }
        return defaultCommand
    }

    /// Whether a result that takes (at least) `rows` rows of the terminal
    /// (``ScreenRows``) should go through the pager.
    func shouldPage(rows: Int, terminalRows: Int) -> Bool {
        switch mode {
        case .off: return false
        case .on: return true
        case .auto:
            // One row is left for the prompt that follows.
            return terminalRows > 0 && rows >= terminalRows
        }
    }

    /// Starts the pager, to be fed piece by piece (a long result is never held whole).
    func open() -> PagerPipe? { PagerPipe(command: command) }

    /// Pipes `text` into the pager and waits for it to exit. False when the
    /// pager could not be started (the caller then prints the text itself).
    func show(_ text: String) -> Bool {
        guard let pipe = popen(command, "w") else { return false }
        let bytes = Array(text.utf8)
        // A pager quit early (q in less) closes the pipe: EPIPE, which is fine.
        _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, pipe) }
        let status = pclose(pipe)
        // The shell could not run the command at all (127): fall back to printing.
        return !(status != -1 && (status >> 8) & 0xFF == 127)
    }
}

/// A running pager, fed piece by piece through a pipe.
final class PagerPipe {
    private let pipe: UnsafeMutablePointer<FILE>
    /// The pager has gone (quit with q before the end): EPIPE.
    private(set) var closed = false

    init?(command: String) {
        guard let pipe = popen(command, "w") else { return nil }
        self.pipe = pipe
    }

    /// Sends `text`; false once the pager has gone.
    @discardableResult
    func write(_ text: String) -> Bool {
        guard !closed else { return false }
        var text = text
        let written = text.withUTF8 { fwrite($0.baseAddress, 1, $0.count, pipe) }
        if written < text.utf8.count || fflush(pipe) != 0 { closed = true }
        return !closed
    }

    /// Waits for the pager to exit; false when the command could not be run
    /// at all (status 127), so the caller shows the result itself.
    func close() -> Bool {
        let status = pclose(pipe)
        return !(status != -1 && (status >> 8) & 0xFF == 127)
    }
}
