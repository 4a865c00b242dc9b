#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The scalar functions of numbers, choices and estimates: one entry each, with its help, type
/// rule and implementation (text and dates have files of their own).
enum ScalarFunctions {
    static let all: [ScalarFunction] = [
        pct, round, floor, ceil, mod, abs, change, coalesce, if_, bin,
        estimate, value, accessor("n", "the base (number of respondents)", .integer) { e in e.n.map { .integer(Int64($0)) } },
        accessor("neff", "the effective base under weights (Kish)", .number) { $0.effectiveN.map(Value.number) },
        accessor("deff", "the design effect of the weights", .number) { $0.designEffect.map(Value.number) },
        accessor("moe", "the margin of error, in percentage points", .points, magnitude: .margin) { $0.marginOfError.map(Value.points) },
        accessor("se", "the standard error, in percentage points", .points, magnitude: .standardError) { $0.standardError.map(Value.points) },
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

    // MARK: - Numbers

    static let floor = wholeNumber("floor", "x rounded down to a whole number (percents and points in percent units)", up: false)
    static let ceil = wholeNumber("ceil", "x rounded up to a whole number (percents and points in percent units)", up: true)

    /// `floor` and `ceil`: an integer stays an integer; a percent or points go
    /// to whole percent units, reading the stored fraction as the percent it
    /// was written as (`29%` is stored as 0.28999…, and `floor(29%)` is `29%`).
    private static func wholeNumber(_ name: String, _ summary: String, up: Bool) -> ScalarFunction {
        ScalarFunction(
            name: name, arity: 1...1, syntax: "\(name)(x)", summary: summary, example: "\(name)(value_pct / 7)",
            type: { t throws(Diagnostic) in
                try t.need(t.first.isNumeric || t.first == .null, "\(name)() needs a number, not \(t.types[0].rawValue)")
                return t.first == .probability ? .number : t.first
            },
            compile: { call in
                let a = call.arguments[0]
                return { row throws(Diagnostic) in
                    switch try a(row) {
                    case .integer(let i): return .integer(i)
                    case .number(let x): return .number(whole(x, up: up))
                    case .ratio(let x): return .ratio(whole(x, up: up))
                    case .probability(let x): return .number(whole(x, up: up))
                    case .percent(let x): return .percent(wholePercent(x, up: up))
                    case .points(let x): return .points(wholePercent(x, up: up))
                    case .estimate(let e): return .percent(wholePercent(e.proportion, up: up))
                    default: return .null
                    }
                }
            })
    }

    /// `x` rounded down or up; never -0.
    private static func whole(_ x: Double, up: Bool) -> Double {
        x.rounded(up ? .up : .down) + 0.0
    }

    /// A fraction rounded down or up to whole percent units, where `k/100`
    /// (the double a `k%` literal is) counts as exactly k%.
    private static func wholePercent(_ x: Double, up: Bool) -> Double {
        let p = x * 100
        // Beyond 2^52 percent units every value is whole already.
        guard p.isFinite, Swift.abs(p) < 4.5e15 else { return x }
        var k = p.rounded(up ? .up : .down)
        if up {
            if (k - 1) / 100 >= x { k -= 1 }
            if k / 100 < x { k += 1 }
        } else {
            if (k + 1) / 100 <= x { k += 1 }
            if k / 100 > x { k -= 1 }
        }
        return k / 100 + 0.0
    }

    /// `mod(x, y)`: the remainder of x / y with the sign of x (as SQL's `%`,
    /// DuckDB and C's fmod); by zero, null with a warning, as `/` does.
    static let mod = ScalarFunction(
        name: "mod", arity: 2...2, syntax: "mod(x, y)",
        summary: "the remainder of x / y, with the sign of x (integers stay integers); null, with a warning, when y is 0",
        example: "mod(edition_year, 4)",
        type: { t throws(Diagnostic) in
            let (a, b) = (t.types[0], t.types[1])
            let plain = { (x: ValueType) in x.isPlainNumeric || x == .null }
            try t.need(plain(a) && plain(b), "mod(x, y) needs two plain numbers, got \(a.rawValue) and \(b.rawValue)",
                       a == .percent || b == .percent ? ["on percents, write mod(value_pct, 5) with the number of percent units"] : [])
            return a == .number || b == .number ? .number : .integer
        },
        compile: { call in
            let a = call.arguments[0], b = call.arguments[1]
            let (type, range, context) = (call.type, call.range, call.context)
            return { row throws(Diagnostic) in
                let x = try a(row)
                if x.isNull { return .null }
                // (Plain numbers only: a percent's fraction, 0.45, has no exact remainder.)
                let y = try b(row)
                if y.isNull { return .null }
                if type == .integer, case .integer(let i) = x, case .integer(let j) = y {
                    guard j != 0 else {
                        context.warnOnce(.runDivisionByZero, "mod() by zero gives null", at: range)
                        return .null
                    }
                    // Int64.min by -1 overflows the division, but its remainder is 0.
                    let (r, overflow) = i.remainderReportingOverflow(dividingBy: j)
                    return .integer(overflow ? 0 : r)
                }
                guard let p = x.numeric, let q = y.numeric else { return .null }
                guard q != 0 else {
                    context.warnOnce(.runDivisionByZero, "mod() by zero gives null", at: range)
                    return .null
                }
                return .number(p.truncatingRemainder(dividingBy: q) + 0.0)
            }
        })

    // MARK: - Choices

    /// `if(c, x, y)`: `case when c then x else y end`; only the chosen value is computed.
    static let if_ = ScalarFunction(
        name: "if", arity: 3...3, syntax: "if(condition, x, y)",
        summary: "x where the condition is true, y where it is false or null (case when … end in one call)",
        example: #"if(value_pct >= 50, "majority", "minority")"#,
        type: { t throws(Diagnostic) in
            if t.types[0] != .boolean, t.types[0] != .null {
                try t.fail(at: 0, "if() needs a true/false condition first, not \(t.types[0].rawValue)",
                           ["compare the value, e.g. if(x == \"yes\", …)"])
            }
            guard let u = TypeRules.unify(t.types[1], t.types[2]) else {
                try t.fail(at: 2, "if()'s two values must have one type; got \(t.types[1].rawValue) and \(t.types[2].rawValue)")
            }
            return u
        },
        compile: { call in
            let condition = call.arguments[0]
            let x = coerced(call, 1), y = coerced(call, 2)
            return { row throws(Diagnostic) in
                if case .boolean(true) = try condition(row) { return try x(row) }
                return try y(row)
            }
        })

    /// The `i`-th argument, its values stored as the call's type.
    private static func coerced(_ call: ScalarCall, _ i: Int) -> RowFunction {
        let f = call.arguments[i]
        guard let convert = Evaluator.coercion(from: call.argumentTypes[i], to: call.type) else { return f }
        return { row throws(Diagnostic) in convert(try f(row)) }
    }

    /// `bin(x, 18, 30, 50, 65)`: the interval of x as a label, `<18`,
    /// `18–29`, …, `65+` (see ``BinLabels``).
    static let bin = ScalarFunction(
        name: "bin", arity: 2...101, syntax: "bin(x, b1, b2, …)",
        summary: "the interval x falls in, as a label: <b1, b1–…, …, bk+ (breaks written out, increasing; intervals include their lower break)",
        example: "bin(value_pct, 25, 50, 75)",
        type: { t throws(Diagnostic) in
            _ = try BinLabels.typed(&t)
            return .text
        },
        compile: { call in
            let a = call.arguments[0]
            let bins = BinLabels(breaks: call.constants.dropFirst().map { $0! }, integer: call.argumentTypes[0] == .integer
                                 && call.argumentTypes.dropFirst().allSatisfy { $0 == .integer })
            let labels = bins.labels.map(Value.text)
            return { row throws(Diagnostic) in
                guard let k = bins.interval(of: try a(row)) else { return .null }
                return labels[k]
            }
        })

    // MARK: - Estimates

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
    private static func accessor(_ name: String, _ what: String, _ result: ValueType, magnitude: Magnitude? = nil,
                                 _ field: @escaping @Sendable (Estimate) -> Value?) -> ScalarFunction {
        var function = ScalarFunction(
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
        function.magnitude = magnitude
        return function
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
