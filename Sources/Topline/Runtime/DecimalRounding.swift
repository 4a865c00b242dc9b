/// Rounding to decimal places by decimal arithmetic on the exact value: a
/// `Double` is an exact binary fraction m × 2^e, which has a finite decimal
/// expansion, and `round` works on those digits — never on `x * 10^d`, whose
/// own rounding error decides ties the wrong way.
///
/// ```swift
/// _ = DecimalRounding.round(1.015 * 1000, digits: -1)   // 1010: the value is 1014.99999999999988631…
/// _ = DecimalRounding.round(Int64(1234), digits: -1)    // 1230
/// _ = DecimalRounding.round(2.5, digits: 0)             // 3 (half away from zero, as SQL's round)
/// ```
///
/// Both return nil when the rounded value does not fit the type (an Int64
/// beyond 64 bits, a double beyond ±1.8e308).
enum DecimalRounding {
    /// `x` rounded half away from zero to `digits` places after the decimal
    /// point (`-1`: to tens, `-2`: to hundreds, …).
    static func round(_ x: Double, digits: Int) -> Double? {
        guard x.isFinite else { return nil }
        if x == 0 { return 0 }
        // Every double has at most 1,074 decimals, and |x| < 10^309 / 2.
        if digits >= 1_074 { return x }
        if digits <= -309 { return 0 }
        if digits >= 0, x == x.rounded(.towardZero) { return x }
        let (decimal, scale) = exactDigits(x.magnitude)
        guard digits < scale else { return x }
        let dropped = scale - digits  // > 0
        var kept: [UInt8]
        if dropped > decimal.count {
            kept = []
        } else if dropped == decimal.count {
            kept = decimal[0] >= UInt8(ascii: "5") ? [UInt8(ascii: "1")] : []
        } else {
            kept = Array(decimal[0..<(decimal.count - dropped)])
            if decimal[decimal.count - dropped] >= UInt8(ascii: "5") { increment(&kept) }
        }
        guard !kept.isEmpty else { return 0 }
        // The nearest double to the decimal result: the standard library's
        // parser rounds correctly.
        let text = (x < 0 ? "-" : "") + String(decoding: kept, as: UTF8.self) + "e" + String(-digits)
        guard let value = Double(text), value.isFinite else { return nil }
        return value
    }

    /// `x` rounded half away from zero to `digits` places; an integer keeps
    /// every digit for `digits >= 0`.
    static func round(_ x: Int64, digits: Int) -> Int64? {
        guard digits < 0 else { return x }
        let places = -digits
        // |x| < 9.3 × 10^18, less than half of 10^20.
        if places >= 20 { return 0 }
        var power: UInt64 = 1
        for _ in 0..<places { power *= 10 }
        let magnitude = x.magnitude
        var quotient = magnitude / power
        let remainder = magnitude % power
        if remainder >= power - remainder { quotient += 1 }
        let (rounded, overflow) = quotient.multipliedReportingOverflow(by: power)
        if overflow { return nil }
        if x < 0 {
            guard rounded <= UInt64(Int64.max) + 1 else { return nil }
            return Int64(truncatingIfNeeded: 0 &- rounded)
        }
        guard rounded <= UInt64(Int64.max) else { return nil }
        return Int64(rounded)
    }

    /// The exact value of a finite, non-negative `x` as decimal digits (ASCII,
    /// no leading zeros; `"0"` for zero) and the number of them after the
    /// decimal point: 0.5 is ("5", 1), 1014.9999999999999 is
    /// ("10149999999999998863131622783839702606201171875", 43).
    static func exactDigits(_ x: Double) -> (digits: [UInt8], scale: Int) {
        precondition(x.isFinite && x >= 0)
        if x == 0 { return ([UInt8(ascii: "0")], 0) }
        var mantissa = UInt64(x.significandBitPattern)
        var exponent: Int
        if x.exponentBitPattern == 0 {
            exponent = -1_074  // subnormal
        } else {
            mantissa |= 1 << 52
            exponent = Int(x.exponentBitPattern) - 1_075
        }
        while exponent < 0, mantissa & 1 == 0 {
            mantissa >>= 1
            exponent += 1
        }
        var number = BigDecimal(mantissa)
        if exponent >= 0 {
            // An integer: m × 2^e.
            var left = exponent
            while left >= 32 { number.multiply(by: 1 << 32); left -= 32 }
            if left > 0 { number.multiply(by: 1 << UInt64(left)) }
            return (number.digits, 0)
        }
        // m × 2^-k = m × 5^k / 10^k.
        var left = -exponent
        while left >= 13 { number.multiply(by: 1_220_703_125); left -= 13 }  // 5^13
        var rest: UInt64 = 1
        for _ in 0..<left { rest *= 5 }
        if rest > 1 { number.multiply(by: rest) }
        return (number.digits, -exponent)
    }

    /// Adds one to a decimal number written as ASCII digits.
    private static func increment(_ digits: inout [UInt8]) {
        var i = digits.count - 1
        while i >= 0, digits[i] == UInt8(ascii: "9") {
            digits[i] = UInt8(ascii: "0")
            i -= 1
        }
        if i >= 0 {
            digits[i] += 1
        } else {
            digits.insert(UInt8(ascii: "1"), at: 0)
        }
    }
}

/// A non-negative integer in base 10^9 limbs (least significant first), just
/// enough arithmetic for ``DecimalRounding/exactDigits(_:)``.
private struct BigDecimal {
    private static let base: UInt64 = 1_000_000_000
    private var limbs: [UInt64]

    init(_ value: UInt64) {
        limbs = []
        var v = value
        repeat {
            limbs.append(v % Self.base)
            v /= Self.base
        } while v > 0
    }

    /// Multiplies by `factor` (at most 2^32, so a limb × factor + carry fits 64 bits).
    mutating func multiply(by factor: UInt64) {
        var carry: UInt64 = 0
        for i in limbs.indices {
            let product = limbs[i] * factor + carry
            limbs[i] = product % Self.base
            carry = product / Self.base
        }
        while carry > 0 {
            limbs.append(carry % Self.base)
            carry /= Self.base
        }
    }

    var digits: [UInt8] {
        var out = Array(String(limbs.last!).utf8)
        for limb in limbs.dropLast().reversed() {
            let text = Array(String(limb).utf8)
            out += Array(repeating: UInt8(ascii: "0"), count: 9 - text.count) + text
        }
        return out
    }
}
