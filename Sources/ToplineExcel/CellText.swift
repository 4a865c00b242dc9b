/// The text a string cell is given. Cells hold untrusted text as it is — a
/// spreadsheet is not a terminal, and a string cell is never a formula, so
/// `=cmd|' /C calc'!A0` stays text — within what the file format can carry:
///
/// - at most 32,767 characters (Excel's limit, in UTF-16 code units): a
///   longer text is cut between characters and ends with ``cutNote``;
/// - `_xHHHH_` is how the format escapes characters that XML cannot hold, so
///   a text that contains such a sequence literally has its `_` escaped as
///   `_x005F_` (as Excel writes it), and reads back as written;
/// - U+0000, which a C string cannot hold, is written `_x0000_`, its escape.
///
/// Swift strings are valid UTF-8 already; the other control characters are
/// escaped by libxlsxwriter.
///
/// ```swift
/// _ = CellText.prepared("=1+1")        // "=1+1" (written as a string)
/// _ = CellText.prepared("_x0041_")     // "_x005F_x0041_"
/// ```
public enum CellText {
    /// Excel's longest cell text.
    public static let maxLength = 32_767
    /// What ends a text cut to ``maxLength``.
    public static let cutNote = "… [cut to Excel's 32,767-character limit]"

    public static func prepared(_ text: String) -> String {
        let whole = escaped(text)
        guard whole.utf16.count > maxLength else { return whole }
        // Keep the characters whose escaped form surely fits (an `_` or NUL may take 7 units),
        // then escape what was kept: an escape is never cut in half.
        let room = maxLength - cutNote.utf16.count
        var kept = 0
        var end = text.startIndex
        for index in text.indices {
            let width = text[index].unicodeScalars.reduce(0) { $0 + ($1 == "_" || $1 == "\u{0}" ? 7 : $1.utf16.count) }
            guard kept + width <= room else { break }
            kept += width
            end = text.index(after: index)
        }
        return escaped(String(text[..<end])) + cutNote
    }

    /// `_xHHHH_` sequences made literal, and NUL escaped.
    private static func escaped(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "_") || $0 == 0 }) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        let scalars = Array(text.unicodeScalars)
        for (i, scalar) in scalars.enumerated() {
            if scalar == "\u{0}" {
                out += "_x0000_"
            } else if scalar == "_", isEscape(scalars, at: i) {
                out += "_x005F_"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Whether `_xHHHH_` (hex digits of either case) starts at `i`.
    private static func isEscape(_ scalars: [Unicode.Scalar], at i: Int) -> Bool {
        guard i + 6 < scalars.count, scalars[i + 1] == "x", scalars[i + 6] == "_" else { return false }
        return scalars[(i + 2)...(i + 5)].allSatisfy { $0.properties.isASCIIHexDigit }
    }
}
