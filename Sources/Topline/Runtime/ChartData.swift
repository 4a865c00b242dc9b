/// Computes the data table of a ``Chart`` from a pipeline's result.
enum ChartData {
    static func make(_ step: ChartStep, from table: Table, title: String, context: EvaluationContext) throws(Diagnostic) -> Chart {
        let evaluator = Evaluator(columns: table.columns, context: context)
        func values(_ e: TypedExpr, _ name: String) throws(Diagnostic) -> Column {
            let f = evaluator.compile(e)
            var builder = ColumnBuilder(type: e.type == .null ? .number : e.type, capacity: table.rowCount)
            for r in 0..<table.rowCount { builder.append(try f(r)) }
            return builder.finish(name: name)
        }
        var columns: [Column] = []
        if let by = step.by { columns.append(table.columns[by].renamed("label")) }
        if let over = step.over { columns.append(table.columns[over].renamed("x")) }
        columns.append(try values(step.value, "value"))
        if let to = step.to { columns.append(try values(to, "to")) }
        let data = Table(unchecked: columns, rowCount: table.rowCount)
        return Chart(kind: step.kind, data: data, valueTitle: step.valueTitle, toTitle: step.toTitle,
                     labelTitle: step.by.map { table.columns[$0].name }, xTitle: step.over.map { table.columns[$0].name },
                     title: title, table: table)
    }
}
