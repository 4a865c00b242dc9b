/// Standard error, margin of error and confidence interval of an ``Estimate``.
///
/// Policy:
/// - Every value here is nil when the base `n` is unknown: Topline never
///   invents a base, so an unknown n means no interval (shown as `n/a`).
///   They are also nil when the effective base is not positive, the
///   proportion is outside [0, 1], or the level is not strictly between 0 and 1.
/// - The method is the estimate's `method`, Wilson by default, because the
///   Wald interval has poor coverage for small n or extreme p (Brown, Cai &
///   DasGupta 2001). Wald is available on request; its bounds are clipped
///   to [0, 1] and ``waldWasClipped`` reports when that happened.
///   ``SmallBasePolicy/resolvingMethod(_:)`` switches Wald to Wilson when
///   n·p or n·(1−p) is too small.
/// - The level is the estimate's `level` (0.90, 0.95 and 0.99 use exact
///   constants, see ``Normal/criticalValue(level:)``).
/// - Under weights the variance uses the Kish effective base `effectiveN`,
///   so the interval is the simple-random-sample one widened by √deff.
///
/// ```swift
/// let e = Estimate(proportion: 0.16, n: 1709)
/// _ = e.ciLow          // 0.1433842185 (Wilson, 95%)
/// _ = e.marginOfError  // 0.0173783132
/// ```
extension Estimate {
    /// The two-sided critical value for `level`, or nil for a level outside (0, 1).
    public var criticalValue: Double? {
        let z = Normal.criticalValue(level: level)
        return z.isNaN ? nil : z
    }

    /// √(p(1−p)/n_eff), or nil when the base is unknown.
    public var standardError: Double? {
        if let design { return design.standardError.isFinite ? design.standardError : nil }
        guard let base = varianceBase else { return nil }
        return (proportion * (1 - proportion) / base).squareRoot()
    }

    /// Half the width of the reported interval before any clipping:
    /// z·SE for Wald, the Wilson half-width (around the Wilson centre, not
    /// around p) for Wilson. This is the number printed after "±".
    public var marginOfError: Double? {
        if let design {
            let half = (design.ciHigh - design.ciLow) / 2
            return half.isFinite ? half : nil
        }
        guard let base = varianceBase, let z = criticalValue else { return nil }
        switch method {
        case .wald: return z * (proportion * (1 - proportion) / base).squareRoot()
        case .wilson: return ProportionInterval.wilson(p: proportion, n: base, z: z).halfWidth
        }
    }

    /// The confidence interval for `method` at `level`, or nil when the base is unknown.
    public var interval: (low: Double, high: Double)? {
        if let design { return design.ciLow.isFinite && design.ciHigh.isFinite ? (design.ciLow, design.ciHigh) : nil }
        guard let base = varianceBase, let z = criticalValue else { return nil }
        switch method {
        case .wald:
            let ci = ProportionInterval.wald(p: proportion, n: base, z: z)
            return (ci.low, ci.high)
        case .wilson:
            let ci = ProportionInterval.wilson(p: proportion, n: base, z: z)
            return (ci.low, ci.high)
        }
    }

    /// Lower bound of ``interval``.
    public var ciLow: Double? { interval?.low }

    /// Upper bound of ``interval``.
    public var ciHigh: Double? { interval?.high }

    /// The design effect from unequal weighting, n / n_eff (1 when unweighted).
    public var designEffect: Double? {
        if let design { return design.designEffect.flatMap { $0.isFinite ? $0 : nil } }
        guard let n, let effectiveN, effectiveN > 0 else { return nil }
        return Double(n) / effectiveN
    }

    /// True when the method is Wald and its raw bounds fell outside [0, 1],
    /// so ``ciLow``/``ciHigh`` were clipped.
    public var waldWasClipped: Bool {
        guard design == nil, method == .wald, let base = varianceBase, let z = criticalValue else { return false }
        return ProportionInterval.wald(p: proportion, n: base, z: z).clipped
    }

    /// The base used in the variance: n_eff (n when unweighted), only if n is known and usable.
    private var varianceBase: Double? {
        guard let n, proportion >= 0, proportion <= 1 else { return nil }
        let base = effectiveN ?? Double(n)
        return base > 0 && base.isFinite ? base : nil
    }
}
