/// A trend as SVG: one polyline per series on a grid, a marker per point
/// (hollow when the base is unknown), vertical whiskers for intervals.
struct SVGLineChart {
    let chart: Chart
    let layout: SVGLayout
    let policy: SmallBasePolicy

    static let plotHeight = 240.0

    func render() -> String {
        let series = ChartSeries.make(chart, policy: policy)
        let unit = ChartUnit(chart.data.column(named: "value")?.type ?? .number)
        let all = series.flatMap(\.points)
        let scale = ChartScale.fitted(unit: unit, values: all.flatMap(\.extent))
        let xs = series.flatMap(\.xs)
        let xLow = xs.min() ?? 0, xHigh = xs.max() ?? 0
        let ticks = scale.ticks(count: 5)
        let axisWidth = Double(ticks.map { DisplayWidth.of(scale.text($0)) }.max() ?? 0) * SVGDocument.charWidth
        let x0 = layout.margin + axisWidth + 8, x1 = layout.width - layout.margin - 12
        let y0 = layout.top, y1 = layout.top + Self.plotHeight
        let x = { (v: Double) in xHigh > xLow ? x0 + (v - xLow) / (xHigh - xLow) * (x1 - x0) : (x0 + x1) / 2 }
        let y = { (v: Double) in y1 - min(max(scale.fraction(v), 0), 1) * (y1 - y0) }

        var svg = SVGDocument()
        for tick in ticks {
            svg.line(x0, y(tick), x1, y(tick), stroke: tick == 0 ? "#444" : "#ddd")
            svg.text(scale.text(tick), x: x0 - 6, y: y(tick) + 4, anchor: "end", extra: [("fill", "#555")])
        }
        // X labels, thinned to every k-th so they never overlap.
        var labels: [(Double, String)] = []
        for s in series { for (v, t) in zip(s.xs, s.xLabels) where !labels.contains(where: { $0.1 == t }) { labels.append((v, t)) } }
        labels.sort { $0.0 < $1.0 }
        let widest = Double(labels.map { DisplayWidth.of($0.1) }.max() ?? 1) * SVGDocument.charWidth + 8
        let every = max(1, Int((widest * Double(labels.count) / (x1 - x0)).rounded(.up)))
        var shown = Array(stride(from: 0, to: labels.count, by: every))
        if let last = shown.last, last != labels.count - 1 {
            if labels.count - 1 - last < every { shown.removeLast() }
            shown.append(labels.count - 1)
        }
        for label in shown.map({ labels[$0] }) {
            svg.line(x(label.0), y1, x(label.0), y1 + 4, stroke: "#444")
            svg.text(label.1, x: x(label.0), y: y1 + 18, anchor: "middle", extra: [("fill", "#555")])
        }
        for (k, s) in series.enumerated() {
            let colour = SVGDocument.palette[k % SVGDocument.palette.count]
            var run: [String] = []
            func flush() {
                if run.count > 1 {
                    svg.element("polyline", [("points", run.joined(separator: " ")), ("fill", "none"), ("stroke", colour), ("stroke-width", "2")])
                }
                run = []
            }
            for (v, point) in zip(s.xs, s.points) {
                guard let value = point.value else { flush(); continue }
                run.append(SVGDocument.number(x(v)) + "," + SVGDocument.number(y(value)))
            }
            flush()
            for (v, point) in zip(s.xs, s.points) {
                guard let value = point.value else { continue }
                if let low = point.low, let high = point.high {
                    svg.line(x(v), y(low), x(v), y(high), stroke: colour, width: 1.5)
                    svg.line(x(v) - 4, y(low), x(v) + 4, y(low), stroke: colour, width: 1.5)
                    svg.line(x(v) - 4, y(high), x(v) + 4, y(high), stroke: colour, width: 1.5)
                }
                let hollow = point.mark == .unknownBase
                svg.element("circle", [("cx", SVGDocument.number(x(v))), ("cy", SVGDocument.number(y(value))), ("r", "4"),
                                       ("fill", hollow ? "#fff" : colour), ("stroke", colour), ("stroke-width", "2")])
                svg.text(point.shortText, x: x(v), y: y(value) - 9, anchor: "middle", extra: [("font-size", "11")])
            }
        }
        // Legend: one entry per series, then the notes.
        var lineY = y1 + 44
        let names = ChartLabels.fit(series.map(\.name), width: SVGDocument.columns(layout.width - 60))
        for (k, _) in series.enumerated() {
            let colour = SVGDocument.palette[k % SVGDocument.palette.count]
            svg.line(layout.margin, lineY - 4, layout.margin + 18, lineY - 4, stroke: colour, width: 2)
            svg.text(names[k], x: layout.margin + 24, y: lineY)
            lineY += layout.noteHeight
        }
        var notes = ChartText.notes(all, estimates: chart.data.column(named: "value")?.estimates ?? [], policy: policy, whiskers: true)
        notes = notes.map { $0.hasPrefix("(n/a)") ? "hollow points: base not published, no interval" : $0 }
        for note in notes {
            svg.text(note, x: layout.margin, y: lineY, extra: [("font-size", "11"), ("fill", "#555")])
            lineY += layout.noteHeight
        }
        let description = "Line chart of \(chart.valueTitle) over \(chart.xTitle ?? "x"). " + series.map { s in
            s.name + ": " + zip(s.xLabels, s.points).map { "\($0) \($1.fullText)" }.joined(separator: ", ")
        }.joined(separator: "; ") + "."
        return svg.document(width: layout.width, height: lineY + layout.margin - 8, title: ChartText.title(chart), description: description)
    }
}
