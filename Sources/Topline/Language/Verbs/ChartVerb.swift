/// `chart bar VALUE by LABEL`, `chart dumbbell FROM -> TO by LABEL`,
/// `chart line VALUE over X [by SERIES]`. `bar`, `dumbbell`, `line` and
/// `over` are words only here.
struct ChartVerb: VerbSyntax {
    static let definition = VerbDefinition(
        keyword: .chart,
        summary: "the last verb: draws the result (bars with interval whiskers, dumbbells, lines) and changes no data",
        syntax: "chart bar V by L | chart dumbbell A -> B by L | chart line V over X [by S]",
        example: #"from ceo_study_metrics | where edition_year == 2012 and segment_type == "region" and horizon == "now" | chart bar pct(value_pct) by segment"#,
        grammar: """
            chart = "chart" , name , expr , [ "->" , expr ] , [ "over" , name ] , [ "by" , name ] ;
            """,
        columns: .narrows,
        mustBeLast: true,
        parse: { p in
            p.advanceKeyword()
            for kind in Chart.Kind.allCases { p.note(.word(kind.rawValue)) }
            guard let kind = p.expectName("a chart kind after 'chart' (bar, dumbbell or line)", .newName),
                  let value = p.parseExpression() else { return nil }
            var chart = ChartVerb(kind: kind, value: value)
            if case .symbol(.arrow) = p.current.kind {
                p.advance()
                p.skipNewlines()
                guard let to = p.parseExpression() else { return nil }
                chart.to = to
            }
            if p.acceptWord(.over) {
                guard let over = p.expectName("a column after 'over'", .column) else { return nil }
                chart.over = over
            }
            if p.accept(.by) {
                guard let by = p.expectName("a column after 'by'", .column) else { return nil }
                chart.by = by
            }
            return chart
        })

    var kind: Name
    var value: Expr
    var to: Expr?
    var over: Name?
    var by: Name?

    var sourceText: String {
        var text = "chart \(SourcePrinter.name(kind.text)) \(value)"
        if let to { text += " -> \(to)" }
        if let over { text += " over " + SourcePrinter.name(over.text) }
        if let by { text += " by " + SourcePrinter.name(by.text) }
        return text
    }

    func dump(_ tree: inout TreeDump) {
        tree.name("Kind", kind)
        tree.expr(value)
        if let to { tree.expr(to) }
        if let over { tree.name("Over", over) }
        if let by { tree.name("By", by) }
    }

    func columnNames(into names: inout Set<String>) {
        value.columnNames(into: &names)
        to?.columnNames(into: &names)
        names.formUnion([over?.text, by?.text].compactMap { $0 })
    }

    func resolve(_ site: VerbSite, _ resolver: Resolver, _ schema: inout Schema) throws(Diagnostic) -> any PlanStep {
        try resolver.resolveChart(self, source: resolver.source, schema: schema)
    }
}

extension Keyword { static let chart = Keyword("chart") }

extension ChartStep: PlanStep {
    func run(_ state: inout PipelineState, _ context: EvaluationContext) throws(Diagnostic) {
        state.chart = try ChartData.make(self, from: state.table, title: state.title, context: context)
    }
}

extension Resolver {
    /// Checks a `chart` verb: a known kind, numeric values, and the clauses that kind needs.
    func resolveChart(_ chart: ChartVerb, source: SourceFile?, schema: Schema) throws(Diagnostic) -> ChartStep {
        guard let kind = Chart.Kind(rawValue: chart.kind.text) else {
            let names = Chart.Kind.allCases.map(\.rawValue)
            throw error(.resolveChartKind, "unknown chart '\(chart.kind.text)'", at: chart.kind.range,
                        label: Suggestions.closest(to: chart.kind.text, in: names).map { "did you mean '\($0)'?" },
                        hints: ["charts: bar VALUE by LABEL, dumbbell FROM -> TO by LABEL, line VALUE over X [by SERIES]"])
        }
        let value = try expression(chart.value, schema)
        var to: TypedExpr?
        if let t = chart.to { to = try expression(t, schema) }
        for (e, source) in [(value, chart.value)] + (to.map { [($0, chart.to!)] } ?? []) where !e.type.isNumeric && e.type != .null {
            throw error(.resolveType, "a chart draws numbers, not \(e.type.rawValue)", at: source.range)
        }
        let over = try chart.over.map { (n: Name) throws(Diagnostic) -> Int in try column(n, schema) }
        let by = try chart.by.map { (n: Name) throws(Diagnostic) -> Int in try column(n, schema) }
        switch kind {
        case .bar:
            guard by != nil else { throw error(.resolveChart, "a bar chart needs labels: chart bar VALUE by LABEL", at: chart.value.range) }
            guard to == nil, over == nil else { throw error(.resolveChart, "a bar chart takes VALUE by LABEL only", at: chart.kind.range) }
        case .dumbbell:
            guard to != nil, by != nil else {
                throw error(.resolveChart, "a dumbbell chart needs two values and labels: chart dumbbell FROM -> TO by LABEL", at: chart.value.range)
            }
        case .line:
            guard over != nil else { throw error(.resolveChart, "a line chart needs an x axis: chart line VALUE over X [by SERIES]", at: chart.value.range) }
            guard to == nil else { throw error(.resolveChart, "a line chart draws one value: chart line VALUE over X", at: chart.kind.range) }
        }
        func text(_ e: Expr) -> String { source?.text(in: e.range) ?? "value" }
        return ChartStep(kind: kind, value: value, to: to, over: over, by: by,
                         valueTitle: text(chart.value), toTitle: chart.to.map(text))
    }
}
