/// Streams rows into a (weighted) share with its Kish effective base.
///
/// - p_w = Σwy / Σw
/// - n = number of rows counted (the unweighted base, which is what is shown as n)
/// - n_eff = (Σw)² / Σw² (Kish 1992)
/// - deff = n·Σw² / (Σw)² = n / n_eff = 1 + CV²(w)
///
/// Rows are skipped (and counted in ``skipped``) when the predicate is null,
/// or the weight is null, NaN, infinite, negative or zero: such a row has no
/// defined contribution, and a zero weight means the row is outside the
/// sample, so it must not inflate the base either. Unweighted data uses
/// weight 1, which makes n_eff equal n exactly.
///
/// The sums are kept times a power of two (``scale``), 1 unless the largest
/// weight is beyond 2^±400: there Σw² of a few weights like 1e200 would be
/// infinite (and n_eff = ∞/∞ undefined) or, of weights like 1e-200, zero.
/// Scaled so the largest weight is about 1, every sum stays finite, and the
/// share, n_eff and deff — ratios in which the scale cancels — are exact as
/// for ordinary weights: multiplying by a power of two changes no digit.
///
/// ```swift
/// var acc = ShareAccumulator()
/// for (y, w) in zip([true, false, true], [1.0, 2.0, 3.0]) { acc.add(hit: y, weight: w) }
/// _ = acc.estimate()   // proportion 4/6, n 3, effectiveN 36/14
/// ```
public struct ShareAccumulator: Hashable, Sendable {
    /// Rows counted (the unweighted base n).
    public private(set) var count = 0
    /// Rows skipped for a null predicate or an unusable weight.
    public private(set) var skipped = 0
    /// The power of two the sums below are kept times.
    private var scale = 1.0
    /// Σ(w·scale), Σ(w·scale)² and Σ(w·scale)·y over counted rows.
    private var scaledW = 0.0
    private var scaledW2 = 0.0
    private var scaledWY = 0.0
    /// The largest w·scale so far.
    private var largest = 0.0

    /// Beyond this (or below its inverse, for the largest weight) the scale changes.
    private static let bound = 0x1p400

    public init() {}

    /// What adding `count` rows of weight 1 (`hits` of them hits) and `skipped` null ones gives, from
    /// their counts: the sums of ones are exact, so counts made a block of rows at a time agree.
    init(unweightedHits hits: Int, count: Int, skipped: Int) {
        self.count = count
        self.skipped = skipped
        scaledW = Double(count)
        scaledW2 = Double(count)
        scaledWY = Double(hits)
        largest = count > 0 ? 1 : 0
    }

    /// Σw over counted rows (infinite when the weights' sum is beyond Double).
    public var sumW: Double { scaledW / scale }
    /// Σw² over counted rows (infinite, or 0, for astronomically large or small weights;
    /// the share, effective base and design effect do not use it).
    public var sumW2: Double { scaledW2 / scale / scale }
    /// Σw·y over counted rows (y = 1 for a hit).
    public var sumWY: Double { scaledWY / scale }

    /// Adds one row. `hit` nil (a null predicate) or an unusable `weight` skips the row.
    public mutating func add(hit: Bool?, weight: Double? = 1) {
        guard let hit, let weight, weight > 0, weight.isFinite else {
            skipped += 1
            return
        }
        var w = weight * scale
        if w > Self.bound || (w > largest && w < 1 / Self.bound) {
            rescale(largestWeight: weight)
            w = weight * scale
        }
        largest = max(largest, w)
        count += 1
        scaledW += w
        scaledW2 += w * w
        if hit { scaledWY += w }
    }

    /// Makes `weight`, the largest so far, lie in [1, 2) once scaled.
    private mutating func rescale(largestWeight weight: Double) {
        // 2^1023 at most: a subnormal weight then scales to about 2^-51, still far from underflow.
        let next = Double(sign: .plus, exponent: min(1023, -weight.exponent), significand: 1)
        let ratio = next / scale
        scaledW *= ratio
        // Twice, not by ratio²: that alone can overflow (0 · ∞ is NaN) while the product stays in range.
        scaledW2 = scaledW2 * ratio * ratio
        scaledWY *= ratio
        largest *= ratio
        scale = next
    }

    /// The weighted share Σwy/Σw, or nil before any row was counted.
    public var share: Double? {
        count > 0 ? scaledWY / scaledW : nil
    }

    /// Kish effective sample size (Σw)²/Σw², or nil before any row was counted.
    public var effectiveN: Double? {
        count > 0 ? scaledW * scaledW / scaledW2 : nil
    }

    /// Design effect from unequal weighting, n·Σw²/(Σw)², or nil before any row was counted.
    public var designEffect: Double? {
        count > 0 ? Double(count) * scaledW2 / (scaledW * scaledW) : nil
    }

    /// The share as an ``Estimate`` with n = ``count`` and effectiveN = ``effectiveN``,
    /// or nil when no row was counted (a share of nothing is undefined, not 0).
    public func estimate(level: Double = 0.95, method: IntervalMethod = .wilson) -> Estimate? {
        guard let share, let effectiveN else { return nil }
        return Estimate(proportion: share, n: count, effectiveN: effectiveN, level: level, method: method)
    }
}
