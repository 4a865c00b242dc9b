/// Compiles a typed expression into a closure that computes it for one row.
///
/// Compiling once per query (rather than walking the tree per row) keeps the
/// per-row work to a few indirect calls. Conditions made only of column-versus-constant
/// comparisons joined by `and`/`or`/`not` are decided for every row at once,
/// into a truth vector (see ``truthVector(_:)``), and then only looked up. A
/// function call, `case`, `recode` or `||` that reads one text column alone is
/// computed once per distinct value of it and then looked up by its code
/// (``memoized(_:codes:entries:)``, ``materializeByEntry(_:rowCount:)``).
typealias RowFunction = (Int) throws(Diagnostic) -> Value

struct Evaluator {
    let columns: [Column]
    let context: EvaluationContext
    /// The values of the aggregates of a `derive` (``TypedExpr/Kind/aggregate(_:)``), one per row;
    /// nil in `summarize`, where the aggregates are the columns.
    var aggregates: [Column]? = nil

    /// Computes `item` for every row; a bare column is reused as is.
    func materialize(_ item: NamedExpr, rowCount: Int) throws(Diagnostic) -> Column {
        if case .column(let i) = item.expr.kind { return columns[i].renamed(item.name) }
        var column: Column
        if let byEntry = try materializeByEntry(item, rowCount: rowCount) {
            column = byEntry
        } else {
            let f = compile(item.expr)
            var builder = ColumnBuilder(type: item.expr.type, capacity: rowCount)
            for r in 0..<rowCount {
                if r & 0xFFFF == 0 { try context.checkInterrupt() }
                builder.append(try f(r))
            }
            column = builder.finish(name: item.name)
        }
        // bin() labels, recode's and case's values keep the order they were written in.
        column.levels = CategoryOrder.of(item.expr)
        // `moe(e)` and `se(e)` are sizes: printed `±1.7 pp`, `1.2 pp`, not `+1.7 pp`.
        if case .call(let function, _) = item.expr.kind { column.magnitude = function.magnitude }
        return column
    }

    func compile(_ e: TypedExpr) -> RowFunction {
        // Text work on one text column is done once per distinct value.
        if Evaluator.isWorthMemoizing(e), let column = memoColumn(e) {
            return Evaluator.memoized(compileOnce(e), codes: column.codes, entries: column.entries)
        }
        return compileOnce(e)
    }

    /// ``compile(_:)`` without the memo of its top node.
    func compileOnce(_ e: TypedExpr) -> RowFunction {
        if Evaluator.isCompound(e), let truth = truthVector(e) {
            return { row in
                let t = truth[row]
                return t == Truth.null ? .null : .boolean(t == Truth.true)
            }
        }
        switch e.kind {
        case .literal(let v):
            return { _ in v }
        case .column(let i):
            let column = columns[i]
            return { row in column[row] }
        case .aggregate(let i):
            let column = aggregates?[i] ?? columns[i]
            return { row in column[row] }
        case .unary(.negate, let x):
            let f = compile(x)
            let type = e.type
            return { row throws(Diagnostic) in
                let v = try f(row)
                if case .integer(let i) = v {
                    guard i != .min else { throw context.error(.runIntegerOverflow, "integer overflow in '-'", at: e.range) }
                    return .integer(-i)
                }
                guard let d = v.numeric else { return .null }
                return Operators.wrap(-d, as: type)
            }
        case .unary(.not, let x):
            let f = compile(x)
            return { row throws(Diagnostic) in
                if case .boolean(let b) = try f(row) { return .boolean(!b) }
                return .null
            }
        case .binary(let op, let l, let r):
            return compileBinary(op, l, r, e)
        case .inList(let x, let items, let negated):
            if let fast = compileTextTest(x, { v in items.contains { item in
                if case .literal(let lit) = item.kind { return Operators.order(v, lit) == 0 }
                return false
            } }), items.allSatisfy({ if case .literal(.text) = $0.kind { return true } else { return false } }) {
                return negated ? negate(fast) : fast
            }
            let f = compile(x)
            let gs = items.map(compile)
            return { row throws(Diagnostic) in
                let v = try f(row)
                if v.isNull { return .null }
                var sawNull = false
                for g in gs {
                    let item = try g(row)
                    if item.isNull { sawNull = true; continue }
                    if Operators.order(v, item) == 0 { return .boolean(!negated) }
                }
                return sawNull ? .null : .boolean(negated)
            }
        case .isNull(let x, let negated):
            if case .column(let i) = x.kind {
                let column = columns[i]
                return { row in .boolean(column.isNull(row) != negated) }
            }
            let f = compile(x)
            return { row throws(Diagnostic) in .boolean(try f(row).isNull != negated) }
        case .call(let function, let args):
            return function.compile(ScalarCall(arguments: args.map(compile), constants: args.map(\.constantValue),
                                               argumentTypes: args.map(\.type), type: e.type, range: e.range, context: context))
        case .caseWhen(let branches, let otherwise):
            return compileCase(branches, otherwise, type: e.type)
        case .recode(let recode):
            return compileRecode(recode, type: e.type)
        }
    }

    private func negate(_ f: @escaping RowFunction) -> RowFunction {
        { row throws(Diagnostic) in
            if case .boolean(let b) = try f(row) { return .boolean(!b) }
            return .null
        }
    }

    private func compileBinary(_ op: BinaryOperator, _ l: TypedExpr, _ r: TypedExpr, _ e: TypedExpr) -> RowFunction {
        // (A text column against a constant never gets here: ``compile(_:)``
        // decides it as a truth vector, once per dictionary entry.)
        let f = compile(l), g = compile(r)
        let context = self.context
        switch op {
        case .and:
            return { row throws(Diagnostic) in
                let a = try f(row)
                if case .boolean(false) = a { return a }
                return Operators.and(a, try g(row))
            }
        case .or:
            return { row throws(Diagnostic) in
                let a = try f(row)
                if case .boolean(true) = a { return a }
                return Operators.or(a, try g(row))
            }
        case .contains:
            if case .literal(.text(let needle)) = r.kind {
                // A constant pattern is lower-cased and prepared once per query.
                let pattern = ContainsPattern(needle)
                return { row throws(Diagnostic) in
                    guard case .text(let a) = try f(row) else { return .null }
                    return .boolean(pattern.matches(a))
                }
            }
            return { row throws(Diagnostic) in
                guard case .text(let a) = try f(row), case .text(let b) = try g(row) else { return .null }
                return .boolean(Operators.contains(a, b))
            }
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual:
            return { row throws(Diagnostic) in Operators.compare(op, try f(row), try g(row)) }
        case .concat:
            let range = e.range
            return { row throws(Diagnostic) in
                let a = try f(row)
                if a.isNull { return .null }
                let b = try g(row)
                if b.isNull { return .null }
                return try Operators.concatenate(a, b, range: range, context: context)
            }
        case .add, .subtract, .multiply, .divide:
            let type = e.type, range = e.range
            return { row throws(Diagnostic) in
                try Operators.arithmetic(op, try f(row), try g(row), type: type, range: range, context: context)
            }
        }
    }

    /// For a text column, decides `test` once per dictionary entry and returns
    /// a per-row lookup; nil when `x` is not a text column.
    private func compileTextTest(_ x: TypedExpr, _ test: (Value) -> Bool) -> RowFunction? {
        guard case .column(let i) = x.kind, case .texts(let codes, let dictionary) = columns[i].storage else { return nil }
        let answers = dictionary.map { test(.text($0)) }
        return { row in
            let code = codes[row]
            return code < 0 ? .null : .boolean(answers[Int(code)])
        }
    }
}

extension Value {
    /// The string of a text value; empty otherwise.
    var textValue: String {
        if case .text(let s) = self { return s }
        return ""
    }
}
