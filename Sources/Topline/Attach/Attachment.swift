/// A database attached with `attach postgres "CONNINFO" as NAME`: its connection, the
/// tables it has and, fetched once each, their columns.
///
/// Used from one thread at a time, as its ``Session`` is.
final class Attachment: @unchecked Sendable {
    /// The name it was attached as (`pg` of `pg.survey`).
    let name: String
    /// The connection string as it may be shown: without a password.
    let shownConninfo: String
    let connection: PostgresConnection
    /// The schema that unqualified table names are in (`current_schema()`).
    let currentSchema: String
    /// The tables and views of every schema but the system's, in order.
    private(set) var tables: [(schema: String, table: String)]
    private var columnsOf: [String: [SchemaColumn]] = [:]
    /// Weights declared with `design pg.table weight w`, by ``key(schema:table:)``.
    var weights: [String: String] = [:]
    /// Designs declared with strata, clusters, fpc or replicates, by ``key(schema:table:)``.
    var designs: [String: RemoteDesign] = [:]

    /// How long completion may wait for the catalog (seconds).
    static let completionTimeLimit = 1.0

    init(name: String, conninfo: String, interrupt: InterruptFlag?) throws(PostgresError) {
        self.name = name
        shownConninfo = ConnectionString.redacted(conninfo)
        connection = try PostgresConnection(conninfo: conninfo)
        currentSchema = try connection.query("SELECT current_schema()", parameters: [], interrupt: interrupt).rows.first?[0] ?? "public"
        tables = []
        try refreshTables(interrupt: interrupt)
    }

    /// Reads the list of tables again (after a `load … into`).
    func refreshTables(interrupt: InterruptFlag?) throws(PostgresError) {
        let result = try connection.query("""
            SELECT table_schema, table_name FROM information_schema.tables
            WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_schema NOT LIKE 'pg\\_%'
            ORDER BY table_schema <> current_schema(), table_schema, table_name
            """, parameters: [], interrupt: interrupt)
        tables = result.rows.map { ($0[0] ?? "", $0[1] ?? "") }
    }

    /// How a table is named in Topline: `pg.survey` in the current schema, `pg.other.survey` elsewhere.
    func displayName(schema: String, table: String) -> String {
        let parts = [name] + (schema == currentSchema ? [] : [schema]) + [table]
        return parts.map(SourcePrinter.name).joined(separator: ".")
    }

    static func key(schema: String, table: String) -> String { schema + "\u{0}" + table }

    /// The schema of `remote`'s table, if the database has it.
    func schema(of remote: RemoteName) -> String? {
        let schema = remote.schema ?? currentSchema
        return tables.contains { $0.schema == schema && $0.table == remote.table } ? schema : nil
    }

    /// The columns of a table and their Topline types, read from the catalog once.
    func columns(schema: String, table: String, interrupt: InterruptFlag?, timeLimit: Double? = nil) throws(PostgresError) -> [SchemaColumn] {
        let key = Attachment.key(schema: schema, table: table)
        if let known = columnsOf[key] { return known }
        // The column comment says a number column holds percents (``PostgresTypes/percentComment``).
        let result = try connection.query("""
            SELECT c.column_name, c.data_type, (SELECT d.description FROM pg_catalog.pg_description d
                JOIN pg_catalog.pg_class k ON d.objoid = k.oid JOIN pg_catalog.pg_namespace n ON k.relnamespace = n.oid
                WHERE n.nspname = c.table_schema AND k.relname = c.table_name AND d.objsubid = c.ordinal_position
                AND d.classoid = CAST('pg_catalog.pg_class' AS regclass))
            FROM information_schema.columns c
            WHERE c.table_schema = $1 AND c.table_name = $2 ORDER BY c.ordinal_position
            """, parameters: [schema, table], interrupt: interrupt, timeLimit: timeLimit)
        let columns = result.rows.map { SchemaColumn(name: $0[0] ?? "", type: PostgresTypes.valueType(dataType: $0[1] ?? "", comment: $0[2])) }
        columnsOf[key] = columns
        return columns
    }
}

/// The attached databases of a session, by name, in the order they were attached.
final class Attachments {
    private var entries: [String: Attachment] = [:]
    private(set) var names: [String] = []

    func attach(_ attachment: Attachment) {
        if entries[attachment.name] == nil { names.append(attachment.name) }
        entries[attachment.name] = attachment
    }

    /// Forgets an attachment (its connection closes); false when there was none.
    @discardableResult
    func detach(_ name: String) -> Bool {
        guard entries.removeValue(forKey: name) != nil else { return false }
        names.removeAll { $0 == name }
        return true
    }

    subscript(name: String) -> Attachment? { entries[name] }

    var all: [Attachment] { names.compactMap { entries[$0] } }
}

/// A table of an attached database, as a pipeline's source: where it is and its columns.
struct RemoteTable: Sendable {
    let attachment: Attachment
    let schema: String
    let table: String
    var columns: [SchemaColumn]
    /// Its weight column, declared with `design pg.table weight w`.
    var weight: String?
    /// Its survey design, declared with `design pg.table weight w strata … cluster … fpc …` (or replicates).
    var design: RemoteDesign?

    /// `"schema"."table"`, quoted for SQL.
    var sqlName: String { SQLText.identifier(schema) + "." + SQLText.identifier(table) }
    var displayName: String { attachment.displayName(schema: schema, table: table) }
}
