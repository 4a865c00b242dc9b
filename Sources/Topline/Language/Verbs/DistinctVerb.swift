/// `distinct [col, …]`: one row per distinct combination of the columns.
struct DistinctVerb: VerbSyntax {
    static let definition = VerbDefinition(
        keyword: Keyword("distinct"),
        // Not reserved: columns and functions may still be called distinct.
        reserved: false,
        summary: "one row per distinct combination of the columns (of all columns without a list), in first-seen order; with a list, only those columns",
        syntax: "distinct [COLUMN, …]",
        example: "from ceo_study_metrics | distinct study, edition_year",
        grammar: #"distinct = "distinct" , [ name , { "," , { newline } , name } ] ;"#,
        columns: .readsAll,
        parse: { p in
            // Alone, it ends at the line break: the next line is another statement.
            p.advance()
            p.note(.column)
            switch p.current.kind {
            case .identifier, .quotedIdentifier:
                return p.parseList { $0.expectName("a column name", .column) }.map(DistinctVerb.init)
            default:
                return DistinctVerb(columns: [])
            }
        })

    var columns: [Name]

    var sourceText: String { columns.isEmpty ? "distinct" : "distinct " + SourcePrinter.names(columns) }
    func dump(_ tree: inout TreeDump) { for c in columns { tree.name("Column", c) } }
    func columnNames(into names: inout Set<String>) { for c in columns { names.insert(c.text) } }
    /// Without a list every column is a key; with one, only those come out.
    var columnEffect: ColumnEffect { columns.isEmpty ? .readsAll : .narrows }

    func resolve(_ site: VerbSite, _ resolver: Resolver, _ schema: inout Schema) throws(Diagnostic) -> any PlanStep {
        guard !columns.isEmpty else { return DistinctStep(keys: Array(schema.columns.indices), keepsAll: true) }
        var keys: [Int] = []
        for c in columns { keys.append(try resolver.column(c, schema)) }
        try resolver.checkDistinct(columns.map(\.text), ranges: columns.map(\.range))
        let weight = schema.weight.flatMap { w in columns.contains { $0.text == w } ? w : nil }
        schema = Schema(columns: keys.map { schema.columns[$0] }, weight: weight, hasDesign: schema.hasDesign)
        return DistinctStep(keys: keys, keepsAll: false)
    }
}

/// Keeps the first row of each distinct combination of `keys`.
struct DistinctStep: PlanStep {
    var keys: [Int]
    /// Whether every column is a key, so the output keeps them all.
    var keepsAll: Bool

    func run(_ state: inout PipelineState, _ context: EvaluationContext) throws(Diagnostic) {
        let table = state.table
        try context.checkInterrupt()
        let grouping = try Grouping(columns: keys.map { table.columns[$0] }, rowCount: table.rowCount, context: context)
        let kept = keepsAll ? table : table.withColumns(keys.map { table.columns[$0] })
        state.table = grouping.count == table.rowCount && keepsAll ? table : kept.gather(grouping.firstRow)
    }
}
