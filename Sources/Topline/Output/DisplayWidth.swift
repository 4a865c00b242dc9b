/// Terminal display width, in columns, of text: what aligned human output
/// needs to pad by (`日本` is 4 columns wide, `é` written as e + U+0301 is 1).
///
/// A small wcwidth: East Asian wide and fullwidth ranges and emoji count 2;
/// combining marks, format characters and variation selectors count 0;
/// everything else (`×`, `±`, box drawing, Latin, Cyrillic, …) counts 1.
/// Control characters count 0; human formatters escape them before measuring.
enum DisplayWidth {
    static func of(_ text: String) -> Int {
        // Fast path: printable ASCII, the common case, is one column per byte.
        if let count = text.utf8.withContiguousStorageIfAvailable(printableASCIICount), let count { return count }
        var ascii = true
        for byte in text.utf8 where byte >= 0x80 || byte < 0x20 {
            ascii = false
            break
        }
        if ascii { return text.utf8.count }
        var width = 0
        for scalar in text.unicodeScalars { width += of(scalar) }
        return width
    }

    /// The number of bytes when all are printable ASCII (0x20...0x7F), else
    /// nil; eight bytes at a time, so a cell of hundreds of megabytes is measured quickly.
    private static func printableASCIICount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = bytes.baseAddress else { return 0 }
        let raw = UnsafeRawPointer(base)
        let n = bytes.count
        let high: UInt64 = 0x8080_8080_8080_8080
        let spaces: UInt64 = 0x2020_2020_2020_2020
        var i = 0
        while i + 8 <= n {
            let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            // A byte ≥ 0x80, or one below 0x20 (which borrows when 0x20 is taken from it).
            if (w | (w &- spaces)) & high != 0 { return nil }
            i += 8
        }
        while i < n {
            if base[i] >= 0x80 || base[i] < 0x20 { return nil }
            i += 1
        }
        return n
    }

    static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x20 || (v >= 0x7F && v < 0xA0) { return 0 }
        if v < 0x300 { return 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if v == 0x200B || (0xFE00...0xFE0F).contains(v) || (0xE0100...0xE01EF).contains(v) { return 0 }
        if isWide(v) || scalar.properties.isEmojiPresentation { return 2 }
        return 1
    }

    private static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F,  // Hangul Jamo initial consonants
             0x2E80...0x303E,  // CJK radicals, Kangxi, CJK symbols and punctuation
             0x3041...0x33FF,  // Hiragana, Katakana, Bopomofo, CJK compatibility
             0x3400...0x4DBF,  // CJK extension A
             0x4E00...0x9FFF,  // CJK unified ideographs
             0xA000...0xA4CF,  // Yi
             0xA960...0xA97F,  // Hangul Jamo extended A
             0xAC00...0xD7A3,  // Hangul syllables
             0xF900...0xFAFF,  // CJK compatibility ideographs
             0xFE10...0xFE19,  // vertical forms
             0xFE30...0xFE6F,  // CJK compatibility forms, small forms
             0xFF00...0xFF60,  // fullwidth forms
             0xFFE0...0xFFE6,  // fullwidth signs
             0x1F300...0x1F64F,  // pictographs, emoticons
             0x1F900...0x1F9FF,  // supplemental symbols and pictographs
             0x20000...0x2FFFD,  // CJK extensions B–F
             0x30000...0x3FFFD:  // CJK extension G and later
            return true
        default:
            return false
        }
    }

    /// The longest prefix of `text` fitting in `width` columns with a
    /// trailing `…`, or `text` itself when it already fits.
    static func truncate(_ text: String, to width: Int) -> String {
        guard of(text) > width else { return text }
        guard width >= 1 else { return "" }
        var kept = String.UnicodeScalarView()
        var used = 0
        for scalar in text.unicodeScalars {
            let w = of(scalar)
            if used + w > width - 1 { break }
            kept.append(scalar)
            used += w
        }
        return String(kept) + "…"
    }
}
