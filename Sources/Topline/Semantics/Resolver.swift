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
    var datasets: [String: Dataset]
    let datasetOrder: [String]
    let settings: SessionSettings

    func dataset(_ name: Name) throws(Diagnostic) -> Dataset {
        if let d = datasets[name.text] { return d }
        let suggestion = Suggestions.closest(to: name.text, in: datasetOrder)
        var hints: [String] = []
        if datasetOrder.isEmpty {
            hints.append("no dataset is loaded yet: load \"file.csv\" as \(name.text)")
        } else if suggestion == nil {
            hints.append("datasets: " + datasetOrder.joined(separator: ", "))
        }
        throw error("resolve.unknown-dataset", "unknown dataset '\(name.text)'", at: name.range,
                    label: suggestion.map { "did you mean '\($0)'?" }, hints: hints)
    }

    /// Resolves a whole pipeline, up to and including its first `pivot`.
    func resolve(_ pipeline: Pipeline) throws(Diagnostic) -> ResolvedPipeline {
        let source = try dataset(pipeline.source)
        let schema = Schema(source.table, weight: source.weightColumn)
        let (steps, pending, _) = try resolveSteps(pipeline.verbs[...], schema: schema)
        return ResolvedPipeline(input: source.table, inputSchema: schema, steps: steps, pending: pending)
    }

    /// Resolves `verbs` against `schema`, stopping after a `pivot` (whose
    /// output columns depend on the data). Also returns the schema after the
    /// resolved steps.
    func resolveSteps(_ verbs: ArraySlice<Verb>, schema start: Schema) throws(Diagnostic) -> ([ResolvedStep], ArraySlice<Verb>, Schema) {
        var schema = start
        var steps: [ResolvedStep] = []
        var rest = verbs
        while let verb = rest.first {
            rest = rest.dropFirst()
            if case .chart = verb.kind, let next = rest.first {
                throw error("resolve.chart-last", "'chart' must be the last step of a pipeline", at: next.keywordRange,
                            hints: ["move '\(next.keyword.rawValue)' before 'chart'"])
            }
            let step = try resolve(verb, schema: &schema)
            steps.append(step)
            if case .pivot = step { break }
        }
        return (steps, rest, schema)
    }

    private func resolve(_ verb: Verb, schema: inout Schema) throws(Diagnostic) -> ResolvedStep {
        switch verb.kind {
        case .where(let condition):
            let e = try expression(condition, schema)
            guard e.type == .boolean || e.type == .null else {
                throw error("resolve.type", "'where' needs a true/false condition, not \(e.type.rawValue)", at: condition.range,
                            hints: ["compare it with something, e.g. where x == \"yes\""])
            }
            return .filter(e)

        case .select(let items):
            var outputs: [NamedExpr] = []
            for item in items {
                switch item {
                case .column(let name):
                    let index = try column(name, schema)
                    outputs.append(NamedExpr(name: name.text, expr: TypedExpr(kind: .column(index), type: schema.columns[index].type, range: name.range)))
                case .assignment(let a):
                    outputs.append(NamedExpr(name: a.name.text, expr: try expression(a.value, schema)))
                }
            }
            try checkDistinct(outputs.map(\.name), ranges: items.map { item -> SourceRange in
                switch item {
                case .column(let n): return n.range
                case .assignment(let a): return a.name.range
                }
            })
            let weight = schema.weight.flatMap { w in outputs.contains { $0.name == w } ? w : nil }
            schema = Schema(columns: outputs.map { SchemaColumn(name: $0.name, type: $0.expr.type) }, weight: weight)
            return .project(outputs)

        case .derive(let items):
            var outputs: [NamedExpr] = []
            for a in items {
                // Each item sees the columns derived before it.
                let e = try expression(a.value, schema)
                outputs.append(NamedExpr(name: a.name.text, expr: e))
                let column = SchemaColumn(name: a.name.text, type: e.type)
                if let i = schema.index(of: a.name.text) { schema.columns[i] = column } else { schema.columns.append(column) }
            }
            return .derive(outputs)

        case .summarize(let items, let groups):
            return try summarize(items, by: groups, schema: &schema)

        case .sort(let keys):
            var resolved: [(TypedExpr, descending: Bool)] = []
            for key in keys {
                resolved.append((try expression(key.expr, schema), key.descending))
            }
            return .sort(resolved)

        case .take(let count):
            guard case .integer(let n) = count.kind, n >= 0 else {
                throw error("resolve.take", "'take' needs a whole number of rows, such as take 10", at: count.range)
            }
            return .take(Int(clamping: n))

        case .pivot(let key, let value):
            let k = try column(key, schema)
            let v = try column(value, schema)
            guard k != v else {
                throw error("resolve.pivot", "'pivot' needs two different columns", at: value.range)
            }
            return .pivot(key: k, value: v, range: verb.range)

        case .join(let kind, let otherName, let leftKey, let rightKey):
            let other = try dataset(otherName)
            let l = try column(leftKey, schema)
            let otherSchema = Schema(other.table)
            let rightName = rightKey ?? leftKey
            guard let r = otherSchema.index(of: rightName.text) else {
                let suggestion = Suggestions.closest(to: rightName.text, in: otherSchema.names)
                throw error("resolve.unknown-column", "dataset '\(otherName.text)' has no column '\(rightName.text)'",
                            at: rightName.range, label: suggestion.map { "did you mean '\($0)'?" },
                            hints: rightKey == nil ? ["name the other side's column: join \(otherName.text) on \(leftKey.text) = OTHER_COLUMN"] : [])
            }
            let lt = schema.columns[l].type, rt = otherSchema.columns[r].type
            guard TypeRules.unify(lt, rt) != nil else {
                throw error("resolve.type", "cannot join \(lt.rawValue) column '\(leftKey.text)' with \(rt.rawValue) column '\(rightName.text)'",
                            at: verb.range)
            }
            let names = JoinLayout.outputNames(left: schema.names, right: otherSchema.names, rightKey: r, otherName: otherName.text)
            var columns = schema.columns
            for (i, c) in otherSchema.columns.enumerated() where i != r {
                columns.append(SchemaColumn(name: names[columns.count], type: c.type))
            }
            schema = Schema(columns: columns, weight: schema.weight)
            return .join(kind, other: other.table, otherName: otherName.text, leftKey: l, rightKey: r, range: verb.range)

        case .compare(let first, let second, let groups, let mode):
            return try resolveCompare(first: first, second: second, by: groups, mode: mode, range: verb.range, schema: &schema)

        case .chart(let chart):
            return try resolveChart(chart, source: source, schema: schema)

        case .sources:
            let columns = Provenance.columns.compactMap { name in schema.index(of: name).map { (name, $0) } }
            guard columns.contains(where: { $0.0 != "notes" }) else {
                throw error("resolve.no-sources", "these rows have no source columns (\(Provenance.columns.joined(separator: ", ")))",
                            at: verb.keywordRange, hints: ["keep source_title and source_url in 'select' to see the sources behind a result"])
            }
            schema = Schema(columns: Provenance.outputColumns(columns.map(\.0)))
            return .sources(columns.map(\.1))
        }
    }

    private func summarize(_ items: [Assignment], by groups: [Name], schema: inout Schema) throws(Diagnostic) -> ResolvedStep {
        var groupIndexes: [Int] = []
        for g in groups { groupIndexes.append(try column(g, schema)) }
        var aggregates: [ResolvedAggregate] = []
        var outputs: [NamedExpr] = []
        for item in items {
            let e = try expression(item.value, schema, aggregates: &aggregates)
            outputs.append(NamedExpr(name: item.name.text, expr: e))
        }
        try checkDistinct(groups.map(\.text) + items.map(\.name.text), ranges: groups.map(\.range) + items.map(\.name.range))
        schema = Schema(columns: groupIndexes.map { schema.columns[$0] } + outputs.map { SchemaColumn(name: $0.name, type: $0.expr.type) })
        return .aggregate(groupBy: groupIndexes, aggregates: aggregates, outputs: outputs)
    }

    private func checkDistinct(_ names: [String], ranges: [SourceRange]) throws(Diagnostic) {
        var seen = Set<String>()
        for (name, range) in zip(names, ranges) where !seen.insert(name).inserted {
            throw error("resolve.duplicate-column", "column '\(name)' appears twice in the output", at: range,
                        hints: ["give it another name: new_name = \(name)"])
        }
    }

    /// The index of column `name`, or an "unknown column" error with a suggestion.
    func column(_ name: Name, _ schema: Schema) throws(Diagnostic) -> Int {
        if let i = schema.index(of: name.text) { return i }
        let suggestion = Suggestions.closest(to: name.text, in: schema.names)
        var hints: [String] = []
        if suggestion == nil {
            hints.append("columns: " + schema.names.prefix(20).joined(separator: ", ") + (schema.columns.count > 20 ? ", …" : ""))
        }
        if suggestion == nil, name.text.contains(where: { !$0.isLetter && !$0.isNumber && $0 != "_" }) == false,
           schema.columns.contains(where: { $0.type == .text }) {
            hints.append("to compare with a text value, quote it: \"\(name.text)\"")
        }
        throw error("resolve.unknown-column", "unknown column '\(name.text)'", at: name.range,
                    label: suggestion.map { "did you mean '\($0)'?" }, hints: hints)
    }

    func error(_ id: String, _ message: String, at range: SourceRange, label: String? = nil, hints: [String] = []) -> Diagnostic {
        Diagnostic(.error, id: id, message, file: fileName, range: range, label: label, hints: hints)
    }
}

/// Output names of a join: the left's columns, then the right's without its
/// key; a right column whose name is taken gets the other dataset's name as a
/// suffix (`n` → `n_extra`).
enum JoinLayout {
    static func outputNames(left: [String], right: [String], rightKey: Int, otherName: String) -> [String] {
        var names = left
        var taken = Set(left)
        for (i, name) in right.enumerated() where i != rightKey {
            var candidate = taken.contains(name) ? "\(name)_\(otherName)" : name
            var k = 2
            while taken.contains(candidate) { candidate = "\(name)_\(otherName)\(k)"; k += 1 }
            taken.insert(candidate)
            names.append(candidate)
        }
        return names
    }
}
