/// The banner of a `tabulate` result (see ``Tabulate``) gathered from its long
/// form: its columns (Total, then each banner variable's lettered
/// categories), its lines (per row variable a heading, the bases, categories,
/// nets and mean), each cell's figure and significance letters, the tests of
/// independence and the notes. ``BannerRenderer`` draws it as text and
/// ``SheetLayout`` as spreadsheet cells, so both show the same banner.
struct BannerLayout {
    struct BannerColumn {
        var banner: String
        var label: String
        var letter: String?

        /// `Female (A)`, or the label alone for the Total.
        var header: String { letter.map { "\(label) (\($0))" } ?? label }
    }

    /// What a cell shows: nothing, a base or count, or an estimate.
    enum Figure {
        case none
        case value(Value)
        case estimate(Estimate)
    }

    struct Cell {
        var figure: Figure = .none
        var letters = ""
    }

    struct Line {
        /// The row variable's name on its heading line; else the base, category, net or mean label.
        var label: String
        /// A line under a row variable's heading (drawn indented).
        var indented: Bool
        var cells: [Cell]
    }

    var columns: [BannerColumn] = []
    var lines: [Line] = []
    /// One line per test of independence: `importance × gender: Rao–Scott F = … on … df, p = …`.
    var tests: [String] = []
    /// Some estimate is marked as a small base, or suppressed.
    var flagged = false, suppressed = false

    /// Gathers the banner of `table` (a `tabulate` result), polling `interrupt`.
    init(_ table: Table, interrupt: InterruptFlag?) throws(Diagnostic) {
        func text(_ r: Int, _ name: String) -> String? {
            if case .text(let t) = table[r, name] { return t } else { return nil }
        }
        var columnIndex: [String: Int] = [:]
        var lineIndex: [String: Int] = [:]
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
                columns.append(BannerColumn(banner: text(r, "banner") ?? "", label: text(r, "column") ?? "", letter: text(r, "letter")))
                for i in lines.indices { lines[i].cells.append(Cell()) }
            }
            let c = columnIndex[columnKey]!
            if lineIndex[variable + "\u{0}header"] == nil {
                lineIndex[variable + "\u{0}header"] = lines.count
                lines.append(Line(label: variable, indented: false, cells: Array(repeating: Cell(), count: columns.count)))
            }
            func put(_ label: String, _ key: String, _ figure: Figure, _ letters: String = "") {
                let k = variable + "\u{0}" + key
                if lineIndex[k] == nil {
                    lineIndex[k] = lines.count
                    lines.append(Line(label: label, indented: true, cells: Array(repeating: Cell(), count: columns.count)))
                }
                lines[lineIndex[k]!].cells[c] = Cell(figure: figure, letters: letters)
            }
            switch kind {
            case "base":
                put("Base (n)", "base", .value(table[r, "n"]))
                if let w = table[r, "weighted_n"].numeric {
                    put("Base (weighted)", "weighted base", .value(.number(w.rounded())))
                }
            default:
                let label = kind == "net" ? "Net: \(category)" : category
                var figure = Figure.none
                if case .estimate(let e) = table[r, "value"] {
                    figure = .estimate(e)
                    switch e.assessment {
                    case .suppressed: suppressed = true
                    case .flagged: flagged = true
                    default: break
                    }
                } else if let count = table[r, "count"].numeric {
                    figure = .value(.number(count))
                }
                put(label, kind + "\u{0}" + category, figure, text(r, "letters") ?? "")
            }
        }
    }

    /// `columns: Total; gender: A–B; urban: A–B`: the letters of each banner variable; nil without letters.
    var letterSummary: String? {
        var banners: [String] = []
        for column in columns where column.letter != nil {
            if let last = banners.last, last.hasPrefix(column.banner + ":") { continue }
            let letters = columns.filter { $0.banner == column.banner }.compactMap(\.letter)
            banners.append("\(column.banner): \(letters.first ?? "")–\(letters.last ?? "")")
        }
        return banners.isEmpty ? nil : "columns: Total; " + banners.joined(separator: "; ")
    }

    /// The lines under the banner: its tests, the table's notes, and what the small-base marks mean.
    func notes(_ notes: BannerNotes) -> [String] {
        var after = tests + notes.footnotes
        if flagged { after.append("\(ValueText.smallBaseMark) small base: n < 50 or interval wider than 20 pp; read with care") }
        if suppressed { after.append("n<…: suppressed, too few respondents to report") }
        return after
    }
}
