/// `derive name = expr, …`: adds columns, or replaces the one of the same name.
struct DeriveVerb: VerbSyntax {
    static let definition = VerbDefinition(
        keyword: .derive,
        summary: "adds columns (or replaces one of the same name); each sees the ones before it; never changes the rows",
        syntax: "derive NAME = EXPR, …",
        example: "from ceo_study_metrics | derive share = pct(value_pct), doubled = value_pct * 2",
        grammar: #"derive = "derive" , assignment , { "," , { newline } , assignment } ;"#,
        columns: .passes,
        parse: { p in
            p.advanceKeyword()
            return p.parseList { $0.parseAssignment() }.map(DeriveVerb.init)
        })

    var items: [Assignment]

    var sourceText: String { "derive " + items.map(SourcePrinter.assignment).joined(separator: ", ") }
    func dump(_ tree: inout TreeDump) { for a in items { tree.assignment(a) } }
    func columnNames(into names: inout Set<String>) { for a in items { a.value.columnNames(into: &names) } }

    func resolve(_ site: VerbSite, _ resolver: Resolver, _ schema: inout Schema) throws(Diagnostic) -> any PlanStep {
        var outputs: [NamedExpr] = []
        for a in items {
            // Each item sees the columns derived before it.
            let e = try resolver.expression(a.value, schema)
            outputs.append(NamedExpr(name: a.name.text, expr: e))
            let column = SchemaColumn(name: a.name.text, type: e.type)
            if let i = schema.index(of: a.name.text) { schema.columns[i] = column } else { schema.columns.append(column) }
        }
        return DeriveStep(outputs: outputs)
    }
}

extension Keyword { static let derive = Keyword("derive") }

/// Adds or replaces columns one at a time, each over the table so far.
struct DeriveStep: PlanStep {
    var outputs: [NamedExpr]

    func run(_ state: inout PipelineState, _ context: EvaluationContext) throws(Diagnostic) {
        var current = state.table
        for item in outputs {
            let column = try Evaluator(columns: current.columns, context: context).materialize(item, rowCount: current.rowCount)
            var columns = current.columns
            if let i = current.columnIndex(named: item.name) { columns[i] = column } else { columns.append(column) }
            current = current.withColumns(columns)
        }
        state.table = current
    }
}
