/// `set OPTION VALUE`: one entry per setting, with its help, the values
/// completion offers and how it changes the session's settings.
enum SettingsStatement {
    struct Setting: Sendable {
        let name: String
        /// How it is written, e.g. `set level 90|95|99`.
        let syntax: String
        let summary: String
        /// The values completion offers after the setting's name.
        let values: [String]
        let apply: @Sendable (Expr, inout SessionSettings, _ fail: (String, [String]) -> Diagnostic) throws(Diagnostic) -> Void
    }

    static let all: [Setting] = [
        Setting(name: "level", syntax: "set level 90|95|99", summary: "the confidence level of intervals and tests",
                values: ["90", "95", "99"]) { value, settings, fail throws(Diagnostic) in
            let level: Double
            switch value.kind {
            case .integer(let i): level = Double(i)
            case .percent(let p), .number(let p): level = p
            default: throw fail("set level needs 90, 95 or 99", [])
            }
            guard [90.0, 95, 99].contains(level) else {
                throw fail("confidence level must be 90, 95 or 99, not \(level == level.rounded() ? String(Int(level)) : String(level))", [])
            }
            settings.confidenceLevel = level / 100
        },
        Setting(name: "interval", syntax: "set interval wilson|wald|logit|beta|mean",
                summary: "the interval method of estimates: wilson or wald for simple and weighted samples, logit, beta or mean for shares on a design",
                values: intervalNames) { value, settings, fail throws(Diagnostic) in
            guard case .column(let name) = value.kind else { throw fail("set interval needs one of: " + intervalNames.joined(separator: ", "), []) }
            if let method = IntervalMethod(rawValue: name.text) {
                settings.intervalMethod = method
            } else if let method = DesignIntervalMethod(rawValue: name.text) {
                settings.designInterval = method
            } else {
                throw fail("set interval needs one of: " + intervalNames.joined(separator: ", "), [])
            }
        },
        Setting(name: "lonely_psu", syntax: "set lonely_psu fail|remove|adjust|certainty|average",
                summary: "how a design stratum with a single PSU is treated (R's survey.lonely.psu)",
                values: LonelyPSU.allCases.map(\.rawValue)) { value, settings, fail throws(Diagnostic) in
            guard case .column(let name) = value.kind, let rule = LonelyPSU(rawValue: name.text) else {
                throw fail("set lonely_psu needs one of: " + LonelyPSU.allCases.map(\.rawValue).joined(separator: ", "), [])
            }
            settings.lonelyPSU = rule
        },
        Setting(name: "adjust", syntax: "set adjust holm|bonferroni", summary: "how `compare … by …` adjusts p-values for several tests",
                values: PValueAdjustment.Method.allCases.map(\.rawValue)) { value, settings, fail throws(Diagnostic) in
            guard case .column(let name) = value.kind, let method = PValueAdjustment.Method(rawValue: name.text) else {
                throw fail("set adjust needs one of: " + PValueAdjustment.Method.allCases.map(\.rawValue).joined(separator: ", "), [])
            }
            settings.adjustment = method
        },
        Setting(name: "letters_adjust", syntax: "set letters_adjust none|bonferroni|holm",
                summary: "how a banner table (`tabulate`) adjusts the p-values of the column tests of a row",
                values: ["none"] + PValueAdjustment.Method.allCases.map(\.rawValue)) { value, settings, fail throws(Diagnostic) in
            guard case .column(let name) = value.kind, name.text == "none" || PValueAdjustment.Method(rawValue: name.text) != nil else {
                throw fail("set letters_adjust needs one of: none, " + PValueAdjustment.Method.allCases.map(\.rawValue).joined(separator: ", "), [])
            }
            settings.lettersAdjustment = PValueAdjustment.Method(rawValue: name.text)
        },
        Setting(name: "continuity", syntax: "set continuity on|off", summary: "McNemar's continuity correction",
                values: ["on", "off"]) { value, settings, fail throws(Diagnostic) in
            switch value.kind {
            case .column(let n) where n.text == "on": settings.continuityCorrection = true
            case .column(let n) where n.text == "off": settings.continuityCorrection = false
            case .boolean(let b): settings.continuityCorrection = b
            default: throw fail("set continuity needs on or off", [])
            }
        },
        count("suppress_below", "estimates with a base below N are suppressed", unit: "respondents") { $0.smallBase.suppressBelow = $1 },
        count("flag_below", "estimates with a base (or effective base) below N are flagged", unit: "respondents") { $0.smallBase.flagBelow = $1 },
        count("flag_ci_width", "estimates whose interval is wider than N pp are flagged", unit: "percentage points") {
            $0.smallBase.flagCIWidthAbove = Double($1) / 100
        },
    ]

    /// The interval methods `set interval` takes.
    static let intervalNames = IntervalMethod.allCases.map(\.rawValue) + DesignIntervalMethod.allCases.map(\.rawValue)

    /// The names, for completion and hints.
    static let options = all.map(\.name)

    /// The values a whole-number setting of the small-base policy accepts.
    static let countRange: ClosedRange<Int64> = 0...1_000_000

    /// A whole-number setting of the small-base policy.
    private static func count(_ name: String, _ summary: String, unit: String,
                              _ store: @escaping @Sendable (inout SessionSettings, Int) -> Void) -> Setting {
        Setting(name: name, syntax: "set \(name) N", summary: summary, values: []) { value, settings, fail throws(Diagnostic) in
            let range = "from \(grouped(countRange.lowerBound)) to \(grouped(countRange.upperBound))"
            var n: Int64?
            switch value.kind {
            case .integer(let i): n = i
            case .unary(.negate, let operand): if case .integer(let i) = operand.kind { n = -i }
            default: break
            }
            guard let n else { throw fail("\(name) needs a whole number of \(unit), \(range)", []) }
            guard countRange.contains(n) else {
                throw fail("\(name) must be \(range) \(unit), not \(n)", [])
            }
            store(&settings, Int(n))
        }
    }

    /// `1000000` as `1,000,000`.
    static func grouped(_ n: Int64) -> String {
        let digits = Array(String(n.magnitude))
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(d)
        }
        return (n < 0 ? "-" : "") + out
    }

    static func apply(option: Name, value: Expr, to settings: inout SessionSettings, fileName: String) throws(Diagnostic) {
        guard let setting = all.first(where: { $0.name == option.text }) else {
            let suggestion = Suggestions.closest(to: option.text, in: options)
            throw Diagnostic(.error, id: .setUnknownOption, "unknown setting '\(option.text)'", file: fileName,
                             range: option.range, label: suggestion.map { "did you mean '\($0)'?" },
                             hints: ["settings: " + options.joined(separator: ", ")])
        }
        try setting.apply(value, &settings) { message, hints in
            Diagnostic(.error, id: .setInvalid, message, file: fileName, range: value.range, hints: hints)
        }
    }
}
