/// `rename new = old, …`: the same columns, some under new names.
struct RenameVerb: VerbSyntax {
    static let definition = VerbDefinition(
        keyword: Keyword("rename"),
        // Not reserved: columns may still be called rename.
        reserved: false,
        summary: "the same columns in the same order, these under new names (all at once, so rename a = b, b = a swaps them); a weight stays the weight; never changes the rows",
        syntax: "rename NEW = OLD, …",
        example: "from ceo_study_metrics | rename year = edition_year, share = value_pct",
        grammar: """
            rename = "rename" , renaming , { "," , { newline } , renaming } ;
            renaming = name , "=" , name ;
            """,
        columns: .passes,
        parse: { p in
            p.advanceKeyword()
            return p.parseList { p -> Renaming? in
                guard let new = p.expectName("a new column name (rename NEW = OLD)", .newName) else { return nil }
                guard p.expect(.assign, "expected '=' after '\(new.text)' (rename NEW = OLD)") else { return nil }
                return p.expectName("the column to rename after '='", .column).map { Renaming(new: new, old: $0) }
            }.map(RenameVerb.init)
        })

    var renamings: [Renaming]

    var sourceText: String {
        "rename " + renamings.map { SourcePrinter.name($0.new.text) + " = " + SourcePrinter.name($0.old.text) }.joined(separator: ", ")
    }

    func dump(_ tree: inout TreeDump) {
        for r in renamings {
            tree.name("Rename", r.new)
            tree.nested { $0.name("Column", r.old) }
        }
    }

    /// The old names, and the new ones too: a new name already taken is an error that must not depend on pushdown.
    func columnNames(into names: inout Set<String>) {
        for r in renamings { names.formUnion([r.old.text, r.new.text]) }
    }

    func resolve(_ site: VerbSite, _ resolver: Resolver, _ schema: inout Schema) throws(Diagnostic) -> any PlanStep {
        var names = schema.names
        var renamed: [Int: Renaming] = [:]
        for r in renamings {
            let i = try resolver.column(r.old, schema)
            if let earlier = renamed[i] {
                throw resolver.error(.resolveRename, "column '\(r.old.text)' is renamed twice", at: r.old.range,
                                     hints: ["it is already renamed to '\(earlier.new.text)'"])
            }
            renamed[i] = r
            names[i] = r.new.text
        }
        // The names after all the renamings at once: none may be taken twice.
        var seen: [String: Int] = [:]
        for (i, name) in names.enumerated() {
            guard let other = seen.updateValue(i, forKey: name) else { continue }
            let r = renamed[i] ?? renamed[other]!
            let kept = renamed[i] == nil ? i : other
            throw resolver.error(.resolveDuplicateColumn, "there would be two columns named '\(name)'", at: r.new.range,
                                 hints: renamed[kept] == nil ? ["'\(name)' is a column already: rename or drop it too"] : [])
        }
        let before = schema
        schema.columns = zip(before.columns, names).map { column, name in
            var c = column
            c.name = name
            return c
        }
        if let w = before.weight, let i = before.index(of: w) { schema.weight = names[i] }
        return RenameStep(names: names)
    }
}

/// `new = old` in `rename`.
struct Renaming: Sendable {
    var new: Name
    var old: Name
}

/// The same columns (shared, not copied) under the names `names`, keeping the design.
struct RenameStep: PlanStep {
    var names: [String]

    func run(_ state: inout PipelineState, _ context: EvaluationContext) throws(Diagnostic) {
        state.table = state.table.withColumns(zip(state.table.columns, names).map { $0.renamed($1) })
    }
}
