/// `join OTHER on a [= b]` (inner) and `left join`: hash join on one key.
/// Null keys never match. A right column whose name is taken is renamed
/// (see ``JoinLayout``).
enum Join {
    /// Joins bigger than this many rows are refused before they are built.
    static let maxRows = 50_000_000

    static func apply(_ kind: JoinKind, left: Table, right: Table, otherName: String, leftKey: Int, rightKey: Int,
                      range: SourceRange, context: EvaluationContext) throws(Diagnostic) -> Table {
        var index: [Value: [Int]] = [:]
        let rk = right.columns[rightKey]
        for r in 0..<right.rowCount where !rk.isNull(r) {
            if r & 0xFFFF == 0 { try context.checkInterrupt() }
            index[key(rk[r]), default: []].append(r)
        }
        let lk = left.columns[leftKey]
        var leftRows: [Int] = []
        var rightRows: [Int] = []
        var total = 0
        for r in 0..<left.rowCount {
            let matches = lk.isNull(r) ? nil : index[key(lk[r])]
            total += matches?.count ?? (kind == .left ? 1 : 0)
        }
        guard total <= maxRows else {
            throw context.error(.runJoinTooLarge, "this join would produce \(total) rows (the limit is \(maxRows))", at: range,
                                hints: ["the key has many repeated values on both sides: filter or summarize first"])
        }
        leftRows.reserveCapacity(total)
        rightRows.reserveCapacity(total)
        for r in 0..<left.rowCount {
            if r & 0xFFFF == 0 { try context.checkInterrupt() }
            if !lk.isNull(r), let matches = index[key(lk[r])] {
                for m in matches { leftRows.append(r); rightRows.append(m) }
            } else if kind == .left {
                leftRows.append(r); rightRows.append(-1)
            }
        }
        let names = JoinLayout.outputNames(left: left.columnNames, right: right.columnNames, rightKey: rightKey, otherName: otherName)
        var columns = left.columns.map { $0.gather(leftRows) }
        for (i, c) in right.columns.enumerated() where i != rightKey {
            var builder = ColumnBuilder(type: c.type, capacity: rightRows.count)
            for r in rightRows { builder.append(r >= 0 ? c[r] : .null) }
            columns.append(builder.finish(name: names[columns.count]))
        }
        return Table(unchecked: columns, rowCount: leftRows.count)
    }

    /// Integers and numbers join on their numeric value.
    private static func key(_ v: Value) -> Value {
        if case .integer(let i) = v { return .number(Double(i)) }
        return v
    }
}
