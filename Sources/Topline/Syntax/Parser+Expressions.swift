extension Parser {
    /// expr = or ;  Precedence climbing over ``BinaryOperator/precedence``.
    mutating func parseExpression(depth: Int = 0) -> Expr? {
        guard depth < Parser.maxNesting else {
            error("parse.too-deep", "expression nested too deeply (more than \(Parser.maxNesting) levels)", at: current.range)
            return nil
        }
        return parseBinary(minPrecedence: 1, depth: depth)
    }

    /// How deep expressions may nest; deeper input is refused rather than
    /// allowed to exhaust the stack.
    static let maxNesting = 256

    mutating func parseBinary(minPrecedence: Int, depth: Int) -> Expr? {
        guard var left = parseUnary(depth: depth) else { return nil }
        // Each operator of a left-associative chain nests the tree one level
        // deeper (a + b + c is (a + b) + c), so a long chain counts as nesting:
        // the resolver and evaluator recurse over the tree.
        var depth = depth
        while true {
            // Postfix forms at comparison level: in (…), not in (…), is [not] null.
            if minPrecedence <= 4, let postfix = parsePostfix(left, depth: depth) {
                guard let p = postfix else { return nil }
                left = p
                depth += 1
                guard depth < Parser.maxNesting else { return chainTooDeep() }
                continue
            }
            guard let op = currentBinaryOperator, op.precedence >= minPrecedence else { break }
            depth += 1
            guard depth < Parser.maxNesting else { return chainTooDeep() }
            advance()
            skipNewlines()
            guard let right = parseBinary(minPrecedence: op.precedence + 1, depth: depth) else { return nil }
            if op.isComparison, let next = currentBinaryOperator, next.isComparison {
                error("parse.chained-comparison", "comparisons cannot be chained", at: current.range,
                      hints: ["combine them with 'and': a < b and b < c"])
                return nil
            }
            left = Expr(.binary(op, left, right), left.range.union(right.range))
        }
        return left
    }

    private mutating func chainTooDeep() -> Expr? {
        error("parse.too-deep", "expression nested too deeply (more than \(Parser.maxNesting) levels)", at: current.range,
              hints: ["a long chain of 'or' comparisons is shorter as: x in (a, b, …)"])
        return nil
    }

    /// Returns nil when no postfix form follows; `.some(nil)` after an error.
    mutating func parsePostfix(_ left: Expr, depth: Int) -> Expr??  {
        switch current.kind {
        case .keyword(.in):
            advance()
            return .some(parseInList(left, negated: false, depth: depth))
        case .keyword(.not):
            guard case .keyword(.in) = peek(1).kind else { return nil }
            advance(); advance()
            return .some(parseInList(left, negated: true, depth: depth))
        case .keyword(.is):
            advance()
            var negated = false
            if case .keyword(.not) = current.kind { advance(); negated = true }
            guard case .keyword(.null) = current.kind else {
                error("parse.expected", "expected 'null' after 'is\(negated ? " not" : "")'", at: current.range)
                return .some(nil)
            }
            let end = current.range
            advance()
            return .some(Expr(.isNull(left, negated: negated), left.range.union(end)))
        default:
            return nil
        }
    }

    mutating func parseInList(_ left: Expr, negated: Bool, depth: Int) -> Expr? {
        guard expect(.leftParen, "expected '(' after 'in' (x in (a, b))") else { return nil }
        var items: [Expr] = []
        if case .symbol(.rightParen) = current.kind {
            error("parse.expected", "an 'in' list needs at least one value", at: current.range)
            return nil
        }
        repeat {
            guard let e = parseExpression(depth: depth + 1) else { return nil }
            items.append(e)
            guard case .symbol(.comma) = current.kind else { break }
            advance()
        } while true
        let end = current.range
        guard expect(.rightParen, "expected ')' to close the 'in' list") else { return nil }
        return Expr(.inList(left, items, negated: negated), left.range.union(end))
    }

    /// unary = ( "-" | "not" ) unary | primary ;
    mutating func parseUnary(depth: Int) -> Expr? {
        guard depth < Parser.maxNesting else {
            error("parse.too-deep", "expression nested too deeply (more than \(Parser.maxNesting) levels)", at: current.range)
            return nil
        }
        let start = current.range
        if case .symbol(.minus) = current.kind {
            advance()
            guard let operand = parseUnary(depth: depth + 1) else { return nil }
            return Expr(.unary(.negate, operand), start.union(operand.range))
        }
        if case .keyword(.not) = current.kind {
            advance()
            // `not` binds looser than comparisons: not a == b is not (a == b).
            guard let operand = parseBinary(minPrecedence: 3, depth: depth + 1) else { return nil }
            return Expr(.unary(.not, operand), start.union(operand.range))
        }
        return parsePrimary(depth: depth)
    }

    /// primary = literal | name | call | "(" expr ")" ;
    mutating func parsePrimary(depth: Int) -> Expr? {
        let token = current
        switch token.kind {
        case .integer(let i): advance(); return Expr(.integer(i), token.range)
        case .number(let d): advance(); return Expr(.number(d), token.range)
        case .percent(let d): advance(); return Expr(.percent(d), token.range)
        case .points(let d): advance(); return Expr(.points(d), token.range)
        case .string(let s): advance(); return Expr(.string(s), token.range)
        case .keyword(.true): advance(); return Expr(.boolean(true), token.range)
        case .keyword(.false): advance(); return Expr(.boolean(false), token.range)
        case .keyword(.null): advance(); return Expr(.null, token.range)
        case .quotedIdentifier(let name):
            advance()
            return Expr(.column(Name(name, token.range)), token.range)
        case .identifier(let name):
            advance()
            guard case .symbol(.leftParen) = current.kind else {
                return Expr(.column(Name(name, token.range)), token.range)
            }
            advance()
            var args: [Expr] = []
            if case .symbol(.rightParen) = current.kind {} else {
                repeat {
                    guard let arg = parseExpression(depth: depth + 1) else { return nil }
                    args.append(arg)
                    guard case .symbol(.comma) = current.kind else { break }
                    advance()
                } while true
            }
            let end = current.range
            guard expect(.rightParen, "expected ')' to close the call to '\(name)'") else { return nil }
            return Expr(.call(Name(name, token.range), args), token.range.union(end))
        case .symbol(.leftParen):
            advance()
            guard let inner = parseExpression(depth: depth + 1) else { return nil }
            let end = current.range
            guard expect(.rightParen, "expected ')' to close '('", note: token.range) else { return nil }
            return Expr(inner.kind, token.range.union(end))
        case .keyword(let k):
            error("parse.expected-expression", "expected an expression, found keyword '\(k.rawValue)'", at: token.range,
                  hints: ["to use '\(k.rawValue)' as a column name, back-quote it: `\(k.rawValue)`"])
            return nil
        default:
            error("parse.expected-expression", "expected an expression, found \(token.kind)", at: token.range)
            return nil
        }
    }

    var currentBinaryOperator: BinaryOperator? {
        switch current.kind {
        case .keyword(.or): return .or
        case .keyword(.and): return .and
        case .symbol(.equal): return .equal
        case .symbol(.notEqual): return .notEqual
        case .symbol(.less): return .less
        case .symbol(.lessEqual): return .lessEqual
        case .symbol(.greater): return .greater
        case .symbol(.greaterEqual): return .greaterEqual
        case .symbol(.tilde): return .contains
        case .symbol(.plus): return .add
        case .symbol(.minus): return .subtract
        case .symbol(.star): return .multiply
        case .symbol(.slash): return .divide
        default: return nil
        }
    }
}
