/// Window aggregates (the aggregates of a `derive` item) and the window
/// functions `rank` and `row_number`.
extension Aggregation {
    /// The value of each aggregate for every row of `table`: an aggregate is
    /// computed once per group of `grouping` (as in `summarize`) and each row
    /// gets its group's value; a window function gives each row its own.
    static func window(_ aggregates: [ResolvedAggregate], table: Table, grouping: Grouping,
                       context: EvaluationContext) throws(Diagnostic) -> [Column] {
        let evaluator = Evaluator(columns: table.columns, context: context)
        var spread: [Int]?
        var columns: [Column] = []
        for a in aggregates {
            let column = try a.function.compute(AggregateInput(aggregate: a, table: table, grouping: grouping,
                                                               evaluator: evaluator, context: context))
            if a.function.window { columns.append(column); continue }
            try context.checkInterrupt()
            if spread == nil { spread = grouping.groupOfRow.map { Int($0) } }
            columns.append(column.gather(spread!))
        }
        return columns
    }

    /// `row_number()`: 1, 2, … within each group, in the table's order.
    static func rowNumber(_ input: AggregateInput) throws(Diagnostic) -> Column {
        let groupOf = input.grouping.groupOfRow
        var next = [Int64](repeating: 0, count: input.grouping.count)
        var numbers = [Int64](repeating: 0, count: input.table.rowCount)
        for r in 0..<numbers.count {
            if r & 0xFFFF == 0 { try input.context.checkInterrupt() }
            let g = Int(groupOf[r])
            next[g] += 1
            numbers[r] = next[g]
        }
        return Column(name: "", type: .integer, storage: .integers(numbers, isNull: []))
    }

    /// `rank(x [desc])` as SQL's RANK: 1 + the number of rows of the group that
    /// come before the row in the order of x (ascending, or descending with
    /// `desc`), so ties share a rank and leave a gap after them (1, 2, 2, 4).
    /// Nulls come after every value, in either direction (as `sort` puts them),
    /// and tie with each other.
    static func rank(_ input: AggregateInput) throws(Diagnostic) -> Column {
        let rows = input.table.rowCount
        let f = argument(input)
        var values = [Value](repeating: .null, count: rows)
        for r in 0..<rows {
            var v = try f(r)
            if case .estimate(let e) = v { v = .percent(e.proportion) }
            values[r] = v
        }
        let groupOf = input.grouping.groupOfRow
        let descending = input.aggregate.descending
        /// -1, 0 or 1 for the order of two values, nulls last.
        func order(_ x: Value, _ y: Value) -> Int {
            if x.isNull || y.isNull { return x.isNull == y.isNull ? 0 : (x.isNull ? 1 : -1) }
            let o = Operators.order(x, y) ?? 0
            return descending ? -o : o
        }
        try input.context.checkInterrupt()
        // Group by group, then by value; the row number only keeps the sort stable.
        let sorted = Array(0..<rows).sorted { a, b in
            if groupOf[a] != groupOf[b] { return groupOf[a] < groupOf[b] }
            let o = order(values[a], values[b])
            return o != 0 ? o < 0 : a < b
        }
        try input.context.checkInterrupt()
        var ranks = [Int64](repeating: 0, count: rows)
        var start = 0
        while start < sorted.count {
            // One group: positions start..<end of the sorted rows.
            var end = start
            while end < sorted.count && groupOf[sorted[end]] == groupOf[sorted[start]] { end += 1 }
            var rank: Int64 = 1
            for i in start..<end {
                if i > start, order(values[sorted[i - 1]], values[sorted[i]]) != 0 { rank = Int64(i - start + 1) }
                ranks[sorted[i]] = rank
            }
            start = end
        }
        return Column(name: "", type: .integer, storage: .integers(ranks, isNull: []))
    }
}
