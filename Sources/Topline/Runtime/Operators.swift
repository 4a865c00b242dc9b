/// What the operators do to values. Types were checked by the Resolver; here
/// only nulls, overflow and division by zero remain to be handled.
///
/// Null semantics are SQL's three-valued logic: arithmetic and comparisons
/// with null give null; `null and false` is false, `null or true` is true;
/// `where` keeps only rows whose condition is true.
enum Operators {
    static func arithmetic(_ op: BinaryOperator, _ l: Value, _ r: Value, type: ValueType, range: SourceRange,
                           context: EvaluationContext) throws(Diagnostic) -> Value {
        if l.isNull || r.isNull { return .null }
        if let temporal = try temporalArithmetic(op, l, r, range: range, context: context) { return temporal }
        if type == .integer, case .integer(let a) = l, case .integer(let b) = r {
            let (value, overflow): (Int64, Bool)
            switch op {
            case .add: (value, overflow) = a.addingReportingOverflow(b)
            case .subtract: (value, overflow) = a.subtractingReportingOverflow(b)
            default: (value, overflow) = a.multipliedReportingOverflow(by: b)
            }
            if overflow {
                throw context.error(.runIntegerOverflow, "integer overflow in '\(op.rawValue)'", at: range,
                                    hints: ["multiply by 1.0 to compute with decimals instead"])
            }
            return .integer(value)
        }
        guard let a = l.numeric, let b = r.numeric else { return .null }
        let x: Double
        switch op {
        case .add: x = a + b
        case .subtract: x = a - b
        case .multiply: x = a * b
        default:
            if b == 0 {
                context.warnOnce(.runDivisionByZero, "division by zero gives null", at: range)
                return .null
            }
            x = a / b
        }
        return try finite(x, as: type, in: "'\(op.rawValue)'", range: range, context: context)
    }

    /// Date arithmetic, nil when neither side is a date or timestamp: date − date is
    /// whole days, date ± n days is a date, timestamp − timestamp (or date) is days with a fraction.
    private static func temporalArithmetic(_ op: BinaryOperator, _ l: Value, _ r: Value, range: SourceRange,
                                           context: EvaluationContext) throws(Diagnostic) -> Value? {
        func beyondCalendar() -> Diagnostic {
            context.error(.runDateRange, "date out of range in '\(op.rawValue)': dates run from 0001-01-01 to 9999-12-31", at: range)
        }
        switch (op, l, r) {
        case (.subtract, .date(let a), .date(let b)):
            return .integer(a - b)
        case (.add, .date(let d), .integer(let n)), (.add, .integer(let n), .date(let d)), (.subtract, .date(let d), .integer(let n)):
            let (shifted, overflow) = op == .add ? d.addingReportingOverflow(n) : d.subtractingReportingOverflow(n)
            guard !overflow, CalendarDate.dayRange.contains(shifted) else { throw beyondCalendar() }
            return .date(shifted)
        case (.subtract, .timestamp, _), (.subtract, _, .timestamp):
            guard let a = microseconds(l), let b = microseconds(r) else { return nil }
            return .number(Double(a - b) / Double(CalendarDate.microsecondsPerDay))
        default:
            return nil
        }
    }

    private static func microseconds(_ v: Value) -> Int64? {
        switch v {
        case .timestamp(let t): return t
        case .date(let d): return d * CalendarDate.microsecondsPerDay
        default: return nil
        }
    }

    /// `x` in the representation of `type`, or `run.number-overflow` at
    /// `range` when it is infinite: a double beyond ±1.8e308 fails as an
    /// integer beyond 64 bits does, never as a silent null. `operation`
    /// names what overflowed (`'*'`, `sum()`).
    static func finite(_ x: Double, as type: ValueType, in operation: String, range: SourceRange,
                       context: EvaluationContext) throws(Diagnostic) -> Value {
        guard x.isFinite else { throw numberOverflow(in: operation, range: range, context: context) }
        return wrap(x, as: type)
    }

    static func numberOverflow(in operation: String, range: SourceRange, context: EvaluationContext) -> Diagnostic {
        context.error(.runNumberOverflow, "number overflow in \(operation): the result is beyond ±1.8e308, the range of a number",
                      at: range)
    }

    /// A double in the representation of `type`; null when it is not finite
    /// (results go through ``finite(_:as:in:range:context:)``, which fails instead).
    static func wrap(_ x: Double, as type: ValueType) -> Value {
        guard x.isFinite else { return .null }
        switch type {
        case .percent, .estimate: return .percent(x)
        case .points: return .points(x)
        case .ratio: return .ratio(x)
        default: return .number(x)
        }
    }

    static func compare(_ op: BinaryOperator, _ l: Value, _ r: Value) -> Value {
        guard let order = order(l, r) else { return .null }
        switch op {
        case .equal: return .boolean(order == 0)
        case .notEqual: return .boolean(order != 0)
        case .less: return .boolean(order < 0)
        case .lessEqual: return .boolean(order <= 0)
        case .greater: return .boolean(order > 0)
        default: return .boolean(order >= 0)
        }
    }

    /// -1, 0 or 1; nil when either side is null. Numbers of every flavour
    /// compare by the number underneath (so 16% == 0.16).
    static func order(_ l: Value, _ r: Value) -> Int? {
        switch (l, r) {
        case (.null, _), (_, .null): return nil
        case (.integer(let a), .integer(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        case (.text(let a), .text(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        case (.boolean(let a), .boolean(let b)): return a == b ? 0 : (!a ? -1 : 1)
        case (.date(let a), .date(let b)), (.timestamp(let a), .timestamp(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        // A date is the moment its day begins.
        case (.date(let a), .timestamp(let b)): return order(.timestamp(a * CalendarDate.microsecondsPerDay), .timestamp(b))
        case (.timestamp(let a), .date(let b)): return order(.timestamp(a), .timestamp(b * CalendarDate.microsecondsPerDay))
        default:
            guard let a = l.numeric, let b = r.numeric else { return nil }
            return a < b ? -1 : (a == b ? 0 : 1)
        }
    }

    /// The longest text that `||`, `concat` and `replace` build: 64 MiB.
    static let maxTextBytes = 64 << 20

    /// `a || b` for two values that are not null: text as is, any other value
    /// as it prints (``ValueText/human(_:)``: `16.0%`, `3.56×`).
    static func concatenate(_ a: Value, _ b: Value, range: SourceRange, context: EvaluationContext) throws(Diagnostic) -> Value {
        let x = text(of: a), y = text(of: b)
        guard x.utf8.count + y.utf8.count <= maxTextBytes else { throw textTooLong("'||'", range: range, context: context) }
        return .text(x + y)
    }

    /// A value's text where text is built from it: text as is, others as they print.
    static func text(of v: Value) -> String {
        if case .text(let s) = v { return s }
        return ValueText.human(v)
    }

    static func textTooLong(_ operation: String, range: SourceRange, context: EvaluationContext) -> Diagnostic {
        context.error(.runTextTooLong, "\(operation) would make a text longer than 64 MiB", at: range)
    }

    /// Case-insensitive "contains" for `~`.
    static func contains(_ haystack: String, _ needle: String) -> Bool {
        ContainsPattern(needle).matches(haystack)
    }

    static func and(_ l: Value, _ r: Value) -> Value {
        if case .boolean(false) = l { return .boolean(false) }
        if case .boolean(false) = r { return .boolean(false) }
        if l.isNull || r.isNull { return .null }
        return .boolean(true)
    }

    static func or(_ l: Value, _ r: Value) -> Value {
        if case .boolean(true) = l { return .boolean(true) }
        if case .boolean(true) = r { return .boolean(true) }
        if l.isNull || r.isNull { return .null }
        return .boolean(false)
    }
}

/// The pattern of `~`, lower-cased and prepared once (a constant pattern is
/// prepared once per query, not once per value).
///
/// Searches UTF-8 bytes with Knuth-Morris-Pratt, linear in both lengths:
/// Foundation's `contains` is quadratic on inputs like "aaa…ab" in "aaa…a".
struct ContainsPattern {
    private let needle: [UInt8]
    /// fallback[i]: the length of the longest proper border of needle[...i].
    private let fallback: [Int]

    init(_ pattern: String) {
        needle = Array(pattern.lowercased().utf8)
        fallback = KnuthMorrisPratt.fallback(needle)
    }

    func matches(_ haystack: String) -> Bool {
        if needle.isEmpty { return true }
        let text = haystack.lowercased().utf8
        guard text.count >= needle.count else { return false }
        var k = 0
        for b in text {
            while k > 0, b != needle[k] { k = fallback[k - 1] }
            if b == needle[k] {
                k += 1
                if k == needle.count { return true }
            }
        }
        return false
    }
}
