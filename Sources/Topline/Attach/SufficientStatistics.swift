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
    /// What an estimate adds up for each row: a number (`mean(y)`, `total(y)`, a ratio's numerator),
    /// or the indicator of a condition (`share(c)`: 1 where true, 0 where false, null where null).
    enum Summed {
        case number(String)
        case indicator(String)
    }

    /// The SQL of the sums, as one text `"KIND n Σw Σwa Σwb Σwa² Σwab Σwb² Σw²a² Σw²ab Σw²b² N"` (float8
    /// text reads back exactly). `a` is the value (SQL, a number or null), `b` a ratio's denominator (nil: 1),
    /// `weight` the weight (nil: 1), `units` the SQL of N.
    static func sql(_ kind: EstimateKind, a: Summed, b: String?, weight: String?, units: String) -> String {
        let row = RowTerms(a: a, b: b, weight: weight)
        let parts = [row.count, row.sum(w: 1, a: 0, b: 0), row.sum(w: 1, a: 1, b: 0), row.sum(w: 1, a: 0, b: 1),
                     row.sum(w: 1, a: 2, b: 0), row.sum(w: 1, a: 1, b: 1), row.sum(w: 1, a: 0, b: 2),
                     row.sum(w: 2, a: 2, b: 0), row.sum(w: 2, a: 1, b: 1), row.sum(w: 2, a: 0, b: 2), units]
        return "('\(kind.rawValue) ' || " + parts.map { "COALESCE(CAST(\($0) AS text), '0')" }.joined(separator: " || ' ' || ") + ")"
    }

    /// The sums of an estimate that only `value()` reads (``SummaryOutput``): `"point KIND n Σw Σwa Σwb N"`.
    /// The value needs no more, and three sums instead of ten make the query several times cheaper
    /// on a large table. n need only tell a group without rows that count (no estimate) from one with
    /// some, which Σw tells (a sum over no rows is null): 0 or 1, without a count that would test
    /// every row once more. `units` need only tell N = 1 from N ≥ 2 (a lonely unit is refused as by
    /// ``estimate(_:context:at:)``).
    static func pointSQL(_ kind: EstimateKind, a: Summed, b: String?, weight: String?, units: String) -> String {
        let row = RowTerms(a: a, b: b, weight: weight)
        let weights = row.sum(w: 1, a: 0, b: 0)
        let parts = ["CASE WHEN \(weights) IS NULL THEN 0 ELSE 1 END", weights, row.sum(w: 1, a: 1, b: 0), row.sum(w: 1, a: 0, b: 1), units]
        return "('point \(kind.rawValue) ' || " + parts.map { "COALESCE(CAST(\($0) AS text), '0')" }.joined(separator: " || ' ' || ") + ")"
    }

    /// The SQL test of a usable weight, the one rule of every weighted sum sent to the server: not
    /// null, ≥ 0 and finite (a NaN is null already, ``PostgresTypes/normalized(_:_:)``), as in memory.
    static func usableWeight(_ w: String) -> String {
        "\(w) >= 0 AND \(w) < CAST('Infinity' AS double precision)"
    }

    /// A row's terms: it counts when its value (and denominator) is not null and its weight is usable
    /// (≥ 0 and finite), as in memory; its weight `w`, value `a` and denominator `b` as float8.
    ///
    /// Each sum is `sum(CASE WHEN counts THEN w * … END)`, the products in the in-memory order, and a
    /// factor that is 1 left out (a missing denominator, a true indicator): the float8 results are
    /// the same (x · 1 = x exactly), the row is tested once per sum instead of once per factor,
    /// and sums that are the same (Σwb = Σw without a denominator) are the same text, which the
    /// server computes once (PostgreSQL shares the state of identical aggregates).
    private struct RowTerms {
        let usable: String?
        let a: Summed
        let b: String?
        let w: String?

        init(a: Summed, b: String?, weight: String?) {
            usable = weight.map(SufficientStatistics.usableWeight)
            w = weight.map { "CAST(\($0) AS double precision)" }
            self.a = a
            self.b = b
        }

        /// The test of a row that counts; for a power of an indicator, of a row whose indicator is 1
        /// (a true condition is not null: one test instead of two).
        private func counts(indicatorIsOne: Bool = false) -> String {
            let value = switch a {
            case .number(let x): "(\(x)) IS NOT NULL"
            case .indicator(let c): indicatorIsOne ? "(\(c))" : "(\(c)) IS NOT NULL"
            }
            // The value's test first: PostgreSQL stops at the first false term, and the weight's two
            // comparisons (each reading the weight through its NaN test) cost more than an indicator's
            // condition, which is false on most rows of Σwa.
            return [value, b.map { "(\($0)) IS NOT NULL" }, usable].compactMap { $0 }.joined(separator: " AND ")
        }

        /// n: the rows that count.
        var count: String { "count(CASE WHEN \(counts()) THEN 1 END)" }

        /// Σ w^wPower · a^aPower · b^bPower over the rows that count.
        func sum(w wPower: Int, a aPower: Int, b bPower: Int) -> String {
            var condition = counts()
            var factors = Array(repeating: w, count: wPower).compactMap { $0 }
            switch a {
            case .number(let x) where aPower > 0:
                factors += Array(repeating: "CAST(\(x) AS double precision)", count: aPower)
            case .indicator where aPower > 0:
                // The indicator is 1 or 0: its rows of 1 add w^k, its rows of 0 add nothing.
                condition = counts(indicatorIsOne: true)
            default:
                break
            }
            factors += Array(repeating: b.map { "CAST(\($0) AS double precision)" }, count: bPower).compactMap { $0 }
            return "sum(CASE WHEN \(condition) THEN \(factors.isEmpty ? "CAST(1 AS double precision)" : factors.joined(separator: " * ")) END)"
        }
    }

    /// The estimate of a ``pointSQL(_:a:b:weight:units:)`` text: its value θ = Σwa/Σwb (Σwa for a total),
    /// as the full estimate has it; its n (1: some rows), variance (NaN) and interval are not known, and
    /// nothing reads them.
    static func pointEstimate(_ text: Substring, context: EvaluationContext, at range: SourceRange) throws(Diagnostic) -> Estimate? {
        let parts = text.split(separator: " ")
        guard parts.count == 7, parts[0] == "point", let kind = EstimateKind(rawValue: String(parts[1])), let units = Int(parts[6]) else { return nil }
        var sums = EstimateSums()
        sums.n = Int(parts[2]) ?? 0
        (sums.w, sums.a, sums.b) = (Double(parts[3]) ?? 0, Double(parts[4]) ?? 0, Double(parts[5]) ?? 0)
        guard sums.n > 0 else { return nil }
        let theta = kind == .total ? sums.a : sums.a / sums.b
        try Aggregation.refuseLonelyPoint(.rowsAsUnits(units), rows: sums.n, context, at: range)
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
