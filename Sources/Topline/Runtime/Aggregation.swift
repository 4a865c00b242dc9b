/// The loops of the aggregate functions (see ``AggregateFunctions``): each
/// computes one value per group, as a column with one row per group.
///
/// `share()` reads its condition as a truth vector and its weights as a plain
/// array; `sum()`/`avg()` of a bare numeric column read the column's array:
/// the hot loops then touch no ``Value``.
enum Aggregation {
    /// The aggregate's argument as a row function that also polls for Ctrl-C every 65,536 rows.
    static func argument(_ input: AggregateInput) -> RowFunction {
        let f = input.evaluator.compile(input.aggregate.argument!)
        let context = input.context
        return { r throws(Diagnostic) in
            if r & 0xFFFF == 0 { try context.checkInterrupt() }
            return try f(r)
        }
    }

    static func count(_ input: AggregateInput) throws(Diagnostic) -> Column {
        let groups = input.grouping.count, rows = input.table.rowCount
        let groupOf = input.grouping.groupOfRow
        var counts = [Int64](repeating: 0, count: groups)
        if input.aggregate.argument != nil {
            let f = argument(input)
            for r in 0..<rows where !(try f(r)).isNull { counts[Int(groupOf[r])] += 1 }
        } else if groups == 1 {
            counts[0] = Int64(rows)  // count() of everything: no need to look at the rows
        } else {
            for r in 0..<rows { counts[Int(groupOf[r])] += 1 }
        }
        return Column(name: "", type: .integer, storage: .integers(counts, isNull: []))
    }

    static func countDistinct(_ input: AggregateInput) throws(Diagnostic) -> Column {
        let f = argument(input)
        let groupOf = input.grouping.groupOfRow
        var seen = [Set<Value>](repeating: [], count: input.grouping.count)
        for r in 0..<input.table.rowCount {
            let v = try f(r)
            if !v.isNull { seen[Int(groupOf[r])].insert(normalized(v)) }
        }
        return Column(name: "", type: .integer, storage: .integers(seen.map { Int64($0.count) }, isNull: []))
    }

    /// `sum(x)` or `avg(x)`: integers add up exactly (overflow is an error), other numbers as doubles.
    static func sumOrMean(_ input: AggregateInput, mean: Bool) throws(Diagnostic) -> Column {
        if let weights = rowWeights(input) { return try weightedSumOrMean(input, weights: weights, mean: mean) }
        let aggregate = input.aggregate, type = aggregate.type
        if case .column(let i)? = aggregate.argument?.kind,
           let column = try sumColumn(input.table.columns[i], aggregate, mean: mean, grouping: input.grouping, context: input.context) {
            return column
        }
        let groups = input.grouping.count
        let groupOf = input.grouping.groupOfRow
        let f = argument(input)
        var sums = [Double](repeating: 0, count: groups)
        var intSums = [Int64](repeating: 0, count: groups)
        var counts = [Int](repeating: 0, count: groups)
        let integerSum = type == .integer
        for r in 0..<input.table.rowCount {
            let v = try f(r)
            let g = Int(groupOf[r])
            if integerSum, case .integer(let i) = v {
                let (s, overflow) = intSums[g].addingReportingOverflow(i)
                if overflow {
                    throw input.context.error(.runIntegerOverflow, "integer overflow in sum()", at: aggregate.range,
                                              hints: ["sum(x * 1.0) adds up as decimals"])
                }
                intSums[g] = s
                counts[g] += 1
            } else if let d = v.numeric {
                sums[g] += d
                counts[g] += 1
            }
        }
        var results = sums
        if mean {
            for g in 0..<groups where counts[g] > 0 { results[g] = sums[g] / Double(counts[g]) }
            try rescueMeans(&results, sums: sums, counts: counts, grouping: input.grouping, rows: input.table.rowCount) { r throws(Diagnostic) in
                try f(r).numeric
            }
        }
        var builder = ColumnBuilder(type: type, capacity: groups)
        for g in 0..<groups {
            if counts[g] == 0 { builder.append(.null); continue }
            if integerSum { builder.append(.integer(intSums[g])); continue }
            builder.append(try Operators.finite(results[g], as: type, in: mean ? "avg()" : "sum()", range: aggregate.range,
                                                context: input.context))
        }
        return builder.finish(name: "")
    }

    /// For the groups whose sum overflowed, the mean computed again as Σ(x/n),
    /// whose terms and total stay in range: `avg` of values near 1e308 is
    /// finite even when their sum is not (`sum` of them is `run.number-overflow`).
    private static func rescueMeans(_ means: inout [Double], sums: [Double], counts: [Int], grouping: Grouping, rows: Int,
                                    _ value: (Int) throws(Diagnostic) -> Double?) throws(Diagnostic) {
        let broken = Set(sums.indices.filter { !sums[$0].isFinite })
        guard !broken.isEmpty else { return }
        for g in broken { means[g] = 0 }
        for r in 0..<rows {
            let g = Int(grouping.groupOfRow[r])
            guard broken.contains(g), let x = try value(r) else { continue }
            means[g] += x / Double(counts[g])
        }
    }

    static func median(_ input: AggregateInput) throws(Diagnostic) -> Column {
        let f = argument(input)
        let groupOf = input.grouping.groupOfRow
        var values = [[Double]](repeating: [], count: input.grouping.count)
        for r in 0..<input.table.rowCount {
            if let d = try f(r).numeric { values[Int(groupOf[r])].append(d) }
        }
        var builder = ColumnBuilder(type: input.aggregate.type, capacity: input.grouping.count)
        for var v in values {
            guard !v.isEmpty else { builder.append(.null); continue }
            v.sort()
            var m = v.count % 2 == 1 ? v[v.count / 2] : (v[v.count / 2 - 1] + v[v.count / 2]) / 2
            // The two middle values may overflow when added; their halves do not.
            if !m.isFinite { m = v[v.count / 2 - 1] / 2 + v[v.count / 2] / 2 }
            builder.append(Operators.wrap(m, as: input.aggregate.type))
        }
        return builder.finish(name: "")
    }

    /// `min(x)` or `max(x)` in the order comparisons use; estimates compare as their share.
    static func extreme(_ input: AggregateInput, smallest: Bool) throws(Diagnostic) -> Column {
        let f = argument(input)
        let groupOf = input.grouping.groupOfRow
        var best = [Value](repeating: .null, count: input.grouping.count)
        for r in 0..<input.table.rowCount {
            var v = try f(r)
            if v.isNull { continue }
            if case .estimate(let e) = v { v = .percent(e.proportion) }
            let g = Int(groupOf[r])
            if best[g].isNull { best[g] = v; continue }
            if let o = Operators.order(v, best[g]), smallest ? o < 0 : o > 0 { best[g] = v }
        }
        var builder = ColumnBuilder(type: input.aggregate.type, capacity: input.grouping.count)
        for v in best { builder.append(v) }
        return builder.finish(name: "")
    }

    /// Integers and whole numbers count as the same distinct value.
    private static func normalized(_ v: Value) -> Value {
        if case .integer(let i) = v { return .number(Double(i)) }
        if case .estimate(let e) = v { return .percent(e.proportion) }
        return v
    }

    /// `share(condition)` per group on unweighted rows (weighted shares are design estimates,
    /// ``designShare(_:)``): the condition as a truth vector, computed a column at a time when
    /// it can be, row by row otherwise.
    static func shares(_ input: AggregateInput) throws(Diagnostic) -> [ShareAccumulator] {
        let (aggregate, table, grouping, evaluator, context) = (input.aggregate, input.table, input.grouping, input.evaluator, input.context)
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
        let threads = RowBlocks.threads(rows)
        if threads > 1, grouping.count <= Self.groupsCountedInBlocks {
            return countedShares(hits, grouping, threads: threads)
        }
        grouping.groupOfRow.withUnsafeBufferPointer { groupOf in
            hits.withUnsafeBufferPointer { hits in
                accumulators.withUnsafeMutableBufferPointer { acc in
                    for r in 0..<rows {
                        let h = hits[r]
                        acc[Int(groupOf[r])].add(hit: h == Truth.null ? nil : h == Truth.true, weight: 1)
                    }
                }
            }
        }
        return accumulators
    }

    /// Groups up to which unweighted shares are counted a block of rows per thread (each block keeps
    /// three counts per group).
    static let groupsCountedInBlocks = 4096

    /// Unweighted shares from each group's hits, rows and nulls, counted a block of rows at a time on
    /// every thread and added up (``ShareAccumulator/init(unweightedHits:count:skipped:)``): the same
    /// accumulators as adding the rows one by one.
    static func countedShares(_ hits: [UInt8], _ grouping: Grouping, threads: Int) -> [ShareAccumulator] {
        let rows = hits.count, groups = grouping.count
        let blocks = (rows + RowBlocks.rows - 1) / RowBlocks.rows
        var counts = [Int](repeating: 0, count: blocks * groups * 3)  // per block: hits, counted, null of each group
        hits.withUnsafeBufferPointer { h in
            grouping.groupOfRow.withUnsafeBufferPointer { g in
                counts.withUnsafeMutableBufferPointer { c in
                    nonisolated(unsafe) let (h, g, c) = (h, g, c)
                    RowBlocks.forEach(rows, threads: threads) { range in
                        let base = range.lowerBound / RowBlocks.rows * groups * 3
                        for r in range {
                            let slot = base + Int(g[r]) * 3
                            switch h[r] {
                            case Truth.true: c[slot] += 1; c[slot + 1] += 1
                            case Truth.false: c[slot + 1] += 1
                            default: c[slot + 2] += 1
                            }
                        }
                    }
                }
            }
        }
        return (0..<groups).map { group in
            var total = (hits: 0, counted: 0, null: 0)
            for b in 0..<blocks {
                let slot = (b * groups + group) * 3
                total = (total.hits + counts[slot], total.counted + counts[slot + 1], total.null + counts[slot + 2])
            }
            return ShareAccumulator(unweightedHits: total.hits, count: total.counted, skipped: total.null)
        }
    }

    /// `sum(column)` / `avg(column)` straight from an integer or double array,
    /// adding in row order as the general path does; nil for other storage.
    private static func sumColumn(_ column: Column, _ aggregate: ResolvedAggregate, mean: Bool, grouping: Grouping,
                                  context: EvaluationContext) throws(Diagnostic) -> Column? {
        let type = aggregate.type
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
                        throw context.error(.runIntegerOverflow, "integer overflow in sum()", at: aggregate.range,
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
        var results = sums
        if mean {
            for g in 0..<groups where counts[g] > 0 { results[g] = sums[g] / Double(counts[g]) }
            try rescueMeans(&results, sums: sums, counts: counts, grouping: grouping, rows: column.count) { r in
                column.isNull(r) ? nil : column[r].numeric
            }
        }
        var builder = ColumnBuilder(type: type, capacity: groups)
        for g in 0..<groups {
            if counts[g] == 0 { builder.append(.null); continue }
            builder.append(try Operators.finite(results[g], as: type, in: mean ? "avg()" : "sum()", range: aggregate.range,
                                                context: context))
        }
        return builder.finish(name: "")
    }
}
