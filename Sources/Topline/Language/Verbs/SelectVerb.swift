/// `select a, b, name = expr`: these columns, in this order.
struct SelectVerb: VerbSyntax {
    static let definition = VerbDefinition(
        keyword: .select,
        summary: "these columns, in this order (a new name = expression computes one); never changes the rows",
        syntax: "select COLUMN, NAME = EXPR, …",
        example: "from ceo_study_metrics | select segment, horizon, share = pct(value_pct)",
        grammar: """
            select = "select" , select_item , { "," , { newline } , select_item } ;
            select_item = name , [ "=" , expr ] ;
            """,
        columns: .narrows,
        parse: { p in
            p.advanceKeyword()
            return p.parseList { $0.parseSelectItem() }.map(SelectVerb.init)
        })

    var items: [SelectItem]

    var sourceText: String {
        "select " + items.map { item in
            switch item {
            case .column(let name): return SourcePrinter.name(name.text)
            case .assignment(let a): return SourcePrinter.assignment(a)
            }
        }.joined(separator: ", ")
    }

    func dump(_ tree: inout TreeDump) {
        for item in items {
            switch item {
            case .column(let n): tree.name("Column", n)
            case .assignment(let a): tree.assignment(a)
            }
        }
    }

    func columnNames(into names: inout Set<String>) {
        for item in items {
            switch item {
            case .column(let n): names.insert(n.text)
            case .assignment(let a): a.value.columnNames(into: &names)
            }
        }
    }

    func resolve(_ site: VerbSite, _ resolver: Resolver, _ schema: inout Schema) throws(Diagnostic) -> any PlanStep {
        var outputs: [NamedExpr] = []
        var ranges: [SourceRange] = []
        for item in items {
            switch item {
            case .column(let name):
                let index = try resolver.column(name, schema)
                outputs.append(NamedExpr(name: name.text, expr: TypedExpr(kind: .column(index), type: schema.columns[index].type, range: name.range)))
                ranges.append(name.range)
            case .assignment(let a):
                outputs.append(NamedExpr(name: a.name.text, expr: try resolver.expression(a.value, schema)))
                ranges.append(a.name.range)
            }
        }
        try resolver.checkDistinct(outputs.map(\.name), ranges: ranges)
        let weight = schema.weight.flatMap { w in outputs.contains { $0.name == w } ? w : nil }
        let before = schema
        schema = Schema(columns: outputs.map { output in
            var c = SchemaColumn(name: output.name, type: output.expr.type)
            if case .column(let i) = output.expr.kind { c.measure = before.columns[i].measure }
            return c
        }, weight: weight, hasDesign: before.hasDesign)
        return ProjectStep(outputs: outputs)
    }
}

extension Keyword { static let select = Keyword("select") }

/// Computes the output columns, in order.
struct ProjectStep: PlanStep {
    var outputs: [NamedExpr]

    func run(_ state: inout PipelineState, _ context: EvaluationContext) throws(Diagnostic) {
        let table = state.table
        let evaluator = Evaluator(columns: table.columns, context: context)
        var columns: [Column] = []
        for item in outputs { columns.append(try evaluator.materialize(item, rowCount: table.rowCount)) }
        state.table = table.withColumns(columns)
    }
}
