/// A trend in text: a braille line plot ten rows high with a marker on each
/// point, the y axis fitted to the values (``ChartScale/fitted(unit:values:intervals:)``)
/// and labelled at its ends, the x values below, and one legend line per
/// series listing its values.
///
/// ```
/// 50% ┤
///     │                                ⡠⠔●
/// 10% ┤ ●⠤⠤⠤⠤⠤●⠊⠉⠉⠉⠉⠉⠉
///     └──────────────────
///       2012   2013   2014
/// ● share:  2012 15.0%  2013 18.0%  2014 44.0%
/// ```
struct TextLineChart {
    let chart: Chart
    let width: Int
    let policy: SmallBasePolicy

    static let height = 10

    func lines() -> [StyledLine] {
        let series = ChartSeries.make(chart, policy: policy)
        let unit = ChartUnit(chart.data.column(named: "value")?.type ?? .number)
        let all = series.flatMap(\.points)
        let scale = ChartScale.fitted(unit: unit, values: all.compactMap(\.value))
        let xs = series.flatMap(\.xs)
        let xLow = xs.min() ?? 0, xHigh = xs.max() ?? 0
        let top = scale.text(scale.high), bottom = scale.text(scale.low)
        let axisWidth = max(DisplayWidth.of(top), DisplayWidth.of(bottom))
        let plotWidth = max(width - axisWidth - 2, 4)
        var canvas = BrailleCanvas(columns: plotWidth, rows: Self.height)

        func dot(_ x: Double, _ y: Double) -> (x: Int, y: Int) {
            let fx = xHigh > xLow ? (x - xLow) / (xHigh - xLow) : 0.5
            let fy = min(max(scale.fraction(y), 0), 1)
            return (Int((fx * Double(canvas.dotWidth - 1)).rounded()), Int(((1 - fy) * Double(canvas.dotHeight - 1)).rounded()))
        }
        for (k, s) in series.enumerated() {
            let style = ChartStyle.series[k % ChartStyle.series.count]
            var previous: (x: Int, y: Int)?
            for (x, point) in zip(s.xs, s.points) {
                guard let y = point.value else { previous = nil; continue }
                let d = dot(x, y)
                if let p = previous { canvas.line(from: p, to: d, style: style) }
                previous = d
            }
        }
        // Markers after every line, so no line hides a point.
        for (k, s) in series.enumerated() {
            for (x, point) in zip(s.xs, s.points) {
                guard let y = point.value else { continue }
                let d = dot(x, y)
                let markers = point.mark == .unknownBase ? ChartSeries.hollowMarkers : ChartSeries.markers
                canvas.mark(x: d.x, y: d.y, marker: markers[k % markers.count], style: ChartStyle.series[k % ChartStyle.series.count])
            }
        }

        var lines: [StyledLine] = []
        for row in 0..<Self.height {
            let label = row == 0 ? top : row == Self.height - 1 ? bottom : ""
            var line = StyledLine(ChartText.padLeft(label, to: axisWidth) + " " + (label.isEmpty ? "│" : "┤"), .dim)
            for (text, style) in canvas.cells(row: row) { line.append(text, style) }
            lines.append(line)
        }
        lines.append(StyledLine(String(repeating: " ", count: axisWidth + 1) + "└" + String(repeating: "─", count: plotWidth), .dim))
        var ticks: [(cell: Int, text: String)] = []
        for s in series {
            for (x, text) in zip(s.xs, s.xLabels) where !ticks.contains(where: { $0.text == text }) {
                ticks.append((dot(x, scale.low).x / 2, text))
            }
        }
        lines.append(StyledLine(String(repeating: " ", count: axisWidth + 2) + Self.xAxis(ticks.sorted { $0.cell < $1.cell }, span: plotWidth), .dim))

        // One legend line per series with its values; values that do not
        // fit continue on indented lines, never cut inside a value.
        let names = ChartLabels.fit(series.map { $0.name + ":" }, width: max(width - 2, 1))
        for (k, s) in series.enumerated() {
            let markers = ChartSeries.markers
            var line = StyledLine(markers[k % markers.count], ChartStyle.series[k % ChartStyle.series.count])
            var used = 2 + DisplayWidth.of(s.name) + 1
            line.append(" " + names[k])
            for (x, point) in zip(s.xLabels, s.points) {
                let item = x + " " + point.shortText
                let itemWidth = DisplayWidth.of(item)
                if used + 2 + itemWidth > width && used > 4 {
                    lines.append(line)
                    line = StyledLine("   ")
                    used = 3
                }
                line.append("  " + item)
                used += 2 + itemWidth
            }
            lines.append(line)
        }
        for note in ChartText.notes(all, estimates: [], policy: policy, whiskers: false) {
            let text = note.hasPrefix("(n/a)") ? "○ (…): base not published, no interval" : note
            lines.append(StyledLine(text, .dim))
        }
        return lines
    }

    /// The x labels centred under their cells, or only the first and last
    /// when they do not all fit with a space between them.
    static func xAxis(_ ticks: [(cell: Int, text: String)], span: Int) -> String {
        func place(_ ticks: [(cell: Int, text: String)], ends: Bool) -> String? {
            var cells = [Character](repeating: " ", count: span)
            var next = 0  // the first free cell
            for (i, tick) in ticks.enumerated() {
                let text = Array(tick.text)
                var start = tick.cell - (text.count - 1) / 2
                if ends { start = i == 0 ? min(tick.cell, span - text.count) : min(tick.cell - text.count + 1, span - text.count) }
                start = max(min(start, span - text.count), 0)
                guard start >= next, start + text.count <= span else { return nil }
                for (k, c) in text.enumerated() { cells[start + k] = c }
                next = start + text.count + 1
            }
            return String(cells)
        }
        guard let first = ticks.first, let last = ticks.last else { return "" }
        return place(ticks, ends: false) ?? place(ticks.count > 1 ? [first, last] : [first], ends: true) ?? ""
    }
}
