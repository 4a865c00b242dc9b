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
/// Bars and dumbbells keep a zero baseline (``init(unit:values:)``): shares
/// run 0-100% unless a value falls outside; other units run from zero (or a
/// round number below the smallest negative value) to a round number above
/// the largest value. A trend is drawn on an axis fitted to its values
/// (``fitted(unit:values:intervals:)``), so a change from 5.7 to 6.3 is not a flat line.
struct ChartScale {
    let low: Double
    let high: Double
    let unit: ChartUnit
    /// The distance between ticks of a fitted axis; nil for a zero-based one,
    /// whose ticks are chosen by count.
    var step: Double? = nil

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

    private init(low: Double, high: Double, unit: ChartUnit, step: Double) {
        self.low = low
        self.high = high
        self.unit = unit
        self.step = step
    }

    /// An axis fitted to `values`: about `intervals` steps of 1, 2, 2.5 or 5
    /// × 10^k, from the last step at or below the smallest value to the first
    /// at or above the largest (5.7…6.3 gives 5.6–6.4 in steps of 0.2; shares
    /// of 15%…57% give 10%–60%). Shares stay within 0-100% unless a value is
    /// outside; a single value gets a small span around it.
    static func fitted(unit: ChartUnit, values: [Double], intervals: Int = 5) -> ChartScale {
        let finite = values.filter(\.isFinite)
        guard var lowest = finite.min(), var highest = finite.max() else { return ChartScale(unit: unit, values: []) }
        if highest == lowest {
            let pad = max(abs(highest) * 0.05, unit == .share || unit == .points ? 0.01 : 0.5)
            lowest -= pad
            highest += pad
        }
        // Shares and points label their ticks to 0.1 pp: no finer step than that.
        let finest = unit == .share || unit == .points ? 0.001 : 0
        let step = max(roundUp((highest - lowest) / Double(max(intervals, 1))), finest)
        var low = (lowest / step + 1e-9).rounded(.down) * step
        var high = (highest / step - 1e-9).rounded(.up) * step
        if unit == .share {
            low = max(low, min(0, finite.min()!))
            high = min(high, max(1, finite.max()!))
        }
        if high <= low { high = low + step }
        return ChartScale(low: low == 0 ? 0 : low, high: high == 0 ? 0 : high, unit: unit, step: step)
    }

    /// Where `v` falls, as a fraction of the axis (0 at `low`, 1 at `high`).
    func fraction(_ v: Double) -> Double { (v - low) / (high - low) }

    /// Round tick values from `low` to `high`, at most about `count` of them
    /// (a fitted axis: every step, doubled while there are too many).
    func ticks(count: Int) -> [Double] {
        var step = Self.roundUp((high - low) / Double(max(count - 1, 1)))
        if let fittedStep = self.step {
            step = fittedStep
            while (high - low) / step > Double(max(count, 2)) + 1e-9 { step *= 2 }
        }
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
    /// One number of decimals for all the plain numbers of a chart: three
    /// significant digits of the largest, but no more than the values need
    /// (`6.0174`, `5.75948`, `6` → `6.02`, `5.76`, `6.00`; `5.7`, `6.3`, `6` →
    /// `5.7`, `6.3`, `6.0`; whole numbers → none).
    static func decimals(for values: [Double]) -> Int {
        let digits = values.compactMap { DecimalDigits($0) }.filter { !$0.isZero }
        guard let largest = digits.map(\.pointPosition).max() else { return 0 }
        let most = min(max(0, 3 - largest), 6)
        return digits.map { d in
            let text = d.rounded(decimals: most).plain()
            return text.firstIndex(of: ".").map { text.distance(from: $0, to: text.endIndex) - 1 } ?? 0
        }.max() ?? 0
    }

    /// `value` with exactly `decimals` decimals.
    static func number(_ value: Double, decimals: Int) -> String {
        guard let digits = DecimalDigits(value) else { return ValueText.humanNumber(value) }
        let rounded = digits.rounded(decimals: decimals)
        return rounded.isZero ? ValueText.humanNumber(0) + (decimals > 0 ? "." + String(repeating: "0", count: decimals) : "")
            : rounded.plain(minDecimals: decimals)
    }

    /// `fraction` × 100 with `decimals` decimals (`trimmed` drops trailing zeros).
    static func percentUnits(_ fraction: Double, decimals: Int, trimmed: Bool = false) -> String {
        guard let digits = DecimalDigits(fraction) else { return ValueText.human(.number(fraction)) }
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

    /// The difference `to - from`: in pp for shares and points, plain
    /// otherwise (with `decimals` when given: one number of them per chart).
    static func difference(from: Double, to: Double, unit: ChartUnit, decimals: Int? = nil) -> String {
        let d = to - from
        switch unit {
        case .share, .points: return ValueText.humanPoints(d)
        case .ratio, .number:
            let text = decimals.map { number(d, decimals: $0) } ?? ValueText.humanNumber(d)
            return (d > 0 && text.contains(where: { $0 != "0" && $0 != "." }) ? "+" : "") + text
        }
    }

    /// The differences of a dumbbell chart's rows, each as ``difference(from:to:unit:decimals:)``
    /// with one number of decimals for the chart; `n<30` or `null` where a side is missing.
    static func differences(from: [ChartPoint], to: [ChartPoint], unit: ChartUnit, policy: SmallBasePolicy) -> [String] {
        let plain = zip(from, to).compactMap { a, b in a.value.flatMap { x in b.value.map { $0 - x } } }
        let decimals = unit == .number ? ChartText.decimals(for: plain) : nil
        return zip(from, to).map { a, b in
            if a.mark == .suppressed || b.mark == .suppressed { return "n<\(policy.suppressBelow)" }
            guard let x = a.value, let y = b.value else { return "null" }
            let flag = a.mark == .flagged || b.mark == .flagged ? "*" : ""
            return difference(from: x, to: y, unit: unit, decimals: decimals) + flag
        }
    }

    /// The line saying what the whiskers and marks mean, from the points drawn.
    static func notes(_ points: [ChartPoint], estimates: [Estimate], policy: SmallBasePolicy, whiskers: Bool) -> [String] {
        var notes: [String] = []
        if whiskers, let e = estimates.first(where: { $0.n != nil }), points.contains(where: { $0.low != nil }) {
            notes.append("├─┤ \(ChartText.percentUnits(e.level, decimals: 1, trimmed: true))% confidence interval (\(EstimateLegend.intervalName(e)))")
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
