/// The character encodings `load … encoding "NAME"` reads. Text is UTF-8
/// inside Topline: a file in another encoding is decoded to UTF-8 as it is
/// loaded. Latin-1 and Windows-1252 are what European survey exports (SPSS,
/// Excel's "CSV" on Windows) most often are when they are not UTF-8.
///
/// ```swift
/// _ = TextEncoding(name: "Latin-1")                    // .latin1
/// _ = TextEncoding.windows1252.decode([0x80, 0x41])    // "€A" as UTF-8 bytes
/// ```
public enum TextEncoding: String, Sendable, CaseIterable {
    case utf8 = "utf-8"
    /// ISO 8859-1: every byte is the code point of the same number.
    case latin1 = "latin1"
    /// Latin-1 with printable characters (€, “ ”, …) in 0x80–0x9F.
    case windows1252 = "windows-1252"

    /// The spellings each encoding answers to (case-insensitive).
    public var aliases: [String] {
        switch self {
        case .utf8: return ["utf-8", "utf8"]
        case .latin1: return ["latin1", "latin-1", "iso-8859-1", "iso8859-1"]
        case .windows1252: return ["windows-1252", "cp1252", "win1252"]
        }
    }

    /// The name iconv (and so ReadStat) knows it by.
    var iconvName: String {
        switch self {
        case .utf8: return "UTF-8"
        case .latin1: return "ISO-8859-1"
        case .windows1252: return "WINDOWS-1252"
        }
    }

    public init?(name: String) {
        let lowered = name.lowercased()
        guard let encoding = Self.allCases.first(where: { $0.aliases.contains(lowered) }) else { return nil }
        self = encoding
    }

    /// Every name the `encoding` option takes, the usual spelling of each first.
    public static let names = allCases.map { $0.rawValue }

    /// `bytes` decoded to UTF-8 (for UTF-8 itself, unchanged: the readers check it).
    /// Each input byte is one character, so lines and columns stay where they were.
    public func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        guard self != .utf8 else { return Array(bytes) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        for b in bytes {
            if b < 0x80 { out.append(b); continue }
            let scalar = self == .windows1252 && b < 0xA0 ? Self.windows1252High[Int(b - 0x80)] : UInt32(b)
            Self.appendUTF8(scalar, to: &out)
        }
        return out
    }

    /// `bytes` decoded to UTF-8, from an array.
    public func decode(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBufferPointer { decode($0) }
    }

    /// Windows-1252's characters for 0x80–0x9F. The five bytes it leaves
    /// undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) stay the C1 controls of the same
    /// number, as the WHATWG encoding standard decodes them.
    private static let windows1252High: [UInt32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]

    private static func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
        if scalar < 0x800 {
            out.append(UInt8(0xC0 | (scalar >> 6)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        } else {
            out.append(UInt8(0xE0 | (scalar >> 12)))
            out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        }
    }
}
