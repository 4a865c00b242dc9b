/// Lays out the table, box and markdown formats: cells are rendered with
/// ``ValueText/human(_:)``, escaped, cut to `maxColumnWidth`, measured in
/// display columns and padded. Numeric columns are right-aligned.
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
            columns.append(try HumanColumn(column, rows: shown, markdown: markdown, showsType: format == .box,
                                           maxWidth: options.maxColumnWidth, interrupt: interrupt, rightAligned: rightAligned.contains(i)))
        }

        switch format {
        case .box: try boxLines(columns, rows: shown, &out)
        case .markdown: try markdownLines(columns, rows: shown, &out)
        default: try tableLines(columns, rows: shown, &out)
        }
        var after: [String] = []
        let legend = EstimateLegend.lines(for: table, rows: shown)
        if hidden > 0 || !legend.isEmpty {
            // A plain line right after a pipe table would join the table in
            // GitHub Markdown; a blank line ends it.
            if markdown { after.append("") }
        }
        if hidden > 0 { after.append("… \(hidden) more \(hidden == 1 ? "row" : "rows")") }
        after += legend
        for line in after {
            out.append(line)
            out.append(UInt8(ascii: "\n"))
        }
        return out.finish()
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

/// Writes one line in pieces; with `trimsTrailingSpaces` (the table format)
/// spaces are held back until something else follows them, so the line ends
/// without trailing blanks, exactly as if it had been built and trimmed.
private struct LineWriter {
    let trimsTrailingSpaces: Bool
    private var heldSpaces = 0

    init(trimsTrailingSpaces: Bool) { self.trimsTrailingSpaces = trimsTrailingSpaces }

    mutating func text(_ text: String, _ out: inout ByteOutput) throws(Diagnostic) {
        guard trimsTrailingSpaces else { return out.append(text) }
        let utf8 = Array(text.utf8)
        var trailing = 0
        while trailing < utf8.count, utf8[utf8.count - 1 - trailing] == 0x20 { trailing += 1 }
        if trailing == utf8.count {
            heldSpaces += trailing
            return
        }
        try release(&out)
        out.append(Array(utf8[..<(utf8.count - trailing)]))
        heldSpaces = trailing
    }

    mutating func spaces(_ count: Int, _ out: inout ByteOutput) throws(Diagnostic) {
        if trimsTrailingSpaces { heldSpaces += count } else { try out.append(" ", repeated: count) }
    }

    mutating func repeated(_ text: String, _ count: Int, _ out: inout ByteOutput) throws(Diagnostic) {
        try release(&out)
        try out.append(text, repeated: count)
    }

    mutating func end(_ out: inout ByteOutput) throws(Diagnostic) {
        heldSpaces = 0
        out.append(UInt8(ascii: "\n"))
        try out.checkpoint()
    }

    private mutating func release(_ out: inout ByteOutput) throws(Diagnostic) {
        if heldSpaces > 0 { try out.append(" ", repeated: heldSpaces) }
        heldSpaces = 0
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
        init(text: String, width: Int) {
            self.text = text
            self.width = width
        }
    }

    /// Cells longer than this are escaped and measured a piece at a time, with
    /// the interrupt polled between pieces (a 20 MB cell is seconds of work in
    /// a debug build).
    static let hugeCell = 1 << 20

    /// `raw` escaped and measured in pieces cut at character starts; escaping
    /// and width are both per character, so the pieces add up to the whole.
    private static func hugeCell(_ raw: String, markdown: Bool, interrupt: InterruptFlag?) throws(Diagnostic) -> Cell {
        var raw = raw
        let pieces: [String] = raw.withUTF8 { bytes in
            var pieces: [String] = []
            var start = 0
            while start < bytes.count {
                var end = min(bytes.count, start + hugeCell)
                while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
                pieces.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))
                start = end
            }
            return pieces
        }
        var text = ""
        var width = 0
        for piece in pieces {
            if let interrupt, interrupt.isSet { throw ByteOutput.cancelled }
            let escaped = markdown ? SafeText.escapeForMarkdown(piece) : SafeText.escape(piece)
            text += escaped
            width += DisplayWidth.of(escaped)
        }
        return Cell(text: text, width: width)
    }

    init(_ column: Column, rows: Int, markdown: Bool, showsType: Bool, maxWidth: Int?, interrupt: InterruptFlag?,
         rightAligned alwaysRight: Bool = false) throws(Diagnostic) {
        func poll(_ row: Int) throws(Diagnostic) {
            if row & 0xFFF == 0, let interrupt, interrupt.isSet { throw ByteOutput.cancelled }
        }
        func cell(_ raw: String) throws(Diagnostic) -> Cell {
            if maxWidth == nil, raw.utf8.count > Self.hugeCell {
                return try Self.hugeCell(raw, markdown: markdown, interrupt: interrupt)
            }
            let escaped = markdown ? SafeText.escapeForMarkdown(raw) : SafeText.escape(raw)
            return Cell(maxWidth.map { DisplayWidth.truncate(escaped, to: $0) } ?? escaped)
        }
        header = try cell(column.name)
        typeName = Cell(column.type.rawValue)
        var cells: [Cell] = []
        cells.reserveCapacity(rows)
        if case .texts(let codes, let dictionary) = column.storage {
            // Few distinct values: escape and measure each once.
            var cache = [Cell?](repeating: nil, count: dictionary.count)
            let null = try cell("null")
            for row in 0..<rows {
                try poll(row)
                let code = Int(codes[row])
                guard code >= 0 else { cells.append(null); continue }
                if let cached = cache[code] {
                    cells.append(cached)
                } else {
                    let c = try cell(dictionary[code])
                    cache[code] = c
                    cells.append(c)
                }
            }
        } else {
            for row in 0..<rows {
                try poll(row)
                cells.append(try cell(ValueText.human(column[row])))
            }
        }
        self.cells = cells
        // Markdown needs three dashes in the alignment row; box shows the type.
        let minimum = markdown ? 3 : 1
        width = max(minimum, header.width, showsType ? typeName.width : 0, cells.lazy.map(\.width).max() ?? 0)
        rightAligned = alwaysRight || column.type.isNumeric
    }

    func aligned(_ cell: Cell, _ line: inout LineWriter, _ out: inout ByteOutput) throws(Diagnostic) {
        if rightAligned {
            try line.spaces(width - cell.width, &out)
            try line.text(cell.text, &out)
        } else {
            try line.text(cell.text, &out)
            try line.spaces(width - cell.width, &out)
        }
    }

    func centered(_ cell: Cell, _ line: inout LineWriter, _ out: inout ByteOutput) throws(Diagnostic) {
        let total = width - cell.width
        let left = total / 2
        try line.spaces(left, &out)
        try line.text(cell.text, &out)
        try line.spaces(total - left, &out)
    }
}
