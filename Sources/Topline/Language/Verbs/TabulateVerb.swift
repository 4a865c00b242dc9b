/// `tabulate ROW [net NAME = ("a", …)]… [, ROW …] [by BANNER, …] [show column|row|count]`:
/// the banner table of survey reporting — per row variable a base row, one
/// row per category (and net, and a mean for numbers), a Total column and one
/// column per category of each banner variable, lettered, with significance
/// letters and a test of independence per row × banner variable.
struct TabulateVerb: VerbSyntax {
    struct RowSpec: Sendable {
        var column: Name
        var nets: [(name: Name, categories: [String])]
        /// A multiple-response set (`mrset NAME = (a, b, …)`): `column` is its name, these its yes/no columns.
        var items: [Name] = []
    }

    static let definition = VerbDefinition(
        keyword: Keyword("tabulate"),
        // Not reserved: a column may still be called tabulate.
        reserved: false,
        summary: "a banner table: column percentages of each ROW's categories (nets, a mean for numbers) in a Total column and a lettered column per category of each BANNER, with significance letters and a test of independence; weighted and design-based when the dataset is",
        syntax: #"tabulate ROW [net NAME = ("A", …)] | mrset NAME = (COLUMN, …) [, …] [by BANNER, …] [show column|row|count]"#,
        example: #"from ceo_study_metrics | tabulate horizon by segment_type"#,
        grammar: """
            tabulate = "tabulate" , tabulated , { "," , tabulated } , [ "by" , name , { "," , name } ] ,
                       [ "show" , name ] ;
            tabulated = name , { "net" , name , "=" , "(" , string , { "," , string } , ")" }
                      | "mrset" , name , "=" , "(" , name , { "," , name } , ")" ;
            """,
        columns: .narrows,
        parse: { p in
            p.advanceKeyword()
            var rows: [RowSpec] = []
            var more = true
            while more {
                if !rows.isEmpty { p.advance(); p.skipNewlines() }
                if p.atWord(.mrset), case .identifier = p.peek(1).kind {
                    p.advance()
                    guard let name = p.expectName("a name for the set (mrset NAME = (COLUMN, …))", .newName),
                          p.expect(.assign, "expected '=' after 'mrset \(name.text)'"),
                          p.expect(.leftParen, "expected '(' and the set's yes/no columns"),
                          let items = p.parseList({ $0.expectName("a yes/no column of the set", .column) }),
                          p.expect(.rightParen, "expected ')' after the set's columns") else { return nil }
                    rows.append(RowSpec(column: name, nets: [], items: items))
                    if case .symbol(.comma) = p.current.kind {} else { more = false }
                    continue
                }
                guard let column = p.expectName("a column to tabulate (tabulate ROW [by BANNER])", .column) else { return nil }
                var spec = RowSpec(column: column, nets: [])
                while true {
                    guard p.atWord(.net) else { break }
                    p.advance()
                    guard let name = p.expectName("a name for the net (net NAME = (\"A\", \"B\"))", .newName),
                          p.expect(.assign, "expected '=' after 'net \(name.text)'") else { return nil }
                    guard let categories = p.parseQuotedList("the categories of net \(name.text)",
                                                             example: #"net important = ("very", "somewhat")"#)?.map({ $0.text }) else { return nil }
                    spec.nets.append((name, categories))
                }
                rows.append(spec)
                if case .symbol(.comma) = p.current.kind {} else { more = false }
            }
            guard let banners = p.parseByColumns() else { return nil }
            var show: Name?
            if p.atWord(.show) {
                p.advance()
                for mode in TabulateStep.Show.allCases { p.note(.word(mode.rawValue)) }
                guard let mode = p.expectName("column, row or count after 'show'", .newName) else { return nil }
                show = mode
            }
            return TabulateVerb(rows: rows, banners: banners, show: show)
        })

    var rows: [RowSpec]
    var banners: [Name]
    var show: Name?

    var sourceText: String {
        var text = "tabulate " + rows.map { spec in
            if !spec.items.isEmpty {
                return "mrset \(SourcePrinter.name(spec.column.text)) = (" + SourcePrinter.names(spec.items) + ")"
            }
            return SourcePrinter.name(spec.column.text) + spec.nets.map { net in
                " net \(SourcePrinter.name(net.name.text)) = (" + net.categories.map(SourcePrinter.quoted).joined(separator: ", ") + ")"
            }.joined()
        }.joined(separator: ", ")
        if !banners.isEmpty { text += " by " + SourcePrinter.names(banners) }
        if let show { text += " show " + show.text }
        return text
    }

    func dump(_ tree: inout TreeDump) {
        for r in rows { tree.name("Row", r.column) }
        for b in banners { tree.name("By", b) }
    }

    func columnNames(into names: inout Set<String>) {
        for r in rows { if r.items.isEmpty { names.insert(r.column.text) } else { for i in r.items { names.insert(i.text) } } }
        for b in banners { names.insert(b.text) }
    }

    func resolve(_ site: VerbSite, _ resolver: Resolver, _ schema: inout Schema) throws(Diagnostic) -> any PlanStep {
        var rowSpecs: [TabulateStep.Row] = []
        for spec in rows {
            if !spec.items.isEmpty {
                var items: [Int] = []
                for item in spec.items {
                    let index = try resolver.column(item, schema)
                    let type = schema.columns[index].type
                    guard type == .boolean || type == .text || type.isPlainNumeric else {
                        throw resolver.error(.resolveTabulate, "the set's column '\(item.text)' holds \(type.rawValue), not yes/no answers", at: item.range)
                    }
                    items.append(index)
                }
                rowSpecs.append(TabulateStep.Row(column: items[0], nets: [], set: (spec.column.text, items)))
                continue
            }
            let index = try resolver.column(spec.column, schema)
            let type = schema.columns[index].type
            guard type == .text || type == .boolean || type.isPlainNumeric else {
                throw resolver.error(.resolveTabulate, "'\(spec.column.text)' holds \(type.rawValue): tabulate needs categories (text, yes/no) or numbers",
                                     at: spec.column.range)
            }
            if !spec.nets.isEmpty, type != .text {
                throw resolver.error(.resolveTabulate, "nets combine text categories; '\(spec.column.text)' holds \(type.rawValue)", at: spec.nets[0].name.range)
            }
            rowSpecs.append(TabulateStep.Row(column: index, nets: spec.nets.map { ($0.name.text, $0.categories) }))
        }
        var bannerIndexes: [Int] = []
        for b in banners {
            let index = try resolver.column(b, schema)
            guard schema.columns[index].type != .estimate else {
                throw resolver.error(.resolveTabulate, "'\(b.text)' holds estimates, not categories", at: b.range)
            }
            bannerIndexes.append(index)
        }
        var mode = TabulateStep.Show.column
        if let show {
            guard let m = TabulateStep.Show(rawValue: show.text) else {
                throw resolver.error(.resolveTabulate, "unknown 'show \(show.text)'", at: show.range,
                                     hints: ["show " + TabulateStep.Show.allCases.map(\.rawValue).joined(separator: " | ")])
            }
            mode = m
        }
        let weight = schema.weight.flatMap(schema.index(of:))
        schema = Schema(columns: TabulateOutput.columns)
        return TabulateStep(rows: rowSpecs, banners: bannerIndexes, show: mode, weight: weight, range: site.range)
    }
}

/// The long form of a banner table: one row per cell.
enum TabulateOutput {
    static let columns = [
        SchemaColumn(name: "variable", type: .text), SchemaColumn(name: "category", type: .text),
        SchemaColumn(name: "kind", type: .text), SchemaColumn(name: "banner", type: .text),
        SchemaColumn(name: "column", type: .text), SchemaColumn(name: "letter", type: .text),
        SchemaColumn(name: "value", type: .estimate), SchemaColumn(name: "count", type: .number),
        SchemaColumn(name: "n", type: .integer), SchemaColumn(name: "weighted_n", type: .number),
        SchemaColumn(name: "letters", type: .text), SchemaColumn(name: "statistic", type: .number),
        SchemaColumn(name: "ndf", type: .number), SchemaColumn(name: "ddf", type: .number),
        SchemaColumn(name: "p", type: .probability),
    ]
}

struct TabulateStep: PlanStep {
    struct Row: Sendable {
        var column: Int
        var nets: [(name: String, categories: [String])]
        /// A multiple-response set: its name and yes/no columns (then `column` is unused).
        var set: (name: String, items: [Int])? = nil
    }

    enum Show: String, Sendable, CaseIterable {
        /// Column percentages (the default), row percentages, or (weighted) counts.
        case column, row, count
    }

    var rows: [Row]
    var banners: [Int]
    var show: Show
    var weight: Int?
    var range: SourceRange

    func run(_ state: inout PipelineState, _ context: EvaluationContext) throws(Diagnostic) {
        state.table = try Tabulate.apply(self, to: state.table, context: context)
    }
}
