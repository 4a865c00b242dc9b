/// `pivot KEY VALUE`: one column per distinct key, holding VALUE.
struct PivotVerb: VerbSyntax {
    static let definition = VerbDefinition(
        keyword: .pivot,
        summary: "one column per distinct KEY (first-seen order) holding VALUE; the other columns identify the rows; two values for one cell is an error, and so is an output of more than 10 million cells",
        syntax: "pivot KEY VALUE",
        example: #"from ceo_study_metrics | where segment == "Global" and edition_year == 2012 and horizon in ("now", "3-5 years") | select metric, horizon, value_pct | pivot horizon value_pct"#,
        grammar: #"pivot = "pivot" , name , name ;"#,
        // Its output columns are the key's values: the verbs after it are resolved once it has run.
        columns: .fromData,
        parse: { p in
            p.advanceKeyword()
            guard let key = p.expectName("the key column after 'pivot' (pivot KEY VALUE)", .column),
                  let value = p.expectName("the value column after 'pivot \(key.text)' (pivot KEY VALUE)", .column)
            else { return nil }
            return PivotVerb(key: key, value: value)
        })

    var key: Name
    var value: Name

    var sourceText: String { "pivot \(SourcePrinter.name(key.text)) \(SourcePrinter.name(value.text))" }
    var dumpLabel: String { "Pivot \(SourcePrinter.name(key.text)) \(SourcePrinter.name(value.text))" }
    func dump(_ tree: inout TreeDump) {}
    func columnNames(into names: inout Set<String>) { names.formUnion([key.text, value.text]) }

    func resolve(_ site: VerbSite, _ resolver: Resolver, _ schema: inout Schema) throws(Diagnostic) -> any PlanStep {
        let k = try resolver.column(key, schema)
        let v = try resolver.column(value, schema)
        guard k != v else {
            throw resolver.error(.resolvePivot, "'pivot' needs two different columns", at: value.range)
        }
        return PivotStep(key: k, value: v, range: site.range)
    }
}

extension Keyword { static let pivot = Keyword("pivot") }

struct PivotStep: PlanStep {
    var key: Int
    var value: Int
    var range: SourceRange

    func run(_ state: inout PipelineState, _ context: EvaluationContext) throws(Diagnostic) {
        state.table = try Pivot.apply(state.table, key: key, value: value, range: range, context: context)
    }
}
