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

    /// Whether `text` should go through the pager on a terminal of `terminalRows` rows.
    func shouldPage(_ text: String, terminalRows: Int) -> Bool {
        switch mode {
        case .off: return false
        case .on: return true
        case .auto:
            guard terminalRows > 0 else { return false }
            // One row is left for the prompt that follows.
            return text.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) } >= terminalRows
        }
    }

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
