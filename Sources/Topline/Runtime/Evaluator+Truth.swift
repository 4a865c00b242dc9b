/// Three-valued truth of a condition for one row, one byte each:
/// the layout of boolean column storage.
enum Truth {
    static let `false`: UInt8 = 0
    static let `true`: UInt8 = 1
    static let null: UInt8 = 2
}

extension Evaluator {
    /// The truth of condition `e` for every row (``Truth`` bytes), computed a
    /// column at a time without building a ``Value`` per row; nil unless `e` is
    /// made only of boolean columns, `is null` tests and comparisons of a
    /// column with a constant, joined by `and`, `or` and `not`. Such conditions
    /// cannot fail, so deciding all rows up front changes no result.
    ///
    /// `where region == "Japan" and wave >= 2014` is decided once per dictionary
    /// entry for `region`, by a tight loop over the integers of `wave`, and the
    /// two byte vectors are combined with SQL's three-valued `and`.
    func truthVector(_ e: TypedExpr) -> [UInt8]? {
        guard Evaluator.isVectorisable(e, columns) else { return nil }
        return truth(e)
    }

    /// Whether `e` is a condition worth vectorising (not a bare column or literal).
    static func isCompound(_ e: TypedExpr) -> Bool {
        guard e.type == .boolean else { return false }
        switch e.kind {
        case .binary, .unary(.not, _), .isNull: return true
        default: return false
        }
    }

    private static func isVectorisable(_ e: TypedExpr, _ columns: [Column]) -> Bool {
        switch e.kind {
        case .binary(.and, let l, let r), .binary(.or, let l, let r):
            return isVectorisable(l, columns) && isVectorisable(r, columns)
        case .unary(.not, let x):
            return isVectorisable(x, columns)
        case .isNull(let x, _):
            if case .column = x.kind { return true }
            return false
        case .column(let i):
            if case .booleans = columns[i].storage { return true }
            return false
        case .binary(let op, let l, let r) where op == .equal || op == .notEqual || op.isComparison || op == .contains:
            guard case .column(let i) = l.kind, case .literal(let lit) = r.kind, !lit.isNull else { return false }
            switch (columns[i].storage, lit) {
            case (.texts, .text): return true
            // A date (timestamp) column against a date (timestamp) constant: the stored integers compare.
            case (.integers, .date): return columns[i].type == .date && op != .contains
            case (.integers, .timestamp): return columns[i].type == .timestamp && op != .contains
            case (.integers, _), (.doubles, _): return op != .contains && lit.numeric != nil && lit.type != .estimate
            default: return false
            }
        default:
            return false
        }
    }

    /// Computes the truth vector of an expression accepted by ``isVectorisable(_:_:)``.
    private func truth(_ e: TypedExpr) -> [UInt8] {
        switch e.kind {
        case .binary(.and, let l, let r):
            return Evaluator.combine(truth(l), truth(r)) { a, b in
                a == Truth.false || b == Truth.false ? Truth.false : (a == Truth.null || b == Truth.null ? Truth.null : Truth.true)
            }
        case .binary(.or, let l, let r):
            return Evaluator.combine(truth(l), truth(r)) { a, b in
                a == Truth.true || b == Truth.true ? Truth.true : (a == Truth.null || b == Truth.null ? Truth.null : Truth.false)
            }
        case .unary(_, let x):
            return truth(x).map { $0 == Truth.null ? Truth.null : 1 - $0 }
        case .isNull(let x, let negated):
            guard case .column(let i) = x.kind else { preconditionFailure("not vectorisable") }
            let column = columns[i]
            return (0..<column.count).map { column.isNull($0) != negated ? Truth.true : Truth.false }
        case .column(let i):
            guard case .booleans(let bytes) = columns[i].storage else { preconditionFailure("not vectorisable") }
            return bytes
        case .binary(let op, let l, let r):
            guard case .column(let i) = l.kind, case .literal(let lit) = r.kind else { preconditionFailure("not vectorisable") }
            return compare(columns[i], op, lit)
        default:
            preconditionFailure("not vectorisable")
        }
    }

    /// `column op literal` for every row, with ``Operators/compare(_:_:_:)``'s meaning.
    private func compare(_ column: Column, _ op: BinaryOperator, _ lit: Value) -> [UInt8] {
        switch column.storage {
        case .texts(let codes, let dictionary):
            // `~`'s pattern is prepared once, not once per dictionary entry (a pattern of megabytes costs its length).
            let pattern = op == .contains ? ContainsPattern(lit.textValue) : nil
            let answers: [UInt8] = dictionary.map { text in
                let hit = pattern.map { $0.matches(text) } ?? (Operators.compare(op, .text(text), lit) == .boolean(true))
                return hit ? Truth.true : Truth.false
            }
            return Evaluator.lookup(codes, answers)
        case .integers(let values, let isNull):
            var out: [UInt8]
            switch lit {
            case .integer(let b), .date(let b), .timestamp(let b):
                out = Evaluator.decide(values, op) { a in a < b ? -1 : (a == b ? 0 : 1) }
            default:
                let b = lit.numeric!
                out = Evaluator.decide(values, op) { a in let x = Double(a); return x < b ? -1 : (x == b ? 0 : 1) }
            }
            if !isNull.isEmpty {
                for r in out.indices where isNull[r] { out[r] = Truth.null }
            }
            return out
        case .doubles(let values):
            let b = lit.numeric!
            var out = Evaluator.decide(values, op) { a in a < b ? -1 : (a == b ? 0 : 1) }
            for r in out.indices where values[r].isNaN { out[r] = Truth.null }
            return out
        default:
            preconditionFailure("not vectorisable")
        }
    }

    /// Whether `op` holds for each element, given its order (-1, 0, 1) against the constant.
    @inline(__always)
    private static func decide<T>(_ values: [T], _ op: BinaryOperator, _ order: (T) -> Int) -> [UInt8] {
        // One loop per operator, so the test inside is a constant.
        func map(_ holds: (Int) -> Bool) -> [UInt8] {
            values.withUnsafeBufferPointer { v in
                nonisolated(unsafe) let v = v
                return RowBlocks.bytes(count: v.count) { rows, out in
                    for r in rows { out[r] = holds(order(v[r])) ? Truth.true : Truth.false }
                }
            }
        }
        switch op {
        case .equal: return map { $0 == 0 }
        case .notEqual: return map { $0 != 0 }
        case .less: return map { $0 < 0 }
        case .lessEqual: return map { $0 <= 0 }
        case .greater: return map { $0 > 0 }
        default: return map { $0 >= 0 }
        }
    }

    /// `answers[code]` per row; a negative code (null) gives ``Truth/null``.
    static func lookup(_ codes: [Int32], _ answers: [UInt8]) -> [UInt8] {
        codes.withUnsafeBufferPointer { c in
            answers.withUnsafeBufferPointer { a in
                nonisolated(unsafe) let (c, a) = (c, a)
                return RowBlocks.bytes(count: c.count) { rows, out in
                    for r in rows {
                        let code = c[r]
                        out[r] = code < 0 ? Truth.null : a[Int(code)]
                    }
                }
            }
        }
    }

    private static func combine(_ a: [UInt8], _ b: [UInt8], _ f: (UInt8, UInt8) -> UInt8) -> [UInt8] {
        a.withUnsafeBufferPointer { x in
            b.withUnsafeBufferPointer { y in
                nonisolated(unsafe) let (x, y) = (x, y)
                return RowBlocks.bytes(count: x.count) { rows, out in
                    for r in rows { out[r] = f(x[r], y[r]) }
                }
            }
        }
    }
}
