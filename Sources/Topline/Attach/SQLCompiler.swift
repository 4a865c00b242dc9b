/// Compiles the start of a pipeline over an attached table into one SQL statement.
///
/// Each verb is resolved as it is in memory (the same ``VerbSyntax/resolve``), and its
/// ``PlanStep`` becomes one more `SELECT … FROM (the verbs before) AS tN`, while the
/// verbs can be said in SQL that gives the same answers: `where`, `select`, `derive`
/// (its count/sum/avg/min/max as window aggregates), `summarize` of count/count_distinct/sum/avg/min/max/stddev/var
/// by groups (on a weight: sum, avg, count_weighted, and stddev/var about a window of the group's weighted mean), `share`, `mean`, `total` and `ratio` from their sufficient statistics (``SufficientStatistics``:
/// one row per group crosses the wire; outputs such as `value(share(x))` computed here from
/// them, ``SummaryOutput``), `compare` of respondents from the four cells of their answers
/// per group, `tabulate` from its cells (``tabulated(_:from:schema:design:_:)``), `sort`, `take` and `distinct`. The first verb that cannot be (or any verb
/// after a `sort` but `take`, since SQL keeps an order only at the outermost level)
/// and the rest run in Topline on the rows the statement returns.
///
/// Groups of `summarize` and rows of `distinct` come ordered by their keys (text
/// byte-wise, null last): a table in a database has no first-seen order to follow.
struct SQLCompiler {
    let source: RemoteTable
    let resolver: Resolver

    /// The SQL for the longest pushable start of `verbs`, and how many verbs it covers.
    func compile(_ verbs: [Verb]) throws(Diagnostic) -> SQLPlan {
        if let design = source.design { return try compileDesign(verbs, design) }
        // On a weighted table a `where` may go to the server only when the `summarize` after it does
        // too, with the design's row count (N) from the whole table: its estimates are then those of
        // domains, as in memory. Fetched rows after a pushed `where` would have lost the other rows.
        let plan = try compile(verbs, domains: source.weight != nil)
        guard source.weight != nil, plan.filtersWeightedRows, !plan.endsInSummary else { return plan }
        return try compile(verbs, domains: false)
    }

    private func compile(_ verbs: [Verb], domains: Bool) throws(Diagnostic) -> SQLPlan {
        var schema = Schema(columns: source.columns, weight: source.weight)
        var parameters = SQLParameters()
        var level = Level(sql: Self.baseSelect(source, &parameters))
        var pushed = 0
        var filtersWeightedRows = false, endsInSummary = false
        for verb in verbs {
            guard verb.columnEffect != .fromData, !verb.definition.mustBeLast else { break }
            var after = schema
            let step = try verb.syntax.resolve(verb.site, resolver, &after)
            var attempt = parameters
            guard let next = push(step, onto: level, depth: pushed + 1, before: schema, domains: domains, &attempt) else { break }
            if schema.weight != nil, !(step is ProjectStep || step is DeriveStep) { filtersWeightedRows = true }
            endsInSummary = step is AggregateStep || step is TabulateStep || step is CompareStep
            level = next
            parameters = attempt
            schema = after
            pushed += 1
        }
        return SQLPlan(sql: level.sql, parameters: parameters, pushed: pushed, schema: schema,
                       filtersWeightedRows: filtersWeightedRows, endsInSummary: endsInSummary, finish: level.finish)
    }

    /// No verb on the server: the rows of `source` (its weight and design columns among them), for
    /// the verbs to run in Topline.
    static func fetchingRows(of source: RemoteTable) -> SQLPlan {
        var parameters = SQLParameters()
        return SQLPlan(sql: baseSelect(source, &parameters), parameters: parameters, pushed: 0,
                schema: Schema(columns: source.columns, weight: source.design?.weight ?? source.weight, hasDesign: source.design != nil))
    }

    /// The table's columns, each in the SQL type of its Topline type (``PostgresTypes/normalized(_:_:)``).
    static func baseSelect(_ source: RemoteTable) -> String {
        var unmarked: SQLParameters? = nil
        return baseSelect(source, &unmarked)
    }

    /// The same, each column marked in `parameters`' source map, so that a server error about it
    /// points at the first expression that reads it.
    static func baseSelect(_ source: RemoteTable, _ parameters: inout SQLParameters) -> String {
        var marks: SQLParameters? = parameters
        defer { parameters = marks! }
        return baseSelect(source, &marks)
    }

    private static func baseSelect(_ source: RemoteTable, _ parameters: inout SQLParameters?) -> String {
        let columns = source.columns.map { c in
            let column = SQLText.identifier(c.name)
            let read = parameters?.mark(column, nil, column: column) ?? column
            return PostgresTypes.normalized(read, c.type) + " AS " + column
        }
        return "SELECT " + (columns.isEmpty ? "1" : columns.joined(separator: ", ")) + " FROM " + source.sqlName
    }

    /// One SELECT, and what SQL guarantees about its rows' order.
    struct Level {
        var sql: String
        /// It ends in ORDER BY: only a LIMIT may follow without losing the order.
        var ordered = false
        var limited = false
        /// The rows are figures a last step here turns into the verb's output.
        var finish: SQLPlan.Finish?
    }

    func push(_ step: any PlanStep, onto level: Level, depth: Int, before schema: Schema, domains: Bool,
                      _ parameters: inout SQLParameters) -> Level? {
        let alias = "t\(depth)"
        let from = "FROM (\(level.sql)) AS \(alias)"
        let names = schema.columns.map { SQLText.identifier($0.name) }
        let expression = SQLExpression(columns: names, types: schema.columns.map(\.type))
        if let take = step as? TakeStep {
            if level.ordered && !level.limited { return Level(sql: level.sql + " LIMIT \(take.count)", ordered: true, limited: true) }
            return level.ordered ? nil : Level(sql: "SELECT * \(from) LIMIT \(take.count)", limited: true)
        }
        // Any other verb after ORDER BY would be free to reorder the rows.
        if level.ordered { return nil }
        // On a weighted table a `where` is a domain of the whole sample, which fetched rows
        // would no longer know: weighted verbs stay on every row (but see ``compile(_:)``).
        if schema.weight != nil, !domains, !(step is ProjectStep || step is DeriveStep) { return nil }
        switch step {
        case let filter as FilterStep:
            guard let condition = expression.sql(filter.condition, &parameters) else { return nil }
            return Level(sql: "SELECT * \(from) WHERE \(condition)")
        case let project as ProjectStep:
            var items: [String] = []
            for output in project.outputs {
                guard let value = expression.sql(output.expr, &parameters) else { return nil }
                items.append(Self.cast(value, output.expr.type) + " AS " + SQLText.identifier(output.name))
            }
            return Level(sql: "SELECT " + (items.isEmpty ? "1" : items.joined(separator: ", ")) + " " + from)
        case let derive as DeriveStep:
            return derived(derive, onto: level, depth: depth, schema: schema, &parameters)
        case let summarize as AggregateStep:
            return summarized(summarize, onto: level, alias: alias, schema: schema, expression: expression, &parameters)
        case let sort as SortStep:
            var keys: [String] = []
            for (key, descending) in sort.keys {
                guard let k = expression.sql(key, &parameters) else { return nil }
                keys.append(SQLExpression.collated(k, key.type) + (descending ? " DESC" : " ASC") + " NULLS LAST")
            }
            return Level(sql: "SELECT * \(from) ORDER BY " + keys.joined(separator: ", "), ordered: true)
        case let compare as CompareStep:
            return compared(compare, from: from, schema: schema, expression: expression, &parameters)
        case let join as JoinStep:
            return joined(join, onto: level, depth: depth, schema: schema, &parameters)
        case let tabulate as TabulateStep:
            return tabulated(tabulate, from: from, schema: schema, design: schema.weight.map { .weight($0) } ?? .none, &parameters)
        case let distinct as DistinctStep:
            let keys = distinct.keys.map { names[$0] }
            let order = distinct.keys.map { SQLExpression.collated(names[$0], schema.columns[$0].type) + " ASC NULLS LAST" }
            guard !keys.isEmpty else { return nil }
            return Level(sql: "SELECT \(keys.joined(separator: ", ")) \(from) GROUP BY \(keys.joined(separator: ", ")) ORDER BY \(order.joined(separator: ", "))",
                         ordered: true)
        default:
            return nil
        }
    }

    /// `compare A vs B [by …]` of two yes/no items of respondents: per group the four cells of their
    /// answers (both, first only, second only, neither) — unweighted their counts, McNemar's test's;
    /// on a weight each cell's rows, Σw and Σw² over the rows with a usable weight, and the design's
    /// rows N (``Comparison/pairedDesign(cells:units:weight:range:context:)``) — and the group's row
    /// count (an empty table has no group); the comparison is made from them (``SQLPlan/finish``).
    /// Nothing may follow it on the server: the p-values are adjusted across all the groups.
    private func compared(_ step: CompareStep, from: String, schema: Schema, expression: SQLExpression,
                          _ parameters: inout SQLParameters) -> Level? {
        guard case .respondents(let weight) = step.data, (weight == nil) == (schema.weight == nil), !schema.hasDesign,
              let a = expression.sql(step.first, &parameters), let b = expression.sql(step.second, &parameters) else { return nil }
        let keys = step.groupBy.map { expression.columns[$0] }
        let cells = ["\(a) AND \(b)", "\(a) AND NOT \(b)", "NOT \(a) AND \(b)", "NOT \(a) AND NOT \(b)"]
        var items = keys
        if let weight {
            let w = expression.columns[weight]
            let usable = SufficientStatistics.usableWeight(w)
            for cell in cells {
                items += ["count(CASE WHEN \(usable) AND \(cell) THEN 1 END)", "sum(CASE WHEN \(usable) AND \(cell) THEN CAST(\(w) AS double precision) END)",
                          "sum(CASE WHEN \(usable) AND \(cell) THEN CAST(\(w) AS double precision) * CAST(\(w) AS double precision) END)"]
            }
            items += ["count(*)", "(SELECT count(*) FROM \(source.sqlName))"]
        } else {
            items += cells.map { "count(CASE WHEN \($0) THEN 1 END)" } + ["count(*)"]
        }
        var sql = "SELECT \(items.joined(separator: ", ")) \(from)"
        if !keys.isEmpty {
            let order = step.groupBy.map { SQLExpression.collated(expression.columns[$0], schema.columns[$0].type) + " ASC NULLS LAST" }
            sql += " GROUP BY \(keys.joined(separator: ", ")) ORDER BY \(order.joined(separator: ", "))"
        }
        return Level(sql: sql, ordered: true, limited: true,
                     finish: .compare(step, keys: step.groupBy.map { schema.columns[$0] }, weight: weight.map { schema.columns[$0].name }))
    }

    /// `derive a = …, b = …`: one level per item, as each item sees the ones before it. An item's
    /// aggregates (`avg(x) by g`, ``windowAggregate(_:_:over:_:)``) are window aggregates, `OVER
    /// (PARTITION BY g)`; as PostgreSQL sorts the rows by their partition to compute them, each row's
    /// place in the order they came is kept (`row_number() OVER ()` before any window) and the rows
    /// come back in it (ORDER BY), so only a `take` may follow on the server.
    private func derived(_ derive: DeriveStep, onto start: Level, depth: Int, schema start0: Schema,
                         _ parameters: inout SQLParameters) -> Level? {
        var level = start
        var columns = start0.columns
        let windowed = derive.items.contains { !$0.aggregates.isEmpty }
        let position = SQLText.identifier("topline row position")
        if windowed {
            // Weighted aggregates are estimates of the design, and the position's name must be free.
            guard start0.weight == nil, !start0.hasDesign, !columns.contains(where: { $0.name == "topline row position" }) else { return nil }
            level = Level(sql: "SELECT *, row_number() OVER () AS \(position) FROM (\(level.sql)) AS t\(depth)_p")
        }
        for (i, item) in derive.items.enumerated() {
            let names = columns.map { SQLText.identifier($0.name) }
            var expression = SQLExpression(columns: names, types: columns.map(\.type))
            let over = "OVER (" + (item.groupBy.isEmpty ? "" : "PARTITION BY " + item.groupBy.map { names[$0] }.joined(separator: ", ")) + ")"
            for a in item.aggregates {
                guard let sql = windowAggregate(a, expression, over: over, &parameters) else { return nil }
                expression.aggregates.append(sql)
            }
            guard let value = expression.sql(item.output.expr, &parameters) else { return nil }
            let made = Self.cast(value, item.output.expr.type) + " AS " + SQLText.identifier(item.output.name)
            var items = names
            let column = SchemaColumn(name: item.output.name, type: item.output.expr.type)
            if let existing = columns.firstIndex(where: { $0.name == item.output.name }) {
                items[existing] = made
                columns[existing] = column
            } else {
                items.append(made)
                columns.append(column)
            }
            if windowed { items.append(position) }
            level = Level(sql: "SELECT \(items.joined(separator: ", ")) FROM (\(level.sql)) AS t\(depth)_\(i)")
        }
        guard windowed else { return level }
        let names = columns.map { SQLText.identifier($0.name) }
        return Level(sql: "SELECT \(names.joined(separator: ", ")) FROM (\(level.sql)) AS t\(depth)_o ORDER BY \(position)", ordered: true)
    }

    /// A window aggregate of `derive` over `over`: `count`, `sum`, `avg`, `min` and `max` of
    /// unweighted values (``plainAggregate(_:_:over:)``, as in a `summarize`); nil for the others
    /// (`rank` and `row_number` follow an order SQL does not keep, estimates need the rows).
    private func windowAggregate(_ a: ResolvedAggregate, _ expression: SQLExpression, over: String,
                                 _ parameters: inout SQLParameters) -> String? {
        guard a.weight == nil, a.moreArguments.isEmpty, !a.function.window else { return nil }
        var argument: String?
        if let x = a.argument {
            guard let sql = expression.sql(x, &parameters) else { return nil }
            argument = sql
        }
        return Self.plainAggregate(a, argument, over: over)
    }

    /// `summarize … by …`: GROUP BY the keys, ORDER BY them as ``Grouping/ordered(_:)`` would
    /// (text byte-wise here), each aggregate as its SQL aggregate.
    private func summarized(_ step: AggregateStep, onto level: Level, alias: String, schema: Schema, expression start: SQLExpression,
                            _ parameters: inout SQLParameters) -> Level? {
        var expression = start
        var from = "FROM (\(level.sql)) AS \(alias)"
        // A weighted `stddev`/`var` is two passes, as in memory: its group's weighted mean comes first, as a
        // window over the rows (an aggregate cannot read another), in a column whose name must be free.
        var means: [Int: String] = [:], windows: [String] = []
        let partition = step.groupBy.isEmpty ? "" : "PARTITION BY " + step.groupBy.map { start.columns[$0] }.joined(separator: ", ")
        for (i, a) in step.aggregates.enumerated() where a.weight != nil && Self.spreads.contains(a.function.name) {
            let name = "topline mean \(i)"
            guard !schema.columns.contains(where: { $0.name == name }), let x = a.argument, x.type.isPlainNumeric || x.type == .percent,
                  let weight = a.weight, let sql = expression.sql(x, &parameters) else { return nil }
            means[i] = SQLText.identifier(name)
            windows.append(Self.weightedMean(sql, weight: expression.columns[weight], over: "OVER (\(partition))") + " AS " + means[i]!)
        }
        if !windows.isEmpty { from = "FROM (SELECT *, \(windows.joined(separator: ", ")) FROM (\(level.sql)) AS \(alias)_m) AS \(alias)" }
        // N of the design: the rows summarized, or with a weight all rows of the attached table.
        let units = schema.weight != nil ? "(SELECT count(*) FROM \(source.sqlName))"
            : step.groupBy.isEmpty ? "count(*)" : "sum(count(*)) OVER ()"
        // Estimates only `value()` reads need only the sums of their value, and N only as "one or more".
        let unitsAtMostTwo = schema.weight != nil ? "(SELECT count(*) FROM (SELECT 1 FROM \(source.sqlName) LIMIT 2) AS u)" : units
        for (i, a) in step.aggregates.enumerated() {
            guard let sql = aggregate(a, expression, units: a.valueOnly ? unitsAtMostTwo : units, point: a.valueOnly, mean: means[i], &parameters)
            else { return nil }
            expression.aggregates.append(sql)
        }
        let keys = step.groupBy.map { expression.columns[$0] }
        var items = keys
        var computed: [Int: SummaryOutput] = [:]
        for output in step.outputs {
            // An estimate comes back as its sufficient statistics (``shareStatistics``), not as a value to compute with.
            if output.expr.type == .estimate {
                guard case .aggregate(let i) = output.expr.kind else { return nil }
                items.append(expression.aggregates[i] + " AS " + SQLText.identifier(output.name))
                continue
            }
            if let value = expression.sql(output.expr, &parameters) {
                items.append(Self.cast(value, output.expr.type) + " AS " + SQLText.identifier(output.name))
                continue
            }
            // `value(share(x))` and the like: the aggregates' figures come back, the output is computed here.
            guard let local = SummaryOutput(output.expr, aggregates: step.aggregates) else { return nil }
            computed[items.count] = local
            items.append(local.sql(expression.aggregates) + " AS " + SQLText.identifier(output.name))
        }
        var sql = "SELECT \(items.joined(separator: ", ")) \(from)"
        // Outputs computed here end what the server can do: their columns are figures, not values.
        let finish: SQLPlan.Finish? = computed.isEmpty ? nil : .summary(computed, aggregateTypes: step.aggregates.map(\.type))
        guard !keys.isEmpty else { return Level(sql: sql, ordered: finish != nil, limited: finish != nil, finish: finish) }
        let order = step.groupBy.map { SQLExpression.collated(expression.columns[$0], schema.columns[$0].type) + " ASC NULLS LAST" }
        sql += " GROUP BY \(keys.joined(separator: ", ")) ORDER BY \(order.joined(separator: ", "))"
        return Level(sql: sql, ordered: true, limited: finish != nil, finish: finish)
    }

    private func aggregate(_ a: ResolvedAggregate, _ expression: SQLExpression, units: String, point: Bool = false, mean: String? = nil,
                           _ parameters: inout SQLParameters) -> String? {
        func statistics(_ kind: EstimateKind, a: SufficientStatistics.Summed, b: String?, weight: String?, units: String) -> String {
            point ? SufficientStatistics.pointSQL(kind, a: a, b: b, weight: weight, units: units)
                : SufficientStatistics.sql(kind, a: a, b: b, weight: weight, units: units)
        }
        // ratio(y, x) has its denominator as a second argument.
        guard a.moreArguments.isEmpty || (a.function.name == "ratio" && a.moreArguments.count == 1) else { return nil }
        let weight = a.weight.map { expression.columns[$0] }
        // Weighted, the estimates of sufficient statistics and the point estimates go to the server.
        let estimates = ["mean", "share", "total", "ratio"], points = ["sum", "avg", "count_weighted"]
        guard weight == nil || estimates.contains(a.function.name) || points.contains(a.function.name) || mean != nil else { return nil }
        if estimates.contains(a.function.name), a.type != .estimate { return nil }
        var argument: String?
        if let x = a.argument {
            guard let sql = expression.sql(x, &parameters) else { return nil }
            argument = sql
        }
        if let weight, let mean, let x = argument {
            return Self.weightedSpread(a.function.name, x, weight: weight, mean: mean)
        }
        if let weight, points.contains(a.function.name) {
            guard a.argument.map({ $0.type.isPlainNumeric || $0.type == .percent }) ?? (a.function.name == "count_weighted") else { return nil }
            return Self.weightedPoint(a.function.name, argument, weight: weight)
        }
        let type = a.argument?.type ?? .null
        switch (a.function.name, argument) {
        case ("count_distinct", let x?):
            return type == .text || type.isPlainNumeric || type.isTemporal || type == .boolean ? "count(DISTINCT \(x))" : nil
        case ("share", let x?) where type == .boolean && weight == nil:
            return Self.shareStatistics(x)
        case ("share", let x?) where type == .boolean:
            return statistics(.share, a: .indicator(x), b: nil, weight: weight, units: units)
        case ("mean", let x?) where type.isPlainNumeric:
            return statistics(.mean, a: .number(x), b: nil, weight: weight, units: units)
        case ("total", let x?) where type.isPlainNumeric:
            return statistics(.total, a: .number(x), b: nil, weight: weight, units: units)
        case ("ratio", let y?) where type.isPlainNumeric && a.moreArguments[0].type.isPlainNumeric:
            guard let x = expression.sql(a.moreArguments[0], &parameters) else { return nil }
            return statistics(.ratio, a: .number(y), b: x, weight: weight, units: units)
        default:
            return Self.plainAggregate(a, argument, over: "")
        }
    }

    /// `count`, `count_weighted`, `sum`, `avg`, `min`, `max`, `stddev`, `var` and `median` of unweighted values as SQL aggregates, typed as in
    /// memory (an integer sum as `bigint`, an average in `double precision`, text byte-wise, a
    /// boolean's min and max as `bool_and`/`bool_or`), or over a window (`over`: `OVER (…)`, or
    /// "" in a `summarize`); nil for any other function or type.
    private static func plainAggregate(_ a: ResolvedAggregate, _ argument: String?, over: String) -> String? {
        let window = over.isEmpty ? "" : " " + over
        let type = a.argument?.type ?? .null
        switch (a.function.name, argument) {
        case ("count", nil): return "count(*)\(window)"
        case ("count", let x?): return "count(\(x))\(window)"
        // Unweighted, every row weighs 1.
        case ("count_weighted", nil): return "CAST(count(*)\(window) AS double precision)"
        case ("count_weighted", let x?): return "CAST(count(\(x))\(window) AS double precision)"
        case ("sum", let x?):
            guard type.isPlainNumeric else { return nil }
            return a.type == .integer ? "CAST(sum(\(x))\(window) AS bigint)" : "sum(CAST(\(x) AS double precision))\(window)"
        case ("avg", let x?):
            guard type.isPlainNumeric else { return nil }
            return "avg(CAST(\(x) AS double precision))\(window)"
        case ("stddev", let x?), ("var", let x?):
            // The sample figures (n − 1), null below two values, as in memory; PostgreSQL's are computed stably.
            guard type.isPlainNumeric || type == .percent else { return nil }
            return "\(a.function.name == "stddev" ? "stddev_samp" : "var_samp")(CAST(\(x) AS double precision))\(window)"
        case ("median", let x?):
            // The middle value, or the mean of the two middle ones (an ordered-set aggregate: no window).
            guard window.isEmpty, a.type != .estimate, type.isPlainNumeric || type == .percent else { return nil }
            return "percentile_cont(0.5) WITHIN GROUP (ORDER BY CAST(\(x) AS double precision))"
        case ("min", let x?), ("max", let x?):
            let smallest = a.function.name == "min"
            if type == .boolean { return (smallest ? "bool_and(\(x))" : "bool_or(\(x))") + window }
            if type == .text { return "\(a.function.name)(\(SQLExpression.collated(x, type)))\(window)" }
            return type.isPlainNumeric || type.isTemporal ? "\(a.function.name)(\(x))\(window)" : nil
        default:
            return nil
        }
    }

    /// An unweighted `share(condition)` as its sufficient statistics, the rows where the condition
    /// is true and the rows where it is not null, as the text `"hits n"`; ``RemotePipeline``
    /// makes the estimate from them as `ShareAccumulator` does (hits / n, effective n = n).
    static func shareStatistics(_ condition: String) -> String {
        "('srs ' || CAST(count(CASE WHEN \(condition) THEN 1 END) AS text) || ' ' || CAST(count(\(condition)) AS text))"
    }

    /// A value in the SQL type its Topline type is fetched as.
    static func cast(_ sql: String, _ type: ValueType) -> String {
        type == .null ? sql : "CAST(\(sql) AS \(PostgresTypes.sqlType(type)))"
    }
}

/// One SQL statement for the start of a pipeline: its text, its parameters, how many
/// verbs it does, and the columns it returns.
struct SQLPlan: Sendable {
    var sql: String
    var parameters: SQLParameters
    var pushed: Int
    var schema: Schema
    /// Whether a `where` (or another verb that drops rows) of a weighted table is among the verbs it does.
    var filtersWeightedRows = false
    /// Whether its last verb is a `summarize` (or a `tabulate`, a `compare`): of domains, on a weighted table.
    var endsInSummary = false
    /// What turns the rows into the last verb's output, when they are its sufficient statistics.
    var finish: Finish?
    /// Where the parts of `sql` came from, once ``stripped()``.
    var sourceMap = SQLSourceMap()

    /// The plan with its SQL's marks taken out (into ``sourceMap``): what is sent and shown.
    func stripped() -> SQLPlan {
        var plan = self
        (plan.sql, plan.sourceMap) = SQLSourceMap.strip(sql, parameters.origins)
        return plan
    }

    enum Finish: Sendable {
        /// `compare` of respondents: the group keys (these columns), then both, first only,
        /// second only, neither (on a weight, each as its rows, Σw and Σw²), the group's rows (and
        /// on a weight, named here, the design's rows).
        case compare(CompareStep, keys: [SchemaColumn], weight: String?)
        /// A `summarize` on a survey design: per group and unit of the design, the sums of ``DesignSummary``.
        case design(DesignSummary)
        /// `tabulate`: the banner table's cells (``TabulateSummary``).
        case tabulate(TabulateSummary)
        /// `summarize` whose outputs at these column indexes are computed here from the
        /// aggregates' figures (``SummaryOutput``); the types are those of all its aggregates.
        case summary([Int: SummaryOutput], aggregateTypes: [ValueType])
    }
}
