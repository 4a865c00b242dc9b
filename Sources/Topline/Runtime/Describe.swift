/// The tables behind `describe NAME` and `datasets`.
enum Describe {
    /// One row per column: name, type, null count, distinct count, the range (smallest and
    /// largest) of numbers, dates and timestamps, the mean of numbers (unweighted, as DuckDB's
    /// `SUMMARIZE`), and up to three example values; for a survey file, also what it says
    /// about each column (``labelColumns(_:)``).
    static func table(_ dataset: Dataset) -> Table {
        var names: [Value] = [], types: [Value] = [], nulls: [Value] = [], distinct: [Value] = [], examples: [Value] = []
        var minimums: [Value] = [], maximums: [Value] = [], means: [Value] = []
        for column in dataset.table.columns {
            names.append(.text(column.name))
            var type = column.type.rawValue
            if let role = dataset.designFrame?.roles[column.name] {
                type += " (\(role))"
            } else if column.name == dataset.weightColumn {
                type += " (weight)"
            }
            types.append(.text(type))
            var nullCount = 0
            var seen = Set<Value>()
            var shown: [String] = []
            let ranged = column.type.isTemporal || (column.type.isNumeric && column.type != .estimate)
            var low: Value = .null, high: Value = .null
            var sum = 0.0
            for r in 0..<column.count {
                let v = column[r]
                if v.isNull { nullCount += 1; continue }
                if seen.insert(v).inserted, shown.count < 3 { shown.append(ValueText.human(v)) }
                guard ranged else { continue }
                if low.isNull || Operators.order(v, low)! < 0 { low = v }
                if high.isNull || Operators.order(v, high)! > 0 { high = v }
                sum += v.numeric ?? 0
            }
            minimums.append(low.isNull ? .null : .text(ValueText.human(low)))
            maximums.append(high.isNull ? .null : .text(ValueText.human(high)))
            let counted = column.count - nullCount
            means.append(column.type.isNumeric && ranged && counted > 0
                         ? .text(ValueText.human(Operators.wrap(sum / Double(counted), as: column.type == .integer ? .number : column.type)))
                         : .null)
            nulls.append(.integer(Int64(nullCount)))
            distinct.append(.integer(Int64(seen.count)))
            examples.append(.text(shown.map { $0.count > 30 ? String($0.prefix(29)) + "…" : $0 }.joined(separator: ", ")))
        }
        return Table(unchecked: [
            Column(name: "column", type: .text, values: names),
            Column(name: "type", type: .text, values: types),
            Column(name: "nulls", type: .integer, values: nulls),
            Column(name: "distinct", type: .integer, values: distinct),
            Column(name: "min", type: .text, values: minimums),
            Column(name: "max", type: .text, values: maximums),
            Column(name: "mean", type: .text, values: means),
            Column(name: "examples", type: .text, values: examples),
        ] + labelColumns(dataset.table), rowCount: names.count)
    }

    /// One row per dataset: name, rows, columns, weight column, design and origin.
    static func datasets(_ list: [Dataset]) -> Table {
        Table(unchecked: [
            Column(name: "name", type: .text, values: list.map { .text($0.name) }),
            Column(name: "rows", type: .integer, values: list.map { .integer(Int64($0.table.rowCount)) }),
            Column(name: "columns", type: .integer, values: list.map { .integer(Int64($0.columnCount)) }),
            Column(name: "weight", type: .text, values: list.map { $0.weightColumn.map(Value.text) ?? .null }),
            Column(name: "design", type: .text, values: list.map { d in d.designFrame.flatMap { $0.declared ? .text($0.summary) : nil } ?? .null }),
            Column(name: "origin", type: .text, values: list.map { .text($0.origin) }),
        ], rowCount: list.count)
    }
}
