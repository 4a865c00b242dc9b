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
        let v = result.covariance
        let level = context.settings.confidenceLevel
        func side(_ k: Int) -> Estimate {
            let p = result.values[k], se = v[k][k].squareRoot()
            let df = Double(result.degreesOfFreedom)
            let method = context.settings.designInterval
            let interval = DesignInterval.share(p, standardError: se, df: df, n: domain.count, level: level, method: method,
                                                logitStandardError: result.logitStandardError(k, frame))
            let weights = domain.map { frame.weights[$0] }
            let effects = DesignEffect.of(k == 0 ? a : b, weights: weights, variance: v[k][k])
            var e = Estimate(proportion: p, n: domain.count, effectiveN: DesignEffect.effectiveN(domain.count, deffReplace: effects.deffReplace),
                             level: level, method: context.settings.intervalMethod, policy: context.settings.smallBase)
            e.design = DesignFigures(kind: .share, value: p, standardError: se, degreesOfFreedom: df, ciLow: interval.low,
                                     ciHigh: interval.high, designEffect: effects.deff.isFinite ? effects.deff : nil,
                                     designEffectWithReplacement: effects.deffReplace.isFinite ? effects.deffReplace : nil, interval: method.rawValue,
                                     variance: frame.varianceMethod)
            e.design?.domain = DesignDomain(frame: frame, estimand: estimands[k])
            return e
        }
        var row = ComparisonRow(method: "")
        row.first = side(0)
        row.second = side(1)
        let se = max(v[0][0] + v[1][1] - 2 * v[0][1], 0).squareRoot()
        // svyttest's df: the design df minus 1, as for two domains.
        let df = Double(result.degreesOfFreedom - 1)
        let difference = result.values[1] - result.values[0]
        let critical = StudentT.criticalValue(level: level, df: df)
        row.fill(difference: difference, ciLow: difference - critical * se, ciHigh: difference + critical * se,
                 p1: result.values[0], p2: result.values[1])
        row.standardError = se
        row.degreesOfFreedom = df
        if se > 0, df >= 1 {
            row.statistic = difference / se
            row.p = min(1, 2 * StudentT.upperTail(abs(difference / se), df: df))
            row.significant = row.p! < 1 - level
        }
        let design = frame.declared ? "design \(frame.summary)" : frame.summary
        row.method = "same respondents, design-based t test of the paired difference (\(frame.varianceMethod), \(design), n=\(domain.count)), df \(Int(df))"
        return row
    }
}
