/// Draws the long form of a banner table (`tabulate`, see ``Tabulate``) as
/// the banner itself in the human formats: one line per base, category, net
/// and mean of each row variable, one column per banner column with its
/// letter, the significance letters after the percentages, then a line per
/// test of independence and the table's notes. Machine formats write the
/// long form as it is.
struct BannerRenderer {
    let table: Table
    let notes: BannerNotes
    let format: OutputFormat
    let options: FormatOptions
    var interrupt: InterruptFlag?

    func render(into out: inout ByteOutput) throws(Diagnostic) -> String {
        func text(_ r: Int, _ name: String) -> String? {
            if case .text(let t) = table[r, name] { return t } else { return nil }
        }
        // The columns, in the order of the first variable's base rows; then each line.
        var columns: [(banner: String, label: String, letter: String?)] = []
        var columnIndex: [String: Int] = [:]
        // A cell is its figure and its letters, kept apart so that letters line up in their own sub-column.
        struct Line { var label: String; var cells: [(figure: String, letters: String)] }
        var lines: [Line] = []
        var lineIndex: [String: Int] = [:]
        var tests: [String] = []
        var flagged = false, suppressed = false
        for r in 0..<table.rowCount {
            if r & 0xFFF == 0, let interrupt, interrupt.isSet { throw ByteOutput.cancelled }
            let variable = text(r, "variable") ?? "", kind = text(r, "kind") ?? "", category = text(r, "category") ?? ""
            if kind == "test" {
                let statistic = ValueText.human(table[r, "statistic"]), p = ValueText.human(table[r, "p"])
                let df = [table[r, "ndf"], table[r, "ddf"]].filter { !$0.isNull }.map(ValueText.human).joined(separator: " and ")
                tests.append("\(variable) × \(text(r, "banner") ?? ""): \(category) = \(statistic) on \(df) df, p \(p.hasPrefix("<") ? p : "= " + p)")
                continue
            }
            let columnKey = (text(r, "banner") ?? "") + "\u{0}" + (text(r, "column") ?? "")
            if columnIndex[columnKey] == nil {
                columnIndex[columnKey] = columns.count
                columns.append((text(r, "banner") ?? "", text(r, "column") ?? "", text(r, "letter")))
                for i in lines.indices { lines[i].cells.append(("", "")) }
            }
            let c = columnIndex[columnKey]!
            if lineIndex[variable + "\u{0}header"] == nil {
                lineIndex[variable + "\u{0}header"] = lines.count
                lines.append(Line(label: variable, cells: Array(repeating: ("", ""), count: columns.count)))
            }
            func put(_ label: String, _ key: String, _ figure: String, _ letters: String = "") {
                let k = variable + "\u{0}" + key
                if lineIndex[k] == nil {
                    lineIndex[k] = lines.count
                    lines.append(Line(label: label, cells: Array(repeating: ("", ""), count: columns.count)))
                }
                lines[lineIndex[k]!].cells[c] = (figure, letters)
            }
            let letters = text(r, "letters") ?? ""
            switch kind {
            case "base":
                put("  Base (n)", "base", ValueText.human(table[r, "n"]))
                if let w = table[r, "weighted_n"].numeric {
                    put("  Base (weighted)", "weighted base", ValueText.human(.number(w.rounded())))
                }
            default:
                let label = kind == "net" ? "  Net: \(category)" : "  \(category)"
                var cell = ""
                if case .estimate(let e) = table[r, "value"] {
                    switch e.assessment {
                    case .suppressed:
                        suppressed = true
                        cell = "n<\(e.policy.suppressBelow)"
                    case .flagged:
                        flagged = true
                        cell = (e.kind == .share ? ValueText.humanPercent(e.proportion) : ValueText.human(.number(e.design?.value ?? e.proportion)))
                            + ValueText.smallBaseMark
                    default:
                        cell = e.kind == .share ? ValueText.humanPercent(e.proportion) : ValueText.human(.number(e.design?.value ?? e.proportion))
                    }
                } else if let count = table[r, "count"].numeric {
                    cell = ValueText.human(.number(count))
                }
                put(label, kind + "\u{0}" + category, cell, letters)
            }
        }
        // The banner as a table of text, every column but the labels right-aligned.
        var wide: [Column] = [Column(name: "", type: .text, values: lines.map { .text($0.label) })]
        for (c, column) in columns.enumerated() {
            let header = column.letter.map { "\(column.label) (\($0))" } ?? column.label
            let width = lines.map { $0.cells[c].letters.count }.max() ?? 0
            wide.append(Column(name: header, type: .text, values: lines.map { line in
                let (figure, letters) = line.cells[c]
                guard width > 0, !figure.isEmpty else { return .text(figure) }
                return .text(figure + " " + letters + String(repeating: " ", count: width - letters.count))
            }))
        }
        var banners: [String] = []
        for column in columns where column.letter != nil {
            if let last = banners.last, last.hasPrefix(column.banner + ":") { continue }
            let letters = columns.filter { $0.banner == column.banner }.compactMap(\.letter)
            banners.append("\(column.banner): \(letters.first ?? "")–\(letters.last ?? "")")
        }
        if !banners.isEmpty {
            out.append((format == .markdown ? SafeText.escapeForMarkdown : SafeText.escape)("columns: Total; " + banners.joined(separator: "; ")))
            out.append(UInt8(ascii: "\n"))
            if format == .markdown { out.append(UInt8(ascii: "\n")) }
        }
        let body = Table(unchecked: wide, rowCount: lines.count)
        // A banner is a table already: the line format shows it as the table format does.
        var renderer = HumanTableRenderer(table: body, format: format == .line ? .table : format, options: options, interrupt: interrupt)
        renderer.rightAligned = Set(1..<wide.count)
        _ = try renderer.render(into: &out)
        var after = tests + notes.footnotes
        if flagged { after.append("\(ValueText.smallBaseMark) small base: n < 50 or interval wider than 20 pp; read with care") }
        if suppressed { after.append("n<…: suppressed, too few respondents to report") }
        if format == .markdown, !after.isEmpty { out.append(UInt8(ascii: "\n")) }
        for line in after {
            out.append(format == .markdown ? SafeText.escapeForMarkdown(line) : SafeText.escape(line))
            out.append(UInt8(ascii: "\n"))
        }
        return out.finish()
    }
}
