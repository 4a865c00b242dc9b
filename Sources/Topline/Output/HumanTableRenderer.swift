/// Lays out the table, box, markdown and line formats: each column's cells
/// come from ``HumanColumn`` (rendered, escaped, measured), are cut to
/// `maxColumnWidth`, and — in table and box, given a `width` — fitted to
/// the terminal (``ColumnFit``): long cells cut with `…`, the columns that do
/// not fit left out and named in a note, so no line wraps. Numeric columns
/// are right-aligned. Under the table: `… 3,490 more rows` when rows were
/// left out, the note of columns left out, and the estimate legend.
struct HumanTableRenderer {
    let table: Table
    let format: OutputFormat
    let options: FormatOptions
    /// Polled while cells are prepared and after every line.
    var interrupt: InterruptFlag? = nil
    /// Columns right-aligned whatever their type (a banner's cells are text that reads as numbers).
    var rightAligned: Set<Int> = []

    func render() -> String {
        var out = ByteOutput(capacity: 256)
        // Without an interrupt flag nothing throws.
        return (try? render(into: &out)) ?? ""
    }

    /// Appends the table to `out` line by line, with a ``ByteOutput/checkpoint()``
    /// after each line and within long rules and padding, so that nothing
    /// as large as the table (a box around a 200 MB cell) is built in one piece.
    func render(into out: inout ByteOutput) throws(Diagnostic) -> String {
        if let notes = table.banner {
            return try BannerRenderer(table: table, notes: notes, format: format, options: options, interrupt: interrupt).render(into: &out)
        }
        guard !table.columns.isEmpty else { return out.finish() }
        let shown = min(table.rowCount, max(options.maxRows ?? table.rowCount, 0))
        let hidden = table.rowCount - shown
        let markdown = format == .markdown
        var columns: [HumanColumn] = []
        for (i, column) in table.columns.enumerated() {
            var human = try HumanColumn(column, rows: shown, markdown: markdown, showsType: format == .box,
                                        nullText: options.nullText, interrupt: interrupt, rightAligned: rightAligned.contains(i))
            if let limit = options.maxColumnWidth { human = human.cut(to: limit) }
            columns.append(human)
        }
        var after: [String] = []
        if let width = options.width, format == .box || format == .table {
            let fit = ColumnFit(natural: columns.map { $0.width }, separator: format == .box ? 3 : 2, frame: format == .box ? 4 : 0,
                                width: width)
            columns = zip(columns, fit.widths).map { column, width in column.cut(to: width) }
            if columns.count < table.columns.count {
                after.append(Self.columnsNote(shown: columns.count, of: table.columns.map { $0.name }, width: width))
            }
        }

        switch format {
        case .box: try boxLines(columns, rows: shown, &out)
        case .markdown: try markdownLines(columns, rows: shown, &out)
        case .line: try LineRenderer(columns: columns, rows: shown, width: options.width).render(&out)
        default: try tableLines(columns, rows: shown, &out)
        }
        if hidden > 0 { after.insert(Self.rowsNote(hidden), at: 0) }
        after += EstimateLegend.lines(for: table, rows: shown)
        // A plain line right after a pipe table would join the table in
        // GitHub Markdown; a blank line ends it.
        if markdown && !after.isEmpty { after.insert("", at: 0) }
        for line in after {
            out.append(line)
            out.append(UInt8(ascii: "\n"))
        }
        return out.finish()
    }

    /// `… 3,490 more rows`.
    static func rowsNote(_ hidden: Int) -> String {
        "… \(grouped(hidden)) more \(hidden == 1 ? "row" : "rows")"
    }

    /// `16 columns (5 shown); not shown: n_basis, notes`, the names given
    /// when the line fits `width`, else `16 columns (5 shown)` (as DuckDB says).
    static func columnsNote(shown: Int, of names: [String], width: Int) -> String {
        let counts = "\(grouped(names.count)) columns (\(grouped(shown)) shown)"
        let named = counts + "; not shown: " + names[shown...].map(SafeText.escape).joined(separator: ", ")
        return DisplayWidth.of(named) <= width ? named : DisplayWidth.truncate(counts, to: width)
    }

    /// `n` with thousands separators: 3490 → `3,490`.
    static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = n < 0 ? "-" : ""
        for (i, digit) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }

    // MARK: - Formats

    private func tableLines(_ columns: [HumanColumn], rows: Int, _ out: inout ByteOutput) throws(Diagnostic) {
        // Lines lose their trailing blanks.
        var line = LineWriter(trimsTrailingSpaces: true)
        func write(_ cells: (HumanColumn) -> HumanColumn.Cell) throws(Diagnostic) {
            for (i, column) in columns.enumerated() {
                if i > 0 { try line.spaces(2, &out) }
                try column.aligned(cells(column), &line, &out)
            }
            try line.end(&out)
        }
        try write { $0.header }
        for (i, column) in columns.enumerated() {
            if i > 0 { try line.spaces(2, &out) }
            try line.repeated("-", column.width, &out)
        }
        try line.end(&out)
        for row in 0..<rows { try write { $0.cells[row] } }
    }

    private func boxLines(_ columns: [HumanColumn], rows: Int, _ out: inout ByteOutput) throws(Diagnostic) {
        var line = LineWriter(trimsTrailingSpaces: false)
        func rule(_ left: String, _ middle: String, _ right: String) throws(Diagnostic) {
            try line.text(left, &out)
            for (i, column) in columns.enumerated() {
                if i > 0 { try line.text(middle, &out) }
                try line.repeated("─", column.width + 2, &out)
            }
            try line.text(right, &out)
            try line.end(&out)
        }
        func write(centered: Bool, _ cells: (HumanColumn) -> HumanColumn.Cell) throws(Diagnostic) {
            try line.text("│ ", &out)
            for (i, column) in columns.enumerated() {
                if i > 0 { try line.text(" │ ", &out) }
                if centered { try column.centered(cells(column), &line, &out) } else { try column.aligned(cells(column), &line, &out) }
            }
            try line.text(" │", &out)
            try line.end(&out)
        }
        try rule("┌", "┬", "┐")
        try write(centered: true) { $0.header }
        try write(centered: true) { $0.typeName }
        try rule("├", "┼", "┤")
        for row in 0..<rows { try write(centered: false) { $0.cells[row] } }
        try rule("└", "┴", "┘")
    }

    private func markdownLines(_ columns: [HumanColumn], rows: Int, _ out: inout ByteOutput) throws(Diagnostic) {
        var line = LineWriter(trimsTrailingSpaces: false)
        func write(_ cells: (HumanColumn) -> HumanColumn.Cell) throws(Diagnostic) {
            try line.text("| ", &out)
            for (i, column) in columns.enumerated() {
                if i > 0 { try line.text(" | ", &out) }
                try column.aligned(cells(column), &line, &out)
            }
            try line.text(" |", &out)
            try line.end(&out)
        }
        try write { $0.header }
        try line.text("| ", &out)
        for (i, column) in columns.enumerated() {
            if i > 0 { try line.text(" | ", &out) }
            if column.rightAligned {
                try line.repeated("-", column.width - 1, &out)
                try line.text(":", &out)
            } else {
                try line.repeated("-", column.width, &out)
            }
        }
        try line.text(" |", &out)
        try line.end(&out)
        for row in 0..<rows { try write { $0.cells[row] } }
    }
}
