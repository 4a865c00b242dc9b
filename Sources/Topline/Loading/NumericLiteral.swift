/// A decimal number read straight from bytes, without building a `String`.
///
/// Accepts `[blanks] [+|-] (digits [. digits] | . digits) [(e|E) [+|-] digits] [blanks]`,
/// optionally followed by `%` (blanks allowed before and after it). Blanks are
/// spaces and tabs. `inf`, `nan` and hexadecimal forms are not numbers here:
/// in a data file they are text.
struct NumericLiteral {
    var negative = false
    /// Up to 19 significant digits; `truncated` says whether more followed.
    var mantissa: UInt64 = 0
    var truncated = false
    /// Power of ten applied to `mantissa` (fraction digits and dropped
    /// integer digits included, the `%` shift not).
    var exponent = 0
    /// No fraction point and no exponent.
    var isIntegerSyntax = true
    var isPercent = false
    /// Digits after the point, and the written exponent (for the slow path).
    var fractionDigits = 0
    var explicitExponent = 0
    /// Where the sign, digits, point and exponent sit in the cell.
    var start = 0
    var end = 0

    /// 10^0 ... 10^22, every one exactly representable as a Double.
    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// Scans `cell`; nil when it is not a number (or percent) literal.
    @inline(__always)
    static func scan(_ cell: UnsafeBufferPointer<UInt8>) -> NumericLiteral? {
        guard let p = cell.baseAddress else { return nil }
        let n = cell.count
        var i = 0
        var lit = NumericLiteral()
        while i < n, p[i] == 0x20 || p[i] == 0x09 { i += 1 }
        lit.start = i
        if i < n, p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+") {
            lit.negative = p[i] == UInt8(ascii: "-")
            i += 1
        }
        var sig = 0
        var digits = 0
        while i < n {
            let d = p[i] &- 0x30
            if d > 9 { break }
            if sig < 19 {
                lit.mantissa = lit.mantissa &* 10 &+ UInt64(d)
                if lit.mantissa != 0 { sig += 1 }
            } else {
                lit.truncated = true
                lit.exponent += 1
            }
            digits += 1
            i += 1
        }
        if i < n, p[i] == UInt8(ascii: ".") {
            lit.isIntegerSyntax = false
            i += 1
            while i < n {
                let d = p[i] &- 0x30
                if d > 9 { break }
                if sig < 19 {
                    lit.mantissa = lit.mantissa &* 10 &+ UInt64(d)
                    if lit.mantissa != 0 { sig += 1 }
                    lit.exponent -= 1
                } else {
                    lit.truncated = true
                }
                digits += 1
                lit.fractionDigits += 1
                i += 1
            }
        }
        guard digits > 0 else { return nil }
        if i < n, p[i] | 0x20 == UInt8(ascii: "e") {
            lit.isIntegerSyntax = false
            i += 1
            var expNegative = false
            if i < n, p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+") {
                expNegative = p[i] == UInt8(ascii: "-")
                i += 1
            }
            var e = 0
            var expDigits = 0
            while i < n {
                let d = p[i] &- 0x30
                if d > 9 { break }
                // Saturate: anything this large over- or underflows a Double anyway.
                if e < 1_000_000 { e = e * 10 + Int(d) }
                expDigits += 1
                i += 1
            }
            guard expDigits > 0 else { return nil }
            lit.explicitExponent = expNegative ? -e : e
            lit.exponent += lit.explicitExponent
        }
        lit.end = i
        while i < n, p[i] == 0x20 || p[i] == 0x09 { i += 1 }
        if i < n, p[i] == UInt8(ascii: "%") {
            lit.isPercent = true
            i += 1
            while i < n, p[i] == 0x20 || p[i] == 0x09 { i += 1 }
        }
        return i == n ? lit : nil
    }

    /// The value as an Int64, if it is an integer literal that fits.
    @inline(__always)
    var int64: Int64? {
        guard isIntegerSyntax, !truncated, !isPercent else { return nil }
        if negative {
            return mantissa <= UInt64(Int64.max) + 1 ? Int64(truncatingIfNeeded: 0 &- mantissa) : nil
        }
        return mantissa <= UInt64(Int64.max) ? Int64(mantissa) : nil
    }

    /// The value as the nearest Double (a percent literal divided by 100),
    /// exactly as `Double(String)` rounds it; nil when it overflows to infinity.
    ///
    /// Clinger's fast path covers typical data: a mantissa below 2^53 scaled by
    /// an exactly representable power of ten is correctly rounded by one IEEE
    /// multiplication or division. Everything else goes through the standard
    /// library's correctly rounded parser.
    func double(in cell: UnsafeBufferPointer<UInt8>) -> Double? {
        let exp = exponent - (isPercent ? 2 : 0)
        if !truncated, mantissa <= 1 << 53, exp >= -22, exp <= 22 {
            let m = Double(mantissa)
            let v = exp < 0 ? m / Self.powersOfTen[-exp] : m * Self.powersOfTen[exp]
            return negative ? -v : v
        }
        return slowDouble(in: cell)
    }

    /// Rebuilds the literal as `[-]digits e exponent` (so the percent shift is
    /// exact too) and lets the standard library round it.
    private func slowDouble(in cell: UnsafeBufferPointer<UInt8>) -> Double? {
        var ascii: [UInt8] = []
        ascii.reserveCapacity(end - start + 12)
        if negative { ascii.append(UInt8(ascii: "-")) }
        var i = start
        while i < end, cell[i] | 0x20 != UInt8(ascii: "e") {
            if cell[i] &- 0x30 <= 9 { ascii.append(cell[i]) }
            i += 1
        }
        ascii.append(UInt8(ascii: "e"))
        ascii.append(contentsOf: String(explicitExponent - fractionDigits - (isPercent ? 2 : 0)).utf8)
        guard let v = Double(String(decoding: ascii, as: UTF8.self)), v.isFinite else { return nil }
        return v
    }
}
