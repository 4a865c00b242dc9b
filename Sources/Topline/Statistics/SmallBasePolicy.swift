/// How an estimate's base affects what may be shown.
public enum BaseAssessment: Hashable, Sendable {
    /// Show it normally.
    case ok
    /// Show it with a warning mark; `reason` says why (e.g. "base n=35 is below 50").
    case flagged(reason: String)
    /// Do not show the value; `reason` says why.
    case suppressed(reason: String)
    /// The base is unknown: show the value, but no interval and no test.
    case unknownBase
}

/// Small-base rules, after NCHS and the US Census NSCH presentation standards
/// (see survey-statistics.md B.7); every threshold is configurable.
///
/// - n < ``suppressBelow`` (30): suppressed.
/// - n < ``flagBelow`` (50), or a weighted n_eff below it: flagged.
/// - CI width (high − low) > ``flagCIWidthAbove`` (0.20 = 20 pp): flagged.
///
/// Suppression uses the unweighted base, as NSCH does ("unweighted
/// denominators ≥ 30"); weighting shows up through n_eff and the wider
/// interval, which can only flag.
///
/// ```swift
/// let policy = SmallBasePolicy()
/// _ = policy.assess(Estimate(proportion: 0.49, n: 35))   // .flagged(reason: "base n=35 is below 50")
/// _ = policy.assess(Estimate(proportion: 0.49, n: nil))  // .unknownBase
/// ```
public struct SmallBasePolicy: Hashable, Sendable, Codable {
    /// Suppress estimates whose base n is below this.
    public var suppressBelow = 30
    /// Flag estimates whose base n (or effective n) is below this.
    public var flagBelow = 50
    /// Flag estimates whose interval is wider than this (as a fraction: 0.20 = 20 pp).
    public var flagCIWidthAbove = 0.20
    /// Wald is replaced by Wilson when n_eff·p or n_eff·(1−p) is below this.
    public var waldMinimumCount = 10.0

    public init() {}

    /// Classifies an estimate; the first rule that applies wins, in the order
    /// unknown base, suppression, small base, small effective base, wide interval.
    public func assess(_ e: Estimate) -> BaseAssessment {
        guard let n = e.n else { return .unknownBase }
        if n < suppressBelow {
            return .suppressed(reason: "base n=\(n) is below \(suppressBelow)")
        }
        if n < flagBelow {
            return .flagged(reason: "base n=\(n) is below \(flagBelow)")
        }
        if let nEff = e.effectiveN, nEff < Double(flagBelow) {
            return .flagged(reason: "effective base n_eff=\(Self.oneDecimal(nEff)) is below \(flagBelow)")
        }
        if e.kind == .share, let low = e.ciLow, let high = e.ciHigh, high - low > flagCIWidthAbove {
            return .flagged(
                reason: "\(Self.percent(e.level))% CI width \(Self.oneDecimal((high - low) * 100)) pp exceeds \(Self.oneDecimal(flagCIWidthAbove * 100)) pp")
        }
        return .ok
    }

    /// The estimate with Wald replaced by Wilson where the normal
    /// approximation fails (n_eff·p or n_eff·(1−p) below ``waldMinimumCount``);
    /// unchanged otherwise, including when the base is unknown.
    public func resolvingMethod(_ e: Estimate) -> Estimate {
        guard e.method == .wald, e.n != nil, let base = e.effectiveN,
              !ProportionInterval.normalApproximationHolds(p: e.proportion, n: base, minimumCount: waldMinimumCount)
        else { return e }
        var resolved = e
        resolved.method = .wilson
        return resolved
    }

    /// 12.34 → "12.3", without Foundation's formatting.
    private static func oneDecimal(_ x: Double) -> String {
        let tenths = (x * 10).rounded()
        let whole = Int(tenths / 10)
        let fraction = Int(abs(tenths).truncatingRemainder(dividingBy: 10))
        return "\(tenths < 0 && whole == 0 ? "-" : "")\(whole).\(fraction)"
    }

    /// 0.95 → "95", 0.975 → "97.5".
    private static func percent(_ level: Double) -> String {
        let value = level * 100
        return value == value.rounded() ? "\(Int(value))" : oneDecimal(value)
    }
}
