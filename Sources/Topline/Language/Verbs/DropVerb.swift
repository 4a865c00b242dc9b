/// `drop col, …`: every column but these.
struct DropVerb: VerbSyntax {
    static let definition = VerbDefinition(
        keyword: Keyword("drop"),
        // Not reserved: columns may still be called drop.
        reserved: false,
        summary: "every column but these, in their order; never changes the rows",
        syntax: "drop COLUMN, …",
        example: "from ceo_study_metrics | drop source_title, source_url, notes",
        grammar: #"drop = "drop" , name , { "," , { newline } , name } ;"#,
        columns: .passes,
        parse: { p in
            p.advanceKeyword()
            return p.parseList { $0.expectName("a column to drop", .column) }.map(DropVerb.init)
        })

    var columns: [Name]

    var sourceText: String { "drop " + SourcePrinter.names(columns) }
    func dump(_ tree: inout TreeDump) { for c in columns { tree.name("Column", c) } }
    /// The dropped columns must exist, so they are read (checked) too.
    func columnNames(into names: inout Set<String>) { for c in columns { names.insert(c.text) } }

    func resolve(_ site: VerbSite, _ resolver: Resolver, _ schema: inout Schema) throws(Diagnostic) -> any PlanStep {
        var dropped = Set<Int>()
        for c in columns { dropped.insert(try resolver.column(c, schema)) }
        let kept = schema.columns.indices.filter { !dropped.contains($0) }
        let weight = schema.weight.flatMap { w in kept.contains { schema.columns[$0].name == w } ? w : nil }
        schema = Schema(columns: kept.map { schema.columns[$0] }, weight: weight, hasDesign: schema.hasDesign)
        return DropStep(kept: kept)
    }
}

/// Keeps the columns at `kept`, sharing them.
struct DropStep: PlanStep {
    var kept: [Int]

    func run(_ state: inout PipelineState, _ context: EvaluationContext) throws(Diagnostic) {
        state.table = state.table.withColumns(kept.map { state.table.columns[$0] })
    }
}
