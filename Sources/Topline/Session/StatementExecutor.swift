/// Runs parsed statements against a session's datasets and settings:
/// `load`, `let`, `describe`, `datasets`, `set` and pipelines. It decides
/// which columns a `load` parses first and which a pipeline carries
/// (projection pushdown), and where an error without a position points.
struct StatementExecutor {
    let catalog: DatasetCatalog
    var settings: SessionSettings
    let workingDirectory: String

    /// Runs every statement of a parsed script, calling `handler` with each
    /// event; returns true when no statement failed.
    mutating func run(_ script: Script, file: SourceFile, options: RunOptions, handler: (StatementEvent) -> Void) -> Bool {
        var ok = true
        catalog.interrupt = options.interrupt
        defer { catalog.interrupt = nil }
        for (index, statement) in script.statements.enumerated() {
            // Ctrl-C stops the script, also between statements (during a long output of the one before).
            if let interrupt = options.interrupt, interrupt.isSet {
                handler(.diagnostic(Diagnostic(.error, id: .runCancelled, "cancelled before this statement ran",
                                               file: file.name, range: statement.range)))
                return false
            }
            let context = EvaluationContext(fileName: file.name, interrupt: options.interrupt, settings: settings,
                                            progress: options.progress)
            do throws(Diagnostic) {
                let events = try run(statement, file: file, context: context, later: script.statements[(index + 1)...])
                for w in catalog.takeWarnings() { handler(.diagnostic(w)) }
                for w in context.warnings { handler(.diagnostic(w)) }
                for e in events { handler(e) }
                // A transcript (`.save`) never keeps a password of an `attach`.
                handler(.finished(ConnectionString.redactingPasswords(in: file.text(in: statement.range))))
            } catch {
                for w in catalog.takeWarnings() { handler(.diagnostic(w)) }
                for w in context.warnings { handler(.diagnostic(w)) }
                var d = error
                // Place errors without a position at the statement.
                if d.range == nil, d.file == nil {
                    d.file = file.name
                    d.range = statement.range
                }
                handler(.diagnostic(d))
                ok = false
                if options.stopOnError { break }
            }
        }
        return ok
    }

    private mutating func run(_ statement: Statement, file: SourceFile, context: EvaluationContext,
                              later: ArraySlice<Statement>) throws(Diagnostic) -> [StatementEvent] {
        var resolver = Resolver(fileName: file.name, source: file, catalog: catalog, settings: settings)
        resolver.interrupt = context.interrupt
        let attached = AttachedStatements(catalog: catalog, context: context)
        switch statement.kind {
        case .load(let load):
            let columns = ProjectionAnalysis.columnsNeeded(by: load.name?.text ?? DatasetLoader.stem(of: load.path), in: later)
            let dataset: Dataset
            do throws(Diagnostic) {
                dataset = try DatasetLoader(workingDirectory: workingDirectory)
                    .load(path: load.path, as: load.name?.text, weight: load.weight?.text, options: load.options, columns: columns,
                          interrupt: context.interrupt)
            } catch {
                var d = error
                if d.dataLine == nil {
                    // Problems with the file itself point at the path in the script; with the weight, at the weight;
                    // an option that does not fit the file, at the option.
                    d.file = file.name
                    switch d.id {
                    case .loadUnknownWeight, .loadWeightType: d.range = load.weight?.range
                    case .loadOption:
                        let misfit = (load.options.format ?? DatasetReader.Format(path: load.path)).flatMap(load.options.misfit(for:))
                        d.range = misfit.flatMap { load.ranges[$0.option] } ?? load.pathRange
                    default: d.range = load.pathRange
                    }
                }
                throw d
            }
            catalog.define(dataset)
            return dataset.loadWarnings.map(StatementEvent.diagnostic) + [.message(dataset.loadedMessage)]

        case .let(let name, let pipeline):
            if let last = pipeline.verbs.last, last.definition.mustBeLast {
                throw Diagnostic(.error, id: .resolveChartLet, "a chart cannot be stored with 'let'", file: file.name,
                                 range: last.keywordRange, hints: ["let the data, then: from \(name.text) | \(last.keyword.rawValue) …"])
            }
            let output: Interpreter.Output
            if pipeline.source.remote != nil {
                // An attached table's rows: what the server computes, fetched, and the rest run here.
                output = try RemotePipeline(source: try attached.table(pipeline.source), pipeline: pipeline, resolver: resolver,
                                            context: context).run(title: "")
            } else {
                output = try Interpreter(context: context, resolver: resolver).run(try resolve(pipeline, with: resolver))
            }
            var stored = Dataset(name: name.text, table: output.table, weightColumn: output.weight, origin: "let")
            stored.designFrame = output.table.design
            catalog.define(stored)
            return []

        case .design(let clauses) where clauses.dataset.remote != nil:
            return try attached.design(clauses)

        case .design(let clauses):
            // The columns it names first; then, once the dataset's column order is known, a replicates range's.
            let named = try resolver.dataset(clauses.dataset, columns: Set(clauses.columns.map(\.text)))
            var dataset = try resolver.dataset(clauses.dataset, columns: try DesignStatement.columns(of: clauses, in: named, fileName: file.name))
            dataset.designFrame = try DesignStatement.frame(for: dataset, clauses, fileName: file.name)
            dataset.weightColumn = clauses.weight.text
            catalog.define(dataset)
            return [.message("design of \(SafeText.escape(dataset.name)): " + SafeText.escape(dataset.designFrame!.summary))]

        case .describe(let name) where name.remote != nil:
            return [.table(try attached.describe(name))]

        case .describe(let name):
            return [.table(Describe.table(try resolver.dataset(name)))]

        case .datasets:
            return [.table(attached.datasets())]

        case .set(let option, let value):
            try SettingsStatement.apply(option: option, value: value, to: &settings, fileName: file.name)
            return []

        case .pipeline(let pipeline) where pipeline.source.remote != nil:
            let output = try RemotePipeline(source: try attached.table(pipeline.source), pipeline: pipeline, resolver: resolver,
                                            context: context).run(title: file.text(in: pipeline.range))
            return [output.chart.map(StatementEvent.chart) ?? .table(output.table)]

        case .attach(let clauses):
            return try attached.attach(clauses)

        case .detach(let name):
            return try attached.detach(name)

        case .explain(let pipeline):
            return try attached.explain(pipeline, resolver: resolver)

        case .loadInto(let path, let pathRange, let attachment, let table):
            return try attached.load(path, at: pathRange, into: attachment, as: table, workingDirectory: workingDirectory)

        case .pipeline(let pipeline):
            let resolved = try resolve(pipeline, with: resolver)
            let output = try Interpreter(context: context, resolver: resolver).run(resolved, title: file.text(in: pipeline.range))
            return [output.chart.map(StatementEvent.chart) ?? .table(output.table)]
        }
    }

    /// Resolves `pipeline` against only the source columns it reads (see
    /// ``ProjectionAnalysis/columnsRead(by:)``); the columns are shared, not
    /// copied. A pipeline that does not resolve that way is resolved against
    /// the whole dataset, so its diagnostics see every column.
    private func resolve(_ pipeline: Pipeline, with resolver: Resolver) throws(Diagnostic) -> ResolvedPipeline {
        guard var names = ProjectionAnalysis.columnsRead(by: pipeline), let stored = catalog.stored(pipeline.source.text) else {
            return try resolver.resolve(pipeline)
        }
        if let weight = stored.weightColumn { names.insert(weight) }
        var source = try resolver.dataset(pipeline.source, columns: names)
        let kept = source.table.columns.filter { names.contains($0.name) }
        guard kept.count < stored.columnCount else { return try resolver.resolve(pipeline) }
        source.table = Table(unchecked: kept, rowCount: source.table.rowCount)
        source.deferred = nil
        var narrowed = resolver
        narrowed.narrowedSources[source.name] = source
        if let resolved = try? narrowed.resolve(pipeline) { return resolved }
        return try resolver.resolve(pipeline)
    }
}
