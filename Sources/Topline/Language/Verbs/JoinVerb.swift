/// `[left] join OTHER on a [= b]`: a hash join on one key.
struct JoinVerb: VerbSyntax {
    static let definition = VerbDefinition(
        keyword: .join,
        alsoStartsWith: [.left],
        summary: "hash join on one key (left join keeps unmatched rows); a right-side column whose name is taken gets the other dataset's name as a suffix (n_extra)",
        syntax: "[left] join OTHER on COLUMN [= OTHER_COLUMN]",
        example: "from ceo_study_metrics | select study, metric | left join ceo_study_metrics_extra on study",
        grammar: #"join = [ "left" ] , "join" , dataset_name , "on" , name , [ ( "=" | "==" ) , name ] ;"#,
        columns: .passes,
        parse: { p in
            var kind = JoinKind.inner
            if case .keyword(.left) = p.current.kind {
                p.advance()
                kind = .left
                p.note(.keyword(.join))
                guard case .keyword(.join) = p.current.kind else {
                    p.error(.parseExpected, "expected 'join' after 'left'", at: p.current.range)
                    return nil
                }
            }
            p.advanceKeyword()
            guard let other = p.expectDatasetName("a dataset name after 'join'") else { return nil }
            guard p.expectKeyword(.on, "expected 'on' after 'join \(other.text)' (join OTHER on COLUMN)") else { return nil }
            guard let leftKey = p.expectName("a column name after 'on'", .column) else { return nil }
            var rightKey: Name?
            if case .symbol(let s) = p.current.kind, s == .assign || s == .equal {
                p.advance()
                guard let r = p.expectName("a column of '\(other.text)' after '\(s.rawValue)'", .columnOf(dataset: other.text)) else { return nil }
                rightKey = r
            }
            return JoinVerb(kind: kind, other: other, leftKey: leftKey, rightKey: rightKey)
        })

    var kind: JoinKind
    var other: Name
    var leftKey: Name
    var rightKey: Name?

    var sourceText: String {
        var text = (kind == .left ? "left join " : "join ") + SourcePrinter.dataset(other) + " on " + SourcePrinter.name(leftKey.text)
        if let rightKey { text += " = " + SourcePrinter.name(rightKey.text) }
        return text
    }

    var dumpLabel: String {
        let text = sourceText
        return text.prefix(1).uppercased() + text.dropFirst()
    }
    func dump(_ tree: inout TreeDump) {}
    func columnNames(into names: inout Set<String>) { names.formUnion([leftKey.text, rightKey?.text].compactMap { $0 }) }

    func resolve(_ site: VerbSite, _ resolver: Resolver, _ schema: inout Schema) throws(Diagnostic) -> any PlanStep {
        // A table of an attached database joins by its columns; its rows are read when the join runs.
        let right: JoinStep.Right = other.remote != nil ? .attached(try resolver.attachedTable(other)) : .rows(try resolver.dataset(other).table)
        let otherName = other.remote?.table ?? other.text
        let l = try resolver.column(leftKey, schema)
        let otherSchema = right.schema
        let rightName = rightKey ?? leftKey
        guard let r = otherSchema.index(of: rightName.text) else {
            let suggestion = Suggestions.closest(to: rightName.text, in: otherSchema.names)
            throw resolver.error(.resolveUnknownColumn, "dataset '\(other.text)' has no column '\(rightName.text)'",
                                 at: rightName.range, label: suggestion.map { "did you mean '\($0)'?" },
                                 hints: rightKey == nil ? ["name the other side's column: join \(other.text) on \(leftKey.text) = OTHER_COLUMN"] : [])
        }
        let lt = schema.columns[l].type, rt = otherSchema.columns[r].type
        guard TypeRules.unify(lt, rt) != nil else {
            throw resolver.error(.resolveType, "cannot join \(lt.rawValue) column '\(leftKey.text)' with \(rt.rawValue) column '\(rightName.text)'",
                                 at: site.range)
        }
        let names = JoinLayout.outputNames(left: schema.names, right: otherSchema.names, rightKey: r, otherName: otherName)
        var columns = schema.columns
        for (i, c) in otherSchema.columns.enumerated() where i != r {
            columns.append(SchemaColumn(name: names[columns.count], type: c.type))
        }
        schema = Schema(columns: columns, weight: schema.weight)
        return JoinStep(kind: kind, other: right, otherName: otherName, leftKey: l, rightKey: r, range: site.range)
    }
}

extension Keyword { static let join = Keyword("join") }

/// Inner or left join.
enum JoinKind: String, Sendable { case inner, left }

struct JoinStep: PlanStep {
    /// The other side: a dataset's rows, or a table of an attached database (``SQLCompiler`` joins
    /// it on the server to a table of the same database; anywhere else its rows are fetched).
    enum Right: Sendable {
        case rows(Table)
        case attached(RemoteTable)

        var schema: Schema {
            switch self {
            case .rows(let table): Schema(table)
            case .attached(let table): Schema(columns: table.columns)
            }
        }
    }

    var kind: JoinKind
    var other: Right
    var otherName: String
    var leftKey: Int
    var rightKey: Int
    var range: SourceRange

    func run(_ state: inout PipelineState, _ context: EvaluationContext) throws(Diagnostic) {
        let right: Table
        switch other {
        case .rows(let table): right = table
        case .attached(let table): right = try RemotePipeline.rows(of: table, context: context, at: range)
        }
        state.table = try Join.apply(kind, left: state.table, right: right, otherName: otherName, leftKey: leftKey, rightKey: rightKey,
                                     range: range, context: context)
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
