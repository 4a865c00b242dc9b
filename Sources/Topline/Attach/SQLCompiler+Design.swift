/// A pipeline over an attached table with a survey design (``RemoteDesign``): `where` and
/// `derive` (domains, as in memory) and then a `summarize` of `mean`, `total`, `ratio`, `share`
/// and `count` by groups go to the server as ONE aggregate query that returns, per group and
/// per unit of the design (strata × PSU × later-stage units; per stratum when the units are
/// rows), the sums the estimates need (``DesignSummary``); a `tabulate` goes as the banner table's
/// cells (``tabulated(_:from:schema:design:_:)``). Any other pipeline fetches the rows
/// (with every design column, and no verb on the server: a `where` there would lose the PSUs
/// outside the domain) and runs as on a loaded dataset with the same design.
extension SQLCompiler {
    func compileDesign(_ verbs: [Verb], _ design: RemoteDesign) throws(Diagnostic) -> SQLPlan {
        let schema = Schema(columns: source.columns, weight: design.weight, hasDesign: true)
        if let plan = try designSummary(verbs, design, schema) { return plan }
        return Self.fetchingRows(of: source)
    }

    private func designSummary(_ verbs: [Verb], _ design: RemoteDesign, _ start: Schema) throws(Diagnostic) -> SQLPlan? {
        var schema = start
        var parameters = SQLParameters()
        var level = Level(sql: Self.baseSelect(source, &parameters))
        let designColumns = Set(design.columns(in: source))
        for (i, verb) in verbs.enumerated() {
            guard verb.columnEffect != .fromData, !verb.definition.mustBeLast else { return nil }
            var after = schema
            let step = try verb.syntax.resolve(verb.site, resolver, &after)
            var attempt = parameters
            switch step {
            case let summarize as AggregateStep:
                // A `compare` of two estimates needs each unit's linearised values of both; a stratum's sums of
                // each alone do not give their covariance, so without clusters the rows are fetched.
                // Replicate estimates made from sums keep no domain for it either.
                switch design.structure {
                case .rows, .replicates:
                    if verbs[(i + 1)...].contains(where: { $0.definition.keyword == .compare }) { return nil }
                case .units:
                    break
                }
                guard let (sql, summary) = designSummarized(summarize, design, from: "FROM (\(level.sql)) AS t\(i + 1)",
                                                            schema: schema, after: after, &attempt) else { return nil }
                return SQLPlan(sql: sql, parameters: attempt, pushed: i + 1, schema: after, endsInSummary: true, finish: .design(summary))
            case let tabulate as TabulateStep:
                let cells: TabulateDesign
                switch design.structure {
                case .rows(let stage, let groups): cells = .strata(design, stage, groups)
                case .units(let units, let index): cells = .units(design, units, index)
                case .replicates(let columns, let method): cells = .replicates(design, columns, method)
                }
                guard let level = tabulated(tabulate, from: "FROM (\(level.sql)) AS t\(i + 1)", schema: schema, design: cells, &attempt) else { return nil }
                return SQLPlan(sql: level.sql, parameters: attempt, pushed: i + 1, schema: after, endsInSummary: true, finish: level.finish)
            case let derive as DeriveStep:
                // A derived column may not replace a design column: the units would change.
                guard !derive.items.contains(where: { designColumns.contains($0.output.name) }) else { return nil }
                fallthrough
            case is FilterStep:
                guard let next = push(step, onto: level, depth: i + 1, before: schema, domains: true, &attempt) else { return nil }
                level = next
            default:
                return nil
            }
            parameters = attempt
            schema = after
        }
        return nil
    }

    /// The query of a design `summarize`: an inner SELECT of each group key (`g0`, …), design key
    /// (`d0`, …: strata and clusters), the weight (`w`), and each estimate's value and denominator
    /// (`v0`, `b0`, …: null outside its domain), then per group × design key the sums of
    /// ``DesignSummary/sums``. Only names Topline makes up appear in the outer query.
    private func designSummarized(_ step: AggregateStep, _ design: RemoteDesign, from: String, schema: Schema, after: Schema,
                                  _ parameters: inout SQLParameters) -> (String, DesignSummary)? {
        let expression = SQLExpression(columns: schema.columns.map { SQLText.identifier($0.name) }, types: schema.columns.map(\.type))
        let designKeys: [String]
        var replicates = 0
        switch design.structure {
        case .units: designKeys = design.keys
        case .rows: designKeys = [design.strata].compactMap { $0 }
        case .replicates(let columns, _):
            designKeys = []
            replicates = columns.count
        }
        var inner = step.groupBy.enumerated().map { "\(expression.columns[$1]) AS \(SQLText.identifier("g\($0)"))" }
        inner += designKeys.enumerated().map { "\(SQLText.identifier($1)) AS \(SQLText.identifier("d\($0)"))" }
        inner.append("CAST(\(SQLText.identifier(design.weight)) AS double precision) AS \"w\"")
        if case .replicates(let columns, _) = design.structure {
            inner += columns.enumerated().map { "CAST(\(SQLText.identifier($1)) AS double precision) AS \(SQLText.identifier("r\($0)"))" }
        }
        var outer = (0..<step.groupBy.count).map { SQLText.identifier("g\($0)") } + (0..<designKeys.count).map { SQLText.identifier("d\($0)") }
        var outputs: [DesignSummary.Output] = []
        for output in step.outputs {
            guard case .aggregate(let index) = output.expr.kind else { return nil }
            let a = step.aggregates[index], k = outputs.count
            let argument: String?
            if let x = a.argument {
                guard let sql = expression.sql(x, &parameters) else { return nil }
                argument = sql
            } else {
                argument = nil
            }
            let type = a.argument?.type ?? .null
            switch (a.function.name, argument) {
            case ("count", nil):
                outer.append("count(*)")
                outputs.append(.count)
                continue
            case ("count", let x?):
                inner.append("\(x) AS \(SQLText.identifier("c\(k)"))")
                outer.append("count(\(SQLText.identifier("c\(k)")))")
                outputs.append(.count)
                continue
            default:
                break
            }
            guard a.type == .estimate, let x = argument else { return nil }
            let value: String, denominator: String
            switch a.function.name {
            case "mean", "total":
                guard type.isPlainNumeric, a.moreArguments.isEmpty else { return nil }
                value = "CAST(\(x) AS double precision)"
                denominator = "CASE WHEN \(x) IS NOT NULL THEN CAST(1 AS double precision) END"
            case "share":
                guard type == .boolean, a.moreArguments.isEmpty else { return nil }
                value = "CAST(CASE WHEN \(x) THEN 1 WHEN NOT \(x) THEN 0 END AS double precision)"
                denominator = "CASE WHEN \(x) IS NOT NULL THEN CAST(1 AS double precision) END"
            case "ratio":
                guard type.isPlainNumeric, a.moreArguments.count == 1, a.moreArguments[0].type.isPlainNumeric,
                      let d = expression.sql(a.moreArguments[0], &parameters) else { return nil }
                // A row with y or x null is outside the domain.
                value = "CASE WHEN \(d) IS NOT NULL THEN CAST(\(x) AS double precision) END"
                denominator = "CASE WHEN \(x) IS NOT NULL THEN CAST(\(d) AS double precision) END"
            default:
                return nil
            }
            guard let kind = DesignSummary.kind(a.function.name) else { return nil }
            inner.append("\(value) AS \(SQLText.identifier("v\(k)"))")
            inner.append("\(denominator) AS \(SQLText.identifier("b\(k)"))")
            outer += DesignSummary.sums(v: SQLText.identifier("v\(k)"), b: SQLText.identifier("b\(k)"))
            if replicates > 0 { outer += DesignSummary.replicateSums(v: SQLText.identifier("v\(k)"), b: SQLText.identifier("b\(k)"), count: replicates) }
            outputs.append(.estimate(kind, a.range))
        }
        var sql = "SELECT \(outer.joined(separator: ", ")) FROM (SELECT \(inner.joined(separator: ", ")) \(from)) AS s"
        let grouped = (0..<step.groupBy.count).map { SQLText.identifier("g\($0)") } + (0..<designKeys.count).map { SQLText.identifier("d\($0)") }
        if !grouped.isEmpty {
            // Groups in key order, as ``SQLCompiler`` orders every summarize; a group's units together.
            let order = step.groupBy.enumerated().map { i, c in
                SQLExpression.collated(SQLText.identifier("g\(i)"), schema.columns[c].type) + " ASC NULLS LAST"
            } + (0..<designKeys.count).map { SQLText.identifier("d\($0)") }
            sql += " GROUP BY \(grouped.joined(separator: ", ")) ORDER BY \(order.joined(separator: ", "))"
        }
        let summary = DesignSummary(design: design, keys: step.groupBy.map { schema.columns[$0] }, designKeys: designKeys.count,
                                    outputs: outputs, names: step.outputs.map(\.name))
        return (sql, summary)
    }
}
