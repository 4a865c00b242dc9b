/// A chart asked for by the `chart` verb: what to draw, with its data.
///
/// The library does not draw for a terminal by itself: ``ChartRenderer``
/// (text) and ``SVGChartRenderer`` turn a `Chart` into text at a width the
/// front end chooses.
public struct Chart: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        /// Horizontal bars: `chart bar VALUE by LABEL`.
        case bar
        /// Two values per row on one axis: `chart dumbbell FROM -> TO by LABEL`.
        case dumbbell
        /// A trend: `chart line VALUE over X [by SERIES]`.
        case line
    }

    public var kind: Kind
    /// The data of the chart, with these columns in order: `label` (bar,
    /// dumbbell; the series for line, when `by` is given), `x` (line),
    /// `value`, and `to` (dumbbell). Values keep their types (estimate,
    /// percent, points, number…).
    public var data: Table
    /// The names the user gave the value, `to`, label and x expressions, for axis titles.
    public var valueTitle: String
    public var toTitle: String?
    public var labelTitle: String?
    public var xTitle: String?
    /// The whole pipeline as written, used as the chart's title.
    public var title: String
    /// The table the pipeline produced, before charting.
    public var table: Table
}

extension Chart {
    /// The small-base policy its estimates were made under (the session's
    /// settings), or the default when it has no estimates.
    var smallBasePolicy: SmallBasePolicy {
        for column in data.columns {
            if case .estimates(let values) = column.storage, let e = values.lazy.compactMap({ $0 }).first { return e.policy }
        }
        return SmallBasePolicy()
    }
}

/// The `chart` verb after resolution.
struct ChartStep: Sendable {
    var kind: Chart.Kind
    var value: TypedExpr
    var to: TypedExpr?
    var over: Int?
    var by: Int?
    var valueTitle: String
    var toTitle: String?
}
