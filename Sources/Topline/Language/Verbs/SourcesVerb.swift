/// `sources`: the published sources behind the rows so far.
struct SourcesVerb: VerbSyntax {
    static let definition = VerbDefinition(
        keyword: .sources,
        summary: "the published sources behind the rows so far: source_title, source_url, how many rows cite each, and their notes",
        syntax: "sources",
        example: #"from ceo_study_metrics | where edition_year == 2012 | sources"#,
        grammar: #"sources = "sources" ;"#,
        columns: .narrows,
        parse: { p in
            p.advance()
            return SourcesVerb()
        })

    var sourceText: String { "sources" }
    func dump(_ tree: inout TreeDump) {}
    func columnNames(into names: inout Set<String>) { names.formUnion(Provenance.columns) }

    func resolve(_ site: VerbSite, _ resolver: Resolver, _ schema: inout Schema) throws(Diagnostic) -> any PlanStep {
        let columns = Provenance.columns.compactMap { name in schema.index(of: name).map { (name, $0) } }
        guard columns.contains(where: { $0.0 != "notes" }) else {
            throw resolver.error(.resolveNoSources, "these rows have no source columns (\(Provenance.columns.joined(separator: ", ")))",
                                 at: site.keywordRange, hints: ["keep source_title and source_url in 'select' to see the sources behind a result"])
        }
        schema = Schema(columns: Provenance.outputColumns(columns.map(\.0)))
        return SourcesStep(columns: columns.map(\.1))
    }
}

extension Keyword { static let sources = Keyword("sources") }

struct SourcesStep: PlanStep {
    /// The indexes of the provenance columns present (see ``Provenance``).
    var columns: [Int]

    func run(_ state: inout PipelineState, _ context: EvaluationContext) throws(Diagnostic) {
        state.table = try Provenance.sources(of: state.table, columns: columns, context: context)
    }
}
