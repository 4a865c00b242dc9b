/// `pivot KEY VALUE`: one output column per distinct key (in first-seen
/// order) holding VALUE; the remaining columns identify the output rows.
///
/// The output is dense, rows × keys cells, so its size is checked before
/// anything of that size is allocated: more than ``maxCells`` cells is
/// `run.pivot-too-large` (a pivot on an identifier, `pivot respondent_id
/// weight` over 30,000 rows, would make 900 million cells). Names are checked
/// for repeats with a set, and Ctrl-C is polled in every loop.
enum Pivot {
    /// The most cells (output rows × key columns) a pivot may make: 10 million,
    /// about 80 MB for the cell index and as much again for the values.
    static let maxCells = 10_000_000

    static func apply(_ table: Table, key: Int, value: Int, range: SourceRange, context: EvaluationContext,
                      maxCells: Int = Pivot.maxCells) throws(Diagnostic) -> Table {
        let identity = table.columns.indices.filter { $0 != key && $0 != value }
        let rows = try Grouping(columns: identity.map { table.columns[$0] }, rowCount: table.rowCount, context: context)
        try context.checkInterrupt()
        let keys = try Grouping(columns: [table.columns[key]], rowCount: table.rowCount, context: context).ordered([table.columns[key]])
        try context.checkInterrupt()
        let keyColumn = table.columns[key]
        let (cells, overflow) = rows.count.multipliedReportingOverflow(by: keys.count)
        if overflow || cells > maxCells {
            throw context.error(
                .runPivotTooLarge,
                "this pivot would make \(rows.count) rows × \(keys.count) columns = \(overflow ? "more than \(Int.max)" : String(cells)) cells (the limit is \(maxCells))",
                at: range,
                hints: ["'\(keyColumn.name)' has \(keys.count) distinct values, one column each: pivot a column with few values (a wave, a horizon), or filter or summarize first"])
        }
        var names: [String] = identity.map { table.columns[$0].name }
        var taken = Set(names)
        var keyNames: [String] = []
        keyNames.reserveCapacity(keys.count)
        for (k, first) in keys.firstRow.enumerated() {
            if k & 0xFFFF == 0 { try context.checkInterrupt() }
            let v = keyColumn[first]
            let name: String
            if case .text(let s) = v { name = s } else { name = ValueText.human(v) }
            guard taken.insert(name).inserted else {
                throw context.error(.runPivotName, "pivot would make a second column named '\(name)'", at: range,
                                    hints: ["rename the existing column first: select …, other_name = \(name)"])
            }
            names.append(name)
            keyNames.append(name)
        }
        // cell[row group × keys + key group] = source row, or -1.
        var cell = [Int](repeating: -1, count: cells)
        for r in 0..<table.rowCount {
            if r & 0xFFFF == 0 { try context.checkInterrupt() }
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
        var done = 0
        for (k, name) in keyNames.enumerated() {
            // Polled every 65,536 cells, however they split into rows and keys.
            if done >= 0x10000 || k & 0xFFFF == 0 {
                try context.checkInterrupt()
                done = 0
            }
            var builder = ColumnBuilder(type: valueColumn.type, capacity: rows.count)
            for g in 0..<rows.count {
                let source = cell[g * keys.count + k]
                builder.append(source >= 0 ? valueColumn[source] : .null)
            }
            done += rows.count
            columns.append(builder.finish(name: name))
        }
        return Table(unchecked: columns, rowCount: rows.count)
    }
}
