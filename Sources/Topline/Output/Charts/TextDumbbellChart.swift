/// Two values per row on one shared axis, joined by a line, with the
/// difference at the end.
///
/// ```
/// Social media used to inte…       ●─────────────────◆         +41.0 pp
/// Face-to-face customer int…                      ◆─────●      -13.0 pp
///                             0%               50%           100%
/// ● now   ◆ 3-5 years
/// ```
struct TextDumbbellChart {
    let chart: Chart
    let width: Int
    let policy: SmallBasePolicy

    static let fromMarker = "●", toMarker = "◆"

    func lines() -> [StyledLine] {
        let data = chart.data
        guard let fromColumn = data.column(named: "value"), let toColumn = data.column(named: "to") else { return [] }
        let from = fromColumn.chartPoints(policy: policy), to = toColumn.chartPoints(policy: policy)
        let labels = ChartText.labels(data.column(named: "label"), count: data.rowCount)
        let unit = ChartUnit(fromColumn.type)
        // Both ends share the axis; an estimate's interval is not drawn here.
        let scale = ChartScale(unit: unit, values: (from + to).compactMap(\.value))
        let ends = ChartText.differences(from: from, to: to, unit: unit, policy: policy)
        let labelWidth = min(labels.map(DisplayWidth.of).max() ?? 0, width / 3)
        let valueWidth = ends.map(DisplayWidth.of).max() ?? 0
        let span = max(width - labelWidth - valueWidth - 2, 4)

        let shown = ChartLabels.fit(labels, width: labelWidth)
        var lines: [StyledLine] = []
        for row in 0..<data.rowCount {
            var line = StyledLine(ChartText.pad(shown[row], to: labelWidth) + " ")
            var cells = [(String, ChartStyle)](repeating: (" ", .plain), count: span)
            if let x = from[row].value, let y = to[row].value {
                let cell = { (v: Double) in min(Int(min(max(scale.fraction(v), 0), 1) * Double(span)), span - 1) }
                let a = cell(x), b = cell(y)
                for c in min(a, b)...max(a, b) { cells[c] = ("─", .dim) }
                cells[a] = (Self.fromMarker, ChartStyle.series[0])
                cells[b] = (Self.toMarker, ChartStyle.series[1])  // drawn last: on a tie the reader sees where it went
            }
            for (text, style) in cells { line.append(text, style) }
            line.append(" " + ChartText.padLeft(ends[row], to: valueWidth))
            lines.append(line)
        }
        lines.append(StyledLine(String(repeating: " ", count: labelWidth + 1) + ChartText.axis(scale, span: span), .dim))
        var legend = StyledLine(Self.fromMarker, ChartStyle.series[0])
        legend.append(" " + SafeText.escape(chart.valueTitle) + "   ")
        legend.append(Self.toMarker, ChartStyle.series[1])
        legend.append(" " + SafeText.escape(chart.toTitle ?? "to") + "   difference: " + (unit == .share || unit == .points ? "pp" : "to − from"))
        lines.append(legend)
        let notes = ChartText.notes(from + to, estimates: [], policy: policy, whiskers: false)
        lines += notes.map { StyledLine($0, .dim) }
        return lines
    }
}
