/// The unit a chart axis counts in, from the value column's type.
enum ChartUnit {
    /// Percent and estimates: fractions shown as `50%`, axis 0-100% by default.
    case share
    /// Percentage points: fractions shown as `+10 pp`.
    case points
    case ratio
    case number

    init(_ type: ValueType) {
        switch type {
        case .percent, .estimate: self = .share
        case .points: self = .points
        case .ratio: self = .ratio
        default: self = .number
        }
    }
}

/// A linear axis from `low` to `high` with round ends.
///
/// Shares run 0-100% unless a value falls outside; other units run from
/// zero (or a round number below the smallest negative value) to a round
/// number above the largest value, so bars always start at zero.
struct ChartScale {
    let low: Double
    let high: Double
    let unit: ChartUnit

    init(unit: ChartUnit, values: [Double]) {
        self.unit = unit
        let lowest = values.min() ?? 0, highest = values.max() ?? 0
        var low = lowest < 0 ? -Self.roundUp(-lowest) : 0
        var high = highest > 0 ? Self.roundUp(highest) : 0
        if unit == .share {
            if highest <= 1 { high = 1 }
            if lowest >= 0 { low = 0 }
        }
        if high == low { high = low + 1 }
        self.low = low
        self.high = high
    }

    /// Where `v` falls, as a fraction of the axis (0 at `low`, 1 at `high`).
    func fraction(_ v: Double) -> Double { (v - low) / (high - low) }

    /// Round tick values from `low` to `high`, at most about `count` of them.
    func ticks(count: Int) -> [Double] {
        let step = Self.roundUp((high - low) / Double(max(count - 1, 1)))
        var ticks: [Double] = []
        var k = (low / step).rounded(.up)
        while k * step <= high + step * 1e-9 {
            ticks.append(k * step == 0 ? 0 : k * step)
            k += 1
        }
        return ticks
    }

    /// Tick text: `50%`, `+10 pp`, `1.5×`, `200`.
    func text(_ v: Double) -> String {
        switch unit {
        case .share: return ChartText.percentUnits(v, decimals: 1, trimmed: true) + "%"
        case .points:
            let digits = ChartText.percentUnits(v, decimals: 1, trimmed: true)
            return (v > 0 && digits != "0" ? "+" : "") + digits + " pp"
        case .ratio: return ValueText.humanNumber(v) + "×"
        case .number: return ValueText.humanNumber(v)
        }
    }

    /// The smallest of 1, 2, 2.5, 5 × 10^k that is ≥ `x` (x > 0).
    static func roundUp(_ x: Double) -> Double {
        guard x > 0, x.isFinite else { return 1 }
        var power = 1.0
        while power * 10 < x { power *= 10 }
        while power > x { power /= 10 }
        for m in [1.0, 2, 2.5, 5, 10] where m * power >= x * (1 - 1e-12) { return m * power }
        return 10 * power
    }
}

/// Shared text pieces of the chart renderers.
enum ChartText {
    /// `fraction` × 100 with `decimals` decimals (`trimmed` drops trailing zeros).
    static func percentUnits(_ fraction: Double, decimals: Int, trimmed: Bool = false) -> String {
        guard let digits = DecimalDigits(fraction, forDisplay: true) else { return ValueText.human(.number(fraction)) }
        return digits.scaled(by: 2).rounded(decimals: decimals).plain(minDecimals: trimmed ? 0 : decimals)
    }

    /// A short title from the names the user wrote: `share by metric`,
    /// `now → 3-5 years by metric`, `share over year`. (The pipeline text is too long.)
    /// Names and expression text are escaped (``SafeText``): they come from data and scripts.
    static func title(_ chart: Chart) -> String {
        let by = chart.labelTitle.map { " by " + SafeText.escape($0) } ?? ""
        let value = SafeText.escape(chart.valueTitle)
        switch chart.kind {
        case .bar: return value + by
        case .dumbbell: return value + " → " + SafeText.escape(chart.toTitle ?? "to") + by
        case .line: return value + (chart.xTitle.map { " over " + SafeText.escape($0) } ?? "") + by
        }
    }

    /// Labels as safe single-line text (control characters escaped); null reads `null`.
    static func labels(_ column: Column?, count: Int) -> [String] {
        guard let column else { return Array(repeating: "", count: count) }
        return (0..<count).map { SafeText.escape(ValueText.human(column[$0])) }
    }

    /// The difference `to - from`: in pp for shares and points, plain otherwise.
    static func difference(from: Double, to: Double, unit: ChartUnit) -> String {
        let d = to - from
        switch unit {
        case .share, .points: return ValueText.humanPoints(d)
        case .ratio, .number: return (d > 0 ? "+" : "") + ValueText.humanNumber(d)
        }
    }

    /// The line saying what the whiskers and marks mean, from the points drawn.
    static func notes(_ points: [ChartPoint], estimates: [Estimate], policy: SmallBasePolicy, whiskers: Bool) -> [String] {
        var notes: [String] = []
        if whiskers, let e = estimates.first(where: { $0.n != nil }), points.contains(where: { $0.low != nil }) {
            notes.append("├─┤ \(ChartText.percentUnits(e.level, decimals: 1, trimmed: true))% confidence interval (\(e.method.rawValue))")
        }
        if points.contains(where: { $0.mark == .flagged }) {
            notes.append("* small base (n<\(policy.flagBelow)) or wide CI (>\(ChartText.percentUnits(policy.flagCIWidthAbove, decimals: 1, trimmed: true)) pp)")
        }
        if points.contains(where: { $0.mark == .suppressed }) {
            notes.append("n<\(policy.suppressBelow): base too small, not shown")
        }
        if points.contains(where: { $0.mark == .unknownBase }) {
            notes.append("(n/a): base not published, no interval")
        }
        return notes
    }
}

extension Column {
    /// The estimates of an estimate column, for the interval legend.
    var estimates: [Estimate] {
        (0..<count).compactMap { if case .estimate(let e) = self[$0] { return e } else { return nil } }
    }
}
