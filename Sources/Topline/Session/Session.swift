/// The embedding API: datasets by name, settings, and running source text.
///
/// A session holds what a user has loaded and defined. It never prints,
/// never exits and never reads standard input: results and diagnostics come
/// back as values.
///
/// **Threading:** a `Session` is not thread-safe (it is not `Sendable`): use
/// each one from one thread at a time. What it returns — ``Table``,
/// ``Value``, ``Diagnostic``, ``Chart``, ``Completions`` — is `Sendable`, and
/// ``RunOptions/interrupt`` may be set from any thread to cancel a run.
///
/// ```swift
/// import Topline
///
/// let session = Session()
/// let outcome = session.run("""
///     load "Examples/data/ceo_study_metrics.csv" as studies
///     from studies | where metric ~ "social media" | select horizon, value_pct
///     """, fileName: "example.tq")
/// for event in outcome.events {
///     switch event {
///     case .table(let table): print(TableFormatter.render(table, as: .table), terminator: "")
///     case .chart(let chart): print(TableFormatter.render(chart.data, as: .table), terminator: "")
///     case .message(let text): print(text)
///     case .diagnostic(let d): print(DiagnosticRenderer.render(d, source: outcome.source), terminator: "")
///     case .finished: break
///     }
/// }
/// ```
public final class Session {
    /// How results are computed and shown; `set` statements change them.
    public var settings = SessionSettings()
    /// Relative `load` paths are resolved against this directory.
    public let workingDirectory: String
    let catalog = DatasetCatalog()
    let completionIndex = CompletionIndex()
    private var sources: [String: SourceFile] = [:]

    public init(workingDirectory: String? = nil) {
        self.workingDirectory = workingDirectory ?? FileSystem.currentDirectory()
    }

    // MARK: - Datasets

    /// Names of the datasets, in the order they were defined.
    public var datasetNames: [String] { catalog.names }

    /// The table of the dataset `name`, every column read.
    public func dataset(named name: String) -> Table? { datasetInfo(named: name)?.table }

    /// The dataset with its metadata (weight column, origin), every column
    /// read — nil when there is none, or when its file changed after a `load`
    /// that read only some of its columns (a query then says so).
    public func datasetInfo(named name: String) -> Dataset? {
        (try? catalog.dataset(name)) ?? nil
    }

    /// Registers `table` under `name`, replacing any dataset of that name.
    public func register(_ table: Table, as name: String, weight: String? = nil) {
        catalog.define(Dataset(name: name, table: table, weightColumn: weight, origin: "registered"))
    }

    /// Loads a data file (CSV, TSV, JSON, NDJSON, SPSS, Stata, SAS by
    /// extension, or as `options` say) and returns the name it got: `name`, or
    /// the file's stem. On failure nothing changes. Setting `interrupt` (from
    /// another thread) stops the load with `run.cancelled`; its warnings are
    /// the dataset's ``Dataset/loadWarnings``.
    @discardableResult
    public func load(path: String, as name: String? = nil, weight: String? = nil, options: LoadOptions = LoadOptions(),
                     interrupt: InterruptFlag? = nil) throws(Diagnostic) -> String {
        let dataset = try DatasetLoader(workingDirectory: workingDirectory)
            .load(path: path, as: name, weight: weight, options: options, columns: nil, interrupt: interrupt)
        catalog.define(dataset)
        return dataset.name
    }

    /// Forgets every dataset.
    public func removeAllDatasets() { catalog.removeAll() }

    /// `describe NAME` as a table: each column's type, nulls, distinct values and examples.
    public func schema(of name: String) -> Table? {
        datasetInfo(named: name).map(Describe.table)
    }

    /// A source text this session has run, by the name it was run under.
    public func sourceFile(named name: String) -> SourceFile? { sources[name] }

    // MARK: - Running

    /// Runs every statement of `source` in order and returns what happened.
    public func run(_ source: String, fileName: String, options: RunOptions = RunOptions()) -> RunOutcome {
        var events: [StatementEvent] = []
        let ok = execute(source, fileName: fileName, options: options) { events.append($0) }
        return RunOutcome(events: events, succeeded: ok, source: sources[fileName] ?? SourceFile(name: fileName, text: source))
    }

    /// Runs every statement of `source` in order, calling `handler` with each
    /// result, message and diagnostic as it happens. Returns true when no
    /// error occurred.
    ///
    /// A script with syntax errors reports all of them; with
    /// `options.stopOnError` (the default) nothing runs, otherwise the
    /// statements that parsed run. A failing statement changes nothing.
    @discardableResult
    public func execute(_ source: String, fileName: String, options: RunOptions = RunOptions(),
                        handler: (StatementEvent) -> Void) -> Bool {
        execute(SourceFile(name: fileName, text: source), options: options, handler: handler)
    }

    /// Runs source bytes that may not be valid UTF-8 (a script file): invalid
    /// bytes are reported as `lex.invalid-utf8` with their position.
    @discardableResult
    public func execute(bytes: [UInt8], fileName: String, options: RunOptions = RunOptions(),
                        handler: (StatementEvent) -> Void) -> Bool {
        execute(SourceFile(name: fileName, bytes: bytes), options: options, handler: handler)
    }

    private func execute(_ file: SourceFile, options: RunOptions, handler: (StatementEvent) -> Void) -> Bool {
        sources[file.name] = file
        let (script, syntaxErrors) = Parser.parse(file)
        for d in syntaxErrors { handler(.diagnostic(d)) }
        if !syntaxErrors.isEmpty && options.stopOnError { return false }
        var executor = StatementExecutor(catalog: catalog, settings: settings, workingDirectory: workingDirectory)
        defer { settings = executor.settings }
        return executor.run(script, file: file, options: options, handler: handler) && syntaxErrors.isEmpty
    }
}

/// How ``Session/execute(_:fileName:options:handler:)`` runs a script.
public struct RunOptions: Sendable {
    /// Stop at the first error (scripts); false keeps going (`--keep-going`).
    public var stopOnError: Bool
    /// Set from another thread to cancel a running query.
    public var interrupt: InterruptFlag?
    /// Called on the running thread, now and then, by statements that take long
    /// (``WorkProgress``); a front end shows it, the library does not.
    public var progress: (@Sendable (WorkProgress) -> Void)?

    public init(stopOnError: Bool = true, interrupt: InterruptFlag? = nil,
                progress: (@Sendable (WorkProgress) -> Void)? = nil) {
        self.stopOnError = stopOnError
        self.interrupt = interrupt
        self.progress = progress
    }
}

/// Something a statement produced.
public enum StatementEvent: Sendable {
    /// A result to show.
    case table(Table)
    /// A note such as "loaded studies: 60 rows × 16 columns".
    case message(String)
    /// A chart to draw (its data is in the chart).
    case chart(Chart)
    /// An error or warning.
    case diagnostic(Diagnostic)
    /// A statement ran without error; its source text, for a transcript
    /// (the shell's `.save` writes these).
    case finished(String)
}

/// Everything a ``Session/run(_:fileName:options:)`` call produced.
public struct RunOutcome: Sendable {
    public var events: [StatementEvent]
    public var succeeded: Bool
    /// The source that ran, for rendering diagnostics.
    public var source: SourceFile

    /// The result tables, in order (a chart's table included).
    public var tables: [Table] {
        events.compactMap {
            switch $0 {
            case .table(let t): return t
            case .chart(let c): return c.table
            default: return nil
            }
        }
    }

    public var diagnostics: [Diagnostic] {
        events.compactMap { if case .diagnostic(let d) = $0 { return d } else { return nil } }
    }
}
