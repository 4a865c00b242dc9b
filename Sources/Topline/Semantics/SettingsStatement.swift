/// `set OPTION VALUE`: `set level 90` (90, 95 or 99; also 90%),
/// `set interval wilson|wald`, and the small-base policy: `set suppress_below 30`,
/// `set flag_below 50`, `set flag_ci_width 20` (pp).
enum SettingsStatement {
    static let options = ["level", "interval", "adjust", "continuity", "suppress_below", "flag_below", "flag_ci_width"]

    static func apply(option: Name, value: Expr, to settings: inout SessionSettings, fileName: String) throws(Diagnostic) {
        func fail(_ message: String, _ hints: [String] = []) -> Diagnostic {
            Diagnostic(.error, id: "set.invalid", message, file: fileName, range: value.range, hints: hints)
        }
        switch option.text {
        case "level":
            let level: Double
            switch value.kind {
            case .integer(let i): level = Double(i)
            case .percent(let p), .number(let p): level = p
            default: throw fail("set level needs 90, 95 or 99")
            }
            guard [90.0, 95, 99].contains(level) else { throw fail("confidence level must be 90, 95 or 99, not \(level == level.rounded() ? String(Int(level)) : String(level))") }
            settings.confidenceLevel = level / 100
        case "interval":
            guard case .column(let name) = value.kind, let method = IntervalMethod(rawValue: name.text) else {
                throw fail("set interval needs one of: " + IntervalMethod.allCases.map(\.rawValue).joined(separator: ", "))
            }
            settings.intervalMethod = method
        case "continuity":
            switch value.kind {
            case .column(let n) where n.text == "on": settings.continuityCorrection = true
            case .column(let n) where n.text == "off": settings.continuityCorrection = false
            case .boolean(let b): settings.continuityCorrection = b
            default: throw fail("set continuity needs on or off")
            }
        case "adjust":
            guard case .column(let name) = value.kind, let method = PValueAdjustment.Method(rawValue: name.text) else {
                throw fail("set adjust needs one of: " + PValueAdjustment.Method.allCases.map(\.rawValue).joined(separator: ", "))
            }
            settings.adjustment = method
        case "suppress_below", "flag_below", "flag_ci_width":
            guard case .integer(let n) = value.kind, n >= 0, n <= 1_000_000 else {
                throw fail("\(option.text) needs a whole number" + (option.text == "flag_ci_width" ? " of percentage points" : " of respondents"))
            }
            switch option.text {
            case "suppress_below": settings.smallBase.suppressBelow = Int(n)
            case "flag_below": settings.smallBase.flagBelow = Int(n)
            default: settings.smallBase.flagCIWidthAbove = Double(n) / 100
            }
        default:
            let suggestion = Suggestions.closest(to: option.text, in: options)
            throw Diagnostic(.error, id: "set.unknown-option", "unknown setting '\(option.text)'", file: fileName,
                             range: option.range, label: suggestion.map { "did you mean '\($0)'?" },
                             hints: ["settings: " + options.joined(separator: ", ")])
        }
    }
}
