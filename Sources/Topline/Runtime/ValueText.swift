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
/// _ = ValueText.machine(.percent(0.16))  // "16"   (percent units)
/// _ = ValueText.machine(.points(0.57 - 0.16))  // "41", not "40.99999999999999"
/// _ = ValueText.machine(.null)           // ""
/// ```
public enum ValueText {
    /// Text for people: rounded, with units.
    ///
    /// - integer: `1709` (no thousands separators);
    /// - number: at most 6 significant digits, trailing zeros dropped (`0.5`,
    ///   `3.14159`, `12`); scientific only below 1e-6 or from 1e15 (`1.5e+20`);
    ///   in a table the numbers of a column share one number of decimals
    ///   (``humanNumber(_:decimals:)``);
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

    /// Text for programs: no units, no rounding beyond the 15 significant
    /// digits a double holds reliably (see ``DecimalDigits``).
    ///
    /// Numbers, ratios and p-values are written as C's `%.15g` writes them,
    /// trailing zeros trimmed: `3.5625`, `12` rather than `12.0`, `0.3` for
    /// `0.1 + 0.2` rather than `0.30000000000000004`, `1e-05`, `1e+15`.
    /// Percent, points and estimates are in percent units, 15 significant
    /// digits of the percent figure (`16` for 16%, `41` for `57% - 16%`
    /// rather than `40.99999999999999`); dates and timestamps as ISO text; null is the empty string; text is
    /// returned unescaped. Any decimal of up to 15 significant digits comes
    /// back exactly as written.
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
        guard let digits = DecimalDigits(x) else { return nonFinite(x) }
        return fixed(digits)?.plain() ?? digits.rounded(significant: 6).scientific()
    }

    /// A number's human digits in plain notation — six significant digits,
    /// every integer digit kept — or nil when it is written in scientific
    /// notation (at or above 1e15, below 1e-6).
    private static func fixed(_ digits: DecimalDigits) -> DecimalDigits? {
        if digits.isZero { return digits }
        // 0.d₁d₂… × 10^p: p ≥ 16 is 1e15 and above, p ≤ -6 below 1e-6.
        if digits.pointPosition >= 16 || digits.pointPosition <= -6 { return nil }
        if digits.pointPosition >= 1 {
            // Keep every integer digit; spend the rest of the 6 on decimals.
            return digits.rounded(decimals: max(0, 6 - digits.pointPosition))
        }
        return digits.rounded(significant: 6)
    }

    // MARK: - Columns of numbers

    /// The most decimals human formats give a column of numbers: enough for
    /// one significant digit of the smallest number written without an
    /// exponent (1e-6).
    public static let maxColumnDecimals = 6

    /// How many decimals `x`'s own human text has: 3 for `59.403`, 0 for
    /// `32041`; nil when it is written in scientific notation or not finite.
    static func humanDecimals(_ x: Double) -> Int? {
        guard let digits = DecimalDigits(x), let shown = fixed(digits) else { return nil }
        return max(0, shown.digits.count - shown.pointPosition)
    }

    /// `x` with exactly `decimals` decimals (`32041` → `32041.0` for 1), or
    /// its own human text when that is scientific: the numbers of one column
    /// share the decimals of its most precise one (see ``maxColumnDecimals``),
    /// so `59.4382` stands above `59.4030`, not above `59.403`.
    public static func humanNumber(_ x: Double, decimals: Int) -> String {
        guard let digits = DecimalDigits(x), fixed(digits) != nil else { return humanNumber(x) }
        return digits.rounded(decimals: decimals).plain(minDecimals: decimals)
    }

    /// The decimals a column of these numbers is shown with: those of its
    /// most precise number, at most ``maxColumnDecimals``.
    public static func columnDecimals<S: Sequence>(_ numbers: S) -> Int where S.Element == Double {
        var most = 0
        for x in numbers {
            guard let decimals = humanDecimals(x), decimals > most else { continue }
            most = decimals
            if most >= maxColumnDecimals { return maxColumnDecimals }
        }
        return most
    }

    /// A value as ``human(_:)`` writes it, except that a size (a margin of
    /// error, a standard error) has no `+`: `±1.7 pp` for a margin and
    /// `1.2 pp` for a standard error where a change reads `+1.7 pp`; a
    /// number that is a margin reads `±4.8`.
    public static func human(_ value: Value, magnitude: Magnitude?) -> String {
        guard let magnitude else { return human(value) }
        switch value {
        case .points(let f): return sized(humanPoints(f, signed: false), fraction: f, magnitude)
        case .number(let x): return sized(humanNumber(x), fraction: x, magnitude)
        default: return human(value)
        }
    }

    /// `text` of a size, with `±` before a margin (a negative size, which no
    /// computation gives, keeps its minus and no `±`).
    static func sized(_ text: String, fraction: Double, _ magnitude: Magnitude) -> String {
        magnitude == .margin && !text.hasPrefix("-") && fraction.isFinite ? "±" + text : text
    }

    /// R's `format.pval(p, digits = 4)`: below the machine epsilon a p-value is only known to be tiny.
    static func humanProbability(_ p: Double) -> String {
        if p < Double.ulpOfOne { return "< 2.2e-16" }
        guard let digits = DecimalDigits(p) else { return nonFinite(p) }
        let rounded = digits.rounded(significant: 4)
        let fixed = rounded.plain(), scientific = rounded.scientific()
        return fixed.count <= scientific.count ? fixed : scientific
    }

    static func humanPercent(_ fraction: Double) -> String {
        percentUnits(fraction, decimals: 1) + "%"
    }

    /// `+41.0 pp`; without the `+` when not `signed` (a size, not a change).
    static func humanPoints(_ fraction: Double, signed: Bool = true) -> String {
        guard let digits = DecimalDigits(fraction) else { return nonFinite(fraction) + " pp" }
        let rounded = digits.scaled(by: 2).rounded(decimals: 1)
        let sign = !signed || rounded.isZero || rounded.isNegative ? "" : "+"
        return sign + rounded.plain(minDecimals: 1) + " pp"
    }

    static func humanRatio(_ r: Double) -> String {
        guard let digits = DecimalDigits(r) else { return nonFinite(r) + "×" }
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
        if e.isWeighted, let effective = e.effectiveN, let digits = DecimalDigits(effective) {
            out += ", n_eff=" + digits.rounded(decimals: 1).plain(minDecimals: 1)
        }
        return out + ")"
    }

    /// A mean or a total: `644.2 ±47.3 (n=183)`, value and margin with the
    /// same decimals, chosen so that the margin keeps three significant digits.
    private static func measureText(_ e: Estimate, _ design: DesignFigures) -> String {
        guard let value = DecimalDigits(design.value) else { return nonFinite(design.value) }
        var out: String
        if let moe = e.marginOfError, moe > 0, let margin = DecimalDigits(moe) {
            let decimals = Swift.min(10, Swift.max(0, 2 - Int((log10(moe)).rounded(.down))))
            out = value.rounded(decimals: decimals).plain(minDecimals: decimals) + " ±" + margin.rounded(decimals: decimals).plain(minDecimals: decimals)
        } else {
            out = humanNumber(design.value)
        }
        return out + " (n=\(e.n ?? 0))"
    }

    /// `fraction` × 100 with exactly `decimals` decimals: 0.16 → "16.0".
    private static func percentUnits(_ fraction: Double, decimals: Int) -> String {
        guard let digits = DecimalDigits(fraction) else { return nonFinite(fraction) }
        return digits.scaled(by: 2).rounded(decimals: decimals).plain(minDecimals: decimals)
    }

    // MARK: - Machine pieces

    /// `%.15g`, trailing zeros trimmed: 3.5624999999999996 → "3.5625".
    static func machineNumber(_ x: Double) -> String {
        DecimalDigits(x)?.general() ?? nonFinite(x)
    }

    /// `fraction` in percent units: 0.16 → "16", 0.017378 → "1.7378",
    /// 2.5624999999999996 → "256.25". Scaling the 15 digits of the fraction
    /// by 100 is exact (it moves the point), so these are the 15 significant
    /// digits of the percent figure itself; the noise a binary `× 100` would
    /// add (`16.000000000000004`) never appears.
    static func machinePercentUnits(_ fraction: Double) -> String {
        DecimalDigits(fraction)?.scaled(by: 2).general() ?? nonFinite(fraction)
    }

    private static func nonFinite(_ x: Double) -> String {
        x.isNaN ? "nan" : (x < 0 ? "-inf" : "inf")
    }
}
