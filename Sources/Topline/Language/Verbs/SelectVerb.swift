/// `select a, b, name = expr`: these columns, in this order; `*` stands for
/// the input's other columns (`select region, *` puts region first), less those
/// after `except` (`select * except (comment, notes)`).
struct SelectVerb: VerbSyntax {
    static let definition = VerbDefinition(
        keyword: .select,
        summary: "these columns, in this order (a new name = expression computes one; * is every column the list does not name, less those after except); never changes the rows",
        syntax: "select COLUMN, NAME = EXPR, * [except (COLUMN, …)], …",
        example: "from ceo_study_metrics | select segment, horizon, share = pct(value_pct), * except (source_title, source_url, notes)",
        grammar: """
            select = "select" , select_item , { "," , { newline } , select_item } ;
            select_item = name , [ "=" , expr ] | "*" , [ "except" , "(" , name , { "," , name } , ")" ] ;
            """,
        columns: .narrows,
        parse: { p in
            p.advanceKeyword()
            return p.parseList { p -> SelectItem? in
                guard case .symbol(.star) = p.current.kind else { return p.parseSelectItem() }
                let star = p.current.range
                p.advance()
                // `except` is a word only here: columns may still be called except.
                guard p.acceptWord(.except) else { return .all(range: star, except: []) }
                guard p.expect(.leftParen, "expected '(' after 'except' (select * except (a, b))") else { return nil }
                guard let names = p.parseList({ $0.expectName("a column to leave out", .column) }),
                      p.expect(.rightParen, "expected ')' to close the 'except' list") else { return nil }
                return .all(range: star, except: names)
            }.map(SelectVerb.init)
        })

    var items: [SelectItem]

    var sourceText: String {
        "select " + items.map { item in
            switch item {
            case .column(let name): return SourcePrinter.name(name.text)
            case .assignment(let a): return SourcePrinter.assignment(a)
            case .all(_, let except): return except.isEmpty ? "*" : "* except (" + SourcePrinter.names(except) + ")"
            }
        }.joined(separator: ", ")
    }

    func dump(_ tree: inout TreeDump) {
        for item in items {
            switch item {
            case .column(let n): tree.name("Column", n)
            case .assignment(let a): tree.assignment(a)
            case .all(let range, let except):
                tree.line("All", range)
                tree.nested { d in for n in except { d.name("Except", n) } }
            }
        }
    }

    func columnNames(into names: inout Set<String>) {
        for item in items {
            switch item {
            case .column(let n): names.insert(n.text)
            case .assignment(let a): a.value.columnNames(into: &names)
            // `*` is every column: ``columnEffect`` says so; the ones left out must exist.
            case .all(_, let except): for n in except { names.insert(n.text) }
            }
        }
    }

    /// With `*` the input's columns go on.
    var columnEffect: ColumnEffect { items.contains { if case .all = $0 { return true } else { return false } } ? .passes : .narrows }

    func resolve(_ site: VerbSite, _ resolver: Resolver, _ schema: inout Schema) throws(Diagnostic) -> any PlanStep {
        var outputs: [NamedExpr] = []
        var ranges: [SourceRange] = []
        // The names the other items give their columns, which `*` leaves to them.
        var named = Set<String>()
        for item in items {
            switch item {
            case .column(let n): named.insert(n.text)
            case .assignment(let a): named.insert(a.name.text)
            case .all: break
            }
        }
        var starred = false
        for item in items {
            switch item {
            case .all(let range, let except):
                guard !starred else {
                    throw resolver.error(.resolveDuplicateColumn, "'*' appears twice: the first already stands for every other column", at: range)
                }
                starred = true
                var left = named
                for n in except { left.insert(schema.columns[try resolver.column(n, schema)].name) }
                for (i, c) in schema.columns.enumerated() where !left.contains(c.name) {
                    outputs.append(NamedExpr(name: c.name, expr: TypedExpr(kind: .column(i), type: c.type, range: range)))
                    ranges.append(range)
                }
            case .column(let name):
                let index = try resolver.column(name, schema)
                outputs.append(NamedExpr(name: name.text, expr: TypedExpr(kind: .column(index), type: schema.columns[index].type, range: name.range)))
                ranges.append(name.range)
            case .assignment(let a):
                outputs.append(NamedExpr(name: a.name.text, expr: try resolver.expression(a.value, schema)))
                ranges.append(a.name.range)
            }
        }
        try resolver.checkDistinct(outputs.map(\.name), ranges: ranges)
        let weight = schema.weight.flatMap { w in outputs.contains { $0.name == w } ? w : nil }
        let before = schema
        schema = Schema(columns: outputs.map { output in
            var c = SchemaColumn(name: output.name, type: output.expr.type)
            if case .column(let i) = output.expr.kind { c.measure = before.columns[i].measure }
            return c
        }, weight: weight, hasDesign: before.hasDesign)
        return ProjectStep(outputs: outputs)
    }
}

extension Keyword { static let select = Keyword("select") }

/// Computes the output columns, in order.
struct ProjectStep: PlanStep {
    var outputs: [NamedExpr]

    func run(_ state: inout PipelineState, _ context: EvaluationContext) throws(Diagnostic) {
        let table = state.table
        let evaluator = Evaluator(columns: table.columns, context: context)
        var columns: [Column] = []
        for item in outputs { columns.append(try evaluator.materialize(item, rowCount: table.rowCount)) }
        state.table = table.withColumns(columns)
    }
}
