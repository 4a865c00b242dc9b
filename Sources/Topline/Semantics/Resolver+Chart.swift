extension Resolver {
    /// Checks a `chart` verb: a known kind, numeric values, and the clauses that kind needs.
    func resolveChart(_ chart: ChartSyntax, source: SourceFile?, schema: Schema) throws(Diagnostic) -> ResolvedStep {
        guard let kind = Chart.Kind(rawValue: chart.kind.text) else {
            let names = Chart.Kind.allCases.map(\.rawValue)
            throw error("resolve.chart-kind", "unknown chart '\(chart.kind.text)'", at: chart.kind.range,
                        label: Suggestions.closest(to: chart.kind.text, in: names).map { "did you mean '\($0)'?" },
                        hints: ["charts: bar VALUE by LABEL, dumbbell FROM -> TO by LABEL, line VALUE over X [by SERIES]"])
        }
        let value = try expression(chart.value, schema)
        var to: TypedExpr?
        if let t = chart.to { to = try expression(t, schema) }
        for (e, source) in [(value, chart.value)] + (to.map { [($0, chart.to!)] } ?? []) where !e.type.isNumeric && e.type != .null {
            throw error("resolve.type", "a chart draws numbers, not \(e.type.rawValue)", at: source.range)
        }
        let over = try chart.over.map { (n: Name) throws(Diagnostic) -> Int in try column(n, schema) }
        let by = try chart.by.map { (n: Name) throws(Diagnostic) -> Int in try column(n, schema) }
        switch kind {
        case .bar:
            guard by != nil else { throw error("resolve.chart", "a bar chart needs labels: chart bar VALUE by LABEL", at: chart.value.range) }
            guard to == nil, over == nil else { throw error("resolve.chart", "a bar chart takes VALUE by LABEL only", at: chart.kind.range) }
        case .dumbbell:
            guard to != nil, by != nil else {
                throw error("resolve.chart", "a dumbbell chart needs two values and labels: chart dumbbell FROM -> TO by LABEL", at: chart.value.range)
            }
        case .line:
            guard over != nil else { throw error("resolve.chart", "a line chart needs an x axis: chart line VALUE over X [by SERIES]", at: chart.value.range) }
            guard to == nil else { throw error("resolve.chart", "a line chart draws one value: chart line VALUE over X", at: chart.kind.range) }
        }
        func text(_ e: Expr) -> String { source?.text(in: e.range) ?? "value" }
        return .chart(ChartStep(kind: kind, value: value, to: to, over: over, by: by,
                                valueTitle: text(chart.value), toTitle: chart.to.map(text)))
    }
}
