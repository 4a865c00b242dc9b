#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `compare` of two estimates of one survey design (a `summarize` on a
/// dataset with a design or weights): the difference B − A with its design
/// standard error, which includes the covariance of the two domains (R:
/// `svyby(…, covmat = TRUE)` and `svycontrast`), tested against t with
/// R `svyttest`'s degrees of freedom: the design df of the two domains
/// together, minus 1. The same holds for a subgroup against a total that
/// contains it, and for overlapping domains: the covariance accounts for
/// the shared rows, so no independence or pairing is assumed.
extension Comparison {
    static func design(_ e1: Estimate, _ e2: Estimate, _ a: DesignDomain, _ b: DesignDomain, mode: CompareStep.Mode,
                       range: SourceRange, context: EvaluationContext) throws(Diagnostic) -> ComparisonRow {
        guard mode == .auto else {
            throw context.error(.resolveCompareMode, "estimates of a survey design are compared with their design covariance, not 'as \(mode.rawValue)'",
                                at: range, hints: ["drop 'as \(mode.rawValue)': the covariance of the two domains covers paired, subgroup and independent cases"])
        }
        guard a.frame.rowCount == b.frame.rowCount, a.frame.summary == b.frame.summary else {
            throw context.error(.runCompareRows, "the two estimates come from different designs", at: range,
                                hints: ["compare estimates of one summarize on one dataset"])
        }
        let result = try Aggregation.designVariance(a.frame, [a.estimand, b.estimand], context, at: range)
        let v = result.covariance
        let se = max(v[0][0] + v[1][1] - 2 * v[0][1], 0).squareRoot()
        let df = Double(result.degreesOfFreedom - 1)
        let (first, second) = (result.values[0], result.values[1])
        let difference = second - first
        let level = context.settings.confidenceLevel
        let critical = StudentT.criticalValue(level: level, df: df)
        var row = ComparisonRow(method: "")
        row.first = e1
        row.second = e2
        row.fill(difference: difference, ciLow: difference - critical * se, ciHigh: difference + critical * se, p1: first, p2: second)
        row.standardError = se
        row.degreesOfFreedom = df
        if se > 0, df >= 1 {
            let t = difference / se
            row.statistic = t
            row.p = min(1, 2 * StudentT.upperTail(abs(t), df: df))
            row.significant = row.p! < 1 - level
        }
        let variance = e1.design?.variance ?? "linearization"
        let design = a.frame.declared ? "design \(a.frame.summary)" : a.frame.summary.isEmpty ? "unweighted" : a.frame.summary
        row.method = "design-based t test (\(variance), \(design)): SE of the difference with the covariance of the two domains, df \(Int(df))"
        return row
    }

    /// Two yes/no items of the same respondents on a weighted or design
    /// dataset: the two weighted shares over the rows that answered both, and
    /// the design SE of their difference (the mean of b − a: R
    /// `svyttest(I(b - a) ~ 0)`), with svyttest's df: the design df of those rows, minus 1.
    static func pairedDesign(_ rows: [Int], _ first: RowFunction, _ second: RowFunction, frame: DesignFrame,
                             range: SourceRange, context: EvaluationContext) throws(Diagnostic) -> ComparisonRow {
        var domain: [Int] = [], a: [Double] = [], b: [Double] = []
        for r in rows {
            guard case .boolean(let x) = try first(r), case .boolean(let y) = try second(r) else { continue }
            let o = frame.originalRow(r)
            guard !frame.weights[o].isNaN else { continue }
            domain.append(o)
            a.append(x ? 1 : 0)
            b.append(y ? 1 : 0)
        }
        guard !domain.isEmpty else { return ComparisonRow(method: "no respondent answered both") }
        let ones = [Double](repeating: 1, count: domain.count)
        let estimands = [DesignEstimand(rows: domain, numerator: a, denominator: ones),
                         DesignEstimand(rows: domain, numerator: b, denominator: ones)]
        let result = try Aggregation.designVariance(frame, estimands, context, at: range)
        let weights = domain.map { frame.weights[$0] }
        let effects = [a, b].enumerated().map { k, y in DesignEffect.of(y, weights: weights, variance: result.covariance[k][k]) }
        return pairedRow(PairedFigures(values: result.values, covariance: result.covariance, degreesOfFreedom: result.degreesOfFreedom,
                                       rows: domain.count, effects: effects, logitStandardErrors: [0, 1].map { result.logitStandardError($0, frame) },
                                       domains: estimands.map { DesignDomain(frame: frame, estimand: $0) }),
                         variance: frame.varianceMethod, design: frame.declared ? "design \(frame.summary)" : frame.summary, context: context)
    }

    /// The same from a server's sums (an attached table with a weight, every row a unit): each group's
    /// rows that answered both in four cells — both yes, first only, second only, neither — with
    /// their rows, Σw and Σw², and N, the design's rows. The linearised values of a cell's rows are
    /// w·(a − θ)/W with a and b fixed, so Σz = Σ_cells Σw·(a − θ)/W and Σz_a·z_b = Σ_cells Σw²·(a − θ_a)(b − θ_b)/W².
    static func pairedDesign(cells: [PairedCell], units: Int, weight: String, range: SourceRange,
                             context: EvaluationContext) throws(Diagnostic) -> ComparisonRow {
        let n = cells.reduce(0) { $0 + $1.rows }
        guard n > 0 else { return ComparisonRow(method: "no respondent answered both") }
        let w = cells.reduce(0.0) { $0 + $1.weight }
        let sides = [cells.filter(\.first), cells.filter(\.second)]
        let weighted = sides.map { side in side.reduce(0.0) { $0 + $1.weight } }
        let values = weighted.map { $0 / w }
        func centred(_ c: PairedCell, _ k: Int) -> Double { (k == 0 ? (c.first ? 1 : 0) : (c.second ? 1 : 0)) - values[k] }
        var sums = [0.0, 0.0], products = [0.0, 0.0, 0.0, 0.0]
        for c in cells where c.rows > 0 {
            for k in 0..<2 {
                sums[k] += c.weight * centred(c, k) / w
                for l in 0..<2 { products[k * 2 + l] += c.weightSquared * centred(c, k) * centred(c, l) / (w * w) }
            }
        }
        let covariance: [[Double]], df: Int
        do throws(DesignVariance.LonelyStratum) {
            (covariance, df) = try DesignVariance.rowUnits(.rowsAsUnits(units), cells: [.init(stratum: 0, rows: n, sums: sums, products: products)],
                                                           count: 2, lonely: context.settings.lonelyPSU)
        } catch {
            throw Aggregation.lonelyDiagnostic(error, context, at: range)
        }
        // A yes/no item's Σwy² is its Σwy.
        let effects = (0..<2).map { DesignEffect.of(n: n, sumW: w, sumWY: weighted[$0], sumWY2: weighted[$0], variance: covariance[$0][$0]) }
        return pairedRow(PairedFigures(values: values, covariance: covariance, degreesOfFreedom: df, rows: n, effects: effects,
                                       logitStandardErrors: [nil, nil], domains: nil),
                         variance: "linearization", design: "weight \(weight)", context: context)
    }

    /// A cell of respondents for ``pairedDesign(cells:units:weight:range:context:)``: their answers to
    /// the two items, how many they are, Σw and Σw².
    struct PairedCell: Sendable {
        var first: Bool, second: Bool
        var rows: Int
        var weight: Double
        var weightSquared: Double
    }

    /// What a paired comparison's row is made of: both shares, their covariance, the design df, the
    /// rows that answered both, each side's design effects (without and with replacement), logit
    /// SEs (replicate designs) and domains (for a later comparison; nil from a server's sums).
    struct PairedFigures {
        var values: [Double]
        var covariance: [[Double]]
        var degreesOfFreedom: Int
        var rows: Int
        var effects: [(deff: Double, deffReplace: Double)]
        var logitStandardErrors: [Double?]
        var domains: [DesignDomain]?
    }

    /// The row of a paired comparison; `variance` and `design` name how it was estimated (`linearization`, `weight w`).
    private static func pairedRow(_ figures: PairedFigures, variance: String, design: String, context: EvaluationContext) -> ComparisonRow {
        let v = figures.covariance, values = figures.values, n = figures.rows
        let level = context.settings.confidenceLevel
        func side(_ k: Int) -> Estimate {
            let p = values[k], se = v[k][k].squareRoot()
            let df = Double(figures.degreesOfFreedom)
            let method = context.settings.designInterval
            let interval = DesignInterval.share(p, standardError: se, df: df, n: n, level: level, method: method,
                                                logitStandardError: figures.logitStandardErrors[k])
            let effects = figures.effects[k]
            var e = Estimate(proportion: p, n: n, effectiveN: DesignEffect.effectiveN(n, deffReplace: effects.deffReplace),
                             level: level, method: context.settings.intervalMethod, policy: context.settings.smallBase)
            e.design = DesignFigures(kind: .share, value: p, standardError: se, degreesOfFreedom: df, ciLow: interval.low,
                                     ciHigh: interval.high, designEffect: effects.deff.isFinite ? effects.deff : nil,
                                     designEffectWithReplacement: effects.deffReplace.isFinite ? effects.deffReplace : nil, interval: method.rawValue,
                                     variance: variance)
            e.design?.domain = figures.domains?[k]
            return e
        }
        var row = ComparisonRow(method: "")
        row.first = side(0)
        row.second = side(1)
        let se = max(v[0][0] + v[1][1] - 2 * v[0][1], 0).squareRoot()
        // svyttest's df: the design df minus 1, as for two domains.
        let df = Double(figures.degreesOfFreedom - 1)
        let difference = values[1] - values[0]
        let critical = StudentT.criticalValue(level: level, df: df)
        row.fill(difference: difference, ciLow: difference - critical * se, ciHigh: difference + critical * se,
                 p1: values[0], p2: values[1])
        row.standardError = se
        row.degreesOfFreedom = df
        if se > 0, df >= 1 {
            row.statistic = difference / se
            row.p = min(1, 2 * StudentT.upperTail(abs(difference / se), df: df))
            row.significant = row.p! < 1 - level
        }
        row.method = "same respondents, design-based t test of the paired difference (\(variance), \(design), n=\(n)), df \(Int(df))"
        return row
    }
}
