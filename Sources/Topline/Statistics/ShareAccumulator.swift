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
    /// Σw over counted rows.
    public private(set) var sumW = 0.0
    /// Σw² over counted rows.
    public private(set) var sumW2 = 0.0
    /// Σw·y over counted rows (y = 1 for a hit).
    public private(set) var sumWY = 0.0

    public init() {}

    /// Adds one row. `hit` nil (a null predicate) or an unusable `weight` skips the row.
    public mutating func add(hit: Bool?, weight: Double? = 1) {
        guard let hit, let weight, weight > 0, weight.isFinite else {
            skipped += 1
            return
        }
        count += 1
        sumW += weight
        sumW2 += weight * weight
        if hit { sumWY += weight }
    }

    /// The weighted share Σwy/Σw, or nil before any row was counted.
    public var share: Double? {
        count > 0 ? sumWY / sumW : nil
    }

    /// Kish effective sample size (Σw)²/Σw², or nil before any row was counted.
    public var effectiveN: Double? {
        count > 0 ? sumW * sumW / sumW2 : nil
    }

    /// Design effect from unequal weighting, n·Σw²/(Σw)², or nil before any row was counted.
    public var designEffect: Double? {
        count > 0 ? Double(count) * sumW2 / (sumW * sumW) : nil
    }

    /// The share as an ``Estimate`` with n = ``count`` and effectiveN = ``effectiveN``,
    /// or nil when no row was counted (a share of nothing is undefined, not 0).
    public func estimate(level: Double = 0.95, method: IntervalMethod = .wilson) -> Estimate? {
        guard let share, let effectiveN else { return nil }
        return Estimate(proportion: share, n: count, effectiveN: effectiveN, level: level, method: method)
    }
}
