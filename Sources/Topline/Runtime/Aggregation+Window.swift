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
            if spread == nil {
                var rows = [Int](repeating: 0, count: grouping.groupOfRow.count)
                for (r, g) in grouping.groupOfRow.enumerated() {
                    if r & 0xFFFF == 0 { try context.checkInterrupt() }
                    rows[r] = Int(g)
                }
                spread = rows
            }
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
    ///
    /// The values become numbers that sort as they do (text by its order — a
    /// column's declared `levels` first — an estimate by its share), so that each group's rows are sorted by a
    /// double; integers beyond 2^53, which a double cannot tell apart, are
    /// compared as values.
    static func rank(_ input: AggregateInput) throws(Diagnostic) -> Column {
        let rows = input.table.rowCount
        let descending = input.aggregate.descending
        // The rows of each group, in the table's order.
        let groupOf = input.grouping.groupOfRow
        var members = [[Int]](repeating: [], count: input.grouping.count)
        for r in 0..<rows {
            if r & 0xFFFF == 0 { try input.context.checkInterrupt() }
            members[Int(groupOf[r])].append(r)
        }
        var ranks = [Int64](repeating: 0, count: rows)
        if var keys = try rankKeys(input) {
            // Nulls last either way: +∞ after every value once the direction is applied.
            for r in 0..<rows {
                if r & 0xFFFF == 0 { try input.context.checkInterrupt() }
                keys[r] = keys[r].isNaN ? .infinity : (descending ? -keys[r] : keys[r])
            }
            for var group in members {
                try input.context.checkInterrupt()
                try keys.withUnsafeBufferPointer { k throws(Diagnostic) in try sort(&group, input.context) { k[$0] < k[$1] } }
                for (i, r) in group.enumerated() {
                    ranks[r] = i > 0 && keys[group[i - 1]] == keys[r] ? ranks[group[i - 1]] : Int64(i + 1)
                }
            }
        } else {
            let f = argument(input)
            var values = [Value](repeating: .null, count: rows)
            for r in 0..<rows { values[r] = try f(r) }
            /// -1, 0 or 1 for the order of two values, nulls last.
            func order(_ x: Value, _ y: Value) -> Int {
                if x.isNull || y.isNull { return x.isNull == y.isNull ? 0 : (x.isNull ? 1 : -1) }
                let o = Operators.order(x, y) ?? 0
                return descending ? -o : o
            }
            for var group in members {
                try input.context.checkInterrupt()
                try sort(&group, input.context) { order(values[$0], values[$1]) < 0 }
                for (i, r) in group.enumerated() {
                    ranks[r] = i > 0 && order(values[group[i - 1]], values[r]) == 0 ? ranks[group[i - 1]] : Int64(i + 1)
                }
            }
        }
        return Column(name: "", type: .integer, storage: .integers(ranks, isNull: []))
    }

    /// Sorts `rows` by `less`, polling for Ctrl-C every 2^20 comparisons (a million rows take
    /// about twenty million).
    private static func sort(_ rows: inout [Int], _ context: EvaluationContext, by less: (Int, Int) -> Bool) throws(Diagnostic) {
        var comparisons = 0
        do {
            try rows.sort { a, b in
                comparisons &+= 1
                if comparisons & 0xF_FFFF == 0 { try context.checkInterrupt() }
                return less(a, b)
            }
        } catch let d as Diagnostic {
            throw d
        } catch {
            preconditionFailure("only Ctrl-C stops a sort")
        }
    }

    /// The argument of `rank` for every row as a double in its order (NaN for null), or nil when
    /// it holds integers a double cannot keep apart.
    private static func rankKeys(_ input: AggregateInput) throws(Diagnostic) -> [Double]? {
        let rows = input.table.rowCount
        let exact = 9_007_199_254_740_992.0  // 2^53
        if case .column(let i)? = input.aggregate.argument?.kind {
            switch input.table.columns[i].storage {
            case .integers(let values, let isNull):
                var keys = [Double](repeating: .nan, count: rows)
                for r in 0..<rows where isNull.isEmpty || !isNull[r] {
                    if r & 0xFFFF == 0 { try input.context.checkInterrupt() }
                    keys[r] = Double(values[r])
                    if abs(keys[r]) > exact { return nil }
                }
                return keys
            case .doubles(let values):
                return values
            case .texts(let codes, let dictionary):
                // Each code's place among the dictionary's texts, in the order comparisons use.
                // (Two entries that are canonically equivalent Unicode compare equal, so they share a place.)
                // A declared order (`levels`) comes first, as `sort` follows it; the values it does not list after it.
                var place = [Double](repeating: 0, count: dictionary.count)
                let levels = input.table.columns[i].levels ?? []
                let declared = Dictionary(levels.enumerated().map { ($1, Double($0)) }, uniquingKeysWith: { a, _ in a })
                let sorted = dictionary.indices.filter { declared[dictionary[$0]] == nil }.sorted { dictionary[$0] < dictionary[$1] }
                for (k, code) in sorted.enumerated() {
                    place[code] = k > 0 && dictionary[sorted[k - 1]] == dictionary[code] ? place[sorted[k - 1]] : Double(levels.count + k)
                }
                for code in dictionary.indices { if let p = declared[dictionary[code]] { place[code] = p } }
                return codes.map { $0 < 0 ? .nan : place[Int($0)] }
            default:
                break
            }
        }
        let f = argument(input)
        var keys = [Double](repeating: .nan, count: rows)
        var texts: [Int: String] = [:]
        for r in 0..<rows {
            switch try f(r) {
            case .null: continue
            case .integer(let v):
                keys[r] = Double(v)
                if abs(keys[r]) > exact { return nil }
            case .text(let t): texts[r] = t
            case .boolean(let b): keys[r] = b ? 1 : 0
            case .date(let d), .timestamp(let d):
                keys[r] = Double(d)
                if abs(keys[r]) > exact { return nil }
            case let v: keys[r] = v.numeric ?? .nan
            }
        }
        if !texts.isEmpty {
            let order = Array(Set(texts.values)).sorted()
            let place = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, Double($0)) })
            for (r, t) in texts { keys[r] = place[t]! }
        }
        return keys
    }
}
