/// `sort key [asc|desc], …`: a stable sort.
struct SortVerb: VerbSyntax {
    static let definition = VerbDefinition(
        keyword: .sort,
        summary: "a stable sort on one or more keys; nulls last either way",
        syntax: "sort KEY [asc|desc], …",
        example: "from ceo_study_metrics | sort value_pct desc, segment",
        grammar: """
            sort = "sort" , sort_key , { "," , { newline } , sort_key } ;
            sort_key = expr , [ "asc" | "desc" ] ;
            """,
        columns: .passes,
        parse: { p in
            p.advanceKeyword()
            return p.parseList { p -> SortKey? in
                guard let e = p.parseExpression() else { return nil }
                if p.accept(.desc, needsMore: false) { return SortKey(expr: e, descending: true) }
                _ = p.accept(.asc, needsMore: false)
                return SortKey(expr: e, descending: false)
            }.map(SortVerb.init)
        })

    var keys: [SortKey]

    var sourceText: String {
        "sort " + keys.map { $0.descending ? "\($0.expr) desc" : $0.expr.description }.joined(separator: ", ")
    }

    func dump(_ tree: inout TreeDump) {
        for k in keys {
            tree.line(k.descending ? "Key desc" : "Key", k.expr.range)
            tree.nested { $0.expr(k.expr) }
        }
    }

    func columnNames(into names: inout Set<String>) { for k in keys { k.expr.columnNames(into: &names) } }

    func resolve(_ site: VerbSite, _ resolver: Resolver, _ schema: inout Schema) throws(Diagnostic) -> any PlanStep {
        var resolved: [(TypedExpr, descending: Bool)] = []
        for key in keys { resolved.append((try resolver.expression(key.expr, schema), key.descending)) }
        return SortStep(keys: resolved)
    }
}

extension Keyword { static let sort = Keyword("sort") }

struct SortStep: PlanStep {
    var keys: [(TypedExpr, descending: Bool)]

    func run(_ state: inout PipelineState, _ context: EvaluationContext) throws(Diagnostic) {
        let evaluator = Evaluator(columns: state.table.columns, context: context)
        state.table = try Sorting.sort(state.table, by: keys, evaluator: evaluator, context: context)
    }
}
