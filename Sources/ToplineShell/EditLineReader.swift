import CLibEdit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Line editing with libedit (BSD editline): emacs keys, Up/Down and Ctrl-R
/// history search, multi-line entries recalled whole, and Tab completion via
/// ``completer``. Use only when standard input and output are both terminals.
///
/// Callbacks reach this object through `EL_CLIENTDATA`, so nothing here is global.
public final class EditLineReader: LineReader {
    private let editLine: OpaquePointer
    private let history: OpaquePointer
    /// The prompt libedit shows; its prompt callback returns this buffer, which
    /// stays valid until the next read (libedit calls it on every redraw).
    private var promptBuffer: UnsafeMutablePointer<CChar>?
    /// Set by the Ctrl-C key binding: the line read was cancelled.
    private var cancelled = false
    /// Computes candidates for Tab; nil disables completion.
    public var completer: LineCompleter?

    /// Nil when libedit cannot start (e.g. no usable terminal).
    public init?(programName: String = "topline", historySize: Int = 2000) {
        TerminalLocale.prepare()
        guard let editLine = tl_el_init(programName) else { return nil }
        guard let history = history_init() else {
            el_end(editLine)
            return nil
        }
        self.editLine = editLine
        self.history = history
        _ = tl_history_setsize(history, Int32(historySize))
        _ = tl_history_setunique(history, 1)
        _ = tl_el_set_hist(editLine, history)
        _ = tl_el_set_editor(editLine, "emacs")
        // Keeps the terminal sane when a signal arrives mid-edit.
        _ = tl_el_set_signal(editLine, 1)
        _ = tl_el_set_clientdata(editLine, Unmanaged.passUnretained(self).toOpaque())
        _ = tl_el_set_prompt_esc(editLine, { el in EditLineReader.owner(of: el)?.promptBuffer }, 1)
        _ = tl_el_addfn(editLine, "topline-complete", "complete the word at the cursor") { el, _ in
            EditLineReader.owner(of: el)?.completeAtCursor() ?? UInt8(CC_ERROR)
        }
        _ = tl_el_bind(editLine, "^I", "topline-complete")
        // While editing, Ctrl-C is a key (ISIG off) that cancels the line: a
        // signal arriving between libedit's reads would be missed. While a query
        // runs the terminal is cooked again and Ctrl-C is SIGINT (InterruptSignal).
        _ = tl_el_setty_noisig(editLine)
        _ = tl_el_addfn(editLine, "topline-cancel", "discard the line being edited") { el, _ in
            EditLineReader.owner(of: el)?.cancelLine() ?? UInt8(CC_ERROR)
        }
        _ = tl_el_bind(editLine, "^C", "topline-cancel")
        // Ctrl-D on an empty line leaves without libedit's echo of `^D`.
        _ = tl_el_addfn(editLine, "topline-end-or-delete", "leave on an empty line, else delete the character under the cursor") { el, _ in
            EditLineReader.owner(of: el)?.endOfInputOrDelete() ?? UInt8(CC_ERROR)
        }
        _ = tl_el_bind(editLine, "^D", "topline-end-or-delete")
        // With ISIG off, Ctrl-Z is a key too: it suspends the shell as a
        // terminal's Ctrl-Z suspends any program (job control).
        _ = tl_el_addfn(editLine, "topline-suspend", "suspend the shell (fg resumes it)") { el, _ in
            EditLineReader.owner(of: el)?.suspend() ?? UInt8(CC_ERROR)
        }
        _ = tl_el_bind(editLine, "^Z", "topline-suspend")
        _ = tl_el_bind(editLine, "^R", "em-inc-search-prev")
    }

    deinit {
        el_end(editLine)
        history_end(history)
        free(promptBuffer)
    }

    public func readLine(prompt: String) -> LineInput {
        free(promptBuffer)
        promptBuffer = strdup(prompt)
        InterruptSignal.flag.clear()
        // libedit writes the prompt before entering raw mode; keys typed in that
        // gap would be echoed and mangled by the cooked line discipline.
        _ = tl_el_prep_term(editLine, 1)
        cancelled = false
        var count: Int32 = 0
        let raw = el_gets(editLine, &count)
        if cancelled {
            TextOutput.standardOutput.write("^C\n")
            return .interrupted
        }
        guard let raw else {
            if InterruptSignal.consume() {
                TextOutput.standardOutput.write("^C\n")
                return .interrupted
            }
            // Ctrl-D: the cursor is still on the prompt's line.
            TextOutput.standardOutput.write("\n")
            return .endOfInput
        }
        var bytes = Array(UnsafeBufferPointer(start: UnsafeRawPointer(raw).assumingMemoryBound(to: UInt8.self), count: Int(count)))
        if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
        return .line(String(decoding: bytes, as: UTF8.self))
    }

    public func addToHistory(_ entry: String) {
        _ = tl_history_enter(history, entry)
    }

    /// Ctrl-C while editing: end the read; `readLine` reports it as interrupted.
    private func cancelLine() -> UInt8 {
        cancelled = true
        return UInt8(CC_NEWLINE)
    }

    /// Ctrl-D: on an empty line the end of input (echoing nothing, where
    /// libedit's own binding writes `^D`); inside a line it deletes the
    /// character under the cursor, and at the end of one it beeps, as
    /// libedit's `em-delete-or-list` does.
    private func endOfInputOrDelete() -> UInt8 {
        guard let info = el_line(editLine)?.pointee else { return UInt8(CC_ERROR) }
        if info.buffer == info.lastchar { return UInt8(CC_EOF) }
        if info.cursor == info.lastchar { return UInt8(CC_REFRESH_BEEP) }
        _ = el_cursor(editLine, 1)
        el_deletestr(editLine, 1)
        return UInt8(CC_REFRESH)
    }

    /// Ctrl-Z: the terminal goes back to how it was before the shell, the
    /// process group stops (the parent shell says "Stopped" on a line of its
    /// own), and on `fg` the terminal is raw again and the prompt and line
    /// are drawn anew, with the half-typed line intact. Without job control
    /// (an orphaned process group) the kernel discards the stop and the line
    /// is only redrawn.
    private func suspend() -> UInt8 {
        _ = tl_el_prep_term(editLine, 0)
        tl_stop_for_job_control()
        _ = tl_el_prep_term(editLine, 1)
        return UInt8(CC_REDISPLAY)
    }

    private static func owner(of el: OpaquePointer?) -> EditLineReader? {
        guard let el, let data = tl_el_get_clientdata(el) else { return nil }
        return Unmanaged<EditLineReader>.fromOpaque(data).takeUnretainedValue()
    }

    /// Tab: insert the only candidate, or the candidates' longer common
    /// prefix, or list them under the line (libedit then redraws the line).
    private func completeAtCursor() -> UInt8 {
        guard let completer, let info = el_line(editLine)?.pointee, let start = info.buffer else {
            return UInt8(CC_REFRESH_BEEP)
        }
        let length = info.lastchar - start
        let cursor = info.cursor - start
        let bytes = Array(UnsafeBufferPointer(start: UnsafeRawPointer(start).assumingMemoryBound(to: UInt8.self), count: length))
        let (range, candidates) = completer(bytes, cursor)
        guard !candidates.isEmpty, range.upperBound <= bytes.count else { return UInt8(CC_REFRESH_BEEP) }
        if candidates.count == 1 {
            replace(range, in: bytes, cursor: cursor, with: candidates[0].insertion)
            return UInt8(CC_REFRESH)
        }
        let typed = String(decoding: bytes[range], as: UTF8.self)
        let prefix = CompletionListing.commonPrefix(candidates.map(\.insertion))
        if prefix.utf8.count > typed.utf8.count {
            replace(range, in: bytes, cursor: cursor, with: prefix)
            return UInt8(CC_REFRESH)
        }
        list(candidates.map(\.display))
        return UInt8(CC_REDISPLAY)
    }

    private func replace(_ range: Range<Int>, in bytes: [UInt8], cursor: Int, with text: String) {
        // libedit moves and deletes in characters, not bytes.
        func characters(_ from: Int, _ to: Int) -> Int32 {
            Int32(String(decoding: bytes[min(from, to)..<max(from, to)], as: UTF8.self).unicodeScalars.count)
        }
        let move = characters(cursor, range.upperBound)
        if move != 0 { _ = el_cursor(editLine, range.upperBound > cursor ? move : -move) }
        let remove = characters(range.lowerBound, range.upperBound)
        if remove > 0 { el_deletestr(editLine, remove) }
        _ = el_insertstr(editLine, text)
    }

    /// Lists candidates under the line. They are data values, column and file
    /// names: `CompletionListing` escapes each, and the write goes through a
    /// terminal ``TextOutput`` like every other.
    private func list(_ items: [String]) {
        guard let file = tl_el_output_file(editLine) else { return }
        let limit = 200
        let shown = Array(items.prefix(limit))
        let width = Int(tl_terminal_columns(1))
        var text = "\n" + CompletionListing.columns(shown, width: width > 0 ? width : 80)
        if items.count > limit { text += "… and \(items.count - limit) more\n" }
        TextOutput.stream(file, isTerminal: true).write(text)
    }
}
