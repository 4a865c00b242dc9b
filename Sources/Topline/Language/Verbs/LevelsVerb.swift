/// `levels COLUMN ("a", "b", …)`: declares the order of a text column's
/// categories (R's factor levels), which `summarize … by`, `sort`, `pivot`,
/// `compare … by`, `tabulate` and `chart` then follow.
struct LevelsVerb: VerbSyntax {
    static let definition = VerbDefinition(
        keyword: Keyword("levels"),
        // Not reserved: a column may still be called levels.
        reserved: false,
        summary: "declares the order of a text column's categories (as R's factor levels): groups, sorts, pivots and banner tables follow it; values not listed come after; the rows do not change",
        syntax: #"levels COLUMN ("A", "B", …)"#,
        example: #"from ceo_study_metrics | levels horizon ("now", "3-5 years") | summarize n = count() by horizon"#,
        grammar: #"levels = "levels" , name , "(" , string , { "," , { newline } , string } , ")" ;"#,
        columns: .passes,
        parse: { p in
            p.advanceKeyword()
            guard let column = p.expectName("the column after 'levels' (levels COLUMN (\"A\", \"B\", …))", .column) else { return nil }
            guard let values = p.parseQuotedList("the categories in order after 'levels \(column.text)'",
                                                 example: #"levels \#(column.text) ("very", "somewhat", "not")"#) else { return nil }
            return LevelsVerb(column: column, values: values)
        })

    var column: Name
    var values: [(text: String, range: SourceRange)]

    var sourceText: String { "levels \(SourcePrinter.name(column.text)) (" + values.map { SourcePrinter.quoted($0.text) }.joined(separator: ", ") + ")" }
    var dumpLabel: String { "Levels \(SourcePrinter.name(column.text))" }
    func dump(_ tree: inout TreeDump) {}
    func columnNames(into names: inout Set<String>) { names.insert(column.text) }

    func resolve(_ site: VerbSite, _ resolver: Resolver, _ schema: inout Schema) throws(Diagnostic) -> any PlanStep {
        let index = try resolver.column(column, schema)
        guard schema.columns[index].type == .text else {
            throw resolver.error(.resolveLevels, "'\(column.text)' holds \(schema.columns[index].type.rawValue): levels order the categories of a text column",
                                 at: column.range, hints: ["numbers and booleans already sort in their own order"])
        }
        var seen = Set<String>()
        for v in values where !seen.insert(v.text).inserted {
            throw resolver.error(.resolveLevels, "the category \(SourcePrinter.quoted(v.text)) is listed twice", at: v.range)
        }
        return LevelsStep(column: index, values: values)
    }
}

struct LevelsStep: PlanStep {
    var column: Int
    var values: [(text: String, range: SourceRange)]

    func run(_ state: inout PipelineState, _ context: EvaluationContext) throws(Diagnostic) {
        var columns = state.table.columns
        let present = Set((0..<columns[column].count).compactMap { r -> String? in
            if case .text(let t) = columns[column][r] { return t } else { return nil }
        })
        // A category no row has is kept (a scale point nobody chose still belongs to the scale), but it may be a typo.
        for v in values where !present.contains(v.text) {
            let closest = Suggestions.closest(to: v.text, in: Array(present))
            context.warnOnce(.runLevelsAbsent, "no row of '\(columns[column].name)' is \(SourcePrinter.quoted(v.text))"
                             + (closest.map { " (did you mean \(SourcePrinter.quoted($0))?)" } ?? ""), at: v.range)
        }
        columns[column].levels = values.map(\.text)
        state.table = state.table.withColumns(columns)
    }
}
