/// Draws a ``Chart`` as a standalone SVG document for reports: the same
/// bars, whiskers, dumbbells and lines as ``ChartRenderer``, with labels
/// and values as real `<text>` (searchable, readable by screen readers),
/// a `<title>` and a `<desc>` listing every value.
///
/// ```swift
/// let outcome = Session().run("""
///     load "Examples/data/ceo_study_metrics.csv" as studies
///     from studies
///     | where edition_year == 2012 and segment == "Global" and horizon == "now" and value_type == "share"
///     | chart bar value_pct by metric
///     """, fileName: "q.tq")
/// for case .chart(let chart) in outcome.events {
///     let svg = SVGChartRenderer.render(chart, width: 720)
///     try svg.write(toFile: "shares.svg", atomically: true, encoding: .utf8)
/// }
/// ```
public enum SVGChartRenderer {
    public static func render(_ chart: Chart, width: Int = 720) -> String {
        let policy = chart.smallBasePolicy
        let layout = SVGLayout(width: Double(max(width, 240)))
        switch chart.kind {
        case .bar, .dumbbell: return SVGRowChart(chart: chart, layout: layout, policy: policy).render()
        case .line: return SVGLineChart(chart: chart, layout: layout, policy: policy).render()
        }
    }
}

/// Sizes shared by the SVG charts, in px.
struct SVGLayout {
    let width: Double
    let margin = 16.0
    let top = 44.0
    let rowHeight = 28.0
    let noteHeight = 16.0
}

/// Bar and dumbbell charts: one row per label on a horizontal axis.
struct SVGRowChart {
    let chart: Chart
    let layout: SVGLayout
    let policy: SmallBasePolicy

    func render() -> String {
        let data = chart.data
        let title = ChartText.title(chart)
        guard let valueColumn = data.column(named: "value") else {
            return SVGDocument().document(width: layout.width, height: layout.top, title: title, description: "No data.")
        }
        let dumbbell = chart.kind == .dumbbell
        let labels = ChartText.labels(data.column(named: "label"), count: data.rowCount)
        let from = valueColumn.chartPoints(policy: policy)
        let to = data.column(named: "to")?.chartPoints(policy: policy) ?? []
        let unit = ChartUnit(valueColumn.type)
        let scale = ChartScale(unit: unit, values: dumbbell ? (from + to).compactMap(\.value) : from.flatMap(\.extent))
        let ends = dumbbell ? ChartText.differences(from: from, to: to, unit: unit, policy: policy) : from.map(\.text)

        let charWidth = SVGDocument.charWidth
        let labelWidth = min(Double(labels.map(DisplayWidth.of).max() ?? 0) * charWidth, layout.width / 3)
        let valueWidth = Double(ends.map(DisplayWidth.of).max() ?? 0) * charWidth + 12
        let x0 = layout.margin + labelWidth + 10, x1 = layout.width - layout.margin - valueWidth
        let x = { (v: Double) in x0 + min(max(scale.fraction(v), 0), 1) * (x1 - x0) }
        let shownLabels = ChartLabels.fit(labels, width: SVGDocument.columns(labelWidth))
        let legendHeight = dumbbell ? 22.0 : 0
        let rowsTop = layout.top + legendHeight
        let rowsBottom = rowsTop + Double(data.rowCount) * layout.rowHeight

        var svg = SVGDocument()
        if dumbbell {
            let y = layout.top + 8
            marker(&svg, from: true, x: x0 + 5, y: y - 4)
            svg.text(chart.valueTitle, x: x0 + 14, y: y)
            let next = x0 + 34 + Double(DisplayWidth.of(chart.valueTitle)) * charWidth
            marker(&svg, from: false, x: next + 5, y: y - 4)
            svg.text(chart.toTitle ?? "to", x: next + 14, y: y)
        }
        axis(&svg, scale: scale, x: x, top: rowsTop, bottom: rowsBottom)
        for row in 0..<data.rowCount {
            let top = rowsTop + Double(row) * layout.rowHeight
            let middle = top + layout.rowHeight / 2
            svg.text(shownLabels[row], x: layout.margin, y: middle + 4)
            if dumbbell {
                if let a = from[row].value, let b = to[row].value {
                    svg.line(x(a), middle, x(b), middle, stroke: "#999", width: 3)
                    marker(&svg, from: true, x: x(a), y: middle)
                    marker(&svg, from: false, x: x(b), y: middle)
                }
            } else if let v = from[row].value {
                let left = min(x(0), x(v)), right = max(x(0), x(v))
                svg.element("rect", [("x", SVGDocument.number(left)), ("y", SVGDocument.number(middle - 7)),
                                     ("width", SVGDocument.number(right - left)), ("height", "14"),
                                     ("fill", SVGDocument.palette[0])])
                if let low = from[row].low, let high = from[row].high {
                    svg.line(x(low), middle, x(high), middle, stroke: "#222", width: 1.5)
                    svg.line(x(low), middle - 5, x(low), middle + 5, stroke: "#222", width: 1.5)
                    svg.line(x(high), middle - 5, x(high), middle + 5, stroke: "#222", width: 1.5)
                }
            }
            svg.text(ends[row], x: x1 + 10, y: middle + 4)
        }
        let notes = ChartText.notes(from + to, estimates: dumbbell ? [] : valueColumn.estimates, policy: policy, whiskers: !dumbbell)
        let notesTop = rowsBottom + 34
        for (i, note) in notes.enumerated() {
            svg.text(note, x: layout.margin, y: notesTop + Double(i) * layout.noteHeight, extra: [("font-size", "11"), ("fill", "#555")])
        }
        return svg.document(width: layout.width, height: notesTop + Double(notes.count) * layout.noteHeight + layout.margin,
                            title: title, description: description(labels: labels, from: from, to: to, ends: ends))
    }

    /// Gridlines and tick labels under the rows, and the zero line.
    private func axis(_ svg: inout SVGDocument, scale: ChartScale, x: (Double) -> Double, top: Double, bottom: Double) {
        for tick in scale.ticks(count: 5) {
            svg.line(x(tick), top, x(tick), bottom, stroke: tick == 0 ? "#444" : "#ddd")
            svg.text(scale.text(tick), x: x(tick), y: bottom + 16, anchor: "middle", extra: [("fill", "#555")])
        }
    }

    /// A dumbbell end: a circle for FROM, a diamond for TO.
    private func marker(_ svg: inout SVGDocument, from: Bool, x: Double, y: Double) {
        if from {
            svg.element("circle", [("cx", SVGDocument.number(x)), ("cy", SVGDocument.number(y)), ("r", "5"),
                                   ("fill", SVGDocument.palette[0])])
        } else {
            let points = [(x, y - 6), (x + 6, y), (x, y + 6), (x - 6, y)]
                .map { SVGDocument.number($0.0) + "," + SVGDocument.number($0.1) }.joined(separator: " ")
            svg.element("polygon", [("points", points), ("fill", SVGDocument.palette[1])])
        }
    }

    /// Every value in words, for screen readers and search.
    private func description(labels: [String], from: [ChartPoint], to: [ChartPoint], ends: [String]) -> String {
        if chart.kind == .dumbbell {
            let rows = labels.indices.map { "\(labels[$0]): \(from[$0].fullText) → \(to[$0].fullText) (\(ends[$0]))" }
            return "Dumbbell chart of \(chart.valueTitle) and \(chart.toTitle ?? "to") by \(chart.labelTitle ?? "label"). " + rows.joined(separator: "; ") + "."
        }
        let rows = labels.indices.map { "\(labels[$0]): \(from[$0].mark == .suppressed ? from[$0].text : from[$0].fullText)" }
        return "Bar chart of \(chart.valueTitle) by \(chart.labelTitle ?? "label"). " + rows.joined(separator: "; ") + "."
    }
}
