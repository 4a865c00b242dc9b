/// The decimal digits of a finite `Double`, taken from its shortest
/// round-trip representation.
///
/// Rounding and scaling by powers of ten happen on these digits rather than
/// on the binary value, so `0.1655` shown as a percent rounds to `16.6`
/// (not `16.5` from `16.549999999999997`), and `0.16` in percent units is
/// exactly `16`, never `16.000000000000004`.
struct DecimalDigits {
    var isNegative: Bool
    /// Significant digits 0...9, no leading or trailing zeros; empty for zero.
    var digits: [UInt8]
    /// The value is `0.d₁d₂d₃… × 10^pointPosition`: the number of digits
    /// before the decimal point (zero or negative for values below 1).
    var pointPosition: Int

    /// Nil for infinities and NaN. `forDisplay` first rounds to 15
    /// significant digits (see below); machine formats keep every digit.
    init?(_ value: Double, forDisplay: Bool = false) {
        guard value.isFinite else { return nil }
        isNegative = value.sign == .minus
        digits = []
        pointPosition = 0
        var integerDigits: Int? = nil
        var exponent = 0
        var exponentSign = 1
        var inExponent = false
        for byte in value.magnitude.description.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if inExponent {
                    exponent = exponent * 10 + Int(byte - UInt8(ascii: "0"))
                } else {
                    digits.append(byte - UInt8(ascii: "0"))
                }
            case UInt8(ascii: "."): integerDigits = digits.count
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                if integerDigits == nil { integerDigits = digits.count }
                inExponent = true
            case UInt8(ascii: "-"): exponentSign = -1
            default: break  // "+" of the exponent
            }
        }
        pointPosition = (integerDigits ?? digits.count) + exponentSign * exponent
        normalize()
        // Arithmetic leaves binary noise in the 16th-17th digit
        // ((0.57 - 0.16) / 0.16 is 2.5624999999999996, shown as 256.2% instead
        // of 256.3%); 15 significant digits are all a double holds reliably.
        if forDisplay { self = rounded(significant: 15) }
    }

    var isZero: Bool { digits.isEmpty }

    /// Multiplies by `10^power` (2 turns a fraction into percent units).
    func scaled(by power: Int) -> DecimalDigits {
        var copy = self
        copy.pointPosition += power
        return copy
    }

    /// Rounded half away from zero to `decimals` digits after the point.
    func rounded(decimals: Int) -> DecimalDigits {
        rounded(keeping: pointPosition + decimals)
    }

    /// Rounded half away from zero to `count` significant digits.
    func rounded(significant count: Int) -> DecimalDigits {
        rounded(keeping: count)
    }

    private func rounded(keeping keep: Int) -> DecimalDigits {
        guard keep < digits.count else { return self }
        var copy = self
        guard keep >= 0 else {
            copy.digits = []
            copy.normalize()
            return copy
        }
        let roundUp = digits[keep] >= 5
        copy.digits.removeSubrange(keep...)
        if roundUp {
            var i = keep - 1
            while i >= 0 && copy.digits[i] == 9 {
                copy.digits[i] = 0
                i -= 1
            }
            if i >= 0 {
                copy.digits[i] += 1
            } else {
                copy.digits.insert(1, at: 0)
                copy.pointPosition += 1
            }
        }
        copy.normalize()
        return copy
    }

    private mutating func normalize() {
        var leading = 0
        while leading < digits.count && digits[leading] == 0 { leading += 1 }
        if leading > 0 {
            digits.removeFirst(leading)
            pointPosition -= leading
        }
        while let last = digits.last, last == 0 { digits.removeLast() }
        if digits.isEmpty {
            isNegative = false  // no "-0.0": a value rounded to zero has no sign
            pointPosition = 1
        }
    }

    /// Plain notation with at least `minDecimals` digits after the point.
    func plain(minDecimals: Int = 0) -> String {
        // Zero has no digits, so scaling may have moved its point anywhere.
        let pointPosition = isZero ? 1 : self.pointPosition
        var out: [UInt8] = []
        out.reserveCapacity(digits.count + max(pointPosition, 0) + minDecimals + 4)
        if isNegative { out.append(UInt8(ascii: "-")) }
        if pointPosition <= 0 {
            out.append(UInt8(ascii: "0"))
        } else {
            for i in 0..<pointPosition {
                out.append(UInt8(ascii: "0") + (i < digits.count ? digits[i] : 0))
            }
        }
        let fraction = max(digits.count - pointPosition, 0)
        let decimals = max(fraction, minDecimals)
        if decimals > 0 {
            out.append(UInt8(ascii: "."))
            for k in 0..<decimals {
                let i = pointPosition + k  // index into digits of this decimal place
                out.append(UInt8(ascii: "0") + (i >= 0 && i < digits.count ? digits[i] : 0))
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Scientific notation in the style of `Double.description`: `1.5e+20`, `1e-07`.
    func scientific() -> String {
        guard !isZero else { return "0" }
        var out = isNegative ? "-" : ""
        out.append(Character(Unicode.Scalar(UInt8(ascii: "0") + digits[0])))
        if digits.count > 1 {
            out.append(".")
            for d in digits.dropFirst() { out.append(Character(Unicode.Scalar(UInt8(ascii: "0") + d))) }
        }
        let exponent = pointPosition - 1
        out.append(exponent < 0 ? "e-" : "e+")
        let magnitude = exponent.magnitude
        if magnitude < 10 { out.append("0") }
        out.append(String(magnitude))
        return out
    }
}
