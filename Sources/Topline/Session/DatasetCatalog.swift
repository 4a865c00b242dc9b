/// The datasets of a session by name, in the order they were defined.
///
/// A dataset loaded with only the columns its script needed parses the
/// others here, the first time anything asks for them, so projection
/// pushdown never changes what a dataset holds (see ``DeferredColumns``).
final class DatasetCatalog {
    private var entries: [String: Dataset] = [:]
    /// Names in definition order.
    private(set) var names: [String] = []
    /// How often each name was defined: caches keyed by it go stale on redefinition.
    /// Kept across ``removeAll()``, so a name defined again never repeats a revision.
    private(set) var revisions: [String: Int] = [:]
    /// The databases attached with `attach`, whose tables pipelines read as `pg.table`.
    let attachments = Attachments()
    /// Polled while deferred columns are read: the running statement's Ctrl-C flag.
    var interrupt: InterruptFlag?
    /// Warnings of deferred reads, until the running statement reports them.
    private var warnings: [Diagnostic] = []

    /// The warnings of deferred reads since the last call.
    func takeWarnings() -> [Diagnostic] {
        defer { warnings = [] }
        return warnings
    }

    /// Defines or replaces a dataset.
    func define(_ dataset: Dataset) {
        if entries[dataset.name] == nil { names.append(dataset.name) }
        entries[dataset.name] = dataset
        revisions[dataset.name, default: 0] += 1
    }

    func removeAll() {
        entries = [:]
        names = []
    }

    /// The dataset as held, whose deferred columns may not be parsed yet
    /// (enough for its name, row count, column names and weight).
    func stored(_ name: String) -> Dataset? { entries[name] }

    /// Every dataset as held, in order.
    var all: [Dataset] { names.compactMap { entries[$0] } }

    /// The dataset named `name` with at least the columns `columns` parsed
    /// (every column when nil). The parsed columns are kept.
    func dataset(_ name: String, columns: Set<String>? = nil) throws(Diagnostic) -> Dataset? {
        guard var dataset = entries[name] else { return nil }
        guard let deferred = dataset.deferred else { return dataset }
        let context = LoadContext(interrupt: interrupt)
        (dataset.table, dataset.deferred) = try deferred.completing(dataset.table, with: columns, context: context)
        warnings += context.warnings
        dataset.loadWarnings += context.warnings
        entries[name] = dataset
        return dataset
    }
}
