/// Pure helpers for showing completion candidates: the common prefix to insert
/// when several candidates match, and the column layout of the list.
public enum CompletionListing {
    /// The longest common prefix of `strings`, on Unicode scalar boundaries.
    public static func commonPrefix(_ strings: [String]) -> String {
        guard var prefix = strings.first.map({ Array($0.unicodeScalars) }) else { return "" }
        for s in strings.dropFirst() {
            var n = 0
            for (a, b) in zip(prefix, s.unicodeScalars) {
                guard a == b else { break }
                n += 1
            }
            prefix.removeLast(prefix.count - n)
        }
        var result = ""
        result.unicodeScalars.append(contentsOf: prefix)
        return result
    }

    /// `items` laid out in columns (filled top to bottom, like `ls`) to fit
    /// `width` terminal columns, one line per row, each ending in a newline.
    public static func columns(_ items: [String], width: Int) -> String {
        guard !items.isEmpty else { return "" }
        let widths = items.map(displayWidth)
        let cell = (widths.max() ?? 0) + 2
        let perRow = max(1, min(items.count, max(1, width) / cell))
        let rows = (items.count + perRow - 1) / perRow
        var text = ""
        for r in 0..<rows {
            var line = ""
            var i = r
            while i < items.count {
                let last = i + rows >= items.count
                line += items[i]
                if !last { line += String(repeating: " ", count: cell - widths[i]) }
                i += rows
            }
            text += line + "\n"
        }
        return text
    }

    /// Terminal cells taken by `s`: one per scalar, two for East Asian wide
    /// ones, none for combining marks (enough for names and survey values).
    static func displayWidth(_ s: String) -> Int {
        s.unicodeScalars.reduce(0) { total, scalar in
            let v = scalar.value
            if scalar.properties.generalCategory == .nonspacingMark { return total }
            let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v)
                || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v)
                || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
                || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1FAFF).contains(v)
                || (0x20000...0x3FFFD).contains(v)
            return total + (wide ? 2 : 1)
        }
    }
}
