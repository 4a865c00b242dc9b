/// `pivot KEY VALUE`: one output column per distinct key (in first-seen
/// order) holding VALUE; the remaining columns identify the output rows.
enum Pivot {
    static func apply(_ table: Table, key: Int, value: Int, range: SourceRange, context: EvaluationContext) throws(Diagnostic) -> Table {
        let identity = table.columns.indices.filter { $0 != key && $0 != value }
        let rows = Grouping(columns: identity.map { table.columns[$0] }, rowCount: table.rowCount)
        let keys = Grouping(columns: [table.columns[key]], rowCount: table.rowCount)
        let keyColumn = table.columns[key]
        var names: [String] = identity.map { table.columns[$0].name }
        var keyNames: [String] = []
        for first in keys.firstRow {
            let v = keyColumn[first]
            let name: String
            if case .text(let s) = v { name = s } else { name = ValueText.human(v) }
            if names.contains(name) {
                throw context.error(.runPivotName, "pivot would make a second column named '\(name)'", at: range,
                                    hints: ["rename the existing column first: select …, other_name = \(name)"])
            }
            names.append(name)
            keyNames.append(name)
        }
        // cell[row group][key group] = source row
        var cell = [Int](repeating: -1, count: rows.count * keys.count)
        for r in 0..<table.rowCount {
            let slot = Int(rows.groupOfRow[r]) * keys.count + Int(keys.groupOfRow[r])
            if cell[slot] >= 0 {
                let k = keyNames[Int(keys.groupOfRow[r])]
                throw context.error(.runPivotDuplicate,
                                    "pivot found two values for '\(k)' in one output row (input rows \(cell[slot] + 1) and \(r + 1))",
                                    at: range, hints: ["select only the columns that identify a row before pivot, or summarize first"])
            }
            cell[slot] = r
        }
        var columns = identity.map { table.columns[$0].gather(rows.firstRow) }
        let valueColumn = table.columns[value]
        for (k, name) in keyNames.enumerated() {
            var builder = ColumnBuilder(type: valueColumn.type, capacity: rows.count)
            for g in 0..<rows.count {
                let source = cell[g * keys.count + k]
                builder.append(source >= 0 ? valueColumn[source] : .null)
            }
            columns.append(builder.finish(name: name))
        }
        return Table(unchecked: columns, rowCount: rows.count)
    }
}
