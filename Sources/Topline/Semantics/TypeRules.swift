/// The typing rules of operators, in one place. The README's "Types" table
/// is this file in prose.
enum TypeRules {
    /// The numeric flavour an estimate takes in arithmetic: its share.
    private static func flavour(_ t: ValueType) -> ValueType { t == .estimate ? .percent : t }

    /// The result type of `left op right`, or an explanation of why the
    /// combination makes no sense.
    static func binary(_ op: BinaryOperator, _ left: ValueType, _ right: ValueType) -> Result<ValueType, TypeMismatch> {
        let l = flavour(left), r = flavour(right)
        switch op {
        case .and, .or:
            for t in [l, r] where t != .boolean && t != .null {
                return .failure(TypeMismatch("'\(op.rawValue)' needs true/false values, not \(t.rawValue)",
                                             hint: "compare the value first, e.g. x == \"yes\""))
            }
            return .success(.boolean)
        case .contains:
            for t in [l, r] where t != .text && t != .null {
                return .failure(TypeMismatch("'~' matches text, not \(t.rawValue)", hint: "~ is case-insensitive 'contains' on text"))
            }
            return .success(.boolean)
        case .concat:
            // Any value joins text as it prints (null gives null).
            return .success(.text)
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual:
            if comparable(l, r) { return .success(.boolean) }
            return .failure(TypeMismatch("cannot compare \(left.rawValue) with \(right.rawValue)",
                                         hint: l.isTemporal || r.isTemporal ? "a date compares with a date: write it quoted, day >= \"2012-01-01\""
                                             : l == .text || r == .text ? "text compares only with text: quote the value" : nil))
        case .add, .subtract, .multiply, .divide:
            if l.isTemporal || r.isTemporal { return temporal(op, l, r) }
            if l == .null || r == .null {
                return (l.isNumeric || l == .null) && (r.isNumeric || r == .null)
                    ? .success(l == .null ? r : l) : .failure(TypeMismatch("arithmetic needs numbers", hint: nil))
            }
            guard l.isNumeric, r.isNumeric else {
                let bad = l.isNumeric ? right : left
                return .failure(TypeMismatch("'\(op.rawValue)' needs numbers, not \(bad.rawValue)", hint: nil))
            }
            if let t = arithmetic(op, l, r) { return .success(t) }
            return .failure(TypeMismatch("cannot \(verb(op)) \(article(l)) and \(article(r))", hint: arithmeticHint(op, l, r)))
        }
    }

    private static func comparable(_ l: ValueType, _ r: ValueType) -> Bool {
        if l == .null || r == .null { return true }
        if l.isNumeric && r.isNumeric { return true }
        if l.isTemporal && r.isTemporal { return true }
        return l == r
    }

    /// Units arithmetic: percent − percent = pp; percent + pp = percent;
    /// percent / percent = ratio; percent × number = percent; …
    private static func arithmetic(_ op: BinaryOperator, _ l: ValueType, _ r: ValueType) -> ValueType? {
        switch (op, l, r) {
        case (.add, .integer, .integer), (.subtract, .integer, .integer), (.multiply, .integer, .integer): return .integer
        case (.divide, .integer, .integer): return .number
        case (_, .integer, .number), (_, .number, .integer), (_, .number, .number): return .number
        // percent and points
        case (.add, .percent, .percent): return .percent
        case (.subtract, .percent, .percent): return .points
        case (.add, .percent, .points), (.add, .points, .percent), (.subtract, .percent, .points): return .percent
        case (.add, .points, .points), (.subtract, .points, .points): return .points
        case (.divide, .percent, .percent), (.divide, .points, .points), (.divide, .ratio, .ratio): return .ratio
        case (.multiply, .percent, let n), (.multiply, let n, .percent):
            return n.isPlainNumeric || n == .ratio || n == .percent ? .percent : nil
        case (.multiply, .points, let n), (.multiply, let n, .points): return n.isPlainNumeric ? .points : nil
        case (.multiply, .ratio, let n), (.multiply, let n, .ratio): return n.isPlainNumeric || n == .ratio ? .ratio : nil
        case (.divide, .percent, let n) where n.isPlainNumeric || n == .ratio: return .percent
        case (.divide, .points, let n) where n.isPlainNumeric: return .points
        case (.divide, .ratio, let n) where n.isPlainNumeric: return .ratio
        case (.add, .ratio, .ratio), (.subtract, .ratio, .ratio): return .ratio
        // A p-value in arithmetic (a Bonferroni by hand, say) is a plain number.
        case (_, .probability, let n) where n.isPlainNumeric || n == .probability, (_, let n, .probability) where n.isPlainNumeric: return .number
        default: return nil
        }
    }

    /// Calendar arithmetic: date − date = whole days (integer); date ± integer = date;
    /// timestamp − timestamp (or date) = days with a fraction (number).
    private static func temporal(_ op: BinaryOperator, _ l: ValueType, _ r: ValueType) -> Result<ValueType, TypeMismatch> {
        switch (op, l, r) {
        case (.subtract, .date, .date): return .success(.integer)
        case (.add, .date, .integer), (.add, .integer, .date), (.subtract, .date, .integer): return .success(.date)
        case (.subtract, .timestamp, .timestamp), (.subtract, .timestamp, .date), (.subtract, .date, .timestamp): return .success(.number)
        case (_, .null, _), (_, _, .null):
            let other = l == .null ? r : l
            return .success(op == .subtract && other == .timestamp ? .number : other)
        default:
            let hint: String
            switch (l, r) {
            case (.date, .number), (.number, .date):
                hint = "a date moves by whole days: d + 7"
            case (.timestamp, _), (_, .timestamp):
                hint = "timestamps subtract (t2 - t1 is the days between them); date(t) takes a timestamp's day"
            default:
                hint = "dates subtract (d2 - d1 is whole days) and move by whole days (d + 7)"
            }
            return .failure(TypeMismatch("cannot \(verb(op)) \(article(l)) and \(article(r))", hint: hint))
        }
    }

    private static func verb(_ op: BinaryOperator) -> String {
        switch op {
        case .add: return "add"
        case .subtract: return "subtract"
        case .multiply: return "multiply"
        default: return "divide"
        }
    }

    private static func article(_ t: ValueType) -> String {
        switch t {
        case .integer: return "an integer"
        case .points: return "percentage points"
        default: return "a \(t.rawValue)"
        }
    }

    private static func arithmeticHint(_ op: BinaryOperator, _ l: ValueType, _ r: ValueType) -> String? {
        if (l == .percent && r.isPlainNumeric) || (r == .percent && l.isPlainNumeric) {
            return "turn the number into a percent first: pct(x) makes 16 into 16%, or write 16%"
        }
        if l == .points || r == .points {
            return "percentage points add to percents and points; write 5pp for a points literal"
        }
        return nil
    }

    /// The type that values of both types can be stored as (for `coalesce`,
    /// `in` lists, `min`/`max`), or nil.
    static func unify(_ a: ValueType, _ b: ValueType) -> ValueType? {
        if a == b { return a }
        if a == .null { return b }
        if b == .null { return a }
        if a.isPlainNumeric && b.isPlainNumeric { return .number }
        if Set([a, b]) == [.percent, .estimate] { return .percent }
        return nil
    }
}

/// Why two types do not combine.
struct TypeMismatch: Error {
    var message: String
    var hint: String?
    init(_ message: String, hint: String?) {
        self.message = message
        self.hint = hint
    }
}
