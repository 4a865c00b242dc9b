#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The scalar functions: one entry each, with its help, type rule and implementation.
enum ScalarFunctions {
    static let all: [ScalarFunction] = [
        pct, round, floor, ceil, mod, abs, change, coalesce, if_, bin,
        lower, upper, length, substr, trim, replace, startsWith, endsWith, contains, matches, concat,
        estimate, value, accessor("n", "the base (number of respondents)", .integer) { e in e.n.map { .integer(Int64($0)) } },
        accessor("neff", "the effective base under weights (Kish)", .number) { $0.effectiveN.map(Value.number) },
        accessor("deff", "the design effect of the weights", .number) { $0.designEffect.map(Value.number) },
        accessor("moe", "the margin of error, in percentage points", .points) { $0.marginOfError.map(Value.points) },
        accessor("se", "the standard error, in percentage points", .points) { $0.standardError.map(Value.points) },
        accessor("ci_low", "the lower confidence bound", .percent) { $0.ciLow.map(Value.percent) },
        accessor("ci_high", "the upper confidence bound", .percent) { $0.ciHigh.map(Value.percent) },
    ]

    static let pct = ScalarFunction(
        name: "pct", arity: 1...1, syntax: "pct(x)", summary: "the number x as a percent (16 → 16%)",
        example: "pct(value_pct)",
        type: { t throws(Diagnostic) in
            try t.need(t.first.isPlainNumeric || t.first == .null, "pct() turns a number into a percent; it got \(t.types[0].rawValue)",
                       t.first == .percent ? ["the value is already a percent"] : [])
            return .percent
        },
        compile: { call in
            let a = call.arguments[0]
            return { row throws(Diagnostic) in (try a(row).numeric).map { .percent($0 / 100) } ?? .null }
        })

    static let round = ScalarFunction(
        name: "round", arity: 1...2, syntax: "round(x, digits)", summary: "x rounded; percents round in percent units",
        example: "round(value_pct / 3, 1)",
        type: { t throws(Diagnostic) in
            try t.need(t.first.isNumeric || t.first == .null, "round() needs a number, not \(t.types[0].rawValue)")
            if t.types.count == 2 { try t.need(t.types[1] == .integer, "round()'s second argument is a whole number of digits") }
            return t.first
        },
        compile: { call in
            let a = call.arguments[0]
            let digits = call.arguments.count > 1 ? call.arguments[1] : { _ in .integer(0) }
            let (range, context) = (call.range, call.context)
            return { row throws(Diagnostic) in
                let v = try a(row)
                guard case .integer(let d) = try digits(row) else { return .null }
                guard let r = rounded(v, digits: Int(clamping: d)) else {
                    if case .integer = v {
                        throw context.error(.runIntegerOverflow, "integer overflow in round(): the rounded value is beyond 64 bits",
                                            at: range, hints: ["multiply by 1.0 to compute with decimals instead"])
                    }
                    throw context.error(.runNumberOverflow, "number overflow in round(): the rounded value is beyond ±1.8e308",
                                        at: range)
                }
                return r
            }
        })

    static let lower = caseChange("lower", "the text in lower case", upper: false)
    static let upper = caseChange("upper", "the text in upper case", upper: true)

    private static func caseChange(_ name: String, _ summary: String, upper: Bool) -> ScalarFunction {
        ScalarFunction(
            name: name, arity: 1...1, syntax: "\(name)(text)", summary: summary, example: "\(name)(segment)",
            type: { t throws(Diagnostic) in
                try t.need(t.first == .text || t.first == .null, "\(name)() needs text, not \(t.types[0].rawValue)")
                return .text
            },
            compile: { call in
                let a = call.arguments[0]
                return { row throws(Diagnostic) in
                    guard case .text(let s) = try a(row) else { return .null }
                    return .text(upper ? s.uppercased() : s.lowercased())
                }
            })
    }

    static let abs = ScalarFunction(
        name: "abs", arity: 1...1, syntax: "abs(x)", summary: "absolute value", example: "abs(value_pct - 50)",
        type: { t throws(Diagnostic) in
            try t.need(t.first.isNumeric || t.first == .null, "abs() needs a number, not \(t.types[0].rawValue)")
            return t.first
        },
        compile: { call in
            let a = call.arguments[0]
            let (type, range, context) = (call.type, call.range, call.context)
            return { row throws(Diagnostic) in
                let v = try a(row)
                if case .integer(let i) = v {
                    guard i != .min else { throw context.error(.runIntegerOverflow, "integer overflow in abs()", at: range) }
                    return .integer(Swift.abs(i))
                }
                return v.numeric.map { Operators.wrap(Swift.abs($0), as: type) } ?? .null
            }
        })

    static let change = ScalarFunction(
        name: "change", arity: 2...2, syntax: "change(a, b)", summary: "relative change from a to b, as a percent",
        example: "change(16%, 57%)",
        type: { t throws(Diagnostic) in
            let second = t.types[1] == .estimate ? ValueType.percent : t.types[1]
            try t.need(t.first.isNumeric && second.isNumeric && (t.first == second || (t.first.isPlainNumeric && second.isPlainNumeric)),
                       "change(a, b) needs two values of the same kind, got \(t.types[0].rawValue) and \(t.types[1].rawValue)")
            return .percent
        },
        compile: { call in
            let a = call.arguments[0], b = call.arguments[1]
            let (range, context) = (call.range, call.context)
            return { row throws(Diagnostic) in
                guard let from = try a(row).numeric, let to = try b(row).numeric else { return .null }
                guard from != 0 else {
                    context.warnOnce(.runDivisionByZero, "change from zero is undefined and gives null", at: range)
                    return .null
                }
                return try Operators.finite((to - from) / from, as: .percent, in: "change()", range: range, context: context)
            }
        })

    static let coalesce = ScalarFunction(
        name: "coalesce", arity: 1...64, syntax: "coalesce(a, b, …)", summary: "the first argument that is not null",
        example: "coalesce(n, 0)",
        type: { t throws(Diagnostic) in
            var result = ValueType.null
            for x in t.types {
                guard let u = TypeRules.unify(result, x) else {
                    throw t.resolver.error(.resolveType, "coalesce() arguments must have one type; got \(result.rawValue) and \(x.rawValue)",
                                           at: t.call.range)
                }
                result = u
            }
            return result
        },
        compile: { call in
            let (args, type) = (call.arguments, call.type)
            return { row throws(Diagnostic) in
                for f in args {
                    let v = try f(row)
                    if !v.isNull { return v.type == .estimate && type == .percent ? .percent(v.numeric ?? 0) : v }
                }
                return .null
            }
        })

    /// `estimate(value, n)`: value is a percent, or a number 0-100; an empty
    /// n gives an estimate with an unknown base (no interval, no test). When
    /// the dataset has a `value_type` column, rows that are not shares are refused.
    static let estimate = ScalarFunction(
        name: "estimate", arity: 2...2, syntax: "estimate(value, n)",
        summary: "a share with its base; value as a percent or a number 0-100",
        example: "estimate(value_pct, n)",
        type: { t throws(Diagnostic) in
            let types = t.types
            try t.need(t.first == .percent || t.first.isPlainNumeric,
                       "estimate(value, n) needs a percent or a number 0-100 as its value, not \(types[0].rawValue)",
                       types[0] == .points || types[0] == .ratio ? ["a \(types[0].rawValue) is not a share and has no margin of error of its own"] : [])
            try t.need(types[1].isPlainNumeric || types[1] == .null, "estimate(value, n) needs a number of respondents as n, not \(types[1].rawValue)")
            // Refuse rows that are not shares: give it the row's value_type.
            if !t.inSummarize, let vt = t.schema.index(of: "value_type"), t.schema.columns[vt].type == .text {
                t.arguments.append(TypedExpr(kind: .column(vt), type: .text, range: t.call.range))
            }
            return .estimate
        },
        compile: { call in compileEstimate(call) },
        implicitColumns: ["value_type"])

    static let value = ScalarFunction(
        name: "value", arity: 1...1, syntax: "value(estimate)", summary: "the share alone, as a percent (the interval dropped)",
        example: "value(estimate(value_pct, n))",
        type: { t throws(Diagnostic) in
            try t.need(t.types[0] == .estimate || t.types[0] == .percent, "value() reads the share of an estimate, not of \(t.types[0].rawValue)")
            return t.measureArgument ? .number : .percent
        },
        compile: { call in
            let a = call.arguments[0]
            return { row throws(Diagnostic) in
                let v = try a(row)
                // A mean's or a total's value is a number in the data's units.
                if case .estimate(let e) = v, let design = e.design, design.kind != .share { return .number(design.value) }
                return v.numeric.map(Value.percent) ?? .null
            }
        })

    /// A function that reads one field of an estimate.
    private static func accessor(_ name: String, _ what: String, _ result: ValueType,
                                 _ field: @escaping @Sendable (Estimate) -> Value?) -> ScalarFunction {
        ScalarFunction(
            name: name, arity: 1...1, syntax: "\(name)(estimate)", summary: what, example: "\(name)(estimate(value_pct, n))",
            type: { t throws(Diagnostic) in
                try t.need(t.types[0] == .estimate, name == "n"
                    ? "n() reads the base of an estimate (from share() or estimate()), not of \(t.types[0].rawValue)"
                    : "\(name)() needs an estimate, not \(t.types[0].rawValue)")
                // A mean's or a total's figures are in the data's units.
                return t.measureArgument && (result == .percent || result == .points) ? .number : result
            },
            compile: { call in
                let a = call.arguments[0]
                return { row throws(Diagnostic) in
                    guard case .estimate(let e) = try a(row) else { return .null }
                    guard let v = field(e) else { return .null }
                    if e.kind == .share { return v }
                    if case .integer = v { return v }
                    return v.numeric.map(Value.number) ?? v
                }
            })
    }

    private static func compileEstimate(_ call: ScalarCall) -> RowFunction {
        let value = call.arguments[0], base = call.arguments[1]
        let valueType = call.arguments.count > 2 ? call.arguments[2] : nil
        let (range, context) = (call.range, call.context)
        let settings = context.settings
        return { row throws(Diagnostic) in
            let v = try value(row)
            guard !v.isNull, var p = v.numeric else { return .null }
            if case .percent = v {} else { p /= 100 }
            if let valueType, case .text(let kind) = try valueType(row), kind != "share" {
                throw context.error(.runNotAShare,
                                    "row \(row + 1) has value_type '\(kind)': only shares can become estimates", at: range,
                                    hints: ["\(kind) values are not proportions of respondents and have no margin of error of their own",
                                            "keep only shares first: where value_type == \"share\""])
            }
            guard p >= 0, p <= 1 else {
                throw context.error(.runEstimateRange, "estimate value \(p * 100) is outside 0-100%", at: range)
            }
            var n: Int?
            let b = try base(row)
            if let count = b.numeric {
                guard count >= 1, count == count.rounded(), count < 1e15 else {
                    throw context.error(.runEstimateBase, "estimate base n must be a whole number of at least 1, got \(count)", at: range)
                }
                n = Int(count)
            }
            return .estimate(settings.estimate(p, n: n))
        }
    }

    /// Rounds in the units a value is shown in (percents and points in
    /// percent units), by decimal arithmetic on the exact value (see
    /// ``DecimalRounding``); an integer stays an integer. Nil when the
    /// result overflows its type.
    private static func rounded(_ v: Value, digits: Int) -> Value? {
        // Percent units are the stored fraction's decimals shifted by two.
        let percentDigits = digits > Int.max - 2 ? digits : digits + 2
        switch v {
        case .integer(let i): return DecimalRounding.round(i, digits: digits).map(Value.integer)
        case .number(let x): return DecimalRounding.round(x, digits: digits).map(Value.number)
        case .percent(let x): return DecimalRounding.round(x, digits: percentDigits).map(Value.percent)
        case .points(let x): return DecimalRounding.round(x, digits: percentDigits).map(Value.points)
        case .ratio(let x): return DecimalRounding.round(x, digits: digits).map(Value.ratio)
        case .estimate(let e): return DecimalRounding.round(e.proportion, digits: percentDigits).map(Value.percent)
        default: return .null
        }
    }
}
