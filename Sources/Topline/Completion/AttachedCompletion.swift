/// What completion offers from an attached database's catalog: its tables after
/// `pg.`, the columns of a pipeline over one of them, and a column's values after
/// `column ==`. Each look-up waits at most ``Attachment/completionTimeLimit``; what
/// the server does not answer in time is simply not offered.
struct AttachedCompletion {
    let attachments: Attachments

    /// The tables of the database attached as `name`, as written after its dot.
    func tables(of name: String) -> [CompletionCandidate] {
        guard let attachment = attachments[name] else { return [] }
        return attachment.tables.map { t in
            let written = (t.schema == attachment.currentSchema ? [] : [t.schema]) + [t.table]
            let text = written.map(SourcePrinter.name).joined(separator: ".")
            return CompletionCandidate(insertion: text + " ", display: text, kind: .dataset)
        }
    }

    /// The columns where the cursor is in a pipeline over an attached table.
    func columns(_ scope: PipelineScope, settings: SessionSettings, catalog: DatasetCatalog) -> [String] {
        guard let (_, columns) = source(of: scope) else { return [] }
        guard !scope.verbs.isEmpty else { return columns.map(\.name) }
        let resolver = Resolver(fileName: "", catalog: catalog, settings: settings)
        guard let (_, _, after) = try? resolver.resolveSteps(scope.verbs[...], schema: Schema(columns: columns)) else {
            return columns.map(\.name)
        }
        return after.names
    }

    /// The first distinct values of a column of the source table, in byte order.
    func values(of column: String, _ scope: PipelineScope, inList: Bool) -> [CompletionCandidate] {
        guard let (table, columns) = source(of: scope), let c = columns.first(where: { $0.name == column }) else { return [] }
        let name = SQLText.identifier(c.name)
        let sql = "SELECT DISTINCT \(PostgresTypes.normalized(name, c.type)) FROM \(table.sqlName) " +
                  "WHERE \(name) IS NOT NULL ORDER BY 1 LIMIT 100"
        guard let result = try? table.attachment.connection.query(sql, parameters: [], timeLimit: Attachment.completionTimeLimit) else { return [] }
        return result.rows.compactMap { row in
            let v = PostgresTypes.value(row[0], as: c.type)
            guard !v.isNull else { return nil }
            let display = ValueText.human(v)
            let written = c.type == .text ? SourcePrinter.quoted(display) : ValueText.machine(v)
            return CompletionCandidate(insertion: written + (inList ? "" : " "), display: display, kind: .value)
        }
    }

    private func source(of scope: PipelineScope) -> (RemoteTable, [SchemaColumn])? {
        guard let remote = scope.source.remote, let attachment = attachments[remote.attachment],
              let schema = attachment.schema(of: remote),
              let columns = try? attachment.columns(schema: schema, table: remote.table, interrupt: nil,
                                                    timeLimit: Attachment.completionTimeLimit) else { return nil }
        return (RemoteTable(attachment: attachment, schema: schema, table: remote.table, columns: columns), columns)
    }
}
