/// The embedding API: datasets by name, settings, and running source text.
///
/// A session holds what a user has loaded and defined. It never prints,
/// never exits and never reads standard input: results and diagnostics come
/// back as values.
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
///     case .table(let table): print(TableFormatter.render(table, as: .table))
///     case .message(let text): print(text)
///     case .diagnostic(let d): print(DiagnosticRenderer.render(d, source: outcome.source))
///     }
/// }
/// ```
public final class Session {
    public var settings = SessionSettings()
    private var datasets: [String: Dataset] = [:]
    /// Distinct values per dataset column, for completion; cleared when a dataset changes.
    private var valueCache: [String: [String]] = [:]
    private var order: [String] = []
    private var sources: [String: SourceFile] = [:]
    /// Source text of each statement that succeeded, in order (`.save` writes these).
    public private(set) var successfulStatements: [String] = []
    /// The last result table (of a pipeline, `describe` or `datasets`), for
    /// exporting it (`.export` in the shell).
    public private(set) var lastTable: Table?
    /// The last chart a pipeline drew.
    public private(set) var lastChart: Chart?
    /// Relative `load` paths are resolved against this directory.
    public let workingDirectory: String

    public init(workingDirectory: String? = nil) {
        self.workingDirectory = workingDirectory ?? FileSystem.currentDirectory()
    }

    // MARK: - Datasets

    /// Names of the datasets, in the order they were defined.
    public var datasetNames: [String] { order }

    public func dataset(named name: String) -> Table? { datasets[name]?.table }

    /// The dataset with its metadata (weight column, origin).
    public func datasetInfo(named name: String) -> Dataset? { datasets[name] }

    /// Registers `table` under `name`, replacing any dataset of that name.
    public func register(_ table: Table, as name: String, weight: String? = nil) {
        define(Dataset(name: name, table: table, weightColumn: weight, origin: "registered"))
    }

    /// Loads a data file (CSV, TSV, JSON, NDJSON by extension) and returns the
    /// name it got: `name`, or the file's stem. On failure nothing changes.
    @discardableResult
    public func load(path: String, as name: String? = nil, weight: String? = nil) throws(Diagnostic) -> String {
        try load(path: path, as: name, weight: weight, columns: nil)
    }

    /// `load` reading only `columns` (and the weight), when a script's later
    /// statements are known to need no others (see ``ProjectionAnalysis``).
    private func load(path: String, as name: String?, weight: String?, columns: Set<String>?) throws(Diagnostic) -> String {
        var wanted = columns
        if let weight { wanted?.insert(weight) }
        let table = try DatasetReader.read(path: absolutePath(path), displayPath: path, columns: wanted)
        let datasetName = name ?? Session.stem(of: path)
        if let weight {
            guard let column = table.column(named: weight) else {
                throw Diagnostic.error("load.unknown-weight", "'\(path)' has no column '\(weight)' to use as weight")
            }
            guard column.type.isPlainNumeric else {
                throw Diagnostic.error("load.weight-type", "weight column '\(weight)' holds \(column.type.rawValue), not numbers")
            }
        }
        define(Dataset(name: datasetName, table: table, weightColumn: weight, origin: path))
        return datasetName
    }

    /// Forgets every dataset.
    public func removeAllDatasets() {
        datasets = [:]
        order = []
        valueCache = [:]
    }

    func define(_ dataset: Dataset) {
        if datasets[dataset.name] == nil { order.append(dataset.name) }
        datasets[dataset.name] = dataset
        valueCache = valueCache.filter { !$0.key.hasPrefix(dataset.name + "\u{0}") }
    }

    var datasetsByName: [String: Dataset] { datasets }

    /// The distinct non-null values of a column as text, sorted; cached, as
    /// completion must not scan a million rows on every Tab.
    func distinctValues(of dataset: Dataset, column name: String) -> [String] {
        let key = dataset.name + "\u{0}" + name
        if let cached = valueCache[key] { return cached }
        guard let column = dataset.table.column(named: name) else { return [] }
        var values: [String]
        // Distinct values are found on the raw storage, and only those few are
        // formatted: a million-row integer column costs one pass, not a million strings.
        switch column.storage {
        case .texts(_, let dictionary):
            values = dictionary.sorted()
        case .integers(let ints, let isNull):
            values = Session.distinctIntegers(ints, isNull: isNull).map { String($0) }
        case .doubles(let doubles):
            var seen = Set<Double>()
            for d in doubles where !d.isNaN {
                seen.insert(d)
                if seen.count > 10_000 { break }
            }
            values = seen.sorted().map { ValueText.human(Operators.wrap($0, as: column.type)) }
        default:
            var seen = Set<String>()
            for r in 0..<column.count where !column.isNull(r) { seen.insert(ValueText.human(column[r])) }
            values = seen.sorted()
        }
        valueCache[key] = values
        return values
    }

    /// `describe NAME` as a table: each column's type, nulls, distinct values and examples.
    public func schema(of name: String) -> Table? {
        datasets[name].map(Describe.table)
    }

    /// The distinct non-null integers, sorted (at most about 10,000). Survey
    /// codes and years span small ranges: those are marked in a bitmap,
    /// which is several times faster than hashing a million values.
    static func distinctIntegers(_ ints: [Int64], isNull: [Bool]) -> [Int64] {
        var low = Int64.max, high = Int64.min
        for (r, i) in ints.enumerated() where isNull.isEmpty || !isNull[r] {
            low = min(low, i)
            high = max(high, i)
        }
        guard low <= high else { return [] }
        let (span, overflow) = high.subtractingReportingOverflow(low)
        if !overflow && span < 1 << 20 {
            var present = [Bool](repeating: false, count: Int(span) + 1)
            for (r, i) in ints.enumerated() where isNull.isEmpty || !isNull[r] { present[Int(i - low)] = true }
            var out: [Int64] = []
            for (k, p) in present.enumerated() where p {
                out.append(low + Int64(k))
                if out.count > 10_000 { break }
            }
            return out
        }
        var seen = Set<Int64>()
        for (r, i) in ints.enumerated() where isNull.isEmpty || !isNull[r] {
            seen.insert(i)
            if seen.count > 10_000 { break }
        }
        return seen.sorted()
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
        let file = SourceFile(name: fileName, text: source)
        return execute(file, options: options, handler: handler)
    }

    /// Runs source bytes that may not be valid UTF-8 (a script file).
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
        var ok = syntaxErrors.isEmpty
        for (index, statement) in script.statements.enumerated() {
            let context = EvaluationContext(fileName: file.name, interrupt: options.interrupt, settings: settings)
            do throws(Diagnostic) {
                let later = script.statements[(index + 1)...]
                let events = try run(statement, file: file, context: context, later: later)
                for w in context.warnings { handler(.diagnostic(w)) }
                for e in events {
                    if case .table(let t) = e { lastTable = t }
                    if case .chart(let c) = e { lastChart = c; lastTable = c.table }
                    handler(e)
                }
                successfulStatements.append(file.text(in: statement.range))
            } catch {
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

    private func run(_ statement: Statement, file: SourceFile, context: EvaluationContext,
                     later: ArraySlice<Statement>) throws(Diagnostic) -> [StatementEvent] {
        let resolver = Resolver(fileName: file.name, source: file, datasets: datasets, datasetOrder: order, settings: settings)
        switch statement.kind {
        case .load(let path, let pathRange, let name, let weight):
            let loaded: String
            let columns = ProjectionAnalysis.columnsNeeded(by: name?.text ?? Session.stem(of: path), in: later)
            do throws(Diagnostic) {
                loaded = try load(path: path, as: name?.text, weight: weight?.text, columns: columns)
            } catch {
                var d = error
                if d.dataLine == nil {
                    // Problems with the file itself point at the path in the script.
                    d.file = file.name
                    d.range = d.id.hasPrefix("load.unknown-weight") || d.id == "load.weight-type" ? weight?.range : pathRange
                }
                throw d
            }
            let t = datasets[loaded]!.table
            let weightNote = weight.map { ", weighted by \($0.text)" } ?? ""
            let delimited = [.csv, .tsv].contains(DatasetReader.Format(extension: String(path.split(separator: ".").last ?? "")))
            let projectionNote = columns != nil && delimited ? " (only the columns this script uses)" : ""
            let counts = "\(t.rowCount) row\(t.rowCount == 1 ? "" : "s") × \(t.columns.count) column\(t.columns.count == 1 ? "" : "s")"
            return [.message("loaded \(loaded): \(counts)\(weightNote)\(projectionNote)")]

        case .let(let name, let pipeline):
            if let chart = pipeline.verbs.last, case .chart = chart.kind {
                throw Diagnostic(.error, id: "resolve.chart-let", "a chart cannot be stored with 'let'", file: file.name,
                                 range: chart.keywordRange, hints: ["let the data, then: from \(name.text) | chart …"])
            }
            let resolved = try resolve(pipeline, with: resolver)
            let output = try Interpreter(context: context, resolver: resolver).run(resolved)
            define(Dataset(name: name.text, table: output.table, weightColumn: output.weight, origin: "let"))
            return []

        case .describe(let name):
            return [.table(Describe.table(try resolver.dataset(name)))]

        case .datasets:
            return [.table(Describe.datasets(order.compactMap { datasets[$0] }))]

        case .set(let option, let value):
            try SettingsStatement.apply(option: option, value: value, to: &settings, fileName: file.name)
            return []

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
        guard let names = ProjectionAnalysis.columnsRead(by: pipeline), var source = datasets[pipeline.source.text] else {
            return try resolver.resolve(pipeline)
        }
        let kept = source.table.columns.filter { names.contains($0.name) || $0.name == source.weightColumn }
        guard kept.count < source.table.columns.count else { return try resolver.resolve(pipeline) }
        source.table = Table(unchecked: kept, rowCount: source.table.rowCount)
        var narrowed = resolver
        narrowed.datasets[source.name] = source
        if let resolved = try? narrowed.resolve(pipeline) { return resolved }
        return try resolver.resolve(pipeline)
    }

    private func absolutePath(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        if path.hasPrefix("~/") { return FileSystem.expandingTilde(path) }
        return workingDirectory + "/" + path
    }

    /// The dataset name a file gets by default: its name without directory and extension.
    static func stem(of path: String) -> String {
        let last = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = last.lastIndex(of: "."), dot != last.startIndex else { return last }
        return String(last[..<dot])
    }
}

/// How ``Session/execute(_:fileName:options:handler:)`` runs a script.
public struct RunOptions: Sendable {
    /// Stop at the first error (scripts); false keeps going (`--keep-going`).
    public var stopOnError: Bool
    /// Set from another thread to cancel a running query.
    public var interrupt: InterruptFlag?

    public init(stopOnError: Bool = true, interrupt: InterruptFlag? = nil) {
        self.stopOnError = stopOnError
        self.interrupt = interrupt
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
