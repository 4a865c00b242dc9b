/// Binds names to columns and datasets, types every expression and checks
/// each verb, before any row is read.
///
/// The result is a ``ResolvedPipeline`` that only the ``Interpreter`` runs.
/// Errors carry the source range of the offending name or expression and,
/// for unknown names, a "did you mean" from what is in scope.
struct Resolver {
    let fileName: String
    /// The source text, for chart titles taken from the query.
    var source: SourceFile? = nil
    let catalog: DatasetCatalog
    let settings: SessionSettings
    /// Datasets narrowed to the columns one pipeline reads, in place of the catalog's.
    var narrowedSources: [String: Dataset] = [:]
    /// Whether aggregates are window aggregates (in `derive`): each row gets
    /// its group's value, so columns may stand outside them, and window
    /// functions (`rank`) may be called.
    var windowed = false
    /// Stops a catalog query of an attached database (a table's columns) on Ctrl-C.
    var interrupt: InterruptFlag? = nil

    init(fileName: String, source: SourceFile? = nil, catalog: DatasetCatalog, settings: SessionSettings) {
        self.fileName = fileName
        self.source = source
        self.catalog = catalog
        self.settings = settings
    }

    /// The dataset `name` refers to, with every column (or at least `columns`).
    func dataset(_ name: Name, columns: Set<String>? = nil) throws(Diagnostic) -> Dataset {
        if let d = narrowedSources[name.text] { return d }
        do throws(Diagnostic) {
            if let d = try catalog.dataset(name.text, columns: columns) { return d }
        } catch {
            // Its other columns could not be read: say so where the dataset is named.
            var d = error
            d.file = fileName
            d.range = name.range
            throw d
        }
        let datasetOrder = catalog.names
        let suggestion = Suggestions.closest(to: name.text, in: datasetOrder)
        var hints: [String] = []
        if datasetOrder.isEmpty {
            hints.append("no dataset is loaded yet: load \"file.csv\" as \(name.text)")
        } else if suggestion == nil {
            hints.append("datasets: " + datasetOrder.joined(separator: ", "))
        }
        throw error(.resolveUnknownDataset, "unknown dataset '\(name.text)'", at: name.range,
                    label: suggestion.map { "did you mean '\($0)'?" }, hints: hints)
    }

    /// The attached table `name` names (`pg.survey`), with its columns (read from the server's catalog once).
    func attachedTable(_ name: Name) throws(Diagnostic) -> RemoteTable {
        try AttachedStatements(catalog: catalog, context: EvaluationContext(fileName: fileName, interrupt: interrupt, settings: settings)).table(name)
    }

    /// Resolves a whole pipeline, up to and including its first `pivot`.
    func resolve(_ pipeline: Pipeline) throws(Diagnostic) -> ResolvedPipeline {
        let source = try dataset(pipeline.source)
        var schema = Schema(source.table, weight: source.weightColumn)
        schema.hasDesign = source.designFrame?.declared ?? false
        let (steps, pending, after) = try resolveSteps(pipeline.verbs[...], schema: schema)
        var input = source.table
        input.design = source.designFrame
        return ResolvedPipeline(input: input, inputSchema: schema, steps: steps, pending: pending, weight: after.weight)
    }

    /// Resolves `verbs` against `schema`, stopping after a verb whose output
    /// columns come from the data (`pivot`). Also returns the schema after
    /// the resolved steps.
    func resolveSteps(_ verbs: ArraySlice<Verb>, schema start: Schema) throws(Diagnostic) -> ([any PlanStep], ArraySlice<Verb>, Schema) {
        var schema = start
        var steps: [any PlanStep] = []
        var rest = verbs
        while let verb = rest.first {
            rest = rest.dropFirst()
            if verb.definition.mustBeLast, let next = rest.first {
                throw error(.resolveChartLast, "'\(verb.keyword.rawValue)' must be the last step of a pipeline", at: next.keywordRange,
                            hints: ["move '\(next.keyword.rawValue)' before '\(verb.keyword.rawValue)'"])
            }
            steps.append(try verb.syntax.resolve(verb.site, self, &schema))
            if case .fromData = verb.columnEffect { break }
        }
        return (steps, rest, schema)
    }

    /// Throws when an output would have two columns of one name.
    func checkDistinct(_ names: [String], ranges: [SourceRange]) throws(Diagnostic) {
        var seen = Set<String>()
        for (name, range) in zip(names, ranges) where !seen.insert(name).inserted {
            throw error(.resolveDuplicateColumn, "column '\(name)' appears twice in the output", at: range,
                        hints: ["give it another name: new_name = \(name)"])
        }
    }

    /// The index of column `name`, or an "unknown column" error with a suggestion.
    ///
    /// `comparedWithText` is true when the name stands on one side of `==`,
    /// `!=` or `in (…)` whose other side is a text column (`region == Africa`):
    /// then the name was most likely meant as a value, and the error says how
    /// to quote it. Anywhere else that hint would not apply.
    func column(_ name: Name, _ schema: Schema, comparedWithText: Bool = false) throws(Diagnostic) -> Int {
        if let i = schema.index(of: name.text) { return i }
        let suggestion = Suggestions.closest(to: name.text, in: schema.names)
        var hints: [String] = []
        if suggestion == nil {
            hints.append("columns: " + schema.names.prefix(20).joined(separator: ", ") + (schema.columns.count > 20 ? ", …" : ""))
        }
        if comparedWithText {
            hints.append("to compare with a text value, quote it: " + SourcePrinter.quoted(name.text))
        }
        throw error(.resolveUnknownColumn, "unknown column '\(name.text)'", at: name.range,
                    label: suggestion.map { "did you mean '\($0)'?" }, hints: hints)
    }

    func error(_ id: DiagnosticID, _ message: String, at range: SourceRange, label: String? = nil, hints: [String] = []) -> Diagnostic {
        Diagnostic(.error, id: id, message, file: fileName, range: range, label: label, hints: hints)
    }
}
