/// `take n`: the first n rows.
struct TakeVerb: VerbSyntax {
    static let definition = VerbDefinition(
        keyword: .take,
        summary: "the first N rows; never changes the columns",
        syntax: "take N",
        example: "from ceo_study_metrics | take 5",
        grammar: #"take = "take" , integer ;"#,
        columns: .passes,
        parse: { p in
            p.advanceKeyword()
            return p.parseExpression().map(TakeVerb.init)
        })

    var count: Expr

    var sourceText: String { "take \(count)" }
    func dump(_ tree: inout TreeDump) { tree.expr(count) }
    func columnNames(into names: inout Set<String>) { count.columnNames(into: &names) }

    func resolve(_ site: VerbSite, _ resolver: Resolver, _ schema: inout Schema) throws(Diagnostic) -> any PlanStep {
        guard case .integer(let n) = count.kind, n >= 0 else {
            throw resolver.error(.resolveTake, "'take' needs a whole number of rows, such as take 10", at: count.range)
        }
        return TakeStep(count: Int(clamping: n))
    }
}

extension Keyword { static let take = Keyword("take") }

struct TakeStep: PlanStep {
    var count: Int

    func run(_ state: inout PipelineState, _ context: EvaluationContext) throws(Diagnostic) {
        if count < state.table.rowCount { state.table = state.table.gather(Array(0..<count)) }
    }
}
