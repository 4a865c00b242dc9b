/// Typing of expressions and function calls.
extension Resolver {
    /// Types an expression outside `summarize`: aggregates are not allowed.
    func expression(_ e: Expr, _ schema: Schema) throws(Diagnostic) -> TypedExpr {
        var none: [ResolvedAggregate]? = nil
        return try typed(e, schema, aggregates: &none, insideAggregate: false)
    }

    /// Types a `summarize` item: aggregate calls are collected into `aggregates`
    /// and columns may appear only inside them.
    func expression(_ e: Expr, _ schema: Schema, aggregates: inout [ResolvedAggregate]) throws(Diagnostic) -> TypedExpr {
        var collected: [ResolvedAggregate]? = aggregates
        let result = try typed(e, schema, aggregates: &collected, insideAggregate: false)
        aggregates = collected ?? []
        guard containsAggregate(result) else {
            throw error("resolve.summarize", "a 'summarize' item needs an aggregate such as count(), avg(x) or share(x == \"yes\")",
                        at: e.range, hints: ["to add a column to every row, use derive"])
        }
        return result
    }

    private func containsAggregate(_ e: TypedExpr) -> Bool {
        switch e.kind {
        case .aggregate: return true
        case .literal, .column: return false
        case .unary(_, let x), .isNull(let x, _): return containsAggregate(x)
        case .binary(_, let a, let b): return containsAggregate(a) || containsAggregate(b)
        case .call(_, let args): return args.contains(where: containsAggregate)
        case .inList(let x, let items, _): return containsAggregate(x) || items.contains(where: containsAggregate)
        }
    }

    private func typed(_ e: Expr, _ schema: Schema, aggregates: inout [ResolvedAggregate]?, insideAggregate: Bool) throws(Diagnostic) -> TypedExpr {
        func sub(_ x: Expr) throws(Diagnostic) -> TypedExpr {
            try typed(x, schema, aggregates: &aggregates, insideAggregate: insideAggregate)
        }
        switch e.kind {
        case .integer(let i): return TypedExpr(kind: .literal(.integer(i)), type: .integer, range: e.range)
        case .number(let d): return TypedExpr(kind: .literal(.number(d)), type: .number, range: e.range)
        case .percent(let d): return TypedExpr(kind: .literal(.percent(d / 100)), type: .percent, range: e.range)
        case .points(let d): return TypedExpr(kind: .literal(.points(d / 100)), type: .points, range: e.range)
        case .string(let s): return TypedExpr(kind: .literal(.text(s)), type: .text, range: e.range)
        case .boolean(let b): return TypedExpr(kind: .literal(.boolean(b)), type: .boolean, range: e.range)
        case .null: return TypedExpr(kind: .literal(.null), type: .null, range: e.range)

        case .column(let name):
            if aggregates != nil && !insideAggregate {
                _ = try column(name, schema)
                throw error("resolve.summarize", "column '\(name.text)' must be inside an aggregate in 'summarize'",
                            at: name.range, hints: ["use avg(\(name.text)), min(\(name.text)), … or list it after 'by'"])
            }
            let i = try column(name, schema)
            return TypedExpr(kind: .column(i), type: schema.columns[i].type, range: e.range)

        case .unary(let op, let operand):
            let x = try sub(operand)
            switch op {
            case .negate:
                guard x.type.isNumeric || x.type == .null else {
                    throw error("resolve.type", "cannot negate \(x.type.rawValue)", at: e.range)
                }
                return TypedExpr(kind: .unary(.negate, x), type: x.type == .estimate ? .percent : x.type, range: e.range)
            case .not:
                guard x.type == .boolean || x.type == .null else {
                    throw error("resolve.type", "'not' needs a true/false value, not \(x.type.rawValue)", at: operand.range)
                }
                return TypedExpr(kind: .unary(.not, x), type: .boolean, range: e.range)
            }

        case .binary(let op, let left, let right):
            let l = try sub(left), r = try sub(right)
            switch TypeRules.binary(op, l.type, r.type) {
            case .success(let t):
                return TypedExpr(kind: .binary(op, l, r), type: t, range: e.range)
            case .failure(let mismatch):
                throw error("resolve.type", mismatch.message, at: e.range,
                            label: "\(l.type.rawValue) \(op.rawValue) \(r.type.rawValue)", hints: mismatch.hint.map { [$0] } ?? [])
            }

        case .inList(let value, let items, let negated):
            let v = try sub(value)
            var typedItems: [TypedExpr] = []
            for item in items {
                let t = try sub(item)
                guard case .success = TypeRules.binary(.equal, v.type, t.type) else {
                    throw error("resolve.type", "cannot compare \(v.type.rawValue) with \(t.type.rawValue) in 'in' list", at: item.range)
                }
                typedItems.append(t)
            }
            return TypedExpr(kind: .inList(v, typedItems, negated: negated), type: .boolean, range: e.range)

        case .isNull(let value, let negated):
            return TypedExpr(kind: .isNull(try sub(value), negated: negated), type: .boolean, range: e.range)

        case .call(let name, let args):
            if let aggregate = AggregateFunction(rawValue: name.text) {
                return try aggregateCall(aggregate, name: name, args: args, call: e, schema: schema, aggregates: &aggregates, insideAggregate: insideAggregate)
            }
            guard let function = ScalarFunction(rawValue: name.text) else {
                let suggestion = Suggestions.closest(to: name.text, in: FunctionCatalog.allNames)
                throw error("resolve.unknown-function", "unknown function '\(name.text)'", at: name.range,
                            label: suggestion.map { "did you mean '\($0)'?" })
            }
            try checkArity(function.arity, count: args.count, name: name, call: e)
            var typedArgs: [TypedExpr] = []
            for a in args { typedArgs.append(try sub(a)) }
            let type = try scalarType(function, typedArgs, call: e)
            var finalArgs = typedArgs
            // estimate() refuses rows that are not shares: give it the row's value_type.
            if function == .estimate, let vt = schema.index(of: "value_type"), schema.columns[vt].type == .text, aggregates == nil {
                finalArgs.append(TypedExpr(kind: .column(vt), type: .text, range: e.range))
            }
            return TypedExpr(kind: .call(function, finalArgs), type: type, range: e.range)
        }
    }

    private func aggregateCall(_ function: AggregateFunction, name: Name, args: [Expr], call: Expr, schema: Schema,
                               aggregates: inout [ResolvedAggregate]?, insideAggregate: Bool) throws(Diagnostic) -> TypedExpr {
        guard aggregates != nil else {
            throw error("resolve.aggregate-outside-summarize", "'\(name.text)' adds up many rows and works only in 'summarize'",
                        at: name.range, hints: ["write: summarize x = \(name.text)(…) [by column]"])
        }
        guard !insideAggregate else {
            throw error("resolve.nested-aggregate", "aggregates cannot be nested", at: call.range)
        }
        try checkArity(function.arity, count: args.count, name: name, call: call)
        var argument: TypedExpr?
        if let a = args.first {
            argument = try typed(a, schema, aggregates: &aggregates, insideAggregate: true)
        }
        let type = try aggregateType(function, argument, call: call)
        var weight: Int?
        if function == .share, let w = schema.weight {
            weight = schema.index(of: w)
        }
        aggregates!.append(ResolvedAggregate(function: function, argument: argument, weight: weight, range: call.range))
        return TypedExpr(kind: .aggregate(aggregates!.count - 1), type: type, range: call.range)
    }

    private func checkArity(_ arity: ClosedRange<Int>, count: Int, name: Name, call: Expr) throws(Diagnostic) {
        guard !arity.contains(count) else { return }
        let expected = arity.lowerBound == arity.upperBound ? "\(arity.lowerBound)" : "\(arity.lowerBound) to \(arity.upperBound)"
        throw error("resolve.arity", "'\(name.text)' takes \(expected) argument\(arity.upperBound == 1 ? "" : "s"), not \(count)", at: call.range)
    }

    private func aggregateType(_ f: AggregateFunction, _ argument: TypedExpr?, call: Expr) throws(Diagnostic) -> ValueType {
        let t = argument?.type ?? .null
        let flavour = t == .estimate ? ValueType.percent : t
        switch f {
        case .count, .count_distinct: return .integer
        case .share:
            guard t == .boolean else {
                throw error("resolve.type", "share() needs a condition that is true or false for each row, not \(t.rawValue)",
                            at: call.range, hints: ["e.g. share(social_media_now == \"yes\")"])
            }
            return .estimate
        case .sum, .avg, .median:
            guard t.isNumeric || t == .null else {
                throw error("resolve.type", "\(f.rawValue)() needs numbers, not \(t.rawValue)", at: call.range,
                            hints: t == .boolean ? ["for the share of rows where a condition holds, use share(condition)"] : [])
            }
            if f == .sum && t == .estimate {
                throw error("resolve.type", "cannot add up shares with sum(); use avg() or share()", at: call.range)
            }
            return f == .sum ? flavour : (flavour == .integer ? .number : flavour)
        case .min, .max:
            return flavour
        }
    }

    private func scalarType(_ f: ScalarFunction, _ args: [TypedExpr], call: Expr) throws(Diagnostic) -> ValueType {
        func need(_ ok: Bool, _ message: String, _ hints: [String] = []) throws(Diagnostic) {
            if !ok { throw error("resolve.type", message, at: call.range, hints: hints) }
        }
        let types = args.map(\.type)
        let first = types[0] == .estimate ? ValueType.percent : types[0]
        switch f {
        case .pct:
            try need(first.isPlainNumeric || first == .null, "pct() turns a number into a percent; it got \(types[0].rawValue)",
                     first == .percent ? ["the value is already a percent"] : [])
            return .percent
        case .round:
            try need(first.isNumeric || first == .null, "round() needs a number, not \(types[0].rawValue)")
            if types.count == 2 { try need(types[1] == .integer, "round()'s second argument is a whole number of digits") }
            return first
        case .lower, .upper:
            try need(first == .text || first == .null, "\(f.rawValue)() needs text, not \(types[0].rawValue)")
            return .text
        case .abs:
            try need(first.isNumeric || first == .null, "abs() needs a number, not \(types[0].rawValue)")
            return first
        case .change:
            let second = types[1] == .estimate ? ValueType.percent : types[1]
            try need(first.isNumeric && second.isNumeric && (first == second || (first.isPlainNumeric && second.isPlainNumeric)),
                     "change(a, b) needs two values of the same kind, got \(types[0].rawValue) and \(types[1].rawValue)")
            return .percent
        case .coalesce:
            var t = ValueType.null
            for x in types {
                guard let u = TypeRules.unify(t, x) else {
                    throw error("resolve.type", "coalesce() arguments must have one type; got \(t.rawValue) and \(x.rawValue)", at: call.range)
                }
                t = u
            }
            return t
        case .estimate:
            try need(first == .percent || first.isPlainNumeric, "estimate(value, n) needs a percent or a number 0-100 as its value, not \(types[0].rawValue)",
                     types[0] == .points || types[0] == .ratio ? ["a \(types[0].rawValue) is not a share and has no margin of error of its own"] : [])
            try need(types[1].isPlainNumeric || types[1] == .null, "estimate(value, n) needs a number of respondents as n, not \(types[1].rawValue)")
            return .estimate
        case .value:
            try need(types[0] == .estimate || types[0] == .percent, "value() reads the share of an estimate, not of \(types[0].rawValue)")
            return .percent
        case .n:
            try need(types[0] == .estimate, "n() reads the base of an estimate (from share() or estimate()), not of \(types[0].rawValue)")
            return .integer
        case .neff, .deff:
            try need(types[0] == .estimate, "\(f.rawValue)() needs an estimate, not \(types[0].rawValue)")
            return .number
        case .moe, .se:
            try need(types[0] == .estimate, "\(f.rawValue)() needs an estimate, not \(types[0].rawValue)")
            return .points
        case .ci_low, .ci_high:
            try need(types[0] == .estimate, "\(f.rawValue)() needs an estimate, not \(types[0].rawValue)")
            return .percent
        }
    }
}
