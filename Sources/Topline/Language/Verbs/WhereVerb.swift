/// `where CONDITION`: keeps the rows where the condition is true.
struct WhereVerb: VerbSyntax {
    static let definition = VerbDefinition(
        keyword: .where,
        summary: "keeps the rows where CONDITION is true (not false, not null); never changes the columns",
        syntax: "where CONDITION",
        example: #"from ceo_study_metrics | where edition_year == 2012 and metric ~ "social media""#,
        grammar: #"where = "where" , expr ;"#,
        columns: .passes,
        parse: { p in
            p.advanceKeyword()
            return p.parseExpression().map(WhereVerb.init)
        })

    var condition: Expr

    var sourceText: String { "where \(condition)" }
    func dump(_ tree: inout TreeDump) { tree.expr(condition) }
    func columnNames(into names: inout Set<String>) { condition.columnNames(into: &names) }

    func resolve(_ site: VerbSite, _ resolver: Resolver, _ schema: inout Schema) throws(Diagnostic) -> any PlanStep {
        let e = try resolver.expression(condition, schema)
        guard e.type == .boolean || e.type == .null else {
            throw resolver.error(.resolveType, "'where' needs a true/false condition, not \(e.type.rawValue)", at: condition.range,
                                 hints: ["compare it with something, e.g. where x == \"yes\""])
        }
        return FilterStep(condition: e)
    }
}

extension Keyword { static let `where` = Keyword("where") }

/// Keeps the rows whose condition is true.
struct FilterStep: PlanStep {
    var condition: TypedExpr

    func run(_ state: inout PipelineState, _ context: EvaluationContext) throws(Diagnostic) {
        let table = state.table
        let evaluator = Evaluator(columns: table.columns, context: context)
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
        if keep.count != table.rowCount { state.table = table.gather(keep) }
    }
}
