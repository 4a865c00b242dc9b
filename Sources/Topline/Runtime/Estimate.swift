/// How a confidence interval for a proportion is computed.
public enum IntervalMethod: String, Hashable, Sendable, Codable, CaseIterable {
    /// Normal approximation p ± z·√(p(1−p)/n); bounds clipped to [0, 1].
    case wald
    /// Wilson score interval (Wilson 1927).
    case wilson
}

/// A proportion estimated from a sample: the value with its base.
///
/// `16.0% ±1.7 (n=1709)` is an `Estimate` with `proportion` 0.16 and `n` 1709.
/// When the base is unknown (`n == nil`) no interval is ever computed.
public struct Estimate: Hashable, Sendable, Codable {
    /// The share as a fraction in [0, 1].
    public var proportion: Double
    /// The unweighted base (number of respondents), if known.
    public var n: Int?
    /// Kish effective sample size under weights; equal to `n` when unweighted.
    public var effectiveN: Double?
    /// Confidence level as a fraction, e.g. 0.95.
    public var level: Double
    /// The interval method used for `ciLow`/`ciHigh`.
    public var method: IntervalMethod
    /// When the base is too small to show the estimate, or to show it without a warning.
    public var policy: SmallBasePolicy
    /// The figures of a design-based estimate (`mean`, `total`, or `share`
    /// on a dataset with a `design`): nil for the shares of simple random
    /// samples and of weights declared with `load … weight`.
    public var design: DesignFigures?

    public init(proportion: Double, n: Int?, effectiveN: Double? = nil, level: Double = 0.95, method: IntervalMethod = .wilson,
                policy: SmallBasePolicy = SmallBasePolicy()) {
        self.proportion = proportion
        self.n = n
        self.effectiveN = effectiveN ?? n.map(Double.init)
        self.level = level
        self.method = method
        self.policy = policy
    }

    /// A share, a mean or a total.
    public var kind: EstimateKind { design?.kind ?? .share }

    /// What the small-base policy says about this estimate.
    public var assessment: BaseAssessment { policy.assess(self) }

    /// Whether weights made the effective base differ from the raw base.
    public var isWeighted: Bool {
        guard let n, let effectiveN else { return false }
        return abs(Double(n) - effectiveN) > 1e-9
    }
}

/// What an ``Estimate`` estimates.
public enum EstimateKind: String, Hashable, Sendable, Codable {
    case share, mean, total, ratio, quantile
}

/// The figures of a design-based estimate, computed by Taylor linearisation
/// (as R `survey`'s `svymean`, `svytotal` and `svyciprop`).
public struct DesignFigures: Hashable, Sendable, Codable {
    public var kind: EstimateKind
    /// The estimate: a proportion in 0…1 for a share, in the data's units otherwise.
    public var value: Double
    public var standardError: Double
    /// The design degrees of freedom of the domain (R's `degf`).
    public var degreesOfFreedom: Double
    public var ciLow: Double
    public var ciHigh: Double
    /// R's default design effect (against SRS without replacement), and `deff = "replace"`.
    public var designEffect: Double?
    public var designEffectWithReplacement: Double?
    /// The interval: `t` (value ± t(df)·SE), `logit`, `beta` or `mean`.
    public var interval: String
    /// The variance method: `linearization`, `linearization-2-stage` (a later stage adds its variance), or a
    /// replicate method (`jk1`, `brr`, `fay`, `sdr`, `acs`, `bootstrap`).
    public var variance: String
    /// The domain and design the estimate came from, which a later `compare` needs for the
    /// covariance of two estimates; not part of the figures (not compared, hashed or encoded).
    var domain: DesignDomain? {
        get { origin.domain }
        set { origin.domain = newValue }
    }
    private var origin = DesignOrigin()

    private enum CodingKeys: String, CodingKey {
        case kind, value, standardError, degreesOfFreedom, ciLow, ciHigh, designEffect, designEffectWithReplacement, interval, variance
    }

    public init(kind: EstimateKind, value: Double, standardError: Double, degreesOfFreedom: Double, ciLow: Double, ciHigh: Double,
                designEffect: Double?, designEffectWithReplacement: Double?, interval: String, variance: String = "linearization") {
        self.kind = kind
        self.value = value
        self.standardError = standardError
        self.degreesOfFreedom = degreesOfFreedom
        self.ciLow = ciLow
        self.ciHigh = ciHigh
        self.designEffect = designEffect
        self.designEffectWithReplacement = designEffectWithReplacement
        self.interval = interval
        self.variance = variance
    }
}

/// Where a design-based estimate came from: the design and the estimand over its domain.
struct DesignDomain: Sendable {
    let frame: DesignFrame
    let estimand: DesignEstimand
}

/// Holds an estimate's ``DesignDomain``. Two estimates are equal when their
/// figures are, wherever they came from (a decoded table has no domains), so
/// any two compare equal and hash to nothing.
private struct DesignOrigin: Hashable, Sendable {
    var domain: DesignDomain?

    static func == (lhs: DesignOrigin, rhs: DesignOrigin) -> Bool { true }
    func hash(into hasher: inout Hasher) {}
}
