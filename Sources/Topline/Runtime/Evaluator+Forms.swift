/// `case`, `recode` and the per-value memo of text work.
extension Evaluator {
    // MARK: - case and recode

    /// The first branch whose condition is true gives the value (a null
    /// condition counts as false, as in SQL); only that branch is computed.
    func compileCase(_ branches: [TypedBranch], _ otherwise: TypedExpr?, type: ValueType) -> RowFunction {
        // A condition decided for all rows at once is only looked up.
        enum Test {
            case vector([UInt8])
            case function(RowFunction)
        }
        let tests: [Test] = branches.map { b in
            if Evaluator.isCompound(b.condition), let truth = truthVector(b.condition) { return .vector(truth) }
            return .function(compile(b.condition))
        }
        let results = branches.map { coerced(compile($0.result), from: $0.result.type, to: type) }
        let other = otherwise.map { coerced(compile($0), from: $0.type, to: type) }
        return { row throws(Diagnostic) in
            for i in tests.indices {
                switch tests[i] {
                case .vector(let truth):
                    if truth[row] == Truth.true { return try results[i](row) }
                case .function(let f):
                    if case .boolean(true) = try f(row) { return try results[i](row) }
                }
            }
            return try other?(row) ?? .null
        }
    }

    /// A listed value takes its rule's target; a null takes one only when
    /// null is listed; any other value takes `else`, or stays as it is.
    func compileRecode(_ r: TypedRecode, type: ValueType) -> RowFunction {
        let value = compile(r.value)
        let targets = r.targets.map { coerced(compile($0), from: $0.type, to: type) }
        let other = r.otherwise.map { coerced(compile($0), from: $0.type, to: type) }
        let keep = Evaluator.coercion(from: r.value.type, to: type)
        let nullRule = r.sources.firstIndex { $0.isNull }.map { r.ruleOf[$0] }
        let listed = r.sources.indices.filter { !r.sources[$0].isNull }
        let sources = listed.map { r.sources[$0] }, ruleOf = listed.map { r.ruleOf[$0] }
        // Text values are looked up by hash (String equality is Unicode's, as '==' is).
        var byText: [String: Int]?
        if !sources.isEmpty, sources.allSatisfy({ $0.type == .text }) {
            byText = Dictionary(zip(sources.map(\.textValue), ruleOf), uniquingKeysWith: { first, _ in first })
        }
        let textRules = byText
        return { row throws(Diagnostic) in
            let v = try value(row)
            if v.isNull {
                guard let nullRule else { return .null }
                return try targets[nullRule](row)
            }
            var rule: Int?
            if let textRules {
                if case .text(let s) = v { rule = textRules[s] }
            } else {
                for i in sources.indices where Operators.order(v, sources[i]) == 0 {
                    rule = ruleOf[i]
                    break
                }
            }
            if let rule { return try targets[rule](row) }
            if let other { return try other(row) }
            return keep.map { $0(v) } ?? v
        }
    }

    /// `f`, with its values stored as `type` (an integer in a number result, an estimate in a percent one).
    func coerced(_ f: @escaping RowFunction, from: ValueType, to type: ValueType) -> RowFunction {
        guard let convert = Evaluator.coercion(from: from, to: type) else { return f }
        return { row throws(Diagnostic) in convert(try f(row)) }
    }

    /// How a value of type `from` is stored in a result of type `to`, when it changes.
    static func coercion(from: ValueType, to: ValueType) -> (@Sendable (Value) -> Value)? {
        switch (from, to) {
        case (.integer, .number):
            return { v in if case .integer(let i) = v { return .number(Double(i)) } else { return v } }
        case (.estimate, .percent):
            return { v in if case .estimate(let e) = v { return .percent(e.proportion) } else { return v } }
        default:
            return nil
        }
    }

    // MARK: - Work done once per distinct text

    /// Whether `e` does enough per row to be worth remembering per value:
    /// a function call, a `case`, a `recode` or a `||`.
    static func isWorthMemoizing(_ e: TypedExpr) -> Bool {
        switch e.kind {
        case .call, .caseWhen, .recode, .binary(.concat, _, _): return true
        default: return false
        }
    }

    /// The codes and dictionary of the one text column `e` reads, when it reads
    /// only that column and its distinct values are few enough to be worth it.
    func memoColumn(_ e: TypedExpr) -> (codes: [Int32], entries: Int)? {
        var read = ColumnsRead.none
        Evaluator.collectColumns(e, into: &read)
        guard case .one(let i) = read, i < columns.count, case .texts(let codes, let dictionary) = columns[i].storage,
              dictionary.count <= codes.count / 2 || dictionary.count <= 64 else { return nil }
        return (codes, dictionary.count)
    }

    /// `f` computed once per code (and once for null): `f` reads only the
    /// column of `codes`, so rows with one code have one value. It is computed
    /// at the first row with that code, so the first row that fails is the same.
    static func memoized(_ f: @escaping RowFunction, codes: [Int32], entries: Int) -> RowFunction {
        let memo = ValueMemo(count: entries + 1)
        return { row throws(Diagnostic) in
            let slot = Int(codes[row]) + 1
            if let v = memo.values[slot] { return v }
            let v = try f(row)
            memo.values[slot] = v
            return v
        }
    }

    /// A text result computed from one text column, as a column: each distinct
    /// value's result is computed once and its code reused, so the rows cost
    /// a lookup each, and no string is hashed per row. Nil when `item` is not such.
    func materializeByEntry(_ item: NamedExpr, rowCount: Int) throws(Diagnostic) -> Column? {
        guard item.expr.type == .text, Evaluator.isWorthMemoizing(item.expr), let (codes, entries) = memoColumn(item.expr),
              codes.count == rowCount else { return nil }
        let f = compileOnce(item.expr)
        let unknown: Int32 = -2
        var codeOfSlot = [Int32](repeating: unknown, count: entries + 1)
        var dictionary: [String] = []
        var codeOfText: [String: Int32] = [:]
        var out = [Int32](repeating: -1, count: rowCount)
        for r in 0..<rowCount {
            if r & 0xFFFF == 0 { try context.checkInterrupt() }
            let slot = Int(codes[r]) + 1
            var code = codeOfSlot[slot]
            if code == unknown {
                if case .text(let s) = try f(r) {
                    if let known = codeOfText[s] {
                        code = known
                    } else {
                        code = Int32(dictionary.count)
                        dictionary.append(s)
                        codeOfText[s] = code
                    }
                } else {
                    code = -1
                }
                codeOfSlot[slot] = code
            }
            out[r] = code
        }
        return Column(name: item.name, type: .text, storage: .texts(codes: out, dictionary: dictionary))
    }

    private enum ColumnsRead {
        case none, one(Int), many
        mutating func add(_ i: Int) {
            switch self {
            case .none: self = .one(i)
            case .one(let j) where j == i: break
            default: self = .many
            }
        }
    }

    private static func collectColumns(_ e: TypedExpr, into read: inout ColumnsRead) {
        if case .many = read { return }
        switch e.kind {
        case .literal: break
        case .column(let i), .aggregate(let i): read.add(i)
        case .unary(_, let x), .isNull(let x, _): collectColumns(x, into: &read)
        case .binary(_, let l, let r):
            collectColumns(l, into: &read)
            collectColumns(r, into: &read)
        case .call(_, let args):
            for a in args { collectColumns(a, into: &read) }
        case .inList(let x, let items, _):
            collectColumns(x, into: &read)
            for i in items { collectColumns(i, into: &read) }
        case .caseWhen(let branches, let otherwise):
            for b in branches {
                collectColumns(b.condition, into: &read)
                collectColumns(b.result, into: &read)
            }
            if let otherwise { collectColumns(otherwise, into: &read) }
        case .recode(let r):
            collectColumns(r.value, into: &read)
            for t in r.targets { collectColumns(t, into: &read) }
            if let o = r.otherwise { collectColumns(o, into: &read) }
        }
    }
}

/// The values of a memoized expression by code slot (slot 0: null).
private final class ValueMemo {
    var values: [Value?]
    init(count: Int) { values = [Value?](repeating: nil, count: count) }
}
