#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The text forms of a value, for people and for programs. They belong to
/// the runtime (which names pivot columns and writes comparison methods with
/// them) and every formatter in `Output/` calls them, never the other way round.
///
/// Every formatter, `describe` and the charts use these, so one value reads
/// the same everywhere:
///
/// ```swift
/// _ = ValueText.human(.percent(0.16))    // "16.0%"
/// _ = ValueText.human(.points(-0.13))    // "-13.0 pp"
/// _ = ValueText.human(.ratio(3.5625))    // "3.56×"
/// _ = ValueText.human(.probability(5.1649e-07))  // "5.165e-07"
/// _ = ValueText.machine(.percent(0.16))  // "16"   (percent units, full precision)
/// _ = ValueText.machine(.null)           // ""
/// ```
public enum ValueText {
    /// Text for people: rounded, with units.
    ///
    /// - integer: `1709` (no thousands separators);
    /// - number: at most 6 significant digits, trailing zeros dropped (`0.5`,
    ///   `3.14159`, `12`); scientific only below 1e-6 or from 1e15 (`1.5e+20`);
    /// - percent: one decimal, `16.0%`; points: signed, `+41.0 pp`, `0.0 pp`;
    /// - ratio: two decimals, `3.56×`;
    /// - probability (a p-value): as R's `format.pval` prints it, four
    ///   significant digits, fixed or scientific whichever is shorter
    ///   (`0.01457`, `5.165e-07`), and `< 2.2e-16` below the double's
    ///   epsilon — never `0`;
    /// - estimate: `16.0% ±1.7 (n=1709)`, `16.0% (n/a)` when the base is
    ///   unknown, `52.9% ±34.0 (n=10, n_eff=8.3)` under weights; a small
    ///   base is marked `49.0% ±16.2 (n=35)*`, and below the suppression
    ///   threshold only the base is shown: `n<30 (n=12)`;
    /// - date `2012-01-31`, timestamp `2012-01-31 13:45:00` (ISO 8601, UTC);
    /// - text as is, `true`/`false`, and `null`.
    public static func human(_ value: Value) -> String {
        switch value {
        case .null: return "null"
        case .integer(let i): return String(i)
        case .number(let d): return humanNumber(d)
        case .percent(let f): return humanPercent(f)
        case .points(let f): return humanPoints(f)
        case .ratio(let r): return humanRatio(r)
        case .probability(let p): return humanProbability(p)
        case .text(let s): return s
        case .boolean(let b): return b ? "true" : "false"
        case .date(let d): return CalendarDate.text(ofDay: d)
        case .timestamp(let t): return CalendarDate.text(ofMicroseconds: t)
        case .estimate(let e): return humanEstimate(e)
        }
    }

    /// Text for programs: no rounding, no units, nothing lost.
    ///
    /// Numbers and ratios are the shortest text that reads back as the same
    /// `Double` (`3.5625`, `12` rather than `12.0`); percent, points and
    /// estimates are in percent units (`16` for 16%, `41` for +41 pp);
    /// dates and timestamps as ISO text, as people read them; null is the empty string; text is returned unescaped.
    public static func machine(_ value: Value) -> String {
        switch value {
        case .null: return ""
        case .integer(let i): return String(i)
        case .number(let d), .ratio(let d), .probability(let d): return machineNumber(d)
        case .percent(let f), .points(let f): return machinePercentUnits(f)
        case .text(let s): return s
        case .boolean(let b): return b ? "true" : "false"
        case .date(let d): return CalendarDate.text(ofDay: d)
        case .timestamp(let t): return CalendarDate.text(ofMicroseconds: t)
        case .estimate(let e): return machinePercentUnits(e.proportion)
        }
    }

    // MARK: - Human pieces

    static func humanNumber(_ x: Double) -> String {
        guard let digits = DecimalDigits(x, forDisplay: true) else { return nonFinite(x) }
        if digits.isZero { return "0" }
        let magnitude = x.magnitude
        if magnitude >= 1e15 || magnitude < 1e-6 {
            return digits.rounded(significant: 6).scientific()
        }
        if digits.pointPosition >= 1 {
            // Keep every integer digit; spend the rest of the 6 on decimals.
            return digits.rounded(decimals: max(0, 6 - digits.pointPosition)).plain()
        }
        return digits.rounded(significant: 6).plain()
    }

    /// R's `format.pval(p, digits = 4)`: below the machine epsilon a p-value is only known to be tiny.
    static func humanProbability(_ p: Double) -> String {
        if p < Double.ulpOfOne { return "< 2.2e-16" }
        guard let digits = DecimalDigits(p, forDisplay: true) else { return nonFinite(p) }
        let rounded = digits.rounded(significant: 4)
        let fixed = rounded.plain(), scientific = rounded.scientific()
        return fixed.count <= scientific.count ? fixed : scientific
    }

    static func humanPercent(_ fraction: Double) -> String {
        percentUnits(fraction, decimals: 1) + "%"
    }

    static func humanPoints(_ fraction: Double) -> String {
        guard let digits = DecimalDigits(fraction, forDisplay: true) else { return nonFinite(fraction) + " pp" }
        let rounded = digits.scaled(by: 2).rounded(decimals: 1)
        let sign = rounded.isZero || rounded.isNegative ? "" : "+"
        return sign + rounded.plain(minDecimals: 1) + " pp"
    }

    static func humanRatio(_ r: Double) -> String {
        guard let digits = DecimalDigits(r, forDisplay: true) else { return nonFinite(r) + "×" }
        return digits.rounded(decimals: 2).plain(minDecimals: 2) + "×"
    }

    /// The mark after an estimate whose base is small (see ``SmallBasePolicy``).
    public static let smallBaseMark = "*"

    static func humanEstimate(_ e: Estimate) -> String {
        switch e.assessment {
        case .suppressed:
            // The value is not shown at all: too few respondents to say anything.
            return "n<\(e.policy.suppressBelow) (n=\(e.n ?? 0))"
        case .flagged:
            return estimateText(e) + smallBaseMark
        case .ok, .unknownBase:
            return estimateText(e)
        }
    }

    private static func estimateText(_ e: Estimate) -> String {
        if let design = e.design, design.kind != .share { return measureText(e, design) }
        var out = humanPercent(e.proportion)
        if let moe = e.marginOfError {
            out += " ±" + percentUnits(moe, decimals: 1)
        }
        guard let n = e.n else { return out + " (n/a)" }
        out += " (n=\(n)"
        if e.isWeighted, let effective = e.effectiveN, let digits = DecimalDigits(effective, forDisplay: true) {
            out += ", n_eff=" + digits.rounded(decimals: 1).plain(minDecimals: 1)
        }
        return out + ")"
    }

    /// A mean or a total: `644.2 ±47.3 (n=183)`, value and margin with the
    /// same decimals, chosen so that the margin keeps three significant digits.
    private static func measureText(_ e: Estimate, _ design: DesignFigures) -> String {
        guard let value = DecimalDigits(design.value, forDisplay: true) else { return nonFinite(design.value) }
        var out: String
        if let moe = e.marginOfError, moe > 0, let margin = DecimalDigits(moe, forDisplay: true) {
            let decimals = Swift.min(10, Swift.max(0, 2 - Int((log10(moe)).rounded(.down))))
            out = value.rounded(decimals: decimals).plain(minDecimals: decimals) + " ±" + margin.rounded(decimals: decimals).plain(minDecimals: decimals)
        } else {
            out = humanNumber(design.value)
        }
        return out + " (n=\(e.n ?? 0))"
    }

    /// `fraction` × 100 with exactly `decimals` decimals: 0.16 → "16.0".
    private static func percentUnits(_ fraction: Double, decimals: Int) -> String {
        guard let digits = DecimalDigits(fraction, forDisplay: true) else { return nonFinite(fraction) }
        return digits.scaled(by: 2).rounded(decimals: decimals).plain(minDecimals: decimals)
    }

    // MARK: - Machine pieces

    /// Shortest round-trip text, without the `.0` of integral values.
    static func machineNumber(_ x: Double) -> String {
        let text = x.description
        guard x.isFinite, text.hasSuffix(".0") else { return text }
        return String(text.dropLast(2))
    }

    /// `fraction` in percent units at full precision: 0.16 → "16",
    /// 0.017378 → "1.7378". Plain notation unless very large or small.
    static func machinePercentUnits(_ fraction: Double) -> String {
        guard let digits = DecimalDigits(fraction) else { return nonFinite(fraction) }
        let scaled = digits.scaled(by: 2)
        if scaled.isZero { return "0" }
        if scaled.pointPosition > 21 || scaled.pointPosition <= -6 { return scaled.scientific() }
        return scaled.plain()
    }

    private static func nonFinite(_ x: Double) -> String {
        x.isNaN ? "nan" : (x < 0 ? "-inf" : "inf")
    }
}
