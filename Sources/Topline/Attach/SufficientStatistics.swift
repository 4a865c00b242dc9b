/// `mean(x)`, `total(x)`, `ratio(y, x)`, and `share(condition)` on a weighted table, from sums the
/// server adds up per group: no respondent's row crosses the wire, only one row per group.
///
/// They are the design estimates `Aggregation.designEstimates` makes on a weights-only design (R's
/// `svydesign(ids = ~1, weights = ~w)`; every weight 1 without one): one stratum of N rows, every
/// row a unit. For a domain (a group, after any `where`) the server sends an estimate's sums
/// (``EstimateSums``: n, Σw, Σwa, Σwb, …, Σw²b², θ = Σwa/Σwb) and N, and the stage formula of
/// ``DesignVariance/rowUnits(_:cells:lonely:)`` gives the variance from Σz and Σz², as for a
/// design without clusters: N/(N−1)·(Σz² − (Σz)²/N), the degrees of freedom n − 1.
///
/// The expanded Σz² loses about log₁₀(Σw²a² / Σw²(a−θb)²) digits against the in-memory
/// two-pass sum: nothing for shares and for survey answers, a few digits for a variable
/// whose spread is tiny against its mean (years, say).
enum SufficientStatistics {
    /// The SQL of the sums, as one text `"KIND n Σw Σwa Σwb Σwa² Σwab Σwb² Σw²a² Σw²ab Σw²b² N"` (float8
    /// text reads back exactly). `a` is the value (SQL, a number or null), `b` a ratio's denominator (nil: 1),
    /// `weight` the weight (nil: 1), `units` the SQL of N.
    static func sql(_ kind: EstimateKind, a: String, b: String?, weight: String?, units: String) -> String {
        let (w, v, d) = rowTerms(a: a, b: b, weight: weight)
        let parts = ["count(\(v))", "sum(CASE WHEN \(v) IS NOT NULL THEN \(w) END)", "sum(\(w) * \(v))", "sum(\(w) * \(d))",
                     "sum(\(w) * \(v) * \(v))", "sum(\(w) * \(v) * \(d))", "sum(\(w) * \(d) * \(d))",
                     "sum(\(w) * \(w) * \(v) * \(v))", "sum(\(w) * \(w) * \(v) * \(d))", "sum(\(w) * \(w) * \(d) * \(d))", units]
        return "('\(kind.rawValue) ' || " + parts.map { "COALESCE(CAST(\($0) AS text), '0')" }.joined(separator: " || ' ' || ") + ")"
    }

    /// The SQL of a row's weight `w`, value `v` and denominator `d` (1 without one), null for a row
    /// outside the estimate: a row counts when its value (and denominator) is not null and its
    /// weight is usable (≥ 0 and finite), as in memory.
    private static func rowTerms(a: String, b: String?, weight: String?) -> (w: String, v: String, d: String) {
        let w = weight.map { "(CASE WHEN \($0) >= 0 AND \($0) < CAST('Infinity' AS double precision) THEN CAST(\($0) AS double precision) END)" }
            ?? "CAST(1 AS double precision)"
        let inDomain = "\(w) IS NOT NULL" + (b.map { " AND (\($0)) IS NOT NULL" } ?? "")
        let v = "(CASE WHEN \(inDomain) THEN CAST(\(a) AS double precision) END)"
        let d = "(CASE WHEN \(v) IS NOT NULL THEN \(b.map { "CAST(\($0) AS double precision)" } ?? "CAST(1 AS double precision)") END)"
        return (w, v, d)
    }

    /// The sums of an estimate that only `value()` reads (``SummaryOutput``): `"point KIND n Σw Σwa Σwb N"`.
    /// The value needs no more, and four sums instead of ten make the query several times cheaper
    /// on a large table. `units` need only tell N = 1 from N ≥ 2 (a lonely unit is refused as by
    /// ``estimate(_:context:at:)``).
    static func pointSQL(_ kind: EstimateKind, a: String, b: String?, weight: String?, units: String) -> String {
        let (w, v, d) = rowTerms(a: a, b: b, weight: weight)
        let parts = ["count(\(v))", "sum(CASE WHEN \(v) IS NOT NULL THEN \(w) END)", "sum(\(w) * \(v))", "sum(\(w) * \(d))", units]
        return "('point \(kind.rawValue) ' || " + parts.map { "COALESCE(CAST(\($0) AS text), '0')" }.joined(separator: " || ' ' || ") + ")"
    }

    /// The estimate of a ``pointSQL(_:a:b:weight:units:)`` text: its value θ = Σwa/Σwb (Σwa for a total)
    /// and n, as the full estimate has them; its variance is not known (NaN), and nothing reads it.
    static func pointEstimate(_ text: Substring, context: EvaluationContext, at range: SourceRange) throws(Diagnostic) -> Estimate? {
        let parts = text.split(separator: " ")
        guard parts.count == 7, parts[0] == "point", let kind = EstimateKind(rawValue: String(parts[1])), let units = Int(parts[6]) else { return nil }
        var sums = EstimateSums()
        sums.n = Int(parts[2]) ?? 0
        (sums.w, sums.a, sums.b) = (Double(parts[3]) ?? 0, Double(parts[4]) ?? 0, Double(parts[5]) ?? 0)
        guard sums.n > 0 else { return nil }
        let theta = kind == .total ? sums.a : sums.a / sums.b
        // The same refusal of a lonely unit as the full estimate's.
        do throws(DesignVariance.LonelyStratum) {
            _ = try DesignVariance.rowUnits(.rowsAsUnits(units), cells: [sums.linearised(kind, theta: theta, domain: sums, stratum: 0)],
                                            lonely: context.settings.lonelyPSU)
        } catch {
            throw Aggregation.lonelyDiagnostic(error, context, at: range)
        }
        return sums.estimate(kind, value: theta, variance: .nan, degreesOfFreedom: max(1, sums.n - 1), logitStandardError: nil,
                             varianceMethod: "linearization", settings: context.settings)
    }

    /// The estimate of a text from ``sql(_:a:b:weight:units:)``, as the in-memory design estimate gives it
    /// (without the domain a later `compare` of two such estimates would need); nil for an empty group or
    /// a text that is not one. A lonely unit (N = 1) is refused as in memory, at `range`.
    static func estimate(_ text: Substring, context: EvaluationContext, at range: SourceRange) throws(Diagnostic) -> Estimate? {
        let parts = text.split(separator: " ")
        guard parts.count == 12, let kind = EstimateKind(rawValue: String(parts[0])), let units = Int(parts[11]) else { return nil }
        let sums = EstimateSums(row: parts[1...10].map { String($0) }[...])
        guard sums.n > 0 else { return nil }
        let theta = kind == .total ? sums.a : sums.a / sums.b
        let cell = sums.linearised(kind, theta: theta, domain: sums, stratum: 0)
        let variance: Double, df: Int
        do throws(DesignVariance.LonelyStratum) {
            (variance, df) = try DesignVariance.rowUnits(.rowsAsUnits(units), cells: [cell], lonely: context.settings.lonelyPSU)
        } catch {
            throw Aggregation.lonelyDiagnostic(error, context, at: range)
        }
        return sums.estimate(kind, value: theta, variance: variance, degreesOfFreedom: df, logitStandardError: nil,
                             varianceMethod: "linearization", settings: context.settings)
    }
}
