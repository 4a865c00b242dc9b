/// Computes one aggregate for every group, as a column with one row per group.
///
/// `share()` reads its condition as a truth vector and its weights as a plain
/// array; `sum()`/`avg()` of a bare numeric column read the column's array:
/// the hot loops then touch no ``Value``.
enum Aggregation {
    static func compute(_ aggregate: ResolvedAggregate, type: ValueType, table: Table, grouping: Grouping,
                        evaluator: Evaluator, context: EvaluationContext) throws(Diagnostic) -> Column {
        let groups = grouping.count
        let groupOf = grouping.groupOfRow
        let rows = table.rowCount
        var builder = ColumnBuilder(type: type, capacity: groups)
        if aggregate.function == .share {
            for a in try shares(aggregate, table: table, grouping: grouping, evaluator: evaluator, context: context) {
                guard a.count > 0, let p = a.share else { builder.append(.null); continue }
                builder.append(.estimate(context.settings.estimate(p, n: a.count, effectiveN: a.effectiveN)))
            }
            return builder.finish(name: "")
        }
        if aggregate.function == .sum || aggregate.function == .avg, let expr = aggregate.argument,
           case .column(let i) = expr.kind,
           let column = try sumColumn(table.columns[i], aggregate, type: type, grouping: grouping, context: context) {
            return column
        }
        // Every per-row loop below reads its argument through this closure,
        // which also polls for Ctrl-C every 65,536 rows.
        var argument: RowFunction?
        if let expr = aggregate.argument {
            let f = evaluator.compile(expr)
            argument = { r throws(Diagnostic) in
                if r & 0xFFFF == 0 { try context.checkInterrupt() }
                return try f(r)
            }
        }

        switch aggregate.function {
        case .count:
            var counts = [Int64](repeating: 0, count: groups)
            if let argument {
                for r in 0..<rows where !(try argument(r)).isNull { counts[Int(groupOf[r])] += 1 }
            } else if groups == 1 {
                counts[0] = Int64(rows)  // count() of everything: no need to look at the rows
            } else {
                for r in 0..<rows { counts[Int(groupOf[r])] += 1 }
            }
            return Column(name: "", type: .integer, storage: .integers(counts, isNull: []))

        case .count_distinct:
            var seen = [Set<Value>](repeating: [], count: groups)
            for r in 0..<rows {
                let v = try argument!(r)
                if !v.isNull { seen[Int(groupOf[r])].insert(normalized(v)) }
            }
            return Column(name: "", type: .integer, storage: .integers(seen.map { Int64($0.count) }, isNull: []))

        case .share:
            preconditionFailure("share() is computed by shares(_:)")

        case .sum, .avg:
            var sums = [Double](repeating: 0, count: groups)
            var intSums = [Int64](repeating: 0, count: groups)
            var counts = [Int](repeating: 0, count: groups)
            let integerSum = type == .integer
            for r in 0..<rows {
                let v = try argument!(r)
                let g = Int(groupOf[r])
                if integerSum, case .integer(let i) = v {
                    let (s, overflow) = intSums[g].addingReportingOverflow(i)
                    if overflow {
                        throw context.error("run.integer-overflow", "integer overflow in sum()", at: aggregate.range,
                                            hints: ["sum(x * 1.0) adds up as decimals"])
                    }
                    intSums[g] = s
                    counts[g] += 1
                } else if let d = v.numeric {
                    sums[g] += d
                    counts[g] += 1
                }
            }
            for g in 0..<groups {
                if counts[g] == 0 { builder.append(.null); continue }
                if integerSum { builder.append(.integer(intSums[g])); continue }
                let x = aggregate.function == .avg ? sums[g] / Double(counts[g]) : sums[g]
                builder.append(Operators.wrap(x, as: type))
            }

        case .median:
            var values = [[Double]](repeating: [], count: groups)
            for r in 0..<rows {
                if let d = try argument!(r).numeric { values[Int(groupOf[r])].append(d) }
            }
            for var v in values {
                guard !v.isEmpty else { builder.append(.null); continue }
                v.sort()
                let m = v.count % 2 == 1 ? v[v.count / 2] : (v[v.count / 2 - 1] + v[v.count / 2]) / 2
                builder.append(Operators.wrap(m, as: type))
            }

        case .min, .max:
            var best = [Value](repeating: .null, count: groups)
            let wantLess = aggregate.function == .min
            for r in 0..<rows {
                var v = try argument!(r)
                if v.isNull { continue }
                if case .estimate(let e) = v { v = .percent(e.proportion) }
                let g = Int(groupOf[r])
                if best[g].isNull { best[g] = v; continue }
                if let o = Operators.order(v, best[g]), wantLess ? o < 0 : o > 0 { best[g] = v }
            }
            for v in best { builder.append(v) }
        }
        return builder.finish(name: "")
    }

    /// Integers and whole numbers count as the same distinct value.
    private static func normalized(_ v: Value) -> Value {
        if case .integer(let i) = v { return .number(Double(i)) }
        if case .estimate(let e) = v { return .percent(e.proportion) }
        return v
    }

    /// `share(condition)` per group: the condition as a truth vector (computed
    /// a column at a time when it can be, row by row otherwise), weights as
    /// doubles (null as NaN, which ``ShareAccumulator`` skips like any unusable weight).
    static func shares(_ aggregate: ResolvedAggregate, table: Table, grouping: Grouping, evaluator: Evaluator,
                       context: EvaluationContext) throws(Diagnostic) -> [ShareAccumulator] {
        let rows = table.rowCount
        var accumulators = [ShareAccumulator](repeating: ShareAccumulator(), count: grouping.count)
        guard let condition = aggregate.argument else { return accumulators }
        var hits: [UInt8]
        if let truth = evaluator.truthVector(condition) {
            hits = truth
        } else {
            let f = evaluator.compile(condition)
            hits = [UInt8](repeating: Truth.null, count: rows)
            for r in 0..<rows {
                if r & 0xFFFF == 0 { try context.checkInterrupt() }
                if case .boolean(let b) = try f(r) { hits[r] = b ? Truth.true : Truth.false }
            }
        }
        try context.checkInterrupt()
        let weights = aggregate.weight.map { doubles(of: table.columns[$0]) }
        grouping.groupOfRow.withUnsafeBufferPointer { groupOf in
            hits.withUnsafeBufferPointer { hits in
                accumulators.withUnsafeMutableBufferPointer { acc in
                    if let weights {
                        weights.withUnsafeBufferPointer { w in
                            for r in 0..<rows {
                                let h = hits[r]
                                acc[Int(groupOf[r])].add(hit: h == Truth.null ? nil : h == Truth.true, weight: w[r])
                            }
                        }
                    } else {
                        for r in 0..<rows {
                            let h = hits[r]
                            acc[Int(groupOf[r])].add(hit: h == Truth.null ? nil : h == Truth.true, weight: 1)
                        }
                    }
                }
            }
        }
        return accumulators
    }

    /// A numeric column's values as doubles, null as NaN.
    private static func doubles(of column: Column) -> [Double] {
        switch column.storage {
        case .doubles(let values):
            return values
        case .integers(let values, let isNull):
            return values.indices.map { isNull.isEmpty || !isNull[$0] ? Double(values[$0]) : .nan }
        default:
            return (0..<column.count).map { column[$0].numeric ?? .nan }
        }
    }

    /// `sum(column)` / `avg(column)` straight from an integer or double array,
    /// adding in row order as the general path does; nil for other storage.
    private static func sumColumn(_ column: Column, _ aggregate: ResolvedAggregate, type: ValueType, grouping: Grouping,
                                  context: EvaluationContext) throws(Diagnostic) -> Column? {
        let groups = grouping.count
        var sums = [Double](repeating: 0, count: groups)
        var counts = [Int](repeating: 0, count: groups)
        switch column.storage {
        case .integers(let values, let isNull):
            if type == .integer {
                var intSums = [Int64](repeating: 0, count: groups)
                for r in values.indices where isNull.isEmpty || !isNull[r] {
                    let g = Int(grouping.groupOfRow[r])
                    let (s, overflow) = intSums[g].addingReportingOverflow(values[r])
                    if overflow {
                        throw context.error("run.integer-overflow", "integer overflow in sum()", at: aggregate.range,
                                            hints: ["sum(x * 1.0) adds up as decimals"])
                    }
                    intSums[g] = s
                    counts[g] += 1
                }
                var builder = ColumnBuilder(type: .integer, capacity: groups)
                for g in 0..<groups { builder.append(counts[g] == 0 ? .null : .integer(intSums[g])) }
                return builder.finish(name: "")
            }
            grouping.groupOfRow.withUnsafeBufferPointer { groupOf in
                values.withUnsafeBufferPointer { v in
                    for r in 0..<v.count where isNull.isEmpty || !isNull[r] {
                        let g = Int(groupOf[r])
                        sums[g] += Double(v[r])
                        counts[g] += 1
                    }
                }
            }
        case .doubles(let values):
            grouping.groupOfRow.withUnsafeBufferPointer { groupOf in
                values.withUnsafeBufferPointer { v in
                    for r in 0..<v.count where !v[r].isNaN {
                        let g = Int(groupOf[r])
                        sums[g] += v[r]
                        counts[g] += 1
                    }
                }
            }
        default:
            return nil
        }
        var builder = ColumnBuilder(type: type, capacity: groups)
        for g in 0..<groups {
            if counts[g] == 0 { builder.append(.null); continue }
            builder.append(Operators.wrap(aggregate.function == .avg ? sums[g] / Double(counts[g]) : sums[g], as: type))
        }
        return builder.finish(name: "")
    }
}
