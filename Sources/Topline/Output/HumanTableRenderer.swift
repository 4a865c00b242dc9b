/// Lays out the table, box and markdown formats: cells are rendered with
/// ``ValueText/human(_:)``, escaped, cut to `maxColumnWidth`, measured in
/// display columns and padded. Numeric columns are right-aligned.
struct HumanTableRenderer {
    let table: Table
    let format: OutputFormat
    let options: FormatOptions

    func render() -> String {
        guard !table.columns.isEmpty else { return "" }
        let shown = min(table.rowCount, max(options.maxRows ?? table.rowCount, 0))
        let hidden = table.rowCount - shown
        let markdown = format == .markdown
        let columns = table.columns.map {
            HumanColumn($0, rows: shown, markdown: markdown, showsType: format == .box, maxWidth: options.maxColumnWidth)
        }

        var lines: [String]
        switch format {
        case .box: lines = boxLines(columns, rows: shown)
        case .markdown: lines = markdownLines(columns, rows: shown)
        default: lines = tableLines(columns, rows: shown)
        }
        let legend = EstimateLegend.lines(for: table, rows: shown)
        if hidden > 0 || !legend.isEmpty {
            // A plain line right after a pipe table would join the table in
            // GitHub Markdown; a blank line ends it.
            if markdown { lines.append("") }
        }
        if hidden > 0 { lines.append("… \(hidden) more \(hidden == 1 ? "row" : "rows")") }
        lines += legend
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: - Formats

    private func tableLines(_ columns: [HumanColumn], rows: Int) -> [String] {
        func line(_ cells: [String]) -> String {
            var out = cells.joined(separator: "  ")
            while out.last == " " { out.removeLast() }
            return out
        }
        var lines = [
            line(columns.map { $0.aligned($0.header) }),
            line(columns.map { String(repeating: "-", count: $0.width) }),
        ]
        for row in 0..<rows { lines.append(line(columns.map { $0.aligned($0.cells[row]) })) }
        return lines
    }

    private func boxLines(_ columns: [HumanColumn], rows: Int) -> [String] {
        func rule(_ left: String, _ middle: String, _ right: String) -> String {
            left + columns.map { String(repeating: "─", count: $0.width + 2) }.joined(separator: middle) + right
        }
        func line(_ cells: [String]) -> String { "│ " + cells.joined(separator: " │ ") + " │" }
        var lines = [
            rule("┌", "┬", "┐"),
            line(columns.map { $0.centered($0.header) }),
            line(columns.map { $0.centered($0.typeName) }),
            rule("├", "┼", "┤"),
        ]
        for row in 0..<rows { lines.append(line(columns.map { $0.aligned($0.cells[row]) })) }
        lines.append(rule("└", "┴", "┘"))
        return lines
    }

    private func markdownLines(_ columns: [HumanColumn], rows: Int) -> [String] {
        func line(_ cells: [String]) -> String { "| " + cells.joined(separator: " | ") + " |" }
        var lines = [
            line(columns.map { $0.aligned($0.header) }),
            line(columns.map {
                $0.rightAligned
                    ? String(repeating: "-", count: $0.width - 1) + ":"
                    : String(repeating: "-", count: $0.width)
            }),
        ]
        for row in 0..<rows { lines.append(line(columns.map { $0.aligned($0.cells[row]) })) }
        return lines
    }
}

/// One column's displayed cells with their widths.
private struct HumanColumn {
    let header: Cell
    let typeName: Cell
    let cells: [Cell]
    let width: Int
    let rightAligned: Bool

    struct Cell {
        var text: String
        var width: Int
        init(_ text: String) {
            self.text = text
            self.width = DisplayWidth.of(text)
        }
    }

    init(_ column: Column, rows: Int, markdown: Bool, showsType: Bool, maxWidth: Int?) {
        func cell(_ raw: String) -> Cell {
            let escaped = markdown ? SafeText.escapeForMarkdown(raw) : SafeText.escape(raw)
            return Cell(maxWidth.map { DisplayWidth.truncate(escaped, to: $0) } ?? escaped)
        }
        header = cell(column.name)
        typeName = Cell(column.type.rawValue)
        var cells: [Cell] = []
        cells.reserveCapacity(rows)
        if case .texts(let codes, let dictionary) = column.storage {
            // Few distinct values: escape and measure each once.
            var cache = [Cell?](repeating: nil, count: dictionary.count)
            let null = cell("null")
            for row in 0..<rows {
                let code = Int(codes[row])
                guard code >= 0 else { cells.append(null); continue }
                if let cached = cache[code] {
                    cells.append(cached)
                } else {
                    let c = cell(dictionary[code])
                    cache[code] = c
                    cells.append(c)
                }
            }
        } else {
            for row in 0..<rows { cells.append(cell(ValueText.human(column[row]))) }
        }
        self.cells = cells
        // Markdown needs three dashes in the alignment row; box shows the type.
        let minimum = markdown ? 3 : 1
        width = max(minimum, header.width, showsType ? typeName.width : 0, cells.lazy.map(\.width).max() ?? 0)
        rightAligned = column.type.isNumeric
    }

    func aligned(_ cell: Cell) -> String {
        let pad = String(repeating: " ", count: width - cell.width)
        return rightAligned ? pad + cell.text : cell.text + pad
    }

    func centered(_ cell: Cell) -> String {
        let total = width - cell.width
        let left = total / 2
        return String(repeating: " ", count: left) + cell.text + String(repeating: " ", count: total - left)
    }
}
