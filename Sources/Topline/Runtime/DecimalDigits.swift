/// The decimal digits of a finite `Double`: at most 15 significant digits,
/// the value correctly rounded (half away from zero) to 15 — what C's `%.15g`
/// prints, with its trailing zeros trimmed.
///
/// Why 15: every decimal of up to 15 significant digits survives the trip
/// decimal → double → decimal (DBL_DIG is 15; a double's 53 bits are 15.95
/// decimal digits), so whatever a user typed or a file held comes back as
/// written — `0.1 + 0.2` is `0.3`, `57% - 16%` is 41 percentage points — while
/// the 16th and 17th digits of a computed value are binary noise
/// (`0.30000000000000004`, `40.99999999999999`) that nobody typed. The value
/// stored is never changed; only its text is. (sqlite3 prints 15 digits too.)
///
/// Rounding and scaling by powers of ten happen on these digits rather than
/// on the binary value, so `0.1655` shown as a percent rounds to `16.6`
/// (not `16.5` from `16.549999999999997`), and `0.16` in percent units is
/// exactly `16`, never `16.000000000000004`.
///
/// Not `snprintf("%.15g")` itself: C's printf takes its decimal point from the
/// locale (`LC_NUMERIC`), and the shell sets the locale from the environment,
/// where a German one would write `0,3`.
struct DecimalDigits {
    /// The most significant digits any text of a number has (see above).
    static let significantDigits = 15

    var isNegative: Bool
    /// Significant digits 0...9, no leading or trailing zeros; empty for zero.
    var digits: [UInt8]
    /// The value is `0.d₁d₂d₃… × 10^pointPosition`: the number of digits
    /// before the decimal point (zero or negative for values below 1).
    var pointPosition: Int

    /// Nil for infinities and NaN.
    init?(_ value: Double) {
        guard value.isFinite else { return nil }
        self.init(ascii: value.magnitude.description.utf8, negative: value.sign == .minus)
        let keep = Self.significantDigits
        guard digits.count > keep else { return }
        // The shortest text that reads back as `value` has 16 or 17 digits.
        // Rounding it to 15 is rounding the value itself, except when it
        // ends exactly halfway (a 16th digit 5 and nothing after it): the
        // shortest text then hides on which side of the halfway point the
        // binary value lies, and only its exact expansion tells. (No other
        // halfway point can lie between the value and its shortest text: it
        // would be a text of at most 16 digits, closer to the value, that
        // reads back as it — and so it would have been the shortest text.)
        if digits.count == keep + 1 && digits[keep] == 5 {
            let exact = DecimalRounding.exactDigits(value.magnitude)
            self.init(ascii: exact.digits, negative: isNegative)
            pointPosition -= exact.scale  // the digits were read as an integer
        }
        round(keeping: keep)
    }

    /// Digits as ASCII in `Double.description` style (`1.5`, `1e-07`,
    /// `2.5e+20`), or plain digits; `negative` gives the sign.
    private init(ascii: some Sequence<UInt8>, negative: Bool) {
        isNegative = negative
        digits = []
        digits.reserveCapacity(17)  // a double's shortest text has at most 17
        pointPosition = 0
        var integerDigits: Int? = nil
        var exponent = 0
        var exponentSign = 1
        var inExponent = false
        for byte in ascii {
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
        var copy = self
        copy.round(keeping: keep)
        return copy
    }

    /// Rounds in place (half away from zero) to the first `keep` digits.
    private mutating func round(keeping keep: Int) {
        guard keep < digits.count else { return }
        guard keep >= 0 else {
            digits = []
            normalize()
            return
        }
        let roundUp = digits[keep] >= 5
        digits.removeSubrange(keep...)
        if roundUp {
            var i = keep - 1
            while i >= 0 && digits[i] == 9 {
                digits[i] = 0
                i -= 1
            }
            if i >= 0 {
                digits[i] += 1
            } else {
                digits.insert(1, at: 0)
                pointPosition += 1
            }
        }
        normalize()
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
        let fraction = max(digits.count - pointPosition, 0)
        let decimals = max(fraction, minDecimals)
        let capacity = 1 + max(pointPosition, 1) + 1 + decimals
        // Built on the stack: machine formats write millions of these.
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { out in
            var n = 0
            func put(_ byte: UInt8) {
                out[n] = byte
                n += 1
            }
            if isNegative { put(UInt8(ascii: "-")) }
            if pointPosition <= 0 {
                put(UInt8(ascii: "0"))
            } else {
                for i in 0..<pointPosition { put(UInt8(ascii: "0") + (i < digits.count ? digits[i] : 0)) }
            }
            if decimals > 0 {
                put(UInt8(ascii: "."))
                for k in 0..<decimals {
                    let i = pointPosition + k  // index into digits of this decimal place
                    put(UInt8(ascii: "0") + (i >= 0 && i < digits.count ? digits[i] : 0))
                }
            }
            return String(decoding: UnsafeBufferPointer(rebasing: out[..<n]), as: UTF8.self)
        }
    }

    /// The notation of C's `%g` at 15 digits: plain (`0.3`, `41`, `256.25`,
    /// `0.0001`) unless the exponent is below -4 or at least 15, then
    /// scientific (`1e-05`, `1.5e+20`). What machine formats write.
    func general() -> String {
        if isZero { return "0" }
        let exponent = pointPosition - 1
        return exponent < -4 || exponent >= Self.significantDigits ? scientific() : plain()
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
