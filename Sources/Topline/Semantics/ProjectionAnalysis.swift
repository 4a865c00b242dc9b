/// Which columns of a dataset a script or a pipeline will use, so that only
/// those are parsed or carried along (projection pushdown).
///
/// Each verb says which names it reads (``VerbSyntax/columnNames(into:)``)
/// and what it does to the columns (``VerbDefinition/columns``). The answer
/// is an over-approximation — every name the statements mention, plus the
/// columns verbs read implicitly — or nil ("everything") whenever a statement
/// could show all columns: `describe`, a pipeline with no narrowing verb
/// (`select`, `summarize`, …) before its end, a `pivot`, or a verb that reads
/// every column (``ColumnEffect/readsAll``: `distinct` without a list, `append`).
///
/// Pushdown is invisible: a dataset loaded with only some columns parses
/// the others when a later statement needs them (see ``DatasetCatalog``).
enum ProjectionAnalysis {
    /// The columns of `dataset` that the statements after its `load` need,
    /// or nil when they may need all of them (or there are none: in the
    /// shell, later entries are unknown).
    static func columnsNeeded(by dataset: String, in statements: ArraySlice<Statement>) -> Set<String>? {
        var names = Set<String>()
        var used = false
        for statement in statements {
            switch statement.kind {
            case .load(let load):
                // A later load of the same name ends this dataset's story.
                if load.name?.text == dataset { return used ? names : nil }
            case .describe(let name):
                if name.text == dataset { return nil }
            case .datasets, .set, .attach, .detach, .explain, .loadInto:
                break
            case .design(let d):
                if d.dataset.text == dataset { names.formUnion(d.columns.map(\.text)) }
            case .let(_, let pipeline), .pipeline(let pipeline):
                // Where this dataset's columns enter the pipeline: at the start, or at a join.
                var entries: [Int] = pipeline.source.text == dataset ? [0] : []
                for (i, verb) in pipeline.verbs.enumerated() {
                    if let join = verb.syntax as? JoinVerb, join.other.text == dataset { entries.append(i + 1) }
                    // Every column of an appended dataset goes on.
                    if let append = verb.syntax as? AppendVerb, append.other.text == dataset { return nil }
                }
                if !entries.isEmpty {
                    used = true
                    for start in entries where !narrows(pipeline.verbs[start...]) { return nil }
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
        guard narrows(pipeline.verbs[...]) else { return nil }
        var names = Set<String>()
        collect(pipeline, into: &names)
        return names
    }

    /// Whether these verbs narrow the columns before anything could show them all.
    private static func narrows(_ verbs: ArraySlice<Verb>) -> Bool {
        for verb in verbs {
            switch verb.columnEffect {
            case .narrows: return true
            case .fromData, .readsAll: return false
            case .passes: continue
            }
        }
        return false
    }

    private static func collect(_ pipeline: Pipeline, into names: inout Set<String>) {
        for verb in pipeline.verbs { verb.syntax.columnNames(into: &names) }
    }
}

extension Expr {
    /// Adds every column name the expression reads, including those its
    /// functions read implicitly (`estimate` reads `value_type`).
    func columnNames(into names: inout Set<String>) {
        switch kind {
        case .column(let n): names.insert(n.text)
        case .unary(_, let x), .isNull(let x, _), .descending(let x): x.columnNames(into: &names)
        case .binary(_, let a, let b):
            a.columnNames(into: &names)
            b.columnNames(into: &names)
        case .call(let f, let args):
            if let function = FunctionCatalog.scalar(named: f.text) { names.formUnion(function.implicitColumns) }
            for a in args { a.columnNames(into: &names) }
        case .inList(let x, let items, _):
            x.columnNames(into: &names)
            for i in items { i.columnNames(into: &names) }
        case .caseWhen(let branches, let otherwise):
            for b in branches {
                b.condition.columnNames(into: &names)
                b.result.columnNames(into: &names)
            }
            otherwise?.columnNames(into: &names)
        case .recode(let x, let rules, let otherwise):
            x.columnNames(into: &names)
            for r in rules {
                for s in r.sources { s.columnNames(into: &names) }
                r.target.columnNames(into: &names)
            }
            otherwise?.columnNames(into: &names)
        case .integer, .number, .percent, .points, .string, .boolean, .null: break
        }
    }
}
