/// `[left] join pg.OTHER on a [= b]` of two tables of one attached database, as SQL's
/// `[LEFT] JOIN … ON`: the left side's columns, then the other table's but its key, named as in
/// memory (``JoinLayout``). Keys match as in memory (``Join``): null never, text byte-wise,
/// integers and numbers by their numeric value. A table in a database has no row order, so the
/// joined rows come in the server's. The other side of any other join (a loaded dataset, another
/// database) is not SQL: the rows are fetched and joined here.
extension SQLCompiler {
    func joined(_ step: JoinStep, onto level: Level, depth: Int, schema: Schema, _ parameters: inout SQLParameters) -> Level? {
        guard case .attached(let right) = step.other, right.attachment === source.attachment,
              schema.weight == nil, !schema.hasDesign,
              let equal = Self.joinKeys(schema.columns[step.leftKey].type, right.columns[step.rightKey].type) else { return nil }
        let left = SQLText.identifier("t\(depth)_l"), other = SQLText.identifier("t\(depth)_r")
        let names = JoinLayout.outputNames(left: schema.columns.map(\.name), right: right.columns.map(\.name), rightKey: step.rightKey,
                                           otherName: step.otherName)
        var items = schema.columns.map { left + "." + SQLText.identifier($0.name) }
        for (i, c) in right.columns.enumerated() where i != step.rightKey {
            items.append(other + "." + SQLText.identifier(c.name) + " AS " + SQLText.identifier(names[items.count]))
        }
        let condition = equal(left + "." + SQLText.identifier(schema.columns[step.leftKey].name),
                              other + "." + SQLText.identifier(right.columns[step.rightKey].name))
        let kind = step.kind == .left ? "LEFT JOIN" : "JOIN"
        return Level(sql: "SELECT \(items.joined(separator: ", ")) FROM (\(level.sql)) AS \(left) \(kind) (\(Self.baseSelect(right, &parameters))) AS \(other) ON \(condition)")
    }

    /// The SQL of two keys' equality with the in-memory join's rule, or nil for types it does not join alike.
    private static func joinKeys(_ a: ValueType, _ b: ValueType) -> ((String, String) -> String)? {
        if a.isPlainNumeric && b.isPlainNumeric {
            return { "CAST(\($0) AS double precision) = CAST(\($1) AS double precision)" }
        }
        guard a == b, a == .text || a == .boolean || a == .percent || a.isTemporal else { return nil }
        return { "\(SQLExpression.collated($0, a)) = \(SQLExpression.collated($1, b))" }
    }
}
