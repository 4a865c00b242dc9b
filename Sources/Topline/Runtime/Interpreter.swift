/// Runs a ``ResolvedPipeline`` over columnar tables.
///
/// Each step takes a table and returns a new one; columns that a step does
/// not change are shared, not copied (arrays are copy-on-write).
struct Interpreter {
    let context: EvaluationContext
    let resolver: Resolver

    /// What a pipeline produced: its table, the weight column it still
    /// carries, and the chart its last verb asked for.
    struct Output {
        var table: Table
        var weight: String?
        var chart: Chart?
    }

    func run(_ pipeline: ResolvedPipeline, title: String = "") throws(Diagnostic) -> Output {
        var table = pipeline.input
        var schema = pipeline.inputSchema
        var steps = pipeline.steps
        var pending = pipeline.pending
        var chart: Chart?
        while true {
            for step in steps {
                try context.checkInterrupt()
                if case .chart(let c) = step {
                    chart = try ChartData.make(c, from: table, title: title, context: context)
                } else {
                    table = try apply(step, to: table)
                }
            }
            guard !pending.isEmpty else { break }
            // Verbs after a pivot: resolve them against the pivot's real columns.
            schema = Schema(table, weight: schema.weight.flatMap { table.columnIndex(named: $0) != nil ? $0 : nil })
            (steps, pending, _) = try resolver.resolveSteps(pending, schema: schema)
        }
        let weight = pipeline.inputSchema.weight.flatMap { table.columnIndex(named: $0) != nil ? $0 : nil }
        return Output(table: table, weight: weight, chart: chart)
    }

    func apply(_ step: ResolvedStep, to table: Table) throws(Diagnostic) -> Table {
        let evaluator = Evaluator(columns: table.columns, context: context)
        switch step {
        case .filter(let condition):
            var keep: [Int] = []
            if let truth = evaluator.truthVector(condition) {
                // Decided a column at a time: collect the true rows in one tight loop.
                truth.withUnsafeBufferPointer { t in
                    for r in 0..<t.count where t[r] == Truth.true { keep.append(r) }
                }
            } else {
                let f = evaluator.compile(condition)
                for r in 0..<table.rowCount {
                    if r & 0xFFFF == 0 { try context.checkInterrupt() }
                    if case .boolean(true) = try f(r) { keep.append(r) }
                }
            }
            return keep.count == table.rowCount ? table : table.gather(keep)

        case .project(let items):
            var columns: [Column] = []
            for item in items { columns.append(try materialize(item, table: table, evaluator: evaluator)) }
            return Table(unchecked: columns, rowCount: table.rowCount)

        case .derive(let items):
            var current = table
            for item in items {
                let column = try materialize(item, table: current, evaluator: Evaluator(columns: current.columns, context: context))
                var columns = current.columns
                if let i = current.columnIndex(named: item.name) { columns[i] = column } else { columns.append(column) }
                current = Table(unchecked: columns, rowCount: table.rowCount)
            }
            return current

        case .aggregate(let groupBy, let aggregates, let outputs):
            let grouping = groupBy.isEmpty ? Grouping(allRows: table.rowCount)
                : Grouping(columns: groupBy.map { table.columns[$0] }, rowCount: table.rowCount)
            var aggregateColumns: [Column] = []
            for a in aggregates {
                let type = outputType(of: a)
                aggregateColumns.append(try Aggregation.compute(a, type: type, table: table, grouping: grouping,
                                                                evaluator: evaluator, context: context))
            }
            var columns = groupBy.map { table.columns[$0].gather(grouping.firstRow) }
            let groupTable = Table(unchecked: aggregateColumns, rowCount: grouping.count)
            let groupEvaluator = Evaluator(columns: aggregateColumns, context: context)
            for item in outputs {
                columns.append(try materialize(item, table: groupTable, evaluator: groupEvaluator))
            }
            return Table(unchecked: columns, rowCount: grouping.count)

        case .sort(let keys):
            return try Sorting.sort(table, by: keys, evaluator: evaluator, context: context)

        case .take(let n):
            return n >= table.rowCount ? table : table.gather(Array(0..<n))

        case .pivot(let key, let value, let range):
            return try Pivot.apply(table, key: key, value: value, range: range, context: context)

        case .join(let kind, let other, let otherName, let leftKey, let rightKey, let range):
            return try Join.apply(kind, left: table, right: other, otherName: otherName, leftKey: leftKey, rightKey: rightKey,
                                  range: range, context: context)

        case .compare(let step):
            return try Comparison.apply(step, to: table, context: context)

        case .chart:
            return table

        case .sources(let columns):
            return Provenance.sources(of: table, columns: columns)
        }
    }

    /// The storage type an aggregate's values are built in.
    private func outputType(of a: ResolvedAggregate) -> ValueType {
        let t = a.argument?.type ?? .null
        let flavour = t == .estimate ? ValueType.percent : t
        switch a.function {
        case .count, .count_distinct: return .integer
        case .share: return .estimate
        case .sum: return flavour
        case .avg, .median: return flavour == .integer ? .number : flavour
        case .min, .max: return flavour
        }
    }

    /// Computes an expression for every row; a bare column is reused as is.
    private func materialize(_ item: NamedExpr, table: Table, evaluator: Evaluator) throws(Diagnostic) -> Column {
        if case .column(let i) = item.expr.kind { return table.columns[i].renamed(item.name) }
        let f = evaluator.compile(item.expr)
        var builder = ColumnBuilder(type: item.expr.type, capacity: table.rowCount)
        for r in 0..<table.rowCount {
            if r & 0xFFFF == 0 { try context.checkInterrupt() }
            builder.append(try f(r))
        }
        return builder.finish(name: item.name)
    }
}
