/// Horizontal bars in text: label, bar with eighth-block precision (half
/// blocks for negative bars, which grow left from zero), confidence
/// whisker, value.
///
/// ```
/// Social media used to inte…  ██████▍┤                     16.0% ±1.7
/// ```
struct TextBarChart {
    let chart: Chart
    let width: Int
    let policy: SmallBasePolicy

    /// Partial blocks for 1/8 … 7/8 of a cell.
    static let eighths: [String] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]

    func lines() -> [StyledLine] {
        let data = chart.data
        guard let valueColumn = data.column(named: "value") else { return [] }
        let points = valueColumn.chartPoints(policy: policy)
        let labels = ChartText.labels(data.column(named: "label"), count: data.rowCount)
        let scale = ChartScale(unit: ChartUnit(valueColumn.type), values: points.flatMap(\.extent))
        let labelWidth = min(labels.map(DisplayWidth.of).max() ?? 0, width / 3)
        let valueWidth = points.map { DisplayWidth.of($0.text) }.max() ?? 0
        let span = max(width - labelWidth - valueWidth - 2, 4)

        var lines: [StyledLine] = []
        for (label, point) in zip(ChartLabels.fit(labels, width: labelWidth), points) {
            var line = StyledLine(ChartText.pad(label, to: labelWidth) + " ")
            for (cell, isBar) in cells(point, scale: scale, span: span) { line.append(cell, isBar ? .cyan : .plain) }
            line.append(" " + ChartText.padLeft(point.text, to: valueWidth), point.mark == .none ? .plain : .yellow)
            lines.append(line)
        }
        lines.append(StyledLine(String(repeating: " ", count: labelWidth + 1) + ChartText.axis(scale, span: span), .dim))
        let notes = ChartText.notes(points, estimates: valueColumn.estimates, policy: policy, whiskers: true)
        lines += notes.map { StyledLine($0, .dim) }
        return lines
    }

    /// The `span` cells of one bar, each with whether it is part of the bar (for colour).
    private func cells(_ point: ChartPoint, scale: ChartScale, span: Int) -> [(String, Bool)] {
        var cells = [(String, Bool)](repeating: (" ", false), count: span)
        guard let value = point.value else { return cells }
        let position = { (v: Double) in min(max(scale.fraction(v), 0), 1) * Double(span) }
        let zero = Int(position(0).rounded())
        let end = position(value)
        var last = zero - 1  // the last cell the bar covers
        if value >= 0 {
            let eighths = Int(((end - Double(zero)) * 8).rounded())
            for c in zero..<min(zero + eighths / 8, span) { cells[c] = ("█", true) }
            last = zero + eighths / 8 - 1
            if eighths % 8 > 0, last + 1 < span {
                last += 1
                cells[last] = (Self.eighths[eighths % 8], true)
            }
        } else {
            let halves = Int(((Double(zero) - end) * 2).rounded())
            for c in max(zero - halves / 2, 0)..<zero { cells[c] = ("█", true) }
            if halves % 2 == 1, zero - halves / 2 - 1 >= 0 { cells[zero - halves / 2 - 1] = ("▐", true) }
        }
        guard let low = point.low, let high = point.high, value >= 0 else { return cells }
        // The upper end is always at least one cell beyond the bar, so an
        // interval narrower than a cell is still seen; the lower end is
        // drawn over the bar only when it is clearly inside it.
        let whiskerEnd = min(max(Int(position(high)), last + 1), span - 1)
        if whiskerEnd > last {
            for c in (last + 1)..<whiskerEnd { cells[c] = ("─", false) }
            cells[whiskerEnd] = ("┤", false)
        }
        let lowCell = Int(position(low))
        if lowCell <= last - 2 { cells[lowCell] = ("├", false) }
        return cells
    }
}
