/// The loops of `stddev`, `var`, `mode`, `first` and `last`.
extension Aggregation {
    /// `var(x)` (`squared`) or `stddev(x)`, over the rows where x (and the weight) is not null.
    ///
    /// Unweighted: the sample variance Σ(x − x̄)²/(n − 1), as DuckDB's `var_samp`
    /// and `stddev_samp`. With a weight or a design: R's `svyvar`, whose point
    /// estimate is Σw(x − x̄)²/Σw · n/(n − 1), x̄ = Σwx/Σw, n the rows whose
    /// weight is not 0 (the estimator is the same on every design: only the
    /// weights enter it). Two passes (the mean, then the squares) keep the
    /// digits that a one-pass Σx² − n·x̄² would cancel. Fewer than two rows: null.
    static func spread(_ input: AggregateInput, squared: Bool) throws(Diagnostic) -> Column {
        let groups = input.grouping.count, rows = input.table.rowCount, groupOf = input.grouping.groupOfRow
        let weights = rowWeights(input)
        let f = argument(input)
        var xs = [Double](repeating: .nan, count: rows)
        var sums = [Double](repeating: 0, count: groups), totals = [Double](repeating: 0, count: groups)
        var counts = [Int](repeating: 0, count: groups)
        for r in 0..<rows {
            guard let x = try f(r).numeric else { continue }
            let w = weights?[r] ?? 1
            guard !w.isNaN else { continue }
            xs[r] = x
            let g = Int(groupOf[r])
            sums[g] += w * x
            totals[g] += w
            if w != 0 { counts[g] += 1 }
        }
        let means = (0..<groups).map { sums[$0] / totals[$0] }
        var squares = [Double](repeating: 0, count: groups)
        try input.context.checkInterrupt()
        for r in 0..<rows where !xs[r].isNaN {
            let g = Int(groupOf[r])
            let d = xs[r] - means[g]
            squares[g] += (weights?[r] ?? 1) * d * d
        }
        let type = input.aggregate.type, name = squared ? "var()" : "stddev()"
        var builder = ColumnBuilder(type: type, capacity: groups)
        for g in 0..<groups {
            let n = Double(counts[g])
            guard counts[g] > 1, totals[g] > 0 else { builder.append(.null); continue }
            let variance = weights == nil ? squares[g] / (n - 1) : squares[g] / totals[g] * (n / (n - 1))
            builder.append(try Operators.finite(squared ? variance : variance.squareRoot(), as: type, in: name,
                                                range: input.aggregate.range, context: input.context))
        }
        return builder.finish(name: "")
    }

    /// `mode(x)`: the non-null value with the most rows (with a weight or a
    /// design, the largest sum of weights: the largest cell of R's `svytable`);
    /// of values with equal counts, the one that comes first in the table.
    static func mode(_ input: AggregateInput) throws(Diagnostic) -> Column {
        let groups = input.grouping.count, groupOf = input.grouping.groupOfRow
        let weights = rowWeights(input)
        let f = argument(input)
        // Per group: each value's total and the order it was first seen in.
        var tallies = [[Value: (total: Double, order: Int)]](repeating: [:], count: groups)
        for r in 0..<input.table.rowCount {
            let v = plain(try f(r))
            let w = weights?[r] ?? 1
            guard !v.isNull, !w.isNaN else { continue }
            let g = Int(groupOf[r])
            let order = tallies[g].count
            tallies[g][v, default: (0, order)].total += w
        }
        var builder = ColumnBuilder(type: input.aggregate.type, capacity: groups)
        for tally in tallies {
            let best = tally.max { a, b in a.value.total != b.value.total ? a.value.total < b.value.total : a.value.order > b.value.order }
            builder.append(best?.key ?? .null)
        }
        return builder.finish(name: "")
    }

    /// `first(x)` or `last(x)`: the group's first (last) non-null x in the table's order.
    static func firstOrLast(_ input: AggregateInput, last: Bool) throws(Diagnostic) -> Column {
        let groupOf = input.grouping.groupOfRow
        let f = argument(input)
        var found = [Value](repeating: .null, count: input.grouping.count)
        for r in 0..<input.table.rowCount {
            let g = Int(groupOf[r])
            if !last && !found[g].isNull { continue }
            let v = try f(r)
            if !v.isNull { found[g] = plain(v) }
        }
        var builder = ColumnBuilder(type: input.aggregate.type, capacity: found.count)
        for v in found { builder.append(v) }
        return builder.finish(name: "")
    }

    /// A share's estimate as its percent (the type `mode`, `first` and `last` give it, as `min` and `max` do).
    private static func plain(_ v: Value) -> Value {
        if case .estimate(let e) = v { return .percent(e.proportion) }
        return v
    }
}
