/// The point estimates of `sum`, `avg` and `count_weighted` on a dataset with
/// weights or a design: Σwx, Σwx/Σw (R: `coef(svytotal(~x, d))`,
/// `coef(svymean(~x, d))`) and Σw, over the rows where x and the weight are
/// not null.
extension Aggregation {
    /// The weight of each row of the current table, NaN where unusable; nil on unweighted data.
    static func rowWeights(_ input: AggregateInput) -> [Double]? {
        if let design = input.table.activeDesign(weightColumn: input.aggregate.weight) {
            return (0..<input.table.rowCount).map { design.weights[design.originalRow($0)] }
        }
        return input.aggregate.weight.map { weightValues(input.table.columns[$0]) }
    }

    static func weightedSumOrMean(_ input: AggregateInput, weights: [Double], mean: Bool) throws(Diagnostic) -> Column {
        let groups = input.grouping.count, groupOf = input.grouping.groupOfRow
        let f = argument(input)
        var sums = [Double](repeating: 0, count: groups), totals = [Double](repeating: 0, count: groups)
        var counts = [Int](repeating: 0, count: groups)
        for r in 0..<input.table.rowCount {
            guard let x = try f(r).numeric, !weights[r].isNaN else { continue }
            let g = Int(groupOf[r])
            sums[g] += weights[r] * x
            totals[g] += weights[r]
            counts[g] += 1
        }
        let type = input.aggregate.type
        var builder = ColumnBuilder(type: type, capacity: groups)
        for g in 0..<groups {
            if counts[g] == 0 { builder.append(.null); continue }
            let value = mean ? sums[g] / totals[g] : sums[g]
            builder.append(try Operators.finite(value, as: type, in: mean ? "avg()" : "sum()", range: input.aggregate.range,
                                                context: input.context))
        }
        return builder.finish(name: "")
    }

    /// `count_weighted()`: Σw of the group's rows; `count_weighted(x)`: of its rows where x is not null.
    /// Unweighted, every row weighs 1.
    static func countWeighted(_ input: AggregateInput) throws(Diagnostic) -> Column {
        let groups = input.grouping.count, groupOf = input.grouping.groupOfRow
        let weights = rowWeights(input)
        let f = input.aggregate.argument == nil ? nil : argument(input)
        var totals = [Double](repeating: 0, count: groups)
        for r in 0..<input.table.rowCount {
            if let f, try f(r).isNull { continue }
            let w = weights?[r] ?? 1
            if !w.isNaN { totals[Int(groupOf[r])] += w }
        }
        var builder = ColumnBuilder(type: .number, capacity: groups)
        for total in totals {
            builder.append(try Operators.finite(total, as: .number, in: "count_weighted()", range: input.aggregate.range, context: input.context))
        }
        return builder.finish(name: "")
    }
}
