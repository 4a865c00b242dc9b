/// `crosstab ROW by COLUMN`: the test of independence of two categorical
/// columns — Pearson's X² on unweighted rows, Rao and Scott's corrections
/// (R `svychisq`, `"F"` and `"Chisq"`) on a weighted or design dataset.
struct CrosstabVerb: VerbSyntax {
    static let definition = VerbDefinition(
        keyword: .crosstab,
        // Not reserved: a column may still be called crosstab.
        reserved: false,
        summary: "the test of independence of two categorical columns: Pearson's X² unweighted, Rao–Scott F and χ² (R svychisq) on weights or a design",
        syntax: "crosstab ROW by COLUMN",
        example: #"from ceo_study_metrics | crosstab segment_type by horizon"#,
        grammar: #"crosstab = "crosstab" , name , "by" , name ;"#,
        columns: .narrows,
        parse: { p in
            p.advanceKeyword()
            guard let row = p.expectName("the row column after 'crosstab' (crosstab ROW by COLUMN)", .column) else { return nil }
            guard p.expectKeyword(.by, "expected 'by' after 'crosstab \(row.text)' (crosstab ROW by COLUMN)"),
                  let column = p.expectName("the column after 'by' (crosstab ROW by COLUMN)", .column)
            else { return nil }
            return CrosstabVerb(row: row, column: column)
        })

    var row: Name
    var column: Name

    var sourceText: String { "crosstab \(SourcePrinter.name(row.text)) by \(SourcePrinter.name(column.text))" }
    var dumpLabel: String { "Crosstab \(SourcePrinter.name(row.text)) by \(SourcePrinter.name(column.text))" }
    func dump(_ tree: inout TreeDump) {}
    func columnNames(into names: inout Set<String>) { names.formUnion([row.text, column.text]) }

    func resolve(_ site: VerbSite, _ resolver: Resolver, _ schema: inout Schema) throws(Diagnostic) -> any PlanStep {
        let r = try resolver.column(row, schema), c = try resolver.column(column, schema)
        guard r != c else { throw resolver.error(.resolveCrosstab, "'crosstab' needs two different columns", at: column.range) }
        for (index, name) in [(r, row), (c, column)] where schema.columns[index].type == .estimate {
            throw resolver.error(.resolveCrosstab, "'\(name.text)' holds estimates, not categories", at: name.range,
                                 hints: ["crosstab reads respondent rows: two columns of categories"])
        }
        let weight = schema.weight.flatMap(schema.index(of:))
        schema = Schema(columns: CrosstabOutput.columns)
        return CrosstabStep(row: r, column: c, weight: weight, range: site.range)
    }
}

extension Keyword { static let crosstab = Keyword("crosstab") }

/// The columns `crosstab` produces: one row per test.
enum CrosstabOutput {
    static let columns = [
        SchemaColumn(name: "test", type: .text), SchemaColumn(name: "statistic", type: .number),
        SchemaColumn(name: "ndf", type: .number), SchemaColumn(name: "ddf", type: .number),
        SchemaColumn(name: "p", type: .probability), SchemaColumn(name: "method", type: .text),
    ]
}

struct CrosstabStep: PlanStep {
    var row: Int
    var column: Int
    var weight: Int?
    var range: SourceRange

    func run(_ state: inout PipelineState, _ context: EvaluationContext) throws(Diagnostic) {
        state.table = try Crosstab.apply(state.table, row: row, column: column, weight: weight, range: range, context: context)
    }
}
