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
        let layout = try BannerLayout(table, interrupt: interrupt)
        let columns = layout.columns
        // A cell is its figure and its letters, kept apart so that letters line up in their own sub-column.
        let lines = layout.lines.map { line in
            (label: (line.indented ? "  " : "") + line.label,
             cells: line.cells.map { (figure: Self.text(of: $0.figure), letters: $0.letters) })
        }
        // The banner as a table of text, every column but the labels right-aligned.
        var wide: [Column] = [Column(name: "", type: .text, values: lines.map { .text($0.label) })]
        for (c, column) in columns.enumerated() {
            let width = lines.map { $0.cells[c].letters.count }.max() ?? 0
            wide.append(Column(name: column.header, type: .text, values: lines.map { line in
                let (figure, letters) = line.cells[c]
                guard width > 0, !figure.isEmpty else { return .text(figure) }
                return .text(figure + " " + letters + String(repeating: " ", count: width - letters.count))
            }))
        }
        if let summary = layout.letterSummary {
            out.append((format == .markdown ? SafeText.escapeForMarkdown : SafeText.escape)(summary))
            out.append(UInt8(ascii: "\n"))
            if format == .markdown { out.append(UInt8(ascii: "\n")) }
        }
        let body = Table(unchecked: wide, rowCount: lines.count)
        // A banner is a table already: the line format shows it as the table format does.
        var renderer = HumanTableRenderer(table: body, format: format == .line ? .table : format, options: options, interrupt: interrupt)
        renderer.rightAligned = Set(1..<wide.count)
        _ = try renderer.render(into: &out)
        let after = layout.notes(notes)
        if format == .markdown, !after.isEmpty { out.append(UInt8(ascii: "\n")) }
        for line in after {
            out.append(format == .markdown ? SafeText.escapeForMarkdown(line) : SafeText.escape(line))
            out.append(UInt8(ascii: "\n"))
        }
        return out.finish()
    }

    /// A cell's figure as the banner shows it: a share as `33.0%`, a mean or count as a number,
    /// `n<30` for a suppressed base, the small-base mark after a flagged one.
    private static func text(of figure: BannerLayout.Figure) -> String {
        switch figure {
        case .none: return ""
        case .value(let value): return ValueText.human(value)
        case .estimate(let e):
            let shown = e.kind == .share ? ValueText.humanPercent(e.proportion) : ValueText.human(.number(e.design?.value ?? e.proportion))
            switch e.assessment {
            case .suppressed: return "n<\(e.policy.suppressBelow)"
            case .flagged: return shown + ValueText.smallBaseMark
            default: return shown
            }
        }
    }
}
