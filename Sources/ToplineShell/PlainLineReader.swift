import CLibEdit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads lines from standard input with no editing: used when standard input
/// or output is not a terminal (libedit would show no prompt and insert Tab
/// literally there).
public final class PlainLineReader: LineReader {
    private let output: TextOutput?

    /// - Parameter promptOutput: where to show prompts, or nil for none
    ///   (prompts would only clutter piped output).
    public init(promptOutput: TextOutput? = nil) {
        self.output = promptOutput
    }

    public func readLine(prompt: String) -> LineInput {
        output?.write(prompt)
        if let line = Swift.readLine(strippingNewline: true) { return .line(line) }
        if InterruptSignal.consume() {
            tl_clearerr_stdin()
            return .interrupted
        }
        return .endOfInput
    }

    public func addToHistory(_ entry: String) {}
}
