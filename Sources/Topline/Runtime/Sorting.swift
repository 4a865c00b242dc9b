/// `sort`: a stable sort on one or more keys. Nulls sort last in either direction.
/// A column with declared `levels` sorts in their order (its other values after them, as they stand).
enum Sorting {
    static func sort(_ table: Table, by keys: [(TypedExpr, descending: Bool)], evaluator: Evaluator,
                     context: EvaluationContext) throws(Diagnostic) -> Table {
        var keyValues: [[Value]] = []
        for (expr, _) in keys {
            if case .column(let i) = expr.kind, let levels = table.columns[i].levels {
                let position = Dictionary(levels.enumerated().map { ($1, Int64($0)) }, uniquingKeysWith: { a, _ in a })
                let column = table.columns[i]
                keyValues.append((0..<table.rowCount).map { r in
                    guard case .text(let t) = column[r] else { return .null }
                    return .integer(position[t] ?? Int64(levels.count))
                })
                continue
            }
            let f = evaluator.compile(expr)
            var values: [Value] = []
            values.reserveCapacity(table.rowCount)
            for r in 0..<table.rowCount {
                if r & 0xFFFF == 0 { try context.checkInterrupt() }
                values.append(try f(r))
            }
            keyValues.append(values)
        }
        let directions = keys.map(\.descending)
        let order = Array(0..<table.rowCount).sorted { a, b in
            for (k, values) in keyValues.enumerated() {
                let x = values[a], y = values[b]
                if x.isNull || y.isNull {
                    if x.isNull && y.isNull { continue }
                    return y.isNull
                }
                guard let o = Operators.order(x, y), o != 0 else { continue }
                return directions[k] ? o > 0 : o < 0
            }
            return a < b
        }
        return table.gather(order)
    }
}
