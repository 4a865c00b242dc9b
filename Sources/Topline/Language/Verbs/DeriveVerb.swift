/// `derive name = expr, … [by col, …]`: adds columns, or replaces the one of
/// the same name. An aggregate in an item is a window aggregate: computed over
/// the whole table, or per group of the `by` columns, and given to each row of
/// the group (`derive pct = n / sum(n) by region`).
struct DeriveVerb: VerbSyntax {
    static let definition = VerbDefinition(
        keyword: .derive,
        summary: "adds columns (or replaces one of the same name); each sees the ones before it; an aggregate gives each row its value over the whole table (over its group with 'by'); never changes the rows",
        syntax: "derive NAME = EXPR, … [by COLUMN, …]",
        example: "from ceo_study_metrics | derive share = pct(value_pct), doubled = value_pct * 2, rank = rank(value_pct desc) by study",
        grammar: #"derive = "derive" , assignment , { "," , { newline } , assignment } , [ "by" , name , { "," , { newline } , name } ] ;"#,
        columns: .passes,
        functions: .window,
        parse: { p in
            p.advanceKeyword()
            guard let items = p.parseList({ $0.parseAssignment() }), let groups = p.parseByColumns() else { return nil }
            return DeriveVerb(items: items, groups: groups)
        })

    var items: [Assignment]
    /// The groups of the window aggregates (the whole table without them).
    var groups: [Name] = []

    var sourceText: String {
        let head = "derive " + items.map(SourcePrinter.assignment).joined(separator: ", ")
        return groups.isEmpty ? head : head + " by " + SourcePrinter.names(groups)
    }

    func dump(_ tree: inout TreeDump) {
        for a in items { tree.assignment(a) }
        for g in groups { tree.name("By", g) }
    }

    func columnNames(into names: inout Set<String>) {
        for a in items { a.value.columnNames(into: &names) }
        for g in groups { names.insert(g.text) }
    }

    func resolve(_ site: VerbSite, _ resolver: Resolver, _ schema: inout Schema) throws(Diagnostic) -> any PlanStep {
        var windowed = resolver
        windowed.windowed = true
        var steps: [DeriveStep.Item] = []
        for a in items {
            // Each item sees the columns derived before it; so do its groups.
            var aggregates: [ResolvedAggregate] = []
            let e = try windowed.expression(a.value, schema, aggregates: &aggregates)
            var groupBy: [Int] = []
            if !aggregates.isEmpty { for g in groups { groupBy.append(try resolver.column(g, schema)) } }
            steps.append(DeriveStep.Item(output: NamedExpr(name: a.name.text, expr: e), aggregates: aggregates, groupBy: groupBy))
            var column = SchemaColumn(name: a.name.text, type: e.type)
            switch e.kind {
            case .aggregate(let i): column.measure = AggregateFunctions.isMeasure(aggregates[i])
            case .column(let i): column.measure = schema.columns[i].measure
            default: break
            }
            if let i = schema.index(of: a.name.text) { schema.columns[i] = column } else { schema.columns.append(column) }
        }
        if let first = groups.first, steps.allSatisfy(\.aggregates.isEmpty) {
            throw resolver.error(.resolveWindow, "'by' groups the aggregates of 'derive', and this one has none", at: first.range,
                                 hints: ["e.g. derive share = n / sum(n) by \(groups.map(\.text).joined(separator: ", ")); without an aggregate, leave 'by' out"])
        }
        return DeriveStep(items: steps)
    }
}

extension Keyword { static let derive = Keyword("derive") }

/// Adds or replaces columns one at a time, each over the table so far; the
/// aggregates of an item are computed first (``Aggregation/window(_:table:grouping:context:)``).
struct DeriveStep: PlanStep {
    struct Item: Sendable {
        var output: NamedExpr
        /// Its window aggregates, in the numbering of its ``TypedExpr/Kind/aggregate(_:)`` nodes.
        var aggregates: [ResolvedAggregate]
        /// The columns that group its aggregates (none: the whole table).
        var groupBy: [Int]
    }

    var items: [Item]

    func run(_ state: inout PipelineState, _ context: EvaluationContext) throws(Diagnostic) {
        var current = state.table
        // The grouping of the last item with aggregates, while its key columns stay as they were.
        var cached: (keys: [Int], grouping: Grouping)?
        for item in items {
            var evaluator = Evaluator(columns: current.columns, context: context)
            if !item.aggregates.isEmpty {
                let grouping: Grouping
                if let cached, cached.keys == item.groupBy {
                    grouping = cached.grouping
                } else {
                    try context.checkInterrupt()
                    grouping = item.groupBy.isEmpty ? Grouping(allRows: current.rowCount)
                        : try Grouping(columns: item.groupBy.map { current.columns[$0] }, rowCount: current.rowCount, context: context)
                    cached = (item.groupBy, grouping)
                }
                evaluator.aggregates = try Aggregation.window(item.aggregates, table: current, grouping: grouping, context: context)
            }
            let column = try evaluator.materialize(item.output, rowCount: current.rowCount)
            var columns = current.columns
            if let i = current.columnIndex(named: item.output.name) {
                columns[i] = column
                if cached?.keys.contains(i) == true { cached = nil }
            } else {
                columns.append(column)
            }
            current = current.withColumns(columns)
        }
        state.table = current
    }
}
