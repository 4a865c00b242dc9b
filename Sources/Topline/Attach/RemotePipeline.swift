/// Runs a pipeline whose source is a table of an attached database: the start that
/// compiles to SQL (``SQLCompiler``) runs on the server as one statement, the rest in
/// Topline on the rows it returns, exactly as it would on a loaded dataset.
struct RemotePipeline {
    let source: RemoteTable
    let pipeline: Pipeline
    let resolver: Resolver
    let context: EvaluationContext

    /// The source with only the columns the pipeline reads (projection pushdown, as for a
    /// loaded file), its weight and its design's columns.
    var narrowed: RemoteTable {
        var narrowed = source
        if var names = ProjectionAnalysis.columnsRead(by: pipeline) {
            if let weight = source.weight { names.insert(weight) }
            if let design = source.design { names.formUnion(design.columns(in: source)) }
            narrowed.columns = source.columns.filter { names.contains($0.name) }
        }
        return narrowed
    }

    /// The SQL and which verbs it covers.
    func plan() throws(Diagnostic) -> SQLPlan {
        let narrowed = narrowed
        do throws(Diagnostic) {
            return try SQLCompiler(source: narrowed, resolver: resolver).compile(pipeline.verbs).stripped()
        } catch {
            // Resolved against every column, its diagnostics name them all.
            return try SQLCompiler(source: source, resolver: resolver).compile(pipeline.verbs).stripped()
        }
    }

    func run(title: String) throws(Diagnostic) -> Interpreter.Output {
        var plan = try plan()
        var fetched: Fetched
        do throws(PostgresError) {
            fetched = try fetch(plan)
        } catch {
            // A data error of the server's (SQLSTATE class 22: an integer overflow, a value out of range)
            // comes from a value of some row: the verbs run again here, on the fetched rows, so that the
            // error is the in-memory one, at its place in the pipeline.
            guard error.sqlState?.hasPrefix("22") == true, plan.pushed > 0 else { throw diagnostic(error, plan) }
            plan = SQLCompiler.fetchingRows(of: narrowed).stripped()
            do throws(PostgresError) {
                fetched = try fetch(plan)
            } catch {
                throw diagnostic(error, plan)
            }
        }
        var table: Table
        if let made = try self.table(fetched, plan) {
            table = made
        } else {
            // The server's sums were not enough (a lonely unit): the verbs run here, on the rows.
            plan = SQLCompiler.fetchingRows(of: narrowed).stripped()
            do throws(PostgresError) {
                fetched = try fetch(plan)
            } catch {
                throw diagnostic(error, plan)
            }
            table = try self.table(fetched, plan)!  // a plan without a finish always makes its table
        }
        let rest = pipeline.verbs[plan.pushed...]
        var schema = Schema(table, weight: plan.schema.weight)
        var input = table
        if let design = source.design, plan.pushed == 0 {
            // The whole table's rows with every design column (no verb ran on the server): the design
            // a loaded dataset of them would have.
            input.design = try design.frame(of: table, name: source.displayName, context: context)
            schema = Schema(input, weight: design.weight)
        } else if let weight = plan.schema.weight {
            // What runs here sees the rows' weights as a loaded dataset's (`load … weight`).
            input.design = Dataset(name: source.displayName, table: table, weightColumn: weight, origin: "postgres").designFrame
            schema.hasDesign = false
        }
        let (steps, pending, after) = try resolver.resolveSteps(rest, schema: schema)
        let resolved = ResolvedPipeline(input: input, inputSchema: schema, steps: steps, pending: pending, weight: after.weight)
        return try Interpreter(context: context, resolver: resolver).run(resolved, title: title)
    }

    private func diagnostic(_ error: PostgresError, _ plan: SQLPlan) -> Diagnostic {
        RemoteQuery.diagnostic(error, sql: plan.sql, attachment: source.attachment.name, fileName: context.fileName,
                               range: pipeline.source.range, map: plan.sourceMap)
    }

    /// What a plan's SQL returned: the rows of its columns, made into columns as they arrived (an
    /// estimate's sums kept as text, turned into estimates once all are in: they can fail), or, for a
    /// plan whose rows a last step turns into its output, the result itself (one row per group).
    private enum Fetched {
        case columns([ColumnBuilder], sums: [Int: [String?]], rows: Int)
        case finished(PostgresResult, SQLPlan.Finish)
    }

    private func fetch(_ plan: SQLPlan) throws(PostgresError) -> Fetched {
        let connection = source.attachment.connection
        if let finish = plan.finish {
            return .finished(try connection.query(plan.sql, parameters: plan.parameters.texts, interrupt: context.interrupt), finish)
        }
        let (builders, sums, rows) = try Self.stream(plan, on: connection, interrupt: context.interrupt)
        return .columns(builders, sums: sums, rows: rows)
    }

    /// Every row of an attached table, as a table: the other side of a `join` that runs here.
    static func rows(of table: RemoteTable, context: EvaluationContext, at range: SourceRange) throws(Diagnostic) -> Table {
        let plan = SQLCompiler.fetchingRows(of: table).stripped()
        do throws(PostgresError) {
            let (builders, _, rows) = try stream(plan, on: table.attachment.connection, interrupt: context.interrupt)
            return Table(unchecked: builders.enumerated().map { $1.finish(name: plan.schema.columns[$0].name) }, rowCount: rows)
        } catch {
            throw RemoteQuery.diagnostic(error, sql: plan.sql, attachment: table.attachment.name, fileName: context.fileName, range: range)
        }
    }

    /// A plan's rows streamed into columns as they arrive (single-row mode): an estimate's sums kept as text.
    private static func stream(_ plan: SQLPlan, on connection: PostgresConnection, interrupt: InterruptFlag?) throws(PostgresError)
        -> (builders: [ColumnBuilder], sums: [Int: [String?]], rows: Int) {
        let types = plan.schema.columns.map(\.type)
        var builders = types.map { ColumnBuilder(type: $0, capacity: 0) }
        var sums: [Int: [String?]] = [:]
        for (i, type) in types.enumerated() where type == .estimate { sums[i] = [] }
        var rows = 0
        _ = try connection.stream(plan.sql, parameters: plan.parameters.texts, interrupt: interrupt) { row in
            for (i, type) in types.enumerated() {
                if type == .estimate { sums[i]!.append(row[i]) } else { builders[i].append(PostgresTypes.value(row[i], as: type)) }
            }
            rows += 1
        }
        return (builders, sums, rows)
    }

    /// The table of `plan`'s schema's columns from what its SQL returned; nil when its sums are not
    /// enough for the verb's output (then the rows are fetched).
    private func table(_ fetched: Fetched, _ plan: SQLPlan) throws(Diagnostic) -> Table? {
        switch fetched {
        case .finished(let result, .tabulate(let summary)):
            return try summary.table(result, context: context)
        case .finished(let result, .compare(let step, let keys, let weight)):
            return try compared(result, step, keys, weight: weight)
        case .finished(let result, .design(let summary)):
            return try summary.table(result, context: context)
        case .finished(let result, .summary(let computed, let aggregateTypes)):
            return try summarized(result, computed, aggregateTypes: aggregateTypes, plan)
        case .columns(var builders, let sums, let rows):
            for (i, texts) in sums {
                var builder = ColumnBuilder(type: .estimate, capacity: rows)
                for text in texts { builder.append(try estimate(text)) }
                builders[i] = builder
            }
            let names = plan.schema.columns.map(\.name)
            return Table(unchecked: builders.enumerated().map { $1.finish(name: names[$0]) }, rowCount: rows)
        }
    }

    /// A `summarize` whose outputs at `computed` are made here from its aggregates' figures (``SummaryOutput``).
    private func summarized(_ result: PostgresResult, _ computed: [Int: SummaryOutput], aggregateTypes: [ValueType],
                            _ plan: SQLPlan) throws(Diagnostic) -> Table {
        var columns: [Column] = []
        for (index, c) in plan.schema.columns.enumerated() {
            let texts = result.rows.map { $0[index] }
            if let output = computed[index] {
                columns.append(try output.column(named: c.name, texts: texts, aggregateTypes: aggregateTypes, context: context) {
                    (text, type) throws(Diagnostic) in type == .estimate ? try estimate(text) : PostgresTypes.value(text, as: type)
                })
                continue
            }
            var builder = ColumnBuilder(type: c.type, capacity: texts.count)
            for text in texts { builder.append(c.type == .estimate ? try estimate(text) : PostgresTypes.value(text, as: c.type)) }
            columns.append(builder.finish(name: c.name))
        }
        return Table(unchecked: columns, rowCount: result.rows.count)
    }

    /// `compare`'s output from each group's counts, or on a weight its cells' sums (``SQLCompiler``'s `compared`).
    private func compared(_ result: PostgresResult, _ step: CompareStep, _ keys: [SchemaColumn], weight: String?) throws(Diagnostic) -> Table {
        let k = keys.count, width = weight == nil ? 1 : 3
        // Without groups an empty table has no group, and so no comparison, as in memory.
        let rows = result.rows.filter { k > 0 || Int($0[k + 4 * width] ?? "") ?? 0 > 0 }
        var results: [ComparisonRow] = []
        for row in rows {
            func count(_ i: Int) -> Int { Int(row[i] ?? "") ?? 0 }
            if let weight {
                let answers = [(true, true), (true, false), (false, true), (false, false)]
                let cells = answers.enumerated().map { i, answer in
                    Comparison.PairedCell(first: answer.0, second: answer.1, rows: count(k + 3 * i),
                                          weight: Double(row[k + 3 * i + 1] ?? "") ?? 0, weightSquared: Double(row[k + 3 * i + 2] ?? "") ?? 0)
                }
                results.append(try Comparison.pairedDesign(cells: cells, units: count(k + 13), weight: weight, range: step.range, context: context))
            } else {
                let c = (0..<4).map { count(k + $0) }
                results.append(try Comparison.respondents(PairedCounts(both: c[0], firstOnly: c[1], secondOnly: c[2], neither: c[3]), context: context))
            }
        }
        let keyColumns = keys.enumerated().map { i, c in
            var builder = ColumnBuilder(type: c.type, capacity: rows.count)
            for row in rows { builder.append(PostgresTypes.value(row[i], as: c.type)) }
            return builder.finish(name: c.name)
        }
        return Comparison.table(keys: keyColumns, results: results, step: step, context: context)
    }

    /// An estimate from the server's sums: `"srs hits n"` of an unweighted share
    /// (``SQLCompiler/shareStatistics(_:)``), or the sums of ``SufficientStatistics``;
    /// null when no row had a value, as in memory.
    private func estimate(_ text: String?) throws(Diagnostic) -> Value {
        guard let text else { return .null }
        if text.hasPrefix("srs ") {
            let counts = text.split(separator: " ").dropFirst().compactMap { Int($0) }
            guard counts.count == 2, counts[1] > 0 else { return .null }
            let (hits, n) = (counts[0], counts[1])
            return .estimate(context.settings.estimate(Double(hits) / Double(n), n: n, effectiveN: Double(n)))
        }
        if text.hasPrefix("point ") {
            return try SufficientStatistics.pointEstimate(text[...], context: context, at: pipeline.source.range).map(Value.estimate) ?? .null
        }
        return try SufficientStatistics.estimate(text[...], context: context, at: pipeline.source.range).map(Value.estimate) ?? .null
    }

    /// `explain`: each verb and where it runs, then the SQL with its parameters.
    func explain() throws(Diagnostic) -> [StatementEvent] {
        let plan = try plan()
        var verbs: [Value] = [.text("from " + source.displayName)]
        var places: [Value] = [.text("postgres")]
        for (i, verb) in pipeline.verbs.enumerated() {
            verbs.append(.text(verb.syntax.sourceText))
            places.append(.text(i < plan.pushed ? "postgres" : "topline"))
        }
        let table = Table(unchecked: [Column(name: "verb", type: .text, values: verbs),
                                      Column(name: "runs in", type: .text, values: places)], rowCount: verbs.count)
        // The statement, then each parameter's value (as the server receives its text).
        var lines: [Value] = [.text(plan.sql)]
        for (i, value) in plan.parameters.values.enumerated() {
            lines.append(.text("$\(i + 1) = " + (PostgresTypes.parameter(value).map(SourcePrinter.quoted) ?? "null")))
        }
        let sql = Table(unchecked: [Column(name: "sql sent to " + source.attachment.name, type: .text, values: lines)], rowCount: lines.count)
        return [.table(table), .table(sql)]
    }
}

/// One query to an attached database, its failures as diagnostics (whose renderer
/// escapes the server's text, as it does every message).
enum RemoteQuery {
    /// Runs `sql`; a server error is `attach.query` with the server's message (and where in
    /// the SQL it points), a lost connection `attach.connect`, Ctrl-C `run.cancelled`.
    static func run(_ sql: String, _ parameters: [String?], on attachment: Attachment, context: EvaluationContext,
                    at range: SourceRange?) throws(Diagnostic) -> PostgresResult {
        do throws(PostgresError) {
            return try attachment.connection.query(sql, parameters: parameters, interrupt: context.interrupt)
        } catch {
            throw diagnostic(error, sql: sql, attachment: attachment.name, fileName: context.fileName, range: range)
        }
    }

    /// `map`: where the parts of `sql` came from; a position the server names in it places the
    /// diagnostic at that expression of the pipeline (else at `range`).
    static func diagnostic(_ error: PostgresError, sql: String?, attachment: String, fileName: String?,
                           range: SourceRange?, map: SQLSourceMap? = nil) -> Diagnostic {
        if error.cancelled { return Diagnostic(.error, id: .runCancelled, "query cancelled (the server stopped it)", file: fileName, range: range) }
        var hints: [String] = []
        if let detail = error.detail { hints.append("server: " + detail) }
        if let hint = error.hint { hints.append("server hint: " + hint) }
        if let context = error.context { hints.append("server context: " + context) }
        if error.connectionFailed {
            hints.append("check the connection string of 'attach \(attachment)' and that the server is running; then attach again")
            return Diagnostic(.error, id: .attachConnect, "lost the connection to '\(attachment)': " + error.message,
                              file: fileName, range: range, hints: hints)
        }
        if let sql, let position = error.position {
            // The server counts characters from 1.
            let characters = Array(sql)
            let at = min(max(position - 1, 0), characters.count)
            let excerpt = String(characters[max(0, at - 30)..<min(characters.count, at + 30)])
            hints.append("at character \(position) of the SQL: …" + excerpt + "…")
        }
        if let sql { hints.append("SQL: " + sql) }
        let place = error.position.flatMap { map?.range(at: $0) }
        return Diagnostic(.error, id: .attachQuery, "\(attachment): " + error.message,
                          file: fileName, range: place ?? range, label: place.map { _ in "the server's error is in the SQL of this" },
                          hints: hints)
    }
}
