/// The lines under a human table that has estimates: which interval the ±
/// is, and what the small-base marks mean. The method is always named, so a
/// reader can check the numbers.
enum EstimateLegend {
    static func lines(for table: Table, rows: Int) -> [String] {
        var estimates: [Estimate] = []
        for column in table.columns {
            guard case .estimates(let values) = column.storage else { continue }
            estimates += values.prefix(rows).compactMap { $0 }
        }
        guard let first = estimates.first else { return [] }
        var lines: [String] = []
        let methods = Set(estimates.filter { $0.n != nil }.map { "\(level($0.level)) \(intervalName($0))" })
        if !methods.isEmpty {
            lines.append("± margin of error: " + methods.sorted().joined(separator: ", ") + (methods.count == 1 ? " interval" : " intervals"))
        }
        let variances = Set(estimates.compactMap { $0.design?.variance })
        if !variances.isEmpty {
            lines.append("design-based: " + variances.sorted().map(varianceName).joined(separator: ", ")
                         + " SE (as R survey), intervals with the design's degrees of freedom")
        }
        let assessments = estimates.map(\.assessment)
        if assessments.contains(where: { if case .flagged = $0 { return true } else { return false } }) {
            let p = first.policy
            lines.append("\(ValueText.smallBaseMark) small base: n < \(p.flagBelow) or interval wider than \(ValueText.human(.number(p.flagCIWidthAbove * 100))) pp; read with care")
        }
        if assessments.contains(where: { if case .suppressed = $0 { return true } else { return false } }) {
            lines.append("n<\(first.policy.suppressBelow): suppressed, too few respondents to report")
        }
        if assessments.contains(.unknownBase) {
            lines.append("n/a: base not published, so no interval and no test")
        }
        return lines
    }

    private static func level(_ l: Double) -> String { ValueText.human(.number(l * 100)) + "%" }

    /// The interval of an estimate in words: Wilson, Wald, or a design interval (logit, …).
    static func intervalName(_ e: Estimate) -> String { e.design.map(designName) ?? name(e.method) }

    private static func designName(_ d: DesignFigures) -> String {
        switch d.interval {
        case "logit": return "logit"
        case "beta": return "Korn-Graubard beta"
        case "mean": return "p ± t·SE"
        case "woodruff": return "Woodruff"
        default: return "t"
        }
    }

    /// `linearization`, `linearization-2-stage` or a replicate method (`jk1`), in words.
    private static func varianceName(_ method: String) -> String {
        if method == "linearization" { return "Taylor-linearised" }
        if method.hasPrefix("linearization-"), let stages = method.split(separator: "-").dropFirst().first {
            return "Taylor-linearised (\(stages) stages)"
        }
        return "\(method) replicate-weight"
    }

    private static func name(_ m: IntervalMethod) -> String {
        switch m {
        case .wilson: return "Wilson"
        case .wald: return "Wald"
        }
    }
}
