/// Typing of expressions and function calls.
extension Resolver {
    /// Types an expression outside `summarize`: aggregates are not allowed.
    func expression(_ e: Expr, _ schema: Schema) throws(Diagnostic) -> TypedExpr {
        var none: [ResolvedAggregate]? = nil
        return try typed(e, schema, aggregates: &none, insideAggregate: false)
    }

    /// Types a `summarize` item: aggregate calls are collected into `aggregates`
    /// and columns may appear only inside them. An item without aggregates
    /// is a constant (`d = 57% - 16%`): one value, the same for every group.
    /// With ``windowed`` (a `derive` item) columns may stand outside them too.
    func expression(_ e: Expr, _ schema: Schema, aggregates: inout [ResolvedAggregate]) throws(Diagnostic) -> TypedExpr {
        var collected: [ResolvedAggregate]? = aggregates
        let result = try typed(e, schema, aggregates: &collected, insideAggregate: false)
        aggregates = collected ?? []
        return result
    }

    /// Types `e`. `comparedWithText`: `e` is one side of `==`, `!=` or
    /// `in (…)` whose other side is a text column, which an unknown name's
    /// error uses to suggest quoting it (see ``Resolver/column(_:_:comparedWithText:)``).
    ///
    /// Each composite case is typed in a function of its own, never inlined: this one recurses once
    /// per level of nesting, and with every case's locals in its frame that frame was ~50 KB under
    /// AddressSanitizer, so an expression at the nesting limit (256 levels) overflowed an 8 MB stack.
    private func typed(_ e: Expr, _ schema: Schema, aggregates: inout [ResolvedAggregate]?, insideAggregate: Bool,
                       comparedWithText: Bool = false) throws(Diagnostic) -> TypedExpr {
        switch e.kind {
        case .integer(let i): return TypedExpr(kind: .literal(.integer(i)), type: .integer, range: e.range)
        case .number(let d): return TypedExpr(kind: .literal(.number(d)), type: .number, range: e.range)
        case .percent(let d): return TypedExpr(kind: .literal(.percent(d / 100)), type: .percent, range: e.range)
        case .points(let d): return TypedExpr(kind: .literal(.points(d / 100)), type: .points, range: e.range)
        case .string(let s): return TypedExpr(kind: .literal(.text(s)), type: .text, range: e.range)
        case .boolean(let b): return TypedExpr(kind: .literal(.boolean(b)), type: .boolean, range: e.range)
        case .null: return TypedExpr(kind: .literal(.null), type: .null, range: e.range)
        case .column(let name):
            return try typedColumn(name, e, schema, summarizing: aggregates != nil, insideAggregate: insideAggregate, comparedWithText: comparedWithText)
        case .unary(let op, let operand):
            return try typedUnary(op, operand, e, schema, aggregates: &aggregates, insideAggregate: insideAggregate)
        case .binary(let op, let left, let right):
            return try typedBinary(op, left, right, e, schema, aggregates: &aggregates, insideAggregate: insideAggregate)
        case .inList(let value, let items, let negated):
            return try typedInList(value, items, negated: negated, e, schema, aggregates: &aggregates, insideAggregate: insideAggregate)
        case .isNull(let value, let negated):
            let x = try typed(value, schema, aggregates: &aggregates, insideAggregate: insideAggregate)
            return TypedExpr(kind: .isNull(x, negated: negated), type: .boolean, range: e.range)
        case .caseWhen(let branches, let otherwise):
            return try typedCaseWhen(branches, otherwise, e, schema, aggregates: &aggregates, insideAggregate: insideAggregate)
        case .recode(let value, let rules, let otherwise):
            return try typedRecode(value, rules, otherwise, e, schema, aggregates: &aggregates, insideAggregate: insideAggregate)
        case .call(let name, let args):
            return try typedCall(name, args, e, schema, aggregates: &aggregates, insideAggregate: insideAggregate)
        case .descending(let x):
            // The parser makes it only as the argument of rank(); aggregateCall takes it apart there.
            throw error(.resolveType, "'desc' orders rows only in rank(x desc)", at: x.range)
        }
    }

    /// Whether `x` is a column of `schema` holding text.
    private func isTextColumn(_ x: Expr, _ schema: Schema) -> Bool {
        guard case .column(let n) = x.kind, let i = schema.index(of: n.text) else { return false }
        return schema.columns[i].type == .text
    }

    @inline(never)
    private func typedColumn(_ name: Name, _ e: Expr, _ schema: Schema, summarizing: Bool, insideAggregate: Bool,
                             comparedWithText: Bool) throws(Diagnostic) -> TypedExpr {
        if summarizing && !insideAggregate && !windowed {
            _ = try column(name, schema, comparedWithText: comparedWithText)
            throw error(.resolveSummarize, "column '\(name.text)' must be inside an aggregate in 'summarize'",
                        at: name.range, hints: ["use avg(\(name.text)), min(\(name.text)), … or list it after 'by'"])
        }
        let i = try column(name, schema, comparedWithText: comparedWithText)
        return TypedExpr(kind: .column(i), type: schema.columns[i].type, range: e.range)
    }

    @inline(never)
    private func typedUnary(_ op: UnaryOperator, _ operand: Expr, _ e: Expr, _ schema: Schema, aggregates: inout [ResolvedAggregate]?,
                            insideAggregate: Bool) throws(Diagnostic) -> TypedExpr {
        let x = try typed(operand, schema, aggregates: &aggregates, insideAggregate: insideAggregate)
        switch op {
        case .negate:
            guard x.type.isNumeric || x.type == .null else {
                throw error(.resolveType, "cannot negate \(x.type.rawValue)", at: e.range)
            }
            return TypedExpr(kind: .unary(.negate, x), type: x.type == .estimate ? .percent : x.type, range: e.range)
        case .not:
            guard x.type == .boolean || x.type == .null else {
                throw error(.resolveType, "'not' needs a true/false value, not \(x.type.rawValue)", at: operand.range)
            }
            return TypedExpr(kind: .unary(.not, x), type: .boolean, range: e.range)
        }
    }

    @inline(never)
    private func typedBinary(_ op: BinaryOperator, _ left: Expr, _ right: Expr, _ e: Expr, _ schema: Schema,
                             aggregates: inout [ResolvedAggregate]?, insideAggregate: Bool) throws(Diagnostic) -> TypedExpr {
        let equality = op == .equal || op == .notEqual
        var l = try typed(left, schema, aggregates: &aggregates, insideAggregate: insideAggregate,
                          comparedWithText: equality && isTextColumn(right, schema))
        var r = try typed(right, schema, aggregates: &aggregates, insideAggregate: insideAggregate,
                          comparedWithText: equality && isTextColumn(left, schema))
        if equality || op.isComparison {
            l = try temporalConstant(l, comparedWith: r)
            r = try temporalConstant(r, comparedWith: l)
        }
        // A mean's or a total's estimate is no share: arithmetic would read it as a percentage.
        for operand in [l, r] where op != .concat && isMeasure(operand, schema, aggregates) {
            throw error(.resolveType, "a mean, total, ratio or quantile estimate cannot be used in arithmetic or comparisons", at: operand.range,
                        hints: ["read its figures with value(), se(), ci_low(), ci_high() or n()"])
        }
        // A code compared with a column of labels (`q1 == 4`), or a label with a column of codes.
        if let labelled = try labelledComparison(op, l, r, e, schema) { return labelled }
        switch TypeRules.binary(op, l.type, r.type) {
        case .success(let t):
            // x / sum(x) in derive: each row's share of the total (see ``isShareOfTotal``).
            let type = op == .divide && isShareOfTotal(left, right, l, r, aggregates, schema) ? ValueType.percent : t
            return TypedExpr(kind: .binary(op, l, r), type: type, range: e.range)
        case .failure(let mismatch):
            throw error(.resolveType, mismatch.message, at: e.range,
                        label: "\(l.type.rawValue) \(op.rawValue) \(r.type.rawValue)", hints: mismatch.hint.map { [$0] } ?? [])
        }
    }

    @inline(never)
    private func typedInList(_ value: Expr, _ items: ExprList, negated: Bool, _ e: Expr, _ schema: Schema,
                             aggregates: inout [ResolvedAggregate]?, insideAggregate: Bool) throws(Diagnostic) -> TypedExpr {
        let v = try typed(value, schema, aggregates: &aggregates, insideAggregate: insideAggregate,
                          comparedWithText: items.contains { isTextColumn($0, schema) })
        var typedItems: [TypedExpr] = []
        for item in items {
            let x = try typed(item, schema, aggregates: &aggregates, insideAggregate: insideAggregate, comparedWithText: isTextColumn(value, schema))
            for t in try labelledItems(v, try temporalConstant(x, comparedWith: v), schema) {
                guard case .success = TypeRules.binary(.equal, v.type, t.type) else {
                    throw error(.resolveType, "cannot compare \(v.type.rawValue) with \(t.type.rawValue) in 'in' list", at: item.range)
                }
                typedItems.append(t)
            }
        }
        return TypedExpr(kind: .inList(v, typedItems, negated: negated), type: .boolean, range: e.range)
    }

    @inline(never)
    private func typedCaseWhen(_ branches: CaseBranches, _ otherwise: Expr?, _ e: Expr, _ schema: Schema,
                               aggregates: inout [ResolvedAggregate]?, insideAggregate: Bool) throws(Diagnostic) -> TypedExpr {
        try caseWhen(branches, otherwise, e) { x throws(Diagnostic) in
            try typed(x, schema, aggregates: &aggregates, insideAggregate: insideAggregate)
        }
    }

    @inline(never)
    private func typedRecode(_ value: Expr, _ rules: RecodeRules, _ otherwise: Expr?, _ e: Expr, _ schema: Schema,
                             aggregates: inout [ResolvedAggregate]?, insideAggregate: Bool) throws(Diagnostic) -> TypedExpr {
        try recode(value, rules, otherwise, e, valueIsText: isTextColumn(value, schema), schema: schema) { x, text throws(Diagnostic) in
            try typed(x, schema, aggregates: &aggregates, insideAggregate: insideAggregate, comparedWithText: text)
        }
    }

    @inline(never)
    private func typedCall(_ name: Name, _ args: ExprList, _ e: Expr, _ schema: Schema,
                           aggregates: inout [ResolvedAggregate]?, insideAggregate: Bool) throws(Diagnostic) -> TypedExpr {
        if let aggregate = FunctionCatalog.aggregate(named: name.text) {
            return try aggregateCall(aggregate, name: name, args: args, call: e, schema: schema, aggregates: &aggregates, insideAggregate: insideAggregate)
        }
        guard let function = FunctionCatalog.scalar(named: name.text) else { throw unknownFunction(name) }
        try checkArity(function.arity, count: args.count, name: name, call: e)
        var typedArgs: [TypedExpr] = []
        for a in args { typedArgs.append(try typed(a, schema, aggregates: &aggregates, insideAggregate: insideAggregate)) }
        var typing = FunctionTyping(arguments: typedArgs, call: e, resolver: self, schema: schema, inSummarize: aggregates != nil && !windowed)
        typing.measureArgument = typedArgs.first.map { isMeasure($0, schema, aggregates) } ?? false
        let type = try function.type(&typing)
        return TypedExpr(kind: .call(function, typing.arguments), type: type, range: e.range)
    }

    /// A quoted date compared with a date or timestamp (`where day >= "2012-01-01"`) is read as
    /// that date here, once; text that is no ISO date is an error at the quote. Other expressions pass through.
    private func temporalConstant(_ x: TypedExpr, comparedWith other: TypedExpr) throws(Diagnostic) -> TypedExpr {
        guard other.type.isTemporal, case .literal(.text(let text)) = x.kind else { return x }
        switch CalendarDate.parse(text) {
        case .date(let d)?: return TypedExpr(kind: .literal(.date(d)), type: .date, range: x.range)
        case .timestamp(let t)?: return TypedExpr(kind: .literal(.timestamp(t)), type: .timestamp, range: x.range)
        case nil:
            throw error(.resolveInvalidDate, "\(SourcePrinter.quoted(text)) is not a date", at: x.range,
                        hints: ["write dates as ISO 8601: \"2012-01-31\", or \"2012-01-31 13:45:00\" with a time"])
        }
    }

    /// `case when c then x … [else y] end`: conditions are true/false, and the
    /// values have one type (``TypeRules/unify(_:_:)``); null without `else`.
    private func caseWhen(_ branches: CaseBranches, _ otherwise: Expr?, _ e: Expr,
                          _ sub: (Expr) throws(Diagnostic) -> TypedExpr) throws(Diagnostic) -> TypedExpr {
        var typed: [TypedBranch] = []
        var result = ValueSoFar()
        for b in branches {
            let c = try sub(b.condition)
            guard c.type == .boolean || c.type == .null else {
                throw error(.resolveType, "'when' needs a true/false condition, not \(c.type.rawValue)", at: b.condition.range,
                            hints: ["compare the value, e.g. when x == \"yes\" then …"])
            }
            let r = try sub(b.result)
            try result.add(r, self, what: "the values of a case")
            typed.append(TypedBranch(condition: c, result: r))
        }
        var other: TypedExpr?
        if let otherwise {
            let o = try sub(otherwise)
            try result.add(o, self, what: "the values of a case")
            other = o
        }
        return TypedExpr(kind: .caseWhen(typed, otherwise: other), type: result.type, range: e.range)
    }

    /// `recode(x, "a" -> "A", ("b", "c") -> "BC", … [, else y])`: the sources are
    /// constants that compare with x, each listed once; unmatched values are kept
    /// (or take `else`), so they join the targets' type.
    private func recode(_ value: Expr, _ rules: RecodeRules, _ otherwise: Expr?, _ e: Expr, valueIsText: Bool, schema: Schema,
                        _ sub: (Expr, Bool) throws(Diagnostic) -> TypedExpr) throws(Diagnostic) -> TypedExpr {
        let v = try sub(value, false)
        var recode = TypedRecode(value: v, sources: [], ruleOf: [], targets: [], otherwise: nil)
        var sourceRanges: [SourceRange] = []
        var result = ValueSoFar()
        for (k, rule) in rules.enumerated() {
            for source in rule.sources {
                // A code of a column of labels is its label (`recode(q1, 4 -> "top")`), a label of a column of codes its code.
                for s in try labelledItems(v, try sub(source, valueIsText), schema) {
                    guard let constant = s.constantValue else {
                        throw error(.resolveRecode, "recode() maps values written out (\"a\", 3, 16%, null), not computed ones", at: source.range,
                                    hints: ["for conditions, write case when … then … end"])
                    }
                    guard case .success = TypeRules.binary(.equal, v.type, s.type) else {
                        throw error(.resolveType, "recode() of \(v.type.rawValue) values cannot match \(s.type.rawValue) \(source)", at: source.range,
                                    hints: v.type == .text ? ["text matches only text: quote the value"] : [])
                    }
                    if let first = recode.sources.firstIndex(where: { Operators.order($0, constant) == 0 || ($0.isNull && constant.isNull) }) {
                        throw error(.resolveRecode, "\(source) is listed twice in recode()", at: source.range,
                                    hints: ["a value takes one new value" + (place(of: sourceRanges[first]).map { "; it is listed first at \($0)" } ?? "")])
                    }
                    recode.sources.append(constant)
                    recode.ruleOf.append(k)
                    sourceRanges.append(source.range)
                }
            }
            let t = try sub(rule.target, false)
            try result.add(t, self, what: "the new values of a recode")
            recode.targets.append(t)
        }
        if let otherwise {
            let o = try sub(otherwise, false)
            try result.add(o, self, what: "the new values of a recode")
            recode.otherwise = o
        } else if TypeRules.unify(result.type, v.type) == nil {
            throw error(.resolveType, "recode() keeps the values no rule names, and its \(v.type.rawValue) values do not mix with the new \(result.type.rawValue) values",
                        at: e.range, hints: ["give the others a value too: add else null, or else \"other\" as the last argument"])
        } else {
            result.type = TypeRules.unify(result.type, v.type)!
        }
        return TypedExpr(kind: .recode(recode), type: result.type, range: e.range)
    }

    /// `line:column` of `range`, when the resolver has the source text (for hints that point elsewhere).
    func place(of range: SourceRange) -> String? {
        source.map { let (line, column) = $0.location(of: range.start); return "\(line):\(column)" }
    }

    /// An unknown function's error: the nearest functions' syntax, and the
    /// function to use for a name from SQL, R or spreadsheets (`iif` → `if`).
    private func unknownFunction(_ name: Name) -> Diagnostic {
        let names = FunctionCatalog.allNames + ExpressionForms.all.map { (form: ExpressionForm) in form.name }
        // The label names the likeliest one; the hint lists a few to choose from.
        let best = Suggestions.functionSynonym(name.text) ?? Suggestions.closest(to: name.text, in: names)
        let nearest = Array(([best].compactMap { $0 } + Suggestions.nearest(to: name.text, in: names, limit: 3).filter { $0 != best }).prefix(3))
        let syntax = nearest.map { LanguageHelp.topic($0)?.syntax ?? $0 }
        return error(.resolveUnknownFunction, "unknown function '\(name.text)'", at: name.range,
                     label: best.map { "did you mean '\($0)'?" },
                     hints: syntax.isEmpty ? ["'.help functions' in the shell lists the functions"]
                         : ["nearest: " + syntax.joined(separator: ", ")])
    }

    private func aggregateCall(_ function: AggregateFunction, name: Name, args: ExprList, call: Expr, schema: Schema,
                               aggregates: inout [ResolvedAggregate]?, insideAggregate: Bool) throws(Diagnostic) -> TypedExpr {
        guard aggregates != nil else {
            if function.window { throw windowOutsideDerive(name) }
            throw error(.resolveAggregateOutsideSummarize, "'\(name.text)' adds up many rows and works only in 'summarize' and 'derive'",
                        at: name.range, hints: ["write: summarize x = \(name.text)(…) [by column]",
                                                "or, to give each row its group's value: derive x = \(name.text)(…) [by column]"])
        }
        if function.window && !windowed { throw windowOutsideDerive(name) }
        guard !insideAggregate else {
            throw error(.resolveNestedAggregate, "aggregates cannot be nested", at: call.range)
        }
        try checkArity(function.arity, count: args.count, name: name, call: call)
        var arguments: [TypedExpr] = []
        var descending = false
        for a in args {
            var argument = a
            if function.ordersRows, case .descending(let x) = a.kind { argument = x; descending = true }
            arguments.append(try typed(argument, schema, aggregates: &aggregates, insideAggregate: true))
        }
        let weight = function.weighted ? schema.weight.flatMap(schema.index(of:)) : nil
        var typing = FunctionTyping(arguments: arguments, call: call, resolver: self, schema: schema, inSummarize: true)
        typing.weighted = weight != nil
        let type = try function.type(&typing)
        var resolved = ResolvedAggregate(function: function, argument: arguments.first, type: type, weight: weight, range: call.range)
        resolved.moreArguments = Array(arguments.dropFirst())
        resolved.descending = descending
        aggregates!.append(resolved)
        return TypedExpr(kind: .aggregate(aggregates!.count - 1), type: type, range: call.range)
    }

    /// Whether `e` is an estimate of a mean or a total: a `mean`/`total` call, or a column of them.
    private func isMeasure(_ e: TypedExpr, _ schema: Schema, _ aggregates: [ResolvedAggregate]?) -> Bool {
        switch e.kind {
        case .column(let i): return schema.columns[i].measure
        case .aggregate(let i): return aggregates.map { AggregateFunctions.isMeasure($0[i]) } ?? false
        default: return false
        }
    }

    private func checkArity(_ arity: ClosedRange<Int>, count: Int, name: Name, call: Expr) throws(Diagnostic) {
        guard !arity.contains(count) else { return }
        let expected = arity.lowerBound == arity.upperBound ? "\(arity.lowerBound)" : "\(arity.lowerBound) to \(arity.upperBound)"
        throw error(.resolveArity, "'\(name.text)' takes \(expected) argument\(arity.upperBound == 1 ? "" : "s"), not \(count)", at: call.range)
    }
}

/// The type the values of a `case` or a `recode` have so far, and where the first of them stands.
private struct ValueSoFar {
    var type = ValueType.null
    var first: TypedExpr?

    /// Joins `value`'s type (``TypeRules/unify(_:_:)``), or throws at it when the two do not mix.
    mutating func add(_ value: TypedExpr, _ resolver: Resolver, what: String) throws(Diagnostic) {
        guard let u = TypeRules.unify(type, value.type) else {
            let hints = resolver.place(of: first!.range).map { ["the first \(type.rawValue) value is at \($0)"] } ?? []
            throw resolver.error(.resolveType, "\(what) must have one type: \(type.rawValue) and \(value.type.rawValue)", at: value.range,
                                 label: value.type.rawValue, hints: hints)
        }
        if first == nil || (type == .null && value.type != .null) { first = value }
        type = u
    }
}
