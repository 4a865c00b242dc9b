/// One column of a human table (table, box, markdown, line): its header,
/// type name and cells as they are shown — rendered with ``ValueText``,
/// escaped (``SafeText``), measured in display columns — and how to cut it
/// narrower.
///
/// A column of numbers shows all its numbers with the decimals of its most
/// precise one (``ValueText/columnDecimals(_:)``): `59.4382` above `59.4030`,
/// `35791.4` above `32041.0`. A column of margins of error or standard errors
/// (``Column/magnitude``) shows sizes: `±1.7 pp`, `1.2 pp`.
struct HumanColumn {
    var header: Cell
    var typeName: Cell
    var cells: [Cell]
    /// Its widest cell, the header (and in box the type name) included.
    private(set) var width: Int
    let rightAligned: Bool
    /// Markdown needs three dashes in the alignment row.
    private let minimum: Int
    private let markdown: Bool

    /// A piece of text as shown, with its width.
    struct Cell {
        var text: String
        var width: Int
        /// The text before escaping, when escaping changed it: a cut is made
        /// between escapes (never inside `\u{1B}`), so it goes back to this.
        var source: String?

        init(_ text: String) {
            self.text = text
            self.width = DisplayWidth.of(text)
        }

        init(text: String, width: Int, source: String?) {
            self.text = text
            self.width = width
            self.source = source
        }

        /// Escaped (for a Markdown cell, `|` and line breaks too) and measured.
        init(escaping raw: String, markdown: Bool) {
            let escaped = Cell.escape(raw, markdown: markdown)
            // Every escape is longer than what it replaces, so an unchanged length is no change.
            self.init(text: escaped, width: DisplayWidth.of(escaped), source: escaped.utf8.count == raw.utf8.count ? nil : raw)
        }

        static func escape(_ raw: String, markdown: Bool) -> String {
            markdown ? SafeText.escapeForMarkdown(raw) : SafeText.escape(raw)
        }

        /// The cell in at most `limit` display columns: unchanged when it
        /// fits, else the longest start that fits with a `…` after it. A
        /// character is never split, a wide one (`日`, an emoji) that would
        /// stick out is left out, and so is an escape (`\t`, `\u{1B}`) that
        /// does not fit whole.
        func cut(to limit: Int, markdown: Bool) -> Cell {
            guard width > limit else { return self }
            guard limit >= 1 else { return Cell(text: "", width: 0, source: nil) }
            var kept = ""
            var used = 0
            // Each character escapes on its own (the rule is per character), so
            // the escaped pieces of the source add up to the escaped text. Zero-width
            // characters are kept too, but no more than a few per column: a cell of
            // a million combining marks is not walked to its end.
            var budget = 8 * limit + 8
            for scalar in (source ?? text).unicodeScalars {
                budget -= 1
                guard budget >= 0 else { break }
                let piece = source == nil ? String(scalar) : Cell.escape(String(scalar), markdown: markdown)
                let w = DisplayWidth.of(piece)
                if used + w > limit - 1 { break }
                kept += piece
                used += w
            }
            return Cell(text: kept + "…", width: used + 1, source: nil)
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
            let escaped = Cell.escape(piece, markdown: markdown)
            text += escaped
            width += DisplayWidth.of(escaped)
        }
        return Cell(text: text, width: width, source: text.utf8.count == raw.utf8.count ? nil : raw)
    }

    /// The first `rows` cells of `column`; null shows as `nullText`.
    init(_ column: Column, rows: Int, markdown: Bool, showsType: Bool, nullText: String, interrupt: InterruptFlag?,
         rightAligned alwaysRight: Bool = false) throws(Diagnostic) {
        func poll(_ row: Int) throws(Diagnostic) {
            if row & 0xFFF == 0, let interrupt, interrupt.isSet { throw ByteOutput.cancelled }
        }
        func cell(_ raw: String) throws(Diagnostic) -> Cell {
            if raw.utf8.count > Self.hugeCell { return try Self.hugeCell(raw, markdown: markdown, interrupt: interrupt) }
            return Cell(escaping: raw, markdown: markdown)
        }
        self.markdown = markdown
        header = try cell(column.name)
        typeName = Cell(column.type.rawValue)
        let null = try cell(nullText)
        var cells: [Cell] = []
        cells.reserveCapacity(rows)
        switch column.storage {
        case .texts(let codes, let dictionary):
            // Few distinct values: escape and measure each once.
            var cache = [Cell?](repeating: nil, count: dictionary.count)
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
        case .doubles(let values) where column.type == .number:
            // One number of decimals for the whole column: that of its most precise number.
            let decimals = ValueText.columnDecimals(values.prefix(rows).lazy.filter { !$0.isNaN })
            for row in 0..<rows {
                try poll(row)
                let x = values[row]
                guard !x.isNaN else { cells.append(null); continue }
                let text = ValueText.humanNumber(x, decimals: decimals)
                cells.append(Cell(column.magnitude.map { ValueText.sized(text, fraction: x, $0) } ?? text))
            }
        default:
            for row in 0..<rows {
                try poll(row)
                cells.append(column.isNull(row) ? null : try cell(ValueText.human(column[row], magnitude: column.magnitude)))
            }
        }
        self.cells = cells
        minimum = markdown ? 3 : 1
        width = max(minimum, header.width, showsType ? typeName.width : 0, cells.lazy.map(\.width).max() ?? 0)
        rightAligned = alwaysRight || column.type.isNumeric
    }

    /// The column in at most `limit` display columns (never below Markdown's three).
    func cut(to limit: Int) -> HumanColumn {
        let limit = max(limit, minimum)
        guard width > limit else { return self }
        var copy = self
        copy.header = header.cut(to: limit, markdown: markdown)
        copy.typeName = typeName.cut(to: limit, markdown: markdown)
        copy.cells = cells.map { $0.cut(to: limit, markdown: markdown) }
        copy.width = limit
        return copy
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
