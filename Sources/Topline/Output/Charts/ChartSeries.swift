/// The series of a line chart: points grouped by the `label` column (one
/// series when there is none), each sorted by x.
struct ChartSeries {
    var name: String
    /// Positions on the x axis (the number itself, or the order of first
    /// appearance for text), their labels and the points, sorted by x.
    var xs: [Double]
    var xLabels: [String]
    var points: [ChartPoint]

    /// Filled markers for series in order; hollow ones mark a point whose base is unknown.
    static let markers = ["●", "◆", "▲", "■", "▼", "★"]
    static let hollowMarkers = ["○", "◇", "△", "□", "▽", "☆"]

    static func make(_ chart: Chart, policy: SmallBasePolicy) -> [ChartSeries] {
        let data = chart.data
        guard let values = data.column(named: "value"), let x = data.column(named: "x") else { return [] }
        let points = values.chartPoints(policy: policy)
        let labels = data.column(named: "label").map { ChartText.labels($0, count: data.rowCount) }
        let xTexts = ChartText.labels(x, count: data.rowCount)
        var positions: [Double] = []
        if x.type.isNumeric {
            positions = (0..<data.rowCount).map { x[$0].numeric ?? .nan }
        } else {
            var order: [String: Double] = [:]
            for text in xTexts where order[text] == nil { order[text] = Double(order.count) }
            positions = xTexts.map { order[$0]! }
        }
        var names: [String] = []
        var rows: [String: [Int]] = [:]
        for row in 0..<data.rowCount where !positions[row].isNaN {
            let name = labels?[row] ?? SafeText.escape(chart.valueTitle)
            if rows[name] == nil { names.append(name) }
            rows[name, default: []].append(row)
        }
        return names.map { name in
            let sorted = rows[name]!.sorted { positions[$0] < positions[$1] }
            return ChartSeries(name: name, xs: sorted.map { positions[$0] }, xLabels: sorted.map { xTexts[$0] },
                               points: sorted.map { points[$0] })
        }
    }
}
