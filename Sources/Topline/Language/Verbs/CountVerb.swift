/// `count [by col, …]`: a frequency table — the rows of each group, their
/// percent of all rows, and that base. It is `summarize n = count() by …`
/// followed by `derive percent = n / sum(n), base = sum(n)`, resolved as those
/// verbs are; with a weight or a design, `weighted = count_weighted()` too, and
/// the percent is the weighted one (`weighted / sum(weighted)`).
struct CountVerb: VerbSyntax {
    static let definition = VerbDefinition(
        keyword: Keyword("count"),
        // Not reserved: count() stays a function and columns may be called count.
        reserved: false,
        summary: "a frequency table: n (rows) per group, percent (of all rows; with a weight or a design, the weighted percent, beside weighted = Σw) and base (all rows); groups in first-seen order",
        syntax: "count [by COLUMN, …]",
        example: "from survey | count by region",
        grammar: #"count = "count" , [ "by" , name , { "," , { newline } , name } ] ;"#,
        columns: .narrows,
        parse: { p in
            // Alone, it ends at the line break: the next line is another statement.
            p.advance()
            return p.parseByColumns().map(CountVerb.init)
        })

    var groups: [Name]

    var sourceText: String { groups.isEmpty ? "count" : "count by " + SourcePrinter.names(groups) }
    func dump(_ tree: inout TreeDump) { for g in groups { tree.name("By", g) } }
    func columnNames(into names: inout Set<String>) { for g in groups { names.insert(g.text) } }

    func resolve(_ site: VerbSite, _ resolver: Resolver, _ schema: inout Schema) throws(Diagnostic) -> any PlanStep {
        let weighted = schema.weight != nil || schema.hasDesign
        let at = site.keywordRange
        func name(_ text: String) -> Name { Name(text, at) }
        func call(_ function: String, _ arguments: [Expr] = []) -> Expr { Expr(.call(name(function), ExprList(arguments)), at) }
        func column(_ text: String) -> Expr { Expr(.column(name(text)), at) }
        var counts = [Assignment(name: name("n"), value: call("count"))]
        if weighted { counts.append(Assignment(name: name("weighted"), value: call("count_weighted"))) }
        let share = weighted ? "weighted" : "n"
        let summarize = SummarizeVerb(items: counts, groups: groups)
        let derive = DeriveVerb(items: [
            Assignment(name: name("percent"), value: Expr(.binary(.divide, column(share), call("sum", [column(share)])), at)),
            Assignment(name: name("base"), value: call("sum", [column("n")])),
        ])
        let first = try summarize.resolve(site, resolver, &schema)
        let second = try derive.resolve(site, resolver, &schema)
        return CountStep(steps: [first, second])
    }
}

/// The `summarize` and the `derive` a `count` stands for, one after the other.
struct CountStep: PlanStep {
    var steps: [any PlanStep]

    func run(_ state: inout PipelineState, _ context: EvaluationContext) throws(Diagnostic) {
        for step in steps { try step.run(&state, context) }
    }
}
