/// `mean(x)`, and `share(condition)` on a weighted table, from sums the server adds up per
/// group: no respondent's row crosses the wire, only one row per group.
///
/// They are the design estimates `Aggregation.designEstimates` makes on a weights-only
/// design (R's `svydesign(ids = ~1, weights = ~w)`; every weight 1 without one), in closed
/// form. For a domain d (a group, after any `where`) of m rows with valid weights, of a
/// design of N rows:
///
/// - ŷ = Σwy / Σw;
/// - the linearised values zᵢ = wᵢ(yᵢ − ŷ)/Σw sum to 0, so R's one-stage variance
///   N/(N−1)·Σ(z − z̄)² is N/(N−1)·(Σw²y² − 2ŷ·Σw²y + ŷ²·Σw²)/(Σw)²;
/// - the degrees of freedom are m − 1 (the units with an entry, less one stratum);
/// - the design effects compare it with s²/m, s² = m/(m−1)·(Σwy² − ŷ·Σwy)/Σw.
///
/// The expanded sums lose about log₁₀(Σw²y² / Σw²(y−ŷ)²) digits against the in-memory
/// two-pass sum: nothing for shares and for survey answers, a few digits for a variable
/// whose spread is tiny against its mean (years, say).
struct SufficientStatistics {
    var count: Int
    var sumW: Double, sumWY: Double, sumWY2: Double
    var sumW2: Double, sumW2Y: Double, sumW2Y2: Double
    /// N: the rows of the design (of the table for unweighted rows, of the whole attached table with a weight).
    var units: Int

    /// The SQL of the sums, as one text `"KIND m Σw Σwy Σwy² Σw² Σw²y Σw²y² N"` (float8 text reads back exactly).
    /// `y` is the value (SQL, double precision or null), `w` the weight (nil: 1), `units` the SQL of N.
    static func sql(_ kind: EstimateKind, y: String, weight: String?, units: String) -> String {
        // A row counts when its value is not null and its weight is usable (≥ 0 and finite), as in memory.
        let w = weight.map { "(CASE WHEN \($0) >= 0 AND \($0) < CAST('Infinity' AS double precision) THEN CAST(\($0) AS double precision) END)" } ?? "1.0"
        let v = "(CASE WHEN \(w) IS NOT NULL THEN CAST(\(y) AS double precision) END)"
        let wy = "(\(w) * \(v))"
        let parts = ["count(\(v))", "sum(CASE WHEN \(v) IS NOT NULL THEN \(w) END)", "sum(\(wy))", "sum(\(wy) * \(v))",
                     "sum(CASE WHEN \(v) IS NOT NULL THEN \(w) * \(w) END)", "sum(\(w) * \(wy))", "sum(\(w) * \(wy) * \(v))", units]
        return "('\(kind == .share ? "share" : "mean") ' || " + parts.map { "COALESCE(CAST(\($0) AS text), '0')" }.joined(separator: " || ' ' || ") + ")"
    }

    /// The sums of a text from ``sql(_:y:weight:units:)`` (its kind word dropped).
    init?(_ parts: ArraySlice<Substring>) {
        let parts = Array(parts)
        guard parts.count == 8, let m = Int(parts[0]), let n = Double(parts[7]) else { return nil }
        let sums = parts[1...6].compactMap { Double($0) }
        guard sums.count == 6 else { return nil }
        count = m
        (sumW, sumWY, sumWY2, sumW2, sumW2Y, sumW2Y2) = (sums[0], sums[1], sums[2], sums[3], sums[4], sums[5])
        units = Int(n)
    }

    /// The estimate, as the in-memory design estimate gives it (without the domain a later
    /// `compare` of two such estimates would need); nil for an empty group.
    func estimate(_ kind: EstimateKind, settings: SessionSettings) -> Estimate? {
        let m = count
        guard m > 0, sumW > 0 else { return nil }
        let value = sumWY / sumW
        let squares = max(0, sumW2Y2 - 2 * value * sumW2Y + value * value * sumW2)
        let variance = Double(units) / Double(units - 1) * squares / (sumW * sumW)
        let se = variance.squareRoot()
        let df = Double(m - 1)
        // DesignEffect.of, from the same sums.
        let spread = max(0, sumWY2 - value * sumWY)
        let replace = Double(m) / Double(m - 1) * spread / sumW / Double(m)
        let deff = variance / ((1 - Double(m) / sumW) * replace), deffReplace = variance / replace
        let level = settings.confidenceLevel
        let t = StudentT.criticalValue(level: level, df: df)
        var low = value - t * se, high = value + t * se
        var interval = "t"
        if kind == .share {
            interval = settings.designInterval.rawValue
            (low, high) = DesignInterval.share(value, standardError: se, df: df, n: m, level: level, method: settings.designInterval)
        }
        var e = Estimate(proportion: value, n: m, effectiveN: DesignEffect.effectiveN(m, deffReplace: deffReplace), level: level,
                         method: settings.intervalMethod, policy: settings.smallBase)
        e.design = DesignFigures(kind: kind, value: value, standardError: se, degreesOfFreedom: df, ciLow: low, ciHigh: high,
                                 designEffect: deff.isFinite ? deff : nil, designEffectWithReplacement: deffReplace.isFinite ? deffReplace : nil,
                                 interval: interval, variance: "linearization")
        return e
    }
}
