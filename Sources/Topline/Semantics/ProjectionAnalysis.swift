/// Which columns of a file a script will use, so `load` can parse only those
/// (projection pushdown into the CSV reader).
///
/// It looks at the statements after a `load` in the same script. The answer
/// is an over-approximation — every name those statements mention, plus the
/// columns verbs read implicitly — or nil ("load everything") whenever a
/// statement could show all columns: `describe`, a pipeline with no
/// `select`/`summarize`/`compare`/`sources`/`chart` before its end or a
/// `pivot`, or no later use at all (in the shell, later entries are unknown).
enum ProjectionAnalysis {
    static func columnsNeeded(by dataset: String, in statements: ArraySlice<Statement>) -> Set<String>? {
        var names = Set<String>()
        var used = false
        for statement in statements {
            switch statement.kind {
            case .load(_, _, let name, _):
                // A later load of the same name ends this dataset's story.
                if name?.text == dataset { return used ? names : nil }
            case .describe(let name):
                if name.text == dataset { return nil }
            case .datasets, .set:
                break
            case .let(_, let pipeline), .pipeline(let pipeline):
                // Where this dataset's columns enter the pipeline: at the start, or at a join.
                var entries: [Int] = pipeline.source.text == dataset ? [0] : []
                for (i, verb) in pipeline.verbs.enumerated() {
                    if case .join(_, let other, _, _) = verb.kind, other.text == dataset { entries.append(i + 1) }
                }
                if !entries.isEmpty {
                    used = true
                    for start in entries where !projects(pipeline.verbs[start...]) { return nil }
                }
                collect(pipeline, into: &names)
            }
        }
        return used ? names : nil
    }

    /// The source columns one pipeline reads, or nil when it may show them
    /// all. The interpreter then starts from just those columns, so a
    /// `where` copies 3 columns instead of 14.
    static func columnsRead(by pipeline: Pipeline) -> Set<String>? {
        guard projects(pipeline.verbs[...]) else { return nil }
        var names = Set<String>()
        collect(pipeline, into: &names)
        return names
    }

    /// Whether these verbs narrow the columns before anything could show them all.
    private static func projects(_ verbs: ArraySlice<Verb>) -> Bool {
        for verb in verbs {
            switch verb.kind {
            case .select, .summarize, .compare, .sources, .chart: return true
            case .pivot: return false
            default: continue
            }
        }
        return false
    }

    private static func collect(_ pipeline: Pipeline, into names: inout Set<String>) {
        for verb in pipeline.verbs {
            switch verb.kind {
            case .where(let e), .take(let e): collect(e, into: &names)
            case .select(let items):
                for item in items {
                    switch item {
                    case .column(let n): names.insert(n.text)
                    case .assignment(let a): collect(a.value, into: &names)
                    }
                }
            case .derive(let items): for a in items { collect(a.value, into: &names) }
            case .summarize(let items, let by):
                for a in items { collect(a.value, into: &names) }
                for n in by { names.insert(n.text) }
            case .sort(let keys): for k in keys { collect(k.expr, into: &names) }
            case .pivot(let key, let value): names.formUnion([key.text, value.text])
            case .join(_, _, let left, let right): names.formUnion([left.text, right?.text].compactMap { $0 })
            case .compare(let a, let b, let by, _):
                collect(a, into: &names)
                collect(b, into: &names)
                for n in by { names.insert(n.text) }
                names.formUnion(implicitCompareColumns)
            case .sources: names.formUnion(Provenance.columns)
            case .chart(let c):
                collect(c.value, into: &names)
                if let to = c.to { collect(to, into: &names) }
                names.formUnion([c.over?.text, c.by?.text].compactMap { $0 })
            }
        }
    }

    private static func collect(_ e: Expr, into names: inout Set<String>) {
        switch e.kind {
        case .column(let n): names.insert(n.text)
        case .unary(_, let x), .isNull(let x, _): collect(x, into: &names)
        case .binary(_, let a, let b):
            collect(a, into: &names)
            collect(b, into: &names)
        case .call(let f, let args):
            if f.text == ScalarFunction.estimate.rawValue { names.insert("value_type") }
            for a in args { collect(a, into: &names) }
        case .inList(let x, let items, _):
            collect(x, into: &names)
            for i in items { collect(i, into: &names) }
        case .integer, .number, .percent, .points, .string, .boolean, .null: break
        }
    }

    /// Columns `compare` reads by convention (see ``CompareStep/ToplineColumns``).
    private static let implicitCompareColumns: Set<String> = [
        "value_pct", "value", "share", "pct", "n", "base", "value_type", "study", "edition_year", "edition", "wave", "year",
        "respondent_group", "segment_type", "segment",
    ]
}
