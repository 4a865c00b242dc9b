/// `sources`: which published sources stand behind the rows of a result.
///
/// One row per distinct source (title and URL), in first-seen order, with
/// how many rows cite it and the distinct notes of those rows — where the
/// example data records conflicts between sources ("B2B Marketing reports
/// 20% for 'now'").
enum Provenance {
    static let columns = ["source_title", "source_url", "notes"]

    static func outputColumns(_ present: [String]) -> [SchemaColumn] {
        present.filter { $0 != "notes" }.map { SchemaColumn(name: $0, type: .text) }
            + [SchemaColumn(name: "rows", type: .integer)]
            + (present.contains("notes") ? [SchemaColumn(name: "notes", type: .text)] : [])
    }

    static func sources(of table: Table, columns: [Int], context: EvaluationContext) throws(Diagnostic) -> Table {
        let keyColumns = columns.filter { table.columns[$0].name != "notes" }
        let notesColumn = columns.first { table.columns[$0].name == "notes" }.map { table.columns[$0] }
        let grouping = try Grouping(columns: keyColumns.map { table.columns[$0] }, rowCount: table.rowCount, context: context)
        var counts = [Int64](repeating: 0, count: grouping.count)
        var notes = [[String]](repeating: [], count: grouping.count)
        for r in 0..<table.rowCount {
            let g = Int(grouping.groupOfRow[r])
            counts[g] += 1
            if let notesColumn, case .text(let note) = notesColumn[r], !notes[g].contains(note) { notes[g].append(note) }
        }
        var output = keyColumns.map { table.columns[$0].gather(grouping.firstRow) }
        output.append(Column(name: "rows", type: .integer, storage: .integers(counts, isNull: [])))
        if notesColumn != nil {
            output.append(Column(name: "notes", type: .text, values: notes.map { $0.isEmpty ? .null : .text($0.joined(separator: " | ")) }))
        }
        return Table(unchecked: output, rowCount: grouping.count)
    }
}
