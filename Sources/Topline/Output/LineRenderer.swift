/// The line format: one block per row, one line per column, `name = value`
/// with the names right-aligned, and a blank line between rows — sqlite3's
/// `.mode line`, psql's `\x`. A table too wide for the terminal reads here
/// whole, every column of it.
///
/// ```
///        study = IBM Global CEO Study 2012 (Leading Through Connections)
/// edition_year = 2012
///    value_pct = 16
///
///        study = IBM Global CEO Study 2012 (Leading Through Connections)
/// ```
///
/// Given a `width`, no line is longer: names longer than a third of it and
/// values longer than what remains are cut with `…`.
struct LineRenderer {
    let columns: [HumanColumn]
    let rows: Int
    let width: Int?

    func render(_ out: inout ByteOutput) throws(Diagnostic) {
        var nameWidth = columns.map { $0.header.width }.max() ?? 0
        var valueWidth: Int?
        if let width {
            nameWidth = min(nameWidth, max(1, width / 3))
            valueWidth = max(1, width - nameWidth - 3)
        }
        let names = columns.map { $0.header.cut(to: nameWidth, markdown: false) }
        // Trailing blanks are dropped, as in the table format: an empty text value ends at ` =`.
        var line = LineWriter(trimsTrailingSpaces: true)
        for row in 0..<rows {
            if row > 0 { try line.end(&out) }
            for (name, column) in zip(names, columns) {
                try line.spaces(nameWidth - name.width, &out)
                try line.text(name.text, &out)
                try line.text(" = ", &out)
                let cell = column.cells[row]
                try line.text((valueWidth.map { cell.cut(to: $0, markdown: false) } ?? cell).text, &out)
                try line.end(&out)
            }
        }
    }
}
