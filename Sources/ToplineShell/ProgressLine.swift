#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization
import Topline

/// The line on a terminal that shows how far a long statement has got
/// (``WorkProgress``), redrawn in place at most ten times a second:
///
///     copying big.csv into pg.big: 412.0 of 840.3 MB (49%)
///
/// It is drawn only on a terminal (``ScriptRunner`` makes one when the message
/// output is a terminal and neither `--quiet` nor `--errors json` is set), and
/// cleared before anything else is printed and when the statement ends, so it
/// never stays in the scrollback or mixes with results. Names in it are
/// escaped as every untrusted piece is (``SafeText/escape(_:)``) and shortened
/// to fit the terminal's width, so the line never wraps (a wrapped line could
/// not be redrawn in place).
///
/// ```swift
/// let (terminal, drawn) = TextOutput.capture(isTerminal: true)
/// let line = ProgressLine(output: terminal, columns: { 80 })
/// line.show(WorkProgress(activity: .copying(file: "big.csv", table: "pg.big"), done: 420_000_000, total: 840_000_000))
/// _ = drawn()   // "\rcopying big.csv into pg.big: 420.0 of 840.0 MB (50%)\u{1B}[K"
/// line.clear()  // "\r\u{1B}[K": the line is gone
/// ```
public final class ProgressLine: Sendable {
    /// The shortest time between two drawings.
    static let interval: UInt64 = 100_000_000
    private let output: TextOutput
    private let columns: @Sendable () -> Int
    private let now: @Sendable () -> UInt64
    private struct State {
        var shown = false
        var drawnAt: UInt64?
    }
    private let state = Mutex(State())

    /// - Parameters:
    ///   - output: where to draw; nothing is drawn unless it is a terminal.
    ///   - columns: the terminal's width now.
    ///   - now: a monotonic clock in nanoseconds (tests pass their own).
    public init(output: TextOutput, columns: @escaping @Sendable () -> Int,
                now: @escaping @Sendable () -> UInt64 = ProgressLine.monotonicNanoseconds) {
        self.output = output
        self.columns = columns
        self.now = now
    }

    /// Draws `progress`, unless the last drawing was less than ``interval`` ago
    /// (the last step, `done == total`, is drawn in any case).
    public func show(_ progress: WorkProgress) {
        guard output.isTerminal else { return }
        let time = now()
        let draw = state.withLock { state -> Bool in
            if let last = state.drawnAt, time &- last < Self.interval, progress.done < progress.total { return false }
            state.drawnAt = time
            state.shown = true
            return true
        }
        if draw { output.writeStatusLine(Self.text(progress, columns: columns())) }
    }

    /// Removes the line, if one is shown.
    public func clear() {
        let shown = state.withLock { state -> Bool in
            defer { state = State() }
            return state.shown
        }
        if shown { output.clearStatusLine() }
    }

    /// The line's text for a terminal `columns` wide: at most `columns - 1`
    /// columns, the file's name shortened in the middle when it must be.
    static func text(_ progress: WorkProgress, columns: Int) -> String {
        let percent = Int((progress.fraction * 100).rounded(.down))
        let amount = "\(megabytes(progress.done)) of \(megabytes(progress.total)) MB (\(percent)%)"
        switch progress.activity {
        case .copying(let file, let table):
            let into = SafeText.escape(table)
            let room = max(8, columns - 1 - SafeText.width("copying  into : ") - SafeText.width(into) - SafeText.width(amount))
            return "copying \(shortened(SafeText.escape(file), to: room)) into \(into): \(amount)"
        }
    }

    /// `text` (already escaped) cut to at most `width` columns by an ellipsis in its middle.
    static func shortened(_ text: String, to width: Int) -> String {
        guard SafeText.width(text) > width else { return text }
        let characters = Array(text)
        var head = characters.prefix((width - 1) / 2), tail = characters.suffix(width - 1 - head.count)
        while SafeText.width(String(head) + "…" + String(tail)) > width, !tail.isEmpty || !head.isEmpty {
            if tail.count >= head.count { tail = tail.dropFirst() } else { head = head.dropLast() }
        }
        return String(head) + "…" + String(tail)
    }

    /// Bytes as megabytes (10⁶) with one decimal: `412.0`.
    static func megabytes(_ bytes: Int) -> String {
        let tenths = (bytes + 50_000) / 100_000
        return "\(tenths / 10).\(tenths % 10)"
    }

    /// `CLOCK_MONOTONIC` in nanoseconds.
    @Sendable public static func monotonicNanoseconds() -> UInt64 {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_nsec)
    }
}
