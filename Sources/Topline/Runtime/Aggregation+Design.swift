#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The design-based aggregates: `mean(x)`, `total(x)`, and `share(condition)`
/// on a dataset with a declared design. Each group is a domain of the design
/// (see ``DesignFrame``); its rows with a null in the estimated value are
/// outside the domain, as R's `na.rm = TRUE`.
extension Aggregation {
    /// `mean(x)` or `total(x)`: on the design the rows carry, or else on the
    /// weights-only design of the rows (weights 1 when the dataset has none).
    static func designMeasure(_ input: AggregateInput, kind: EstimateKind) throws(Diagnostic) -> Column {
        let table = input.table
        let f = input.evaluator.compile(input.aggregate.argument!)
        let g = input.aggregate.moreArguments.first.map { input.evaluator.compile($0) }
        var values = [Double](repeating: .nan, count: table.rowCount)
        var denominators = [Double](repeating: .nan, count: g == nil ? 0 : table.rowCount)
        for r in 0..<table.rowCount {
            if r & 0xFFFF == 0 { try input.context.checkInterrupt() }
            guard let d = try f(r).numeric else { continue }
            if let g {
                // ratio(y, x): a row with either null is outside the domain.
                guard let x = try g(r).numeric else { continue }
                denominators[r] = x
            }
            values[r] = d
        }
        return try designEstimates(input, kind: kind, values: values, denominators: denominators)
    }

    /// `share(condition)` on a declared design: the mean of the condition's 0/1 over the rows where it is not null.
    static func designShare(_ input: AggregateInput) throws(Diagnostic) -> Column {
        let table = input.table
        guard let condition = input.aggregate.argument else { return Column(name: "", type: .estimate, values: []) }
        var values = [Double](repeating: .nan, count: table.rowCount)
        if let truth = input.evaluator.truthVector(condition) {
            for r in 0..<table.rowCount where truth[r] != Truth.null { values[r] = truth[r] == Truth.true ? 1 : 0 }
        } else {
            let f = input.evaluator.compile(condition)
            for r in 0..<table.rowCount {
                if r & 0xFFFF == 0 { try input.context.checkInterrupt() }
                if case .boolean(let b) = try f(r) { values[r] = b ? 1 : 0 }
            }
        }
        return try designEstimates(input, kind: .share, values: values)
    }

    private static func designEstimates(_ input: AggregateInput, kind: EstimateKind, values: [Double],
                                        denominators: [Double] = []) throws(Diagnostic) -> Column {
        let table = input.table
        let frame = table.activeDesign(weightColumn: input.aggregate.weight) ?? DesignFrame.weightsOnly(input.aggregate.weight.map { weightValues(table.columns[$0]) },
                                                             rowCount: table.rowCount,
                                                             summary: input.aggregate.weight.map { "weight " + table.columns[$0].name } ?? "", declared: false)
        if input.aggregate.valueOnly, frame.replicates == nil, frame.stages.count == 1, frame.stages[0].unitOfRow == nil,
           frame.stages[0].groupOfUnit == nil {
            return try pointEstimates(input, kind: kind, frame: frame, values: values, denominators: denominators)
        }
        let groups = input.grouping.count
        var rows = [[Int]](repeating: [], count: groups)
        var ys = [[Double]](repeating: [], count: groups)
        var ws = [[Double]](repeating: [], count: groups)
        var xs = [[Double]](repeating: [], count: groups)
        for r in 0..<table.rowCount where !values[r].isNaN {
            let o = frame.originalRow(r), w = frame.weights[o]
            guard !w.isNaN else { continue }
            let g = Int(input.grouping.groupOfRow[r])
            rows[g].append(o)
            ys[g].append(values[r])
            ws[g].append(w)
            if !denominators.isEmpty { xs[g].append(denominators[r]) }
        }
        var builder = ColumnBuilder(type: .estimate, capacity: groups)
        for g in 0..<groups {
            try input.context.checkInterrupt()
            builder.append(try estimate(kind, frame, rows: rows[g], y: ys[g], x: xs[g], w: ws[g], input: input).map(Value.estimate) ?? .null)
        }
        return builder.finish(name: "")
    }

    /// The estimates of an aggregate that only `value()` reads (``ResolvedAggregate/valueOnly``), on a
    /// design whose units are rows in one stratum (a weight, or `design … weight w` alone): θ = Σwa/Σwb
    /// (Σwa for a total) per group, summed in the order ``DesignEstimand/value(weights:)`` sums them, so
    /// the value is the full estimate's to the last bit; its SE and interval are not computed (NaN). A
    /// design of one row is refused as the full estimate refuses it (`set lonely_psu`).
    private static func pointEstimates(_ input: AggregateInput, kind: EstimateKind, frame: DesignFrame, values: [Double],
                                       denominators: [Double]) throws(Diagnostic) -> Column {
        let groups = input.grouping.count, groupOf = input.grouping.groupOfRow
        var top = [Double](repeating: 0, count: groups), bottom = top
        var counts = [Int](repeating: 0, count: groups)
        for r in 0..<values.count where !values[r].isNaN {
            let w = frame.weights[frame.originalRow(r)]
            guard !w.isNaN else { continue }
            let g = Int(groupOf[r])
            top[g] += w * values[r]
            bottom[g] += denominators.isEmpty ? w : w * denominators[r]
            counts[g] += 1
        }
        var builder = ColumnBuilder(type: .estimate, capacity: groups)
        for g in 0..<groups {
            guard counts[g] > 0 else { builder.append(.null); continue }
            try refuseLonelyPoint(frame.stages[0], rows: counts[g], input.context, at: input.aggregate.range)
            let value = kind == .total ? top[g] : top[g] / bottom[g]
            builder.append(.estimate(designEstimate(kind, value: value, variance: .nan, degreesOfFreedom: max(1, counts[g] - 1), n: counts[g],
                                                    designEffects: (.nan, .nan), logitStandardError: nil,
                                                    varianceMethod: frame.varianceMethod, settings: input.context.settings)))
        }
        return builder.finish(name: "")
    }

    /// Refuses a point estimate over `rows` rows of a one-stage design whose units are rows in one stratum
    /// (`stage`) where its full estimate would be refused: a lonely unit under `set lonely_psu`. Its
    /// variance is not wanted, so its linearised sums are left 0 (the refusal depends on the units alone).
    static func refuseLonelyPoint(_ stage: DesignStage, rows: Int, _ context: EvaluationContext, at range: SourceRange) throws(Diagnostic) {
        do throws(DesignVariance.LonelyStratum) {
            _ = try DesignVariance.rowUnits(stage, cells: [DesignVariance.StratumSums(stratum: 0, rows: rows, sum: 0, squares: 0)],
                                            lonely: context.settings.lonelyPSU)
        } catch {
            throw lonelyDiagnostic(error, context, at: range)
        }
    }

    /// A weight column's values as doubles, NaN where null.
    static func weightValues(_ column: Column) -> [Double] {
        switch column.storage {
        case .doubles(let values):
            return values
        case .integers(let values, let isNull):
            return values.indices.map { isNull.isEmpty || !isNull[$0] ? Double(values[$0]) : .nan }
        default:
            return (0..<column.count).map { column[$0].numeric ?? .nan }
        }
    }

    /// The estimate of one domain: value, Taylor-linearised SE, df, interval and design effects.
    private static func estimate(_ kind: EstimateKind, _ frame: DesignFrame, rows: [Int], y original: [Double], x: [Double], w: [Double],
                                 input: AggregateInput) throws(Diagnostic) -> Estimate? {
        let n = rows.count
        guard n > 0 else { return nil }
        let estimand = DesignEstimand(rows: rows, numerator: original,
                                      denominator: kind == .total ? nil : kind == .ratio ? x : [Double](repeating: 1, count: n))
        let result = try designVariance(frame, [estimand], input)
        let value = result.values[0]
        // The values whose spread gives the SRS variance of the design effects: y itself, or for a ratio
        // (y − R̂x)/x̄ (x̄ = Σwx/Σw), whose weighted mean is 0.
        var y = original
        if kind == .ratio {
            var sumWX = 0.0, sumW = 0.0
            for k in 0..<n {
                sumWX += w[k] * x[k]
                sumW += w[k]
            }
            let xBar = sumWX / sumW
            y = (0..<n).map { (original[$0] - value * x[$0]) / xBar }
        }
        let (deff, deffReplace) = DesignEffect.of(y, weights: w, variance: result.variance, total: kind == .total)
        var e = designEstimate(kind, value: value, variance: result.variance, degreesOfFreedom: result.degreesOfFreedom, n: n,
                               designEffects: (deff, deffReplace), logitStandardError: result.logitStandardError(0, frame),
                               varianceMethod: frame.varianceMethod, settings: input.context.settings)
        e.design?.domain = DesignDomain(frame: frame, estimand: estimand)
        return e
    }
}

extension Aggregation {
    /// The figures of a design estimate from its value, variance, degrees of freedom and design effects:
    /// value ± t(df)·SE, or a share's interval of `set interval`. Both the rows in memory and an
    /// attached table's sums (``DesignSums``) end here.
    static func designEstimate(_ kind: EstimateKind, value: Double, variance: Double, degreesOfFreedom: Int, n: Int,
                               designEffects: (deff: Double, deffReplace: Double), logitStandardError: Double?,
                               varianceMethod: String, settings: SessionSettings) -> Estimate {
        let se = variance.squareRoot()
        let df = Double(degreesOfFreedom)
        let (deff, deffReplace) = designEffects
        let level = settings.confidenceLevel
        let t = StudentT.criticalValue(level: level, df: df)
        var low = value - t * se, high = value + t * se
        var interval = "t"
        if kind == .share {
            interval = settings.designInterval.rawValue
            (low, high) = DesignInterval.share(value, standardError: se, df: df, n: n, level: level, method: settings.designInterval,
                                               logitStandardError: logitStandardError)
        }
        var e = Estimate(proportion: value, n: n, effectiveN: DesignEffect.effectiveN(n, deffReplace: deffReplace), level: level,
                         method: settings.intervalMethod, policy: settings.smallBase)
        e.design = DesignFigures(kind: kind, value: value, standardError: se, degreesOfFreedom: df, ciLow: low, ciHigh: high,
                                 designEffect: deff.isFinite ? deff : nil, designEffectWithReplacement: deffReplace.isFinite ? deffReplace : nil,
                                 interval: interval, variance: varianceMethod)
        return e
    }
}

extension Aggregation {
    /// `quantile(x, p)`, and `median(x)` on a declared design (p = 0.5): R's `svyquantile` with
    /// `qrule = "math"` and the Woodruff interval.
    static func designQuantile(_ input: AggregateInput) throws(Diagnostic) -> Column {
        let table = input.table
        let f = input.evaluator.compile(input.aggregate.argument!)
        var p = 0.5
        switch input.aggregate.moreArguments.first?.kind {
        case .literal(.number(let d))?, .literal(.percent(let d))?: p = d
        default: break
        }
        let frame = table.activeDesign(weightColumn: input.aggregate.weight) ?? DesignFrame.weightsOnly(input.aggregate.weight.map { weightValues(table.columns[$0]) },
                                                             rowCount: table.rowCount,
                                                             summary: input.aggregate.weight.map { "weight " + table.columns[$0].name } ?? "", declared: false)
        let groups = input.grouping.count
        var rows = [[Int]](repeating: [], count: groups)
        var xs = [[Double]](repeating: [], count: groups)
        var ws = [[Double]](repeating: [], count: groups)
        for r in 0..<table.rowCount {
            if r & 0xFFFF == 0 { try input.context.checkInterrupt() }
            guard let x = try f(r).numeric else { continue }
            let o = frame.originalRow(r), w = frame.weights[o]
            guard !w.isNaN else { continue }
            let g = Int(input.grouping.groupOfRow[r])
            rows[g].append(o)
            xs[g].append(x)
            ws[g].append(w)
        }
        var builder = ColumnBuilder(type: .estimate, capacity: groups)
        for g in 0..<groups {
            builder.append(try quantileEstimate(frame, p: p, rows: rows[g], x: xs[g], w: ws[g], input: input).map(Value.estimate) ?? .null)
        }
        return builder.finish(name: "")
    }

    /// R's `qrule_math`: zero weights dropped, x sorted (stably), the weights cumulated in that order (cw);
    /// the last k with cw_k ≤ p·Σw (the first x if none), x_k when p − cw_k/Σw is exactly 0, else x_(k+1)
    /// (x_k at the end). The comparisons are exact, so they are written as the oracle's notes state them.
    static func mathQuantile(_ sorted: [(x: Double, w: Double)], cumulative: [Double], _ p: Double) -> Double {
        guard !p.isNaN, p >= 0, p <= 1, let first = sorted.first, let total = cumulative.last else { return .nan }
        let target = p * total
        var k = -1
        for i in cumulative.indices where cumulative[i] <= target { k = i }
        if k < 0 { return first.x }
        if p - cumulative[k] / total == 0 || k == sorted.count - 1 { return sorted[k].x }
        return sorted[k + 1].x
    }

    private static func quantileEstimate(_ frame: DesignFrame, p: Double, rows: [Int], x: [Double], w: [Double],
                                         input: AggregateInput) throws(Diagnostic) -> Estimate? {
        let n = rows.count
        guard n > 0 else { return nil }
        let order = (0..<n).filter { w[$0] != 0 }.sorted { x[$0] < x[$1] || (x[$0] == x[$1] && $0 < $1) }
        let sorted = order.map { (x: x[$0], w: w[$0]) }
        // R's cumsum and sum accumulate in long double, each cumulated value rounded to a double.
        var cumulative: [Double] = []
        #if arch(x86_64) && !os(Windows)
        var running: Float80 = 0
        for item in sorted {
            running += Float80(item.w)
            cumulative.append(Double(running))
        }
        #else
        var running = 0.0
        for item in sorted {
            running += item.w
            cumulative.append(running)
        }
        #endif
        let q = mathQuantile(sorted, cumulative: cumulative, p)

        // Woodruff: the design share of x ≤ q̂, its interval, and the quantiles at its ends.
        let settings = input.context.settings
        let below = DesignEstimand(rows: rows, numerator: x.map { $0 <= q ? 1 : 0 }, denominator: [Double](repeating: 1, count: n))
        let result = try designVariance(frame, [below], input)
        let share = result.values[0], df = Double(result.degreesOfFreedom)
        let t = StudentT.criticalValue(level: settings.confidenceLevel, df: df)
        let half = t * result.variance.squareRoot()
        let low = mathQuantile(sorted, cumulative: cumulative, share - half)
        let high = mathQuantile(sorted, cumulative: cumulative, share + half)
        var e = Estimate(proportion: q, n: n, effectiveN: Double(n), level: settings.confidenceLevel,
                         method: settings.intervalMethod, policy: settings.smallBase)
        e.design = DesignFigures(kind: .quantile, value: q, standardError: (high - low) / (2 * t), degreesOfFreedom: df,
                                 ciLow: low, ciHigh: high, designEffect: nil, designEffectWithReplacement: nil, interval: "woodruff",
                                 variance: frame.varianceMethod)
        return e
    }

    /// The estimates of `estimands` and their design covariance, with a lonely PSU under
    /// `set lonely_psu fail` reported at the aggregate.
    static func designVariance(_ frame: DesignFrame, _ estimands: [DesignEstimand],
                               _ input: AggregateInput) throws(Diagnostic) -> DesignVariance.Result {
        try designVariance(frame, estimands, input.context, at: input.aggregate.range)
    }

    /// The same for any statement: a lonely PSU is reported at `range`.
    static func designVariance(_ frame: DesignFrame, _ estimands: [DesignEstimand], _ context: EvaluationContext,
                               at range: SourceRange) throws(Diagnostic) -> DesignVariance.Result {
        do throws(DesignVariance.LonelyStratum) {
            return try DesignVariance.estimate(frame, estimands, lonely: context.settings.lonelyPSU)
        } catch {
            throw lonelyDiagnostic(error, context, at: range)
        }
    }

    /// A lonely PSU that stops an estimate under `set lonely_psu`, as the error at `range`.
    static func lonelyDiagnostic(_ error: DesignVariance.LonelyStratum, _ context: EvaluationContext, at range: SourceRange) -> Diagnostic {
        // A design without strata is one stratum, which R numbers 1: "Stratum (1) has only one PSU".
        let unnamed = error.stage == 1 && error.name.isEmpty
        let message = (unnamed ? "the design has only one PSU (without strata it is a single stratum)"
            : error.stage == 1 ? "stratum \(error.name) has only one PSU"
            : "\(error.name) has only one sampled unit at stage \(error.stage)")
            + (error.nothingToAverage ? ", and the estimate has no stratum with two or more to average" : "")
        if error.nothingToAverage {
            return context.error(.runLonelyPSU, message, at: range,
                                 hints: ["R's variance is NaN here", "set lonely_psu adjust, remove or certainty to estimate anyway"])
        }
        return context.error(.runLonelyPSU, message, at: range,
                             hints: ["R: Stratum (\(unnamed ? "1" : error.stage == 1 ? error.name : "…")) has only one PSU at stage \(error.stage)",
                                     "set lonely_psu adjust, remove, certainty or average to estimate anyway"])
    }
}
