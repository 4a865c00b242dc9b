#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What each scalar function computes, row by row. Argument types were
/// checked by the Resolver (see FunctionCatalog).
enum ScalarFunctions {
    static func compile(_ function: ScalarFunction, _ args: [RowFunction], type: ValueType, range: SourceRange,
                        context: EvaluationContext) -> RowFunction {
        let a = args[0]
        switch function {
        case .pct:
            return { row throws(Diagnostic) in (try a(row).numeric).map { .percent($0 / 100) } ?? .null }
        case .round:
            let digits = args.count > 1 ? args[1] : { _ in .integer(0) }
            return { row throws(Diagnostic) in
                let v = try a(row)
                guard case .integer(let d) = try digits(row) else { return .null }
                return round(v, digits: Int(clamping: d))
            }
        case .lower, .upper:
            let upper = function == .upper
            return { row throws(Diagnostic) in
                guard case .text(let s) = try a(row) else { return .null }
                return .text(upper ? s.uppercased() : s.lowercased())
            }
        case .abs:
            return { row throws(Diagnostic) in
                let v = try a(row)
                if case .integer(let i) = v {
                    guard i != .min else { throw context.error("run.integer-overflow", "integer overflow in abs()", at: range) }
                    return .integer(Swift.abs(i))
                }
                return v.numeric.map { Operators.wrap(Swift.abs($0), as: type) } ?? .null
            }
        case .change:
            let b = args[1]
            return { row throws(Diagnostic) in
                guard let from = try a(row).numeric, let to = try b(row).numeric else { return .null }
                guard from != 0 else {
                    context.warnOnce("run.division-by-zero", "change from zero is undefined and gives null", at: range)
                    return .null
                }
                return .percent((to - from) / from)
            }
        case .coalesce:
            return { row throws(Diagnostic) in
                for f in args {
                    let v = try f(row)
                    if !v.isNull { return v.type == .estimate && type == .percent ? .percent(v.numeric ?? 0) : v }
                }
                return .null
            }
        case .estimate:
            return compileEstimate(args, range: range, context: context)
        case .value:
            return { row throws(Diagnostic) in (try a(row).numeric).map(Value.percent) ?? .null }
        case .n, .neff, .deff, .moe, .se, .ci_low, .ci_high:
            return { row throws(Diagnostic) in
                guard case .estimate(let e) = try a(row) else { return .null }
                switch function {
                case .n: return e.n.map { .integer(Int64($0)) } ?? .null
                case .neff: return e.effectiveN.map(Value.number) ?? .null
                case .deff: return e.designEffect.map(Value.number) ?? .null
                case .moe: return e.marginOfError.map(Value.points) ?? .null
                case .se: return e.standardError.map(Value.points) ?? .null
                case .ci_low: return e.ciLow.map(Value.percent) ?? .null
                default: return e.ciHigh.map(Value.percent) ?? .null
                }
            }
        }
    }

    /// `estimate(value, n)`: value is a percent, or a number 0-100; an empty
    /// n gives an estimate with an unknown base (no interval, no test). When
    /// the dataset has a `value_type` column, rows that are not shares are refused.
    private static func compileEstimate(_ args: [RowFunction], range: SourceRange, context: EvaluationContext) -> RowFunction {
        let value = args[0], base = args[1]
        let valueType = args.count > 2 ? args[2] : nil
        let settings = context.settings
        return { row throws(Diagnostic) in
            let v = try value(row)
            guard !v.isNull, var p = v.numeric else { return .null }
            if case .percent = v {} else { p /= 100 }
            if let valueType, case .text(let kind) = try valueType(row), kind != "share" {
                throw context.error("run.not-a-share",
                                    "row \(row + 1) has value_type '\(kind)': only shares can become estimates", at: range,
                                    hints: ["\(kind) values are not proportions of respondents and have no margin of error of their own",
                                            "keep only shares first: where value_type == \"share\""])
            }
            guard p >= 0, p <= 1 else {
                throw context.error("run.estimate-range", "estimate value \(p * 100) is outside 0-100%", at: range)
            }
            var n: Int?
            let b = try base(row)
            if let count = b.numeric {
                guard count >= 1, count == count.rounded(), count < 1e15 else {
                    throw context.error("run.estimate-base", "estimate base n must be a whole number of at least 1, got \(count)", at: range)
                }
                n = Int(count)
            }
            return .estimate(settings.estimate(p, n: n))
        }
    }

    /// Rounds in the units a value is shown in: percents and points in percent units.
    private static func round(_ v: Value, digits: Int) -> Value {
        let scale = pow(10.0, Double(max(-15, min(15, digits))))
        func r(_ x: Double) -> Double { (x * scale).rounded() / scale }
        switch v {
        case .integer: return v
        case .number(let x): return .number(r(x))
        case .percent(let x): return .percent(r(x * 100) / 100)
        case .points(let x): return .points(r(x * 100) / 100)
        case .ratio(let x): return .ratio(r(x))
        case .estimate(let e): return .percent(r(e.proportion * 100) / 100)
        default: return .null
        }
    }
}
