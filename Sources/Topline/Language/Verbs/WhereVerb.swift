/// `where CONDITION`: keeps the rows where the condition is true.
struct WhereVerb: VerbSyntax {
    static let definition = VerbDefinition(
        keyword: .where,
        summary: "keeps the rows where CONDITION is true (not false, not null); never changes the columns",
        syntax: "where CONDITION",
        example: #"from ceo_study_metrics | where edition_year == 2012 and metric ~ "social media""#,
        grammar: #"where = "where" , expr ;"#,
        columns: .passes,
        parse: { p in
            p.advanceKeyword()
            return p.parseExpression().map(WhereVerb.init)
        })

    var condition: Expr

    var sourceText: String { "where \(condition)" }
    func dump(_ tree: inout TreeDump) { tree.expr(condition) }
    func columnNames(into names: inout Set<String>) { condition.columnNames(into: &names) }

    func resolve(_ site: VerbSite, _ resolver: Resolver, _ schema: inout Schema) throws(Diagnostic) -> any PlanStep {
        let e = try resolver.expression(condition, schema)
        guard e.type == .boolean || e.type == .null else {
            throw resolver.error(.resolveType, "'where' needs a true/false condition, not \(e.type.rawValue)", at: condition.range,
                                 hints: ["compare it with something, e.g. where x == \"yes\""])
        }
        return FilterStep(condition: e)
    }
}

extension Keyword { static let `where` = Keyword("where") }

/// Keeps the rows whose condition is true.
struct FilterStep: PlanStep {
    var condition: TypedExpr

    func run(_ state: inout PipelineState, _ context: EvaluationContext) throws(Diagnostic) {
        let table = state.table
        let evaluator = Evaluator(columns: table.columns, context: context)
        var keep: [Int] = []
        if let truth = evaluator.truthVector(condition) {
            // Decided a column at a time: the true rows collected in tight loops, a block of rows per thread.
            keep = RowBlocks.rows(where: truth, equal: Truth.true)
        } else {
            let f = evaluator.compile(condition)
            for r in 0..<table.rowCount {
                if r & 0xFFFF == 0 { try context.checkInterrupt() }
                if case .boolean(true) = try f(r) { keep.append(r) }
            }
        }
        if keep.isEmpty, table.rowCount > 0 { NoMatchWarning.check(condition, table, context) }
        if keep.count != table.rowCount { state.table = table.gather(keep) }
    }
}

/// When a `where` keeps no row, each text it compares a column with that is none of the
/// column's values, with the values it was probably meant to be: `where sex == "m"` on a column
/// of `M` and `F` warns `'sex' has no value "m"; it has "M"` — comparisons of text are exact,
/// and a silent empty result is the costliest way to learn it.
enum NoMatchWarning {
    /// Columns holding at most this many values have them all listed when none is near.
    static let listedValues = 12

    static func check(_ condition: TypedExpr, _ table: Table, _ context: EvaluationContext) {
        for (column, text, range) in comparisons(in: condition) {
            guard case .texts(_, let dictionary) = table.columns[column].storage, !dictionary.contains(text) else { continue }
            let name = table.columns[column].name
            let folded = fold(text)
            var near = dictionary.filter { fold($0) == folded }
            if near.isEmpty, let close = Suggestions.closest(to: text, in: dictionary) { near = [close] }
            let quoted = { (values: [String]) in values.prefix(5).map(SourcePrinter.quoted).joined(separator: ", ") }
            let message: String, hints: [String]
            if !near.isEmpty {
                message = "no row matched: '\(name)' has no value \(SourcePrinter.quoted(text)); it has \(quoted(near))"
                hints = ["text compares exactly, letter case and spaces included: write \(SourcePrinter.name(name)) == \(SourcePrinter.quoted(near[0]))"]
            } else if dictionary.count <= listedValues {
                message = "no row matched: '\(name)' has no value \(SourcePrinter.quoted(text))"
                hints = ["its values: " + dictionary.sorted().map(SourcePrinter.quoted).joined(separator: ", ")]
            } else {
                continue
            }
            context.warnOnce(Diagnostic(.warning, id: .runNoMatch, message, file: context.fileName, range: range, hints: hints))
        }
    }

    /// `column == "text"` (either way round) and `column in ("a", …)`, in `and`-joined parts of the condition.
    private static func comparisons(in e: TypedExpr) -> [(column: Int, text: String, range: SourceRange)] {
        switch e.kind {
        case .binary(.and, let l, let r):
            return comparisons(in: l) + comparisons(in: r)
        case .binary(.equal, let l, let r):
            if case .column(let i) = l.kind, case .literal(.text(let t)) = r.kind { return [(i, t, r.range)] }
            if case .column(let i) = r.kind, case .literal(.text(let t)) = l.kind { return [(i, t, l.range)] }
            return []
        case .inList(let value, let items, negated: false):
            guard case .column(let i) = value.kind else { return [] }
            return items.compactMap { item in
                if case .literal(.text(let t)) = item.kind { return (i, t, item.range) }
                return nil
            }
        default:
            return []
        }
    }

    /// Lower case without surrounding white space: what "the same value, typed differently" means here.
    private static func fold(_ s: String) -> String {
        String(s.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed()).lowercased()
    }
}
