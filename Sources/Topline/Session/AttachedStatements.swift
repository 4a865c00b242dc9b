/// The statements about attached databases: `attach`, `detach`, and `describe`,
/// `design`, `datasets` and `explain` where they meet an attached table.
struct AttachedStatements {
    let catalog: DatasetCatalog
    let context: EvaluationContext
    var attachments: Attachments { catalog.attachments }

    /// `attach postgres "CONNINFO" as NAME`: connects, reads the list of tables, and
    /// replaces an attachment of the same name.
    func attach(_ clauses: AttachClauses) throws(Diagnostic) -> [StatementEvent] {
        let fileName = context.fileName
        if clauses.conninfo.utf8.contains(0) {
            throw Diagnostic(.error, id: .attachConnect, "a connection string cannot hold a NUL byte", file: fileName, range: clauses.conninfoRange)
        }
        if ConnectionString.statesPassword(clauses.conninfo) == true {
            // No source range: the line with the password is not shown again.
            throw Diagnostic(.error, id: .attachPassword, "the connection string of 'attach … as \(clauses.name.text)' states a password, which scripts and history would keep",
                             file: fileName,
                             hints: ["leave it out: libpq reads it from the environment (PGPASSWORD) or from ~/.pgpass"])
        }
        let attachment: Attachment
        do throws(PostgresError) {
            attachment = try Attachment(name: clauses.name.text, conninfo: clauses.conninfo, interrupt: context.interrupt)
        } catch {
            var d = RemoteQuery.diagnostic(error, sql: nil, attachment: clauses.name.text, fileName: fileName, range: clauses.conninfoRange)
            if error.connectionFailed { d.message = "cannot connect to PostgreSQL: " + error.message }
            throw d
        }
        attachments.attach(attachment)
        let count = attachment.tables.count
        return [.message("attached \(SafeText.escape(attachment.name)) (postgres \(SafeText.escape(attachment.shownConninfo))): \(count) table\(count == 1 ? "" : "s")")]
    }

    /// `detach NAME`: closes the connection.
    func detach(_ name: Name) throws(Diagnostic) -> [StatementEvent] {
        guard attachments.detach(name.text) else { throw unknownAttachment(name.text, at: name.range) }
        return [.message("detached \(SafeText.escape(name.text))")]
    }

    /// The attached table `name` (`pg.survey`) names, with its columns.
    func table(_ name: Name) throws(Diagnostic) -> RemoteTable {
        guard let remote = name.remote else { throw unknownAttachment(name.text, at: name.range) }
        guard let attachment = attachments[remote.attachment] else { throw unknownAttachment(remote.attachment, at: name.range) }
        guard let schema = attachment.schema(of: remote) else {
            let names = attachment.tables.map { attachment.displayName(schema: $0.schema, table: $0.table) }
            let suggestion = Suggestions.closest(to: name.text, in: names)
            throw Diagnostic(.error, id: .attachUnknownTable, "'\(attachment.name)' has no table '\(remote.table)'" +
                             (remote.schema.map { " in schema '\($0)'" } ?? ""), file: context.fileName, range: name.range,
                             label: suggestion.map { "did you mean '\($0)'?" },
                             hints: suggestion == nil ? ["its tables: " + names.prefix(20).joined(separator: ", ")] : [])
        }
        let columns: [SchemaColumn]
        do throws(PostgresError) {
            columns = try attachment.columns(schema: schema, table: remote.table, interrupt: context.interrupt)
        } catch {
            throw RemoteQuery.diagnostic(error, sql: nil, attachment: attachment.name, fileName: context.fileName, range: name.range)
        }
        var table = RemoteTable(attachment: attachment, schema: schema, table: remote.table, columns: columns)
        table.weight = attachment.weights[Attachment.key(schema: schema, table: remote.table)]
        table.design = attachment.designs[Attachment.key(schema: schema, table: remote.table)]
        return table
    }

    /// `design pg.table weight w [strata s] [cluster c, …] [fpc f, …]` or `… replicates A .. B method M`:
    /// the design of an attached table. A weight alone is the weights-only design of `load … weight`;
    /// anything more is a ``RemoteDesign``, whose structure is read from the server now.
    func design(_ clauses: DesignClauses) throws(Diagnostic) -> [StatementEvent] {
        let table = try table(clauses.dataset)
        let key = Attachment.key(schema: table.schema, table: table.table)
        if clauses.strata != nil || !clauses.clusters.isEmpty || !clauses.fpcs.isEmpty || clauses.replicates != nil {
            let design = try RemoteDesign.read(clauses, of: table, context: context)
            table.attachment.designs[key] = design
            table.attachment.weights[key] = nil
            return [.message("design of \(SafeText.escape(table.displayName)): " + SafeText.escape(design.summary))]
        }
        guard let column = table.columns.first(where: { $0.name == clauses.weight.text }) else {
            throw Diagnostic(.error, id: .designUnknownColumn, "'\(table.displayName)' has no column '\(clauses.weight.text)'",
                             file: context.fileName, range: clauses.weight.range,
                             label: Suggestions.closest(to: clauses.weight.text, in: table.columns.map(\.name)).map { "did you mean '\($0)'?" })
        }
        guard column.type.isPlainNumeric else {
            throw Diagnostic(.error, id: .designColumnType, "a weight must hold numbers; '\(column.name)' holds \(column.type.rawValue)",
                             file: context.fileName, range: clauses.weight.range)
        }
        table.attachment.weights[key] = column.name
        table.attachment.designs[key] = nil
        return [.message("design of \(SafeText.escape(table.displayName)): weight \(SafeText.escape(column.name))")]
    }

    /// `describe pg.table`: the columns and their figures, computed by one aggregate query
    /// (and the examples from the table's first 100 rows).
    func describe(_ name: Name) throws(Diagnostic) -> Table {
        let table = try table(name)
        var items: [String] = []
        for c in table.columns {
            let column = SQLText.identifier(c.name)
            let ranged = c.type.isPlainNumeric || c.type.isTemporal
            items.append("count(*) - count(\(column))")
            items.append("count(DISTINCT \(column))")
            items.append(ranged ? "min(\(column))" : "NULL")
            items.append(ranged ? "max(\(column))" : "NULL")
            items.append(c.type.isPlainNumeric ? "avg(CAST(\(column) AS double precision))" : "NULL")
        }
        let base = SQLCompiler.baseSelect(table)
        let figures = try RemoteQuery.run("SELECT \(items.isEmpty ? "1" : items.joined(separator: ", ")) FROM (\(base)) AS t",
                                          [], on: table.attachment, context: context, at: name.range)
        let sample = try RemoteQuery.run("\(base) LIMIT 100", [], on: table.attachment, context: context, at: name.range)
        let row = figures.rows.first ?? []
        var columns: [[Value]] = Array(repeating: [], count: 8)
        for (i, c) in table.columns.enumerated() {
            let f = { (k: Int) -> String? in 5 * i + k < row.count ? row[5 * i + k] : nil }
            columns[0].append(.text(c.name))
            let role = table.design?.roles[c.name] ?? (c.name == table.weight ? "weight" : nil)
            columns[1].append(.text(c.type.rawValue + (role.map { " (\($0))" } ?? "")))
            columns[2].append(.integer(Int64(f(0) ?? "") ?? 0))
            columns[3].append(.integer(Int64(f(1) ?? "") ?? 0))
            for k in [2, 3] {
                let v = PostgresTypes.value(f(k), as: c.type)
                columns[k + 2].append(v.isNull ? .null : .text(ValueText.human(v)))
            }
            let mean = f(4).flatMap(Double.init)
            columns[6].append(mean.map { .text(ValueText.human(Operators.wrap($0, as: c.type == .integer ? .number : c.type))) } ?? .null)
            var seen = Set<Value>(), shown: [String] = []
            for r in sample.rows where shown.count < 3 {
                let v = PostgresTypes.value(r[i], as: c.type)
                if !v.isNull, seen.insert(v).inserted { shown.append(ValueText.human(v)) }
            }
            let distinct = Int(f(1) ?? "") ?? 0
            if shown.count < min(3, distinct) {
                // A value first seen after the first 100 rows: the first three values in the table's order, as in memory.
                let column = SQLText.identifier(c.name)
                let first = try RemoteQuery.run("""
                    SELECT \(column) FROM (SELECT \(column), row_number() OVER () AS r FROM (\(base)) AS t WHERE \(column) IS NOT NULL) AS s
                    GROUP BY \(column) ORDER BY min(r) LIMIT 3
                    """, [], on: table.attachment, context: context, at: name.range)
                shown = first.rows.map { ValueText.human(PostgresTypes.value($0[0], as: c.type)) }
            }
            columns[7].append(.text(shown.map { $0.count > 30 ? String($0.prefix(29)) + "…" : $0 }.joined(separator: ", ")))
        }
        let names = ["column", "type", "nulls", "distinct", "min", "max", "mean", "examples"]
        let types: [ValueType] = [.text, .text, .integer, .integer, .text, .text, .text, .text]
        return Table(unchecked: (0..<8).map { Column(name: names[$0], type: types[$0], values: columns[$0]) }, rowCount: table.columns.count)
    }

    /// `datasets`: the loaded datasets, then each attached table (its rows are not counted:
    /// that would read every table).
    func datasets() -> Table {
        var list = catalog.all
        for attachment in attachments.all {
            for t in attachment.tables {
                let key = Attachment.key(schema: t.schema, table: t.table)
                let columns = (try? attachment.columns(schema: t.schema, table: t.table, interrupt: context.interrupt,
                                                       timeLimit: Attachment.completionTimeLimit)) ?? []
                var d = Dataset(name: attachment.displayName(schema: t.schema, table: t.table),
                                table: Table(unchecked: columns.map { Column(name: $0.name, type: $0.type, values: []) }, rowCount: 0),
                                origin: "postgres \(attachment.shownConninfo)")
                d.weightColumn = attachment.weights[key]
                if let design = attachment.designs[key] {
                    // Only its summary is shown: the design's units stay with the attachment.
                    d.weightColumn = design.weight
                    d.designFrame = DesignFrame(summary: design.summary, declared: true, weights: [], stages: [], replicates: nil)
                }
                list.append(d)
            }
        }
        let table = Describe.datasets(list)
        // An attached table's rows are unknown, not zero.
        var columns = table.columns
        let local = catalog.all.count
        columns[1] = Column(name: columns[1].name, type: .integer, values: (0..<list.count).map { $0 < local ? table.columns[1][$0] : .null })
        return Table(unchecked: columns, rowCount: table.rowCount)
    }

    /// `explain PIPELINE`: where each verb runs; for an attached table, the SQL sent.
    func explain(_ pipeline: Pipeline, resolver: Resolver) throws(Diagnostic) -> [StatementEvent] {
        if pipeline.source.remote != nil {
            return try RemotePipeline(source: try table(pipeline.source), pipeline: pipeline, resolver: resolver, context: context).explain()
        }
        _ = try resolver.resolve(pipeline)
        let verbs = ["from " + SourcePrinter.dataset(pipeline.source)] + pipeline.verbs.map { $0.syntax.sourceText }
        return [.table(Table(unchecked: [Column(name: "verb", type: .text, values: verbs.map(Value.text)),
                                         Column(name: "runs in", type: .text, values: verbs.map { _ in .text("topline") })],
                             rowCount: verbs.count))]
    }

    private func unknownAttachment(_ name: String, at range: SourceRange) -> Diagnostic {
        let suggestion = Suggestions.closest(to: name, in: attachments.names)
        return Diagnostic(.error, id: .attachUnknown, "no database is attached as '\(name)'", file: context.fileName, range: range,
                          label: suggestion.map { "did you mean '\($0)'?" },
                          hints: attachments.names.isEmpty ? ["attach one first: attach postgres \"host=… dbname=…\" as \(name)"] : [])
    }
}
