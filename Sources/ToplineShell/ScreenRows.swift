import Topline

/// The rows of a terminal `columns` wide that text takes once printed: a
/// line longer than the terminal wraps onto as many rows as it fills (a csv
/// line of 300 characters takes 3 rows of a 100-column terminal), which is
/// what the pager's `auto` decision counts. Fed piece by piece, as results
/// are written; a line may continue from one piece into the next.
///
/// ```swift
/// var screen = ScreenRows(columns: 100)
/// screen.add(String(repeating: "x", count: 250) + "\nshort\n")
/// // screen.rows == 4: three rows for the long line, one for the short one
/// ```
struct ScreenRows {
    /// The terminal's width; 0 or less when unknown, and then every line is one row.
    let columns: Int
    /// Rows of the lines ended so far.
    private var finished = 0
    /// Display width of the line not ended yet.
    private var width = 0
    /// Inside an SGR colour sequence (`ESC [ … m`), which takes no columns.
    private var inEscape = false

    init(columns: Int) { self.columns = columns }

    /// The rows taken so far, the unfinished line included.
    var rows: Int { finished + (width > 0 ? rowsOf(width) : 0) }

    /// Counts `text`, made terminal-safe as it is shown (no control
    /// characters but line feeds, tabs and the program's own colours).
    mutating func add(_ text: String) {
        var segment: [UInt8] = []
        func measure() {
            if !segment.isEmpty { width += SafeText.width(String(decoding: segment, as: UTF8.self)) }
            segment.removeAll(keepingCapacity: true)
        }
        for byte in text.utf8 {
            if inEscape {
                // Parameters and intermediates until the final byte, a letter.
                if (0x40...0x7E).contains(byte) && byte != UInt8(ascii: "[") { inEscape = false }
                continue
            }
            switch byte {
            case 0x1B:
                measure()
                inEscape = true
            case UInt8(ascii: "\n"):
                measure()
                finished += rowsOf(width)
                width = 0
            case UInt8(ascii: "\t"):
                measure()
                width = (width / 8 + 1) * 8  // to the next tab stop
            default:
                segment.append(byte)
            }
        }
        measure()
    }

    /// Rows a line `width` columns wide takes (an empty line takes one).
    private func rowsOf(_ width: Int) -> Int {
        guard columns > 0, width > columns else { return 1 }
        return (width + columns - 1) / columns
    }
}
