import Topline

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
    /// Items are values and names from data and the file system: each is
    /// escaped (``SafeText/escape(_:)``, the rule of tables) and measured as shown.
    public static func columns(_ items: [String], width: Int) -> String {
        guard !items.isEmpty else { return "" }
        let items = items.map(SafeText.escape)
        let widths = items.map(SafeText.width)
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
}
