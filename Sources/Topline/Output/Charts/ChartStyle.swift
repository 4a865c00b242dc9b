/// ANSI colours for text charts, used only when the caller asks for colour.
enum ChartStyle: UInt8 {
    case plain = 0
    case bold = 1
    case dim = 2
    case red = 31
    case green = 32
    case yellow = 33
    case blue = 34
    case magenta = 35
    case cyan = 36

    /// Colours for series, bars and dumbbell ends, in order.
    static let series: [ChartStyle] = [.cyan, .yellow, .magenta, .green, .blue, .red]
}

/// A line of a text chart built from styled runs; measured in display
/// columns, and written with escape codes only when colour is on.
struct StyledLine {
    private var runs: [(text: String, style: ChartStyle)] = []

    init(_ text: String = "", _ style: ChartStyle = .plain) {
        if !text.isEmpty { runs.append((text, style)) }
    }

    mutating func append(_ text: String, _ style: ChartStyle = .plain) {
        guard !text.isEmpty else { return }
        if let last = runs.last, last.style == style {
            runs[runs.count - 1].text += text
        } else {
            runs.append((text, style))
        }
    }

    /// The line cut with `…` to `width` display columns; a chart never
    /// relies on the terminal to wrap.
    func truncated(to width: Int) -> StyledLine {
        var total = 0
        for run in runs { total += DisplayWidth.of(run.text) }
        guard total > width else { return self }
        var out = StyledLine()
        var room = width - 1
        for (text, style) in runs {
            let w = DisplayWidth.of(text)
            if w <= room {
                out.append(text, style)
                room -= w
                continue
            }
            var kept = ""
            for ch in text {
                let cw = DisplayWidth.of(String(ch))
                if cw > room { break }
                kept.append(ch)
                room -= cw
            }
            out.append(kept, style)
            break
        }
        out.append("…")
        return out
    }

    /// The text with trailing spaces removed, coloured when `color` is true.
    func render(color: Bool) -> String {
        var out = ""
        for (text, style) in runs {
            if color && style != .plain {
                out += "\u{1B}[\(style.rawValue)m" + text + "\u{1B}[0m"
            } else {
                out += text
            }
        }
        while out.last == " " { out.removeLast() }
        return out
    }
}

extension ChartText {
    /// `text` padded with spaces on the right to `width` display columns.
    static func pad(_ text: String, to width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - DisplayWidth.of(text)))
    }

    /// `text` padded with spaces on the left to `width` display columns.
    static func padLeft(_ text: String, to width: Int) -> String {
        String(repeating: " ", count: max(0, width - DisplayWidth.of(text))) + text
    }

    /// A line of `span` columns with the scale's end ticks (and zero, or the
    /// middle) written under their positions: `0%          50%         100%`.
    static func axis(_ scale: ChartScale, span: Int) -> String {
        var cells = [Character](repeating: " ", count: span)
        var used = [Bool](repeating: false, count: span)
        let middle = scale.low < 0 && scale.high > 0 ? 0 : (scale.low + scale.high) / 2
        // Ends first, so the middle label gives way when there is no room.
        for (value, align) in [(scale.low, -1), (scale.high, 1), (middle, 0)] {
            let text = Array(scale.text(value))
            let at = Int((scale.fraction(value) * Double(span)).rounded())
            var start = align < 0 ? 0 : align > 0 ? span - text.count : at - text.count / 2
            start = max(0, min(start, span - text.count))
            let range = start..<(start + text.count)
            guard start >= 0, range.upperBound <= span,
                  !used[max(0, start - 1)..<min(span, range.upperBound + 1)].contains(true) else { continue }
            for (k, c) in text.enumerated() {
                cells[start + k] = c
                used[start + k] = true
            }
        }
        return String(cells)
    }
}
