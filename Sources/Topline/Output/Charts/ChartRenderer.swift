/// Draws a ``Chart`` as text for a terminal: bars with eighth-block
/// precision and confidence whiskers, dumbbells, and braille line plots.
///
/// Labels are cut with `…` to fit, never wrapped, and labels cut to the same
/// text are cut in the middle instead so they stay apart; every line fits in
/// `width` columns (down to a floor of about 20). Bars and dumbbells start at
/// zero (shares on a 0-100% axis unless a value falls outside it); a line
/// chart's axis fits its values, with round ends. Plain numbers use one
/// number of decimals per chart. Estimates follow the small-base rules
/// of ``SmallBasePolicy``: below 30 they are not drawn (`n<30`), below 50
/// they are marked `*`, and the legend says so.
///
/// ```swift
/// let outcome = Session().run("""
///     load "Examples/data/ceo_study_metrics.csv" as studies
///     from studies
///     | where edition_year == 2012 and metric ~ "social" and horizon == "now" and value_type == "share"
///     | select segment, share = estimate(value_pct, n)
///     | chart bar share by segment
///     """, fileName: "q.tq")
/// for case .chart(let chart) in outcome.events {
///     print(ChartRenderer.render(chart, width: 80), terminator: "")
/// }
/// ```
public enum ChartRenderer {
    /// The chart as lines of text, each ending in a newline. `color` adds
    /// ANSI colours; the caller decides (a terminal, and no `NO_COLOR`).
    public static func render(_ chart: Chart, width: Int = 80, color: Bool = false) -> String {
        let width = max(width, 20)
        let policy = chart.smallBasePolicy
        var lines = [StyledLine(DisplayWidth.truncate(ChartText.title(chart), to: width), .bold)]
        if chart.data.rowCount == 0 {
            lines.append(StyledLine("(no rows to chart)", .dim))
        } else {
            switch chart.kind {
            case .bar: lines += TextBarChart(chart: chart, width: width, policy: policy).lines()
            case .dumbbell: lines += TextDumbbellChart(chart: chart, width: width, policy: policy).lines()
            case .line: lines += TextLineChart(chart: chart, width: width, policy: policy).lines()
            }
        }
        return lines.map { $0.truncated(to: width).render(color: color) + "\n" }.joined()
    }
}
