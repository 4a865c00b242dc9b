/// One value of a chart, read once for every renderer: where to draw it,
/// its interval, how the small-base rules mark it, and its compact text.
struct ChartPoint {
    enum Mark: Equatable {
        case none
        /// Shown with `*`: a base below 50, a small effective base or a wide interval.
        case flagged
        /// Not drawn: a base below 30.
        case suppressed
        /// An estimate whose base was not published: drawn, without an interval.
        case unknownBase
    }

    /// The number to draw (a fraction for shares and points); nil when null or suppressed.
    var value: Double?
    /// The confidence interval of an estimate with a known base.
    var low: Double?
    var high: Double?
    var mark: Mark
    /// Short text for the end of a bar: `16.0% ±1.7`, `27.0% (n/a)`, `n<30`.
    var text: String
    /// The value alone, for trend lines: `15.0%`, `16.0%*`, `(27.0%)` when the base is unknown.
    var shortText: String
    /// The full text (`16.0% ±1.7 (n=1709)`), for SVG descriptions.
    var fullText: String

    init(_ value: Value, policy: SmallBasePolicy) {
        fullText = ValueText.human(value)
        low = nil
        high = nil
        mark = .none
        guard case .estimate(let e) = value else {
            self.value = value.numeric.flatMap { $0.isFinite ? $0 : nil }
            text = value.isNull ? "null" : fullText
            shortText = text
            return
        }
        let share = ValueText.humanPercent(e.proportion)
        switch policy.assess(e) {
        case .suppressed:
            self.value = nil
            mark = .suppressed
            text = "n<\(policy.suppressBelow)"
            shortText = text
            return
        case .unknownBase:
            self.value = e.proportion
            mark = .unknownBase
            text = share + " (n/a)"
            shortText = "(" + share + ")"
            return
        case .flagged:
            mark = .flagged
        case .ok:
            break
        }
        self.value = e.proportion
        let flag = mark == .flagged ? "*" : ""
        shortText = share + flag
        if let interval = e.interval, let moe = e.marginOfError {
            low = interval.low
            high = interval.high
            text = share + " ±" + ChartText.percentUnits(moe, decimals: 1) + flag
        } else {
            text = shortText
        }
    }

    /// Every number the axis must reach: the value and its interval.
    var extent: [Double] { [value, low, high].compactMap { $0 } }
}

extension Column {
    /// The column's values as chart points. Plain numbers share one number
    /// of decimals (``ChartText/decimals(for:)``), so a legend or the bar ends
    /// read `6.02  5.76  6.00`, not `6.0174  5.75948  6`.
    func chartPoints(policy: SmallBasePolicy) -> [ChartPoint] {
        var points = (0..<count).map { ChartPoint(self[$0], policy: policy) }
        guard type == .number else { return points }
        let decimals = ChartText.decimals(for: points.compactMap(\.value))
        for i in points.indices {
            guard let v = points[i].value else { continue }
            points[i].text = ChartText.number(v, decimals: decimals)
            points[i].shortText = points[i].text
        }
        return points
    }
}
