/// `summarize name = agg(…), … [by col, …]`: one row per group.
struct SummarizeVerb: VerbSyntax {
    static let definition = VerbDefinition(
        keyword: .summarize,
        summary: "one row per group (one row in all without 'by'), groups in first-seen order; items combine aggregates",
        syntax: "summarize NAME = AGGREGATE(…), … [by COLUMN, …]",
        example: #"from survey | summarize share = share(social_media_now == "yes"), n = count() by region"#,
        grammar: """
            summarize = "summarize" , assignment , { "," , { newline } , assignment } ,
                        [ "by" , name , { "," , { newline } , name } ] ;
            assignment = name , "=" , expr ;
            """,
        columns: .narrows,
        functions: .aggregate,
        parse: { p in
            p.advanceKeyword()
            guard let items = p.parseList({ $0.parseAssignment() }), let groups = p.parseByColumns() else { return nil }
            return SummarizeVerb(items: items, groups: groups)
        })

    var items: [Assignment]
    var groups: [Name]

    var sourceText: String {
        let head = "summarize " + items.map(SourcePrinter.assignment).joined(separator: ", ")
        return groups.isEmpty ? head : head + " by " + SourcePrinter.names(groups)
    }

    func dump(_ tree: inout TreeDump) {
        for a in items { tree.assignment(a) }
        for g in groups { tree.name("By", g) }
    }

    func columnNames(into names: inout Set<String>) {
        for a in items { a.value.columnNames(into: &names) }
        for n in groups { names.insert(n.text) }
    }

    func resolve(_ site: VerbSite, _ resolver: Resolver, _ schema: inout Schema) throws(Diagnostic) -> any PlanStep {
        var groupIndexes: [Int] = []
        for g in groups { groupIndexes.append(try resolver.column(g, schema)) }
        var aggregates: [ResolvedAggregate] = []
        var outputs: [NamedExpr] = []
        for item in items {
            let e = try resolver.expression(item.value, schema, aggregates: &aggregates)
            outputs.append(NamedExpr(name: item.name.text, expr: e))
        }
        try resolver.checkDistinct(groups.map(\.text) + items.map(\.name.text), ranges: groups.map(\.range) + items.map(\.name.range))
        schema = Schema(columns: groupIndexes.map { schema.columns[$0] } + outputs.map { output in
            var c = SchemaColumn(name: output.name, type: output.expr.type)
            if case .aggregate(let i) = output.expr.kind { c.measure = AggregateFunctions.isMeasure(aggregates[i]) }
            return c
        })
        for i in AggregateStep.readOnlyByValue(outputs.map(\.expr)) { aggregates[i].valueOnly = true }
        return AggregateStep(groupBy: groupIndexes, aggregates: aggregates, outputs: outputs)
    }
}

extension Keyword { static let summarize = Keyword("summarize") }

/// Groups the rows, computes each aggregate per group, then the items from them.
struct AggregateStep: PlanStep {
    var groupBy: [Int]
    var aggregates: [ResolvedAggregate]
    var outputs: [NamedExpr]

    /// The aggregates that the outputs `exprs` read only as `value(aggregate)`: nothing needs their
    /// intervals, so they are computed as point estimates (``ResolvedAggregate/valueOnly``).
    static func readOnlyByValue(_ exprs: [TypedExpr]) -> Set<Int> {
        var byValue = Set<Int>(), otherwise = Set<Int>()
        func walk(_ e: TypedExpr) {
            switch e.kind {
            case .call(let f, let arguments):
                if f.name == "value", arguments.count == 1, case .aggregate(let i) = arguments[0].kind {
                    byValue.insert(i)
                } else {
                    arguments.forEach(walk)
                }
            case .aggregate(let i): otherwise.insert(i)
            case .unary(_, let x): walk(x)
            case .binary(_, let a, let b): walk(a); walk(b)
            case .inList(let x, let items, _): walk(x); items.forEach(walk)
            case .isNull(let x, _): walk(x)
            case .caseWhen(let branches, let otherwiseExpr):
                for b in branches { walk(b.condition); walk(b.result) }
                otherwiseExpr.map(walk)
            case .recode(let r): walk(r.value); r.targets.forEach(walk); r.otherwise.map(walk)
            case .literal, .column: break
            }
        }
        exprs.forEach(walk)
        return byValue.subtracting(otherwise)
    }

    func run(_ state: inout PipelineState, _ context: EvaluationContext) throws(Diagnostic) {
        let table = state.table
        let evaluator = Evaluator(columns: table.columns, context: context)
        let grouping = groupBy.isEmpty ? Grouping(allRows: table.rowCount)
            : try Grouping(columns: groupBy.map { table.columns[$0] }, rowCount: table.rowCount, context: context).ordered(groupBy.map { table.columns[$0] })
        var aggregateColumns: [Column] = []
        for a in aggregates {
            aggregateColumns.append(try a.function.compute(AggregateInput(aggregate: a, table: table, grouping: grouping,
                                                                          evaluator: evaluator, context: context)))
        }
        var columns = groupBy.map { table.columns[$0].gather(grouping.firstRow) }
        let groupEvaluator = Evaluator(columns: aggregateColumns, context: context)
        for item in outputs {
            columns.append(try groupEvaluator.materialize(item, rowCount: grouping.count))
        }
        state.table = Table(unchecked: columns, rowCount: grouping.count)
    }
}
