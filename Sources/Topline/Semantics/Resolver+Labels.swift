/// Comparisons with a column that carries value labels (``ColumnLabels``),
/// decided when the query is resolved, before any row is read:
///
/// - a column of labels (`q1` holds "Agree") compared with a code: the code
///   becomes its label, `where q1 == 4` is `where q1 == "Agree"`, and an order
///   follows the codes, `where q1 >= 4` is `where q1 in ("Agree", "Strongly agree")`;
/// - a column of codes (`age` holds 97 "Not asked") compared with a label:
///   the label becomes its code, `where age != "Refused"` is `where age != 99`;
/// - a label the column does not have, a code without a label, or a code the
///   file declares missing (its rows are null) is an error at the literal
///   (`resolve.value-label`), where SQL would silently match nothing.
extension Resolver {
    /// `l op r` rewritten when one side is such a column and the other a literal; nil otherwise.
    func labelledComparison(_ op: BinaryOperator, _ l: TypedExpr, _ r: TypedExpr, _ e: Expr, _ schema: Schema) throws(Diagnostic) -> TypedExpr? {
        guard op.isComparison else { return nil }
        for (column, literal, flipped) in [(l, r, false), (r, l, true)] {
            guard case .column(let i) = column.kind, let info = schema.columns[i].labels, let value = literal.constantValue,
                  !value.isNull else { continue }
            let name = schema.columns[i].name
            if info.holdsLabels, value.type.isPlainNumeric {
                let ordered = flipped ? op.mirrored : op
                if ordered == .equal || ordered == .notEqual {
                    let label = try self.label(of: value, in: info, column: name, at: literal.range)
                    return rebuilt(op, column, text(label, literal.range), flipped, e)
                }
                let labels = info.values.filter { code in
                    guard info.keptMissing || !info.isMissing(code.code), let order = Operators.order(code.code, value) else { return false }
                    return ordered.holds(order)
                }.map { $0.label }
                guard !labels.isEmpty else {
                    throw error(.resolveValueLabel, "no labelled code of '\(name)' is \(ordered.rawValue) \(ValueText.machine(value))", at: literal.range,
                                hints: ["its labels: " + Self.listing(info)])
                }
                return TypedExpr(kind: .inList(column, unique(labels).map { text($0, literal.range) }, negated: false), type: .boolean, range: e.range)
            }
            if info.holdsLabels, case .text(let t) = value, op == .equal || op == .notEqual {
                _ = try codes(labelled: t, in: info, column: name, at: literal.range)
            }
            if !info.holdsLabels, column.type.isPlainNumeric, case .text(let t) = value, op == .equal || op == .notEqual {
                let codes = try self.codes(labelled: t, in: info, column: name, at: literal.range)
                let items = codes.map { TypedExpr(kind: .literal($0), type: $0.type, range: literal.range) }
                if items.count == 1 { return rebuilt(op, column, items[0], flipped, e) }
                return TypedExpr(kind: .inList(column, items, negated: op == .notEqual), type: .boolean, range: e.range)
            }
        }
        return nil
    }

    /// An item of `value in (…)` or a source of `recode(value, …)`, as what `value`'s column holds (see above).
    func labelledItems(_ value: TypedExpr, _ item: TypedExpr, _ schema: Schema) throws(Diagnostic) -> [TypedExpr] {
        guard case .column(let i) = value.kind, let info = schema.columns[i].labels, let constant = item.constantValue, !constant.isNull else {
            return [item]
        }
        let name = schema.columns[i].name
        if info.holdsLabels, constant.type.isPlainNumeric {
            return [text(try label(of: constant, in: info, column: name, at: item.range), item.range)]
        }
        if info.holdsLabels, case .text(let t) = constant {
            _ = try codes(labelled: t, in: info, column: name, at: item.range)
        }
        if !info.holdsLabels, value.type.isPlainNumeric, case .text(let t) = constant {
            return try codes(labelled: t, in: info, column: name, at: item.range).map { TypedExpr(kind: .literal($0), type: $0.type, range: item.range) }
        }
        return [item]
    }

    private func label(of code: Value, in info: ColumnLabels, column: String, at range: SourceRange) throws(Diagnostic) -> String {
        if !info.keptMissing, info.isMissing(code) {
            throw missingCode(ValueText.machine(code), info.label(of: code), column: column, at: range)
        }
        guard let label = info.label(of: code) else {
            throw error(.resolveValueLabel, "'\(column)' has no label for the code \(ValueText.machine(code))", at: range,
                        hints: ["its labels: " + Self.listing(info)])
        }
        return label
    }

    private func codes(labelled label: String, in info: ColumnLabels, column: String, at range: SourceRange) throws(Diagnostic) -> [Value] {
        let codes = info.codes(labelled: label)
        guard !codes.isEmpty else { throw unknownLabel(label, info, column: column, at: range) }
        let kept = codes.filter { info.keptMissing || !info.isMissing($0) }
        guard !kept.isEmpty else { throw missingCode(ValueText.machine(codes[0]), label, column: column, at: range) }
        return kept
    }

    private func unknownLabel(_ label: String, _ info: ColumnLabels, column: String, at range: SourceRange) -> Diagnostic {
        let near = Suggestions.closest(to: label, in: unique(info.values.map { $0.label }))
        return error(.resolveValueLabel, "'\(column)' has no value labelled \(SourcePrinter.quoted(label))", at: range,
                     label: near.map { "did you mean \(SourcePrinter.quoted($0))?" }, hints: ["its labels: " + Self.listing(info)])
    }

    private func missingCode(_ code: String, _ label: String?, column: String, at range: SourceRange) -> Diagnostic {
        error(.resolveValueLabel, "\(code)\(label.map { " (\(SourcePrinter.quoted($0)))" } ?? "") is a missing code of '\(column)': its rows are null",
              at: range, hints: ["count them with: where \(SourcePrinter.name(column)) is null",
                                 "or load the file with: keep missing, to keep them as values"])
    }

    /// `1 "Strongly disagree", 2 "Disagree", …`, at most 12 of them.
    private static func listing(_ info: ColumnLabels) -> String {
        let shown = info.values.prefix(12).map { "\(ValueText.machine($0.code)) \(SourcePrinter.quoted($0.label))" }
        return shown.joined(separator: ", ") + (info.values.count > 12 ? ", …" : "")
    }

    private func text(_ s: String, _ range: SourceRange) -> TypedExpr {
        TypedExpr(kind: .literal(.text(s)), type: .text, range: range)
    }

    private func rebuilt(_ op: BinaryOperator, _ column: TypedExpr, _ literal: TypedExpr, _ flipped: Bool, _ e: Expr) -> TypedExpr {
        let (l, r) = flipped ? (literal, column) : (column, literal)
        return TypedExpr(kind: .binary(op, l, r), type: .boolean, range: e.range)
    }

    private func unique(_ strings: [String]) -> [String] {
        var seen = Set<String>()
        return strings.filter { seen.insert($0).inserted }
    }
}

private extension BinaryOperator {
    /// The operator with its sides swapped: `4 < q1` is `q1 > 4`.
    var mirrored: BinaryOperator {
        switch self {
        case .less: return .greater
        case .lessEqual: return .greaterEqual
        case .greater: return .less
        case .greaterEqual: return .lessEqual
        default: return self
        }
    }

    /// Whether a code whose order against the literal is `order` (−1, 0, 1) satisfies `code op literal`.
    func holds(_ order: Int) -> Bool {
        switch self {
        case .equal: return order == 0
        case .notEqual: return order != 0
        case .less: return order < 0
        case .lessEqual: return order <= 0
        case .greater: return order > 0
        case .greaterEqual: return order >= 0
        default: return false
        }
    }
}
