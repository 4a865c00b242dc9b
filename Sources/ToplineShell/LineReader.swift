/// What one read from the user produced.
public enum LineInput: Equatable, Sendable {
    /// A line (or a whole recalled multi-line entry), without its final newline.
    case line(String)
    /// Ctrl-C: discard the line and any unfinished statement.
    case interrupted
    /// Ctrl-D on an empty line, or the end of piped input.
    case endOfInput
}

/// A source of input lines for the shell: libedit on a terminal
/// (``EditLineReader``), plain reads otherwise (``PlainLineReader``), or a
/// scripted list in tests.
public protocol LineReader: AnyObject {
    /// Shows `prompt` (when the reader shows prompts) and reads one entry.
    func readLine(prompt: String) -> LineInput
    /// Makes `entry` available to Up/Down recall in this session.
    func addToHistory(_ entry: String)
}

/// Completes the text being edited: gets the current line's UTF-8 bytes and the
/// cursor's byte offset in them; returns the byte range of the line to replace
/// and the candidates.
public typealias LineCompleter = (_ line: [UInt8], _ cursor: Int) -> (range: Range<Int>, candidates: [(insertion: String, display: String)])
