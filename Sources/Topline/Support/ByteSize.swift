/// Sizes in bytes as people write them in settings (`64M`, `2G`, `1048576`)
/// and as messages show them (`64 MiB`, `100 GiB`, `1.5 KiB`). Units are
/// binary: K = 1024.
///
/// ```swift
/// _ = ByteSize.parse("64M")          // 67108864
/// _ = ByteSize.describe(67108864)    // "64 MiB"
/// ```
public enum ByteSize {
    private static let units: [(suffix: Character, name: String)] = [
        ("K", "KiB"), ("M", "MiB"), ("G", "GiB"), ("T", "TiB"),
    ]

    /// A positive size: digits, optionally followed by K, M, G or T (any case,
    /// an optional `B` or `iB` after it); nil for anything else, zero, or a
    /// size beyond `Int`.
    public static func parse(_ text: String) -> Int? {
        var s = Substring(text.trimmedOfSpaces())
        for suffix in ["iB", "ib", "IB", "B", "b"] where s.hasSuffix(suffix) && s.count > suffix.count {
            s = s.dropLast(suffix.count)
            break
        }
        var multiplier = 1
        if let last = s.last, let index = units.firstIndex(where: { $0.suffix == Character(last.uppercased()) }) {
            multiplier = 1 << (10 * (index + 1))
            s = s.dropLast()
        }
        guard !s.isEmpty, s.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(s), value > 0 else { return nil }
        let (product, overflow) = value.multipliedReportingOverflow(by: multiplier)
        return overflow ? nil : product
    }

    /// `bytes` in the largest binary unit it reaches: `512 bytes`, `64 MiB`,
    /// `1.5 GiB` (one decimal, dropped when it is zero).
    public static func describe(_ bytes: Int) -> String {
        var value = Double(bytes)
        var name = bytes == 1 ? "byte" : "bytes"
        for unit in units where value >= 1024 {
            value /= 1024
            name = unit.name
        }
        if name.hasPrefix("byte") { return "\(bytes) \(name)" }
        let tenths = (value * 10).rounded()
        let whole = Int(tenths / 10)
        let fraction = Int(tenths) % 10
        return fraction == 0 ? "\(whole) \(name)" : "\(whole).\(fraction) \(name)"
    }
}

extension String {
    /// Without leading and trailing spaces and tabs (the library avoids Foundation).
    fileprivate func trimmedOfSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
