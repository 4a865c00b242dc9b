/// Everything a two-proportion comparison reports, first → second.
///
/// Sign convention: comparing A with B means going *from A to B*, so
/// `difference` = p₂ − p₁ (B − A) and `z` has the sign of the difference.
/// "2013 18% vs 2014 44%" gives difference +0.26 and z +14.53.
public struct ComparisonResult: Hashable, Sendable {
    /// p₁, the first ("from") proportion.
    public var first: Double
    /// n₁ (may be an effective base).
    public var firstN: Double
    /// p₂, the second ("to") proportion.
    public var second: Double
    /// n₂ (may be an effective base).
    public var secondN: Double
    /// Confidence level of the interval, e.g. 0.95.
    public var level: Double
    /// p₂ − p₁ in proportion units (×100 gives percentage points).
    public var difference: Double
    /// Pooled p̄ = (x₁ + x₂)/(n₁ + n₂), the shared proportion under H₀.
    public var pooledProportion: Double
    /// √(p̄(1−p̄)(1/n₁ + 1/n₂)), the standard error used by the test.
    public var pooledStandardError: Double
    /// √(p₁q₁/n₁ + p₂q₂/n₂), the standard error used by the interval.
    public var unpooledStandardError: Double
    /// (p₂ − p₁)/pooled SE; 0 when the pooled SE is 0 (both shares 0 or both 1).
    public var z: Double
    /// Two-sided p-value of `z`; 1 when the pooled SE is 0.
    public var pValue: Double
    /// Lower bound of the unpooled Wald interval of the difference (not clipped).
    public var ciLow: Double
    /// Upper bound of the unpooled Wald interval of the difference (not clipped).
    public var ciHigh: Double
    /// p₂/p₁ (×), or nil when p₁ is 0.
    public var ratio: Double?
    /// (p₂ − p₁)/p₁ (a fraction: ×100 gives %), or nil when p₁ is 0.
    public var relativeChange: Double?

    public init(
        first: Double, firstN: Double, second: Double, secondN: Double, level: Double,
        difference: Double, pooledProportion: Double, pooledStandardError: Double,
        unpooledStandardError: Double, z: Double, pValue: Double, ciLow: Double, ciHigh: Double,
        ratio: Double?, relativeChange: Double?
    ) {
        self.first = first
        self.firstN = firstN
        self.second = second
        self.secondN = secondN
        self.level = level
        self.difference = difference
        self.pooledProportion = pooledProportion
        self.pooledStandardError = pooledStandardError
        self.unpooledStandardError = unpooledStandardError
        self.z = z
        self.pValue = pValue
        self.ciLow = ciLow
        self.ciHigh = ciHigh
        self.ratio = ratio
        self.relativeChange = relativeChange
    }
}
