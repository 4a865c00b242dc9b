/// Typed expressions as SQL that computes the same value as the ``Evaluator``, or nil
/// where it would not (the verb then runs in Topline on the fetched rows).
///
/// The rules that make the answers equal: SQL's three-valued logic is Topline's
/// (`null and false` is false, a comparison with null is null, `where` keeps true);
/// integers compute in `bigint` (overflow is an error on both sides) and everything
/// else in `double precision`, percent and points as the fractions they are stored
/// as; `/` is always a division of doubles with a zero divisor made null (`NULLIF`),
/// so 7 / 2 is 3.5; text compares byte-wise (`COLLATE "C"`); `~` lower-cases with
/// `lower()`, which PostgreSQL applies to ASCII letters only, so only an ASCII
/// pattern is sent. Dates and timestamps are compared, not computed with.
struct SQLExpression {
    /// Each input column as SQL (its quoted name), by schema position.
    let columns: [String]
    let types: [ValueType]
    /// Each aggregate of a `summarize` item as SQL, by its number.
    var aggregates: [String] = []

    /// The SQL of `e`, marked as coming from its source range (``SQLSourceMap``).
    func sql(_ e: TypedExpr, _ parameters: inout SQLParameters) -> String? {
        guard let text = translated(e, &parameters) else { return nil }
        if case .column(let i) = e.kind { return parameters.mark(text, e.range, column: columns[i]) }
        return parameters.mark(text, e.range)
    }

    private func translated(_ e: TypedExpr, _ parameters: inout SQLParameters) -> String? {
        switch e.kind {
        case .literal(let v):
            if v.isNull { return e.type == .null ? "NULL" : "CAST(NULL AS \(PostgresTypes.sqlType(e.type)))" }
            if case .estimate = v { return nil }
            if case .text(let s) = v, s.utf8.contains(0) { return nil }
            return parameters.bind(v, as: v.type)
        case .column(let i):
            return columns[i]
        case .aggregate(let i):
            return i < aggregates.count ? aggregates[i] : nil
        case .unary(.negate, let x):
            guard x.type.isPlainNumeric || [.percent, .points, .ratio].contains(x.type), let a = sql(x, &parameters) else { return nil }
            return "(- \(a))"
        case .unary(.not, let x):
            guard let a = sql(x, &parameters) else { return nil }
            return "(NOT \(a))"
        case .binary(let op, let l, let r):
            return binary(op, l, r, e, &parameters)
        case .inList(let x, let items, let negated):
            guard items.allSatisfy({ Self.comparable(x.type, $0.type) }), let a = sql(x, &parameters) else { return nil }
            var list: [String] = []
            for item in items {
                guard let b = sql(item, &parameters) else { return nil }
                list.append(b)
            }
            return "(\(Self.collated(a, x.type))\(negated ? " NOT" : "") IN (\(list.joined(separator: ", "))))"
        case .isNull(let x, let negated):
            guard let a = sql(x, &parameters) else { return nil }
            return "(\(a) IS \(negated ? "NOT " : "")NULL)"
        case .caseWhen(let branches, let otherwise):
            guard e.type != .estimate else { return nil }
            let type = PostgresTypes.sqlType(e.type)
            var text = "CASE"
            for b in branches {
                guard let c = sql(b.condition, &parameters), let v = sql(b.result, &parameters) else { return nil }
                text += " WHEN \(c) THEN CAST(\(v) AS \(type))"
            }
            if let otherwise {
                guard let v = sql(otherwise, &parameters) else { return nil }
                text += " ELSE CAST(\(v) AS \(type))"
            }
            return text + " END"
        case .call, .recode:
            return nil
        }
    }

    private func binary(_ op: BinaryOperator, _ l: TypedExpr, _ r: TypedExpr, _ e: TypedExpr,
                        _ parameters: inout SQLParameters) -> String? {
        switch op {
        case .and, .or:
            guard let a = sql(l, &parameters), let b = sql(r, &parameters) else { return nil }
            return "(\(a) \(op == .and ? "AND" : "OR") \(b))"
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual:
            guard Self.comparable(l.type, r.type), let a = sql(l, &parameters), let b = sql(r, &parameters) else { return nil }
            let symbol = op == .equal ? "=" : op == .notEqual ? "<>" : op.rawValue
            return "(\(Self.collated(a, l.type)) \(symbol) \(Self.collated(b, r.type)))"
        case .contains:
            guard l.type == .text, case .literal(.text(let pattern)) = r.kind, pattern.utf8.allSatisfy({ $0 < 0x80 && $0 != 0 }),
                  let a = sql(l, &parameters) else { return nil }
            let p = parameters.bind(.text(pattern.lowercased()), as: .text)
            return "(strpos(lower(\(a)), \(p)) > 0)"
        case .concat:
            guard l.type == .text, r.type == .text, let a = sql(l, &parameters), let b = sql(r, &parameters) else { return nil }
            return "(\(a) || \(b))"
        case .add, .subtract, .multiply, .divide:
            let plain: Set<ValueType> = [.integer, .number, .percent, .points, .ratio]
            guard plain.contains(l.type), plain.contains(r.type), plain.contains(e.type),
                  let a = sql(l, &parameters), let b = sql(r, &parameters) else { return nil }
            if e.type == .integer, op != .divide { return "(\(a) \(op.rawValue) \(b))" }
            let x = "CAST(\(a) AS double precision)", y = "CAST(\(b) AS double precision)"
            return op == .divide ? "(\(x) / NULLIF(\(y), 0))" : "(\(x) \(op.rawValue) \(y))"
        }
    }

    /// Whether SQL compares values of these types as Topline does.
    static func comparable(_ a: ValueType, _ b: ValueType) -> Bool {
        let numbers: Set<ValueType> = [.integer, .number, .percent, .points, .ratio, .probability]
        if a == .null || b == .null { return true }
        if numbers.contains(a) && numbers.contains(b) { return true }
        if a.isTemporal && b.isTemporal { return true }
        return a == b && (a == .text || a == .boolean)
    }

    /// Text in byte order, as Topline compares it; other values as they are.
    static func collated(_ sql: String, _ type: ValueType) -> String {
        type == .text ? "(\(sql) COLLATE \"C\")" : sql
    }
}
