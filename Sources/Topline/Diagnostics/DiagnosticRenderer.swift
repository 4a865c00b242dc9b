/// Renders a ``Diagnostic`` the way compilers do:
///
/// ```
/// report.tq:3:9: error: unknown column 'regoin'
///   3 | | where regoin == "ASEAN"
///     |         ^~~~~~ did you mean 'region'?
/// ```
public enum DiagnosticRenderer {
    /// The text of `diagnostic`, ending in a newline. `source` is the text the
    /// diagnostic's range refers to; without it only the header line is shown.
    /// `color` adds ANSI colours (for terminals).
    ///
    /// Every piece that comes from scripts or data — the file name, message,
    /// label, hints and the quoted source line — is escaped by ``SafeText``,
    /// so no control character, escape sequence or bidi override of them gets
    /// through; the caret is placed by the escaped text's width.
    /// (``DiagnosticJSON`` keeps them as they are, for programs.)
    public static func render(_ diagnostic: Diagnostic, source: SourceFile?, color: Bool = false) -> String {
        let severity = color ? colored(diagnostic.severity) : diagnostic.severity.rawValue
        var header = ""
        var excerpt = ""
        if let range = diagnostic.range, let source, diagnostic.file == nil || diagnostic.file == source.name {
            let (line, _) = source.location(of: range.start)
            let lineStart = range.start - (source.location(of: range.start).column - 1)
            let column = displayWidth(source.text(in: SourceRange(lineStart, range.start))) + 1
            header = "\(SafeText.escape(source.name)):\(line):\(column): "
            let gutter = String(line)
            let pad = String(repeating: " ", count: gutter.count)
            // A very long line (a generated or pasted script) is shown as a window around the error.
            // The line's end in bytes: its decoded text is longer where invalid UTF-8 became U+FFFD.
            var lineEnd = lineStart
            while lineEnd < source.bytes.count, source.bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            if lineEnd > lineStart, source.bytes[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
            let window = excerptWindow(source, line: lineStart..<lineEnd, at: range.start)
            let shown = (window.lowerBound > lineStart ? "…" : "") + shownText(source.text(in: SourceRange(window.lowerBound, window.upperBound)))
                + (window.upperBound < lineEnd ? "…" : "")
            let caretColumn = (window.lowerBound > lineStart ? 1 : 0)
                + displayWidth(shownText(source.text(in: SourceRange(window.lowerBound, range.start)))) + 1
            // The underline stops at the end of the first line of a multi-line range.
            let underlined = shownText(source.text(in: SourceRange(range.start, min(range.end, window.upperBound))))
            let width = max(1, displayWidth(underlined))
            var marker = "^" + String(repeating: "~", count: width - 1)
            if color { marker = "\u{1B}[1;32m" + marker + "\u{1B}[0m" }
            excerpt = "\n \(gutter) | \(shown)\n \(pad) | \(String(repeating: " ", count: caretColumn - 1))\(marker)"
            if let label = diagnostic.label { excerpt += " " + SafeText.escape(label) }
        } else if let file = diagnostic.file.map(SafeText.escape) {
            let position = diagnostic.dataLine.map { line in diagnostic.dataColumn.map { "\(line):\($0)" } ?? "\(line)" }
            header = position.map { "\(file):\($0): " } ?? "\(file): "
        }
        var text = "\(header)\(severity): \(SafeText.escape(diagnostic.message))\(excerpt)\n"
        if excerpt.isEmpty, let label = diagnostic.label { text += "  \(SafeText.escape(label))\n" }
        for hint in diagnostic.hints { text += "help: \(SafeText.escape(hint))\n" }
        return text
    }

    /// Source text as the excerpt shows it: tabs become single spaces (so the
    /// caret lines up), then everything else unsafe is escaped. Escaping is
    /// per character, so a prefix's width is the width of the line up to there.
    private static func shownText(_ raw: String) -> String {
        SafeText.escape(raw.replacingTabs())
    }

    /// Lines longer than this many bytes are excerpted around the error.
    static let maxExcerptBytes = 240

    /// The byte range of `line` to show for an error at `offset`: the whole
    /// line, or for a long one about `maxExcerptBytes` around the offset, cut
    /// at character boundaries.
    private static func excerptWindow(_ source: SourceFile, line: Range<Int>, at offset: Int) -> Range<Int> {
        guard line.count > maxExcerptBytes else { return line }
        func isContinuation(_ i: Int) -> Bool { i < source.bytes.count && source.bytes[i] & 0xC0 == 0x80 }
        var start = max(line.lowerBound, min(offset, line.upperBound) - maxExcerptBytes / 3)
        while start > line.lowerBound, isContinuation(start) { start -= 1 }
        var end = min(line.upperBound, start + maxExcerptBytes)
        while end < line.upperBound, isContinuation(end) { end += 1 }
        return start..<end
    }

    /// Renders several diagnostics, each against the same source.
    public static func render(_ diagnostics: [Diagnostic], source: SourceFile?, color: Bool = false) -> String {
        diagnostics.map { render($0, source: source, color: color) }.joined()
    }

    private static func colored(_ severity: Diagnostic.Severity) -> String {
        let code: String
        switch severity {
        case .error: code = "1;31"
        case .warning: code = "1;35"
        case .note: code = "1;36"
        }
        return "\u{1B}[\(code)m\(severity.rawValue)\u{1B}[0m"
    }

    /// Terminal columns taken by `s` (wide East Asian characters count two).
    static func displayWidth(_ s: String) -> Int {
        s.unicodeScalars.reduce(0) { $0 + DisplayWidth.of($1) }
    }
}

private extension String {
    func replacingTabs() -> String {
        String(unicodeScalars.map { $0 == "\t" ? " " : Character($0) })
    }
}
