/// The SQL of the point estimates a weighted table's `summarize` sends to the server: `sum`, `avg`,
/// `count_weighted`, and the weighted `var`/`stddev` about their group's weighted mean.
extension SQLCompiler {
    /// The point estimates of a weighted table (``Aggregation/weightedSumOrMean(_:weights:mean:)``,
    /// ``Aggregation/countWeighted(_:)``): `sum` Σwx, `avg` Σwx/Σw and `count_weighted` Σw, over the
    /// rows whose weight is usable (≥ 0, finite) and x not null. A Σw of 0 under `avg`, or a sum that
    /// overflows, is a data error of the server's: the rows are then taken here, for the in-memory answer.
    static func weightedPoint(_ function: String, _ x: String?, weight w: String) -> String {
        let counted = Self.counted(x, weight: w)
        let weights = "sum(CASE WHEN \(counted) THEN CAST(\(w) AS double precision) END)"
        let weighted = x.map { "sum(CASE WHEN \(counted) THEN CAST(\(w) AS double precision) * CAST(\($0) AS double precision) END)" } ?? weights
        switch function {
        case "sum": return weighted
        case "avg": return "(\(weighted) / \(weights))"
        default: return "COALESCE(\(weights), 0)"
        }
    }

    /// The test of a row that a weighted point estimate counts: x (when given) not null, then its weight usable.
    private static func counted(_ x: String?, weight w: String) -> String {
        (x.map { "(\($0)) IS NOT NULL AND " } ?? "") + SufficientStatistics.usableWeight(w)
    }

    /// The aggregates whose weighted form needs the group's weighted mean first (``weightedSpread(_:_:weight:mean:)``).
    static let spreads: Set<String> = ["stddev", "var"]

    /// Σwx/Σw over the rows whose weight is usable and x not null, over a window (`over`): the mean a
    /// weighted spread is taken about; null for a Σw of 0 (the spread is then null too).
    static func weightedMean(_ x: String, weight w: String, over: String) -> String {
        let counted = Self.counted(x, weight: w)
        return "(sum(CASE WHEN \(counted) THEN CAST(\(w) AS double precision) * CAST(\(x) AS double precision) END) \(over)"
            + " / NULLIF(sum(CASE WHEN \(counted) THEN CAST(\(w) AS double precision) END) \(over), 0))"
    }

    /// A weighted `var(x)` or `stddev(x)` as ``Aggregation/spread(_:squared:)`` computes it (R's `svyvar`):
    /// Σw(x − x̄)²/Σw · n/(n − 1) about the group's weighted mean x̄ (the column `mean`), the products in
    /// the in-memory order, n the rows of weight other than 0; null below two such rows or for a Σw of 0.
    static func weightedSpread(_ function: String, _ x: String, weight w: String, mean: String) -> String {
        let counted = Self.counted(x, weight: w)
        let d = "(CAST(\(x) AS double precision) - \(mean))"
        let squares = "sum(CASE WHEN \(counted) THEN CAST(\(w) AS double precision) * \(d) * \(d) END)"
        let weights = "sum(CASE WHEN \(counted) THEN CAST(\(w) AS double precision) END)"
        let n = "count(CASE WHEN \(counted) AND \(w) <> 0 THEN 1 END)"
        let variance = "CASE WHEN \(n) > 1 AND \(weights) > 0 THEN \(squares) / \(weights) * (CAST(\(n) AS double precision) / (\(n) - 1)) END"
        return function == "stddev" ? "sqrt(\(variance))" : "(\(variance))"
    }
}
