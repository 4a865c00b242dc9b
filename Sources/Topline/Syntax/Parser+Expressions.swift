extension Parser {
    /// expr = or ;  Precedence climbing over ``BinaryOperator/precedence``.
    mutating func parseExpression(depth: Int = 0) -> Expr? {
        parseNode(depth: depth).map(exprs.expr)
    }

    /// ``parseExpression(depth:)`` as the index of its node in ``exprs``. Inside an expression
    /// the parser passes indices, not ``Expr``s: an index costs no reference counting.
    mutating func parseNode(depth: Int) -> ExprArena.ID? {
        guard depth < Parser.maxNesting else {
            error(.parseTooDeep, "expression nested too deeply (more than \(Parser.maxNesting) levels)", at: current.range)
            return nil
        }
        return parseBinary(minPrecedence: 1, depth: depth)
    }

    /// How deep expressions may nest; deeper input is refused rather than
    /// allowed to exhaust the stack.
    static let maxNesting = 256
    /// A nested `case` or `recode` counts as this many levels: each goes through several
    /// recursive parse functions, whose frames are large under AddressSanitizer (10,000
    /// nested recodes overflowed a test thread's stack at a cost of one).
    static let compoundNestingCost = 4

    mutating func parseBinary(minPrecedence: Int, depth start: Int) -> ExprArena.ID? {
        guard var left = parseUnary(depth: start) else { return nil }
        // Each operator in a chain (a + b + c …) deepens the tree by one, as
        // a parenthesis does: later passes recurse over it, so it counts too.
        var depth = start
        while true {
            // A condition may go on over lines that start with `and` or `or`
            // (no statement starts with either, so this is never ambiguous).
            if case .newline = current.kind, continuesWithLogicalOperator() { skipNewlines() }
            if case .endOfInput = current.kind {
                for word in [Keyword.and, .or, .in, .is, .not] { note(.keyword(word)) }
            }
            // `a = "x"` means `a == "x"` in SQL; here '=' only names columns.
            if case .symbol(.assign) = current.kind, minPrecedence <= 4 {
                singleEquals(after: left)
                return nil
            }
            // Postfix forms at comparison level: in (…), not in (…), is [not] null.
            let postfix = minPrecedence <= 4 && atPostfix()
            let op = currentBinaryOperator.flatMap { $0.precedence >= minPrecedence ? $0 : nil }
            guard postfix || op != nil else { break }
            depth += 1
            guard depth < Parser.maxNesting else {
                error(.parseTooDeep, "expression nested too deeply (more than \(Parser.maxNesting) levels)", at: current.range,
                      hints: ["a long chain of operators counts as nesting; for many alternatives write x in (a, b, …)"])
                return nil
            }
            if postfix {
                guard let p = parsePostfix(left, depth: depth) else { return nil }
                left = p
                continue
            }
            guard let op else { break }
            advance()
            skipNewlines()
            // After `column ==` or `!=`, completion offers the column's values.
            let outerValueColumn = valueColumn
            if op == .equal || op == .notEqual, let n = exprs.column(left) { valueColumn = ValueColumn(column: n.text, inList: false) }
            let parsedRight = parseBinary(minPrecedence: op.precedence + 1, depth: depth)
            valueColumn = outerValueColumn
            guard let right = parsedRight else { return nil }
            if op.isComparison, let next = currentBinaryOperator, next.isComparison {
                error(.parseChainedComparison, "comparisons cannot be chained", at: current.range,
                      hints: ["combine them with 'and': a < b and b < c"])
                return nil
            }
            left = exprs.add(.binary(op, left, right), exprs.range(of: left).union(exprs.range(of: right)))
        }
        return left
    }

    /// Reports `=` used as a comparison, with the comparison written out.
    mutating func singleEquals(after left: ExprArena.ID) {
        let next = peek(1)
        var right = "…"
        switch next.kind {
        case .identifier, .quotedIdentifier, .string, .integer, .number, .percent, .points, .keyword(.true), .keyword(.false):
            right = source.text(in: next.range)
        default: break
        }
        error(.parseSingleEquals, "'=' does not compare; write '==' to test equality", at: current.range, label: "use '=='",
              hints: ["write: \(exprs.expr(left)) == \(right)"])
    }

    /// Whether `in`, `not in` or `is` comes next.
    mutating func atPostfix() -> Bool {
        switch current.kind {
        case .keyword(.in), .keyword(.is): return true
        case .keyword(.not): if case .keyword(.in) = peek(1).kind { return true } else { return false }
        default: return false
        }
    }

    /// `in (…)`, `not in (…)` or `is [not] null` after `left`; call only at ``atPostfix()``.
    mutating func parsePostfix(_ left: ExprArena.ID, depth: Int) -> ExprArena.ID? {
        switch current.kind {
        case .keyword(.in):
            advance()
            return parseInList(left, negated: false, depth: depth)
        case .keyword(.not):
            advance(); advance()
            return parseInList(left, negated: true, depth: depth)
        default:
            advance()
            var negated = false
            note(.keyword(.not))
            if case .keyword(.not) = current.kind { advance(); negated = true }
            note(.keyword(.null))
            guard case .keyword(.null) = current.kind else {
                error(.parseExpected, "expected 'null' after 'is\(negated ? " not" : "")'", at: current.range)
                return nil
            }
            let end = current.range
            advance()
            return exprs.add(.isNull(left, negated: negated), exprs.range(of: left).union(end))
        }
    }

    mutating func parseInList(_ left: ExprArena.ID, negated: Bool, depth: Int) -> ExprArena.ID? {
        guard expect(.leftParen, "expected '(' after 'in' (x in (a, b))") else { return nil }
        let outerValueColumn = valueColumn
        if let n = exprs.column(left) { valueColumn = ValueColumn(column: n.text, inList: true) }
        defer { valueColumn = outerValueColumn }
        if case .symbol(.rightParen) = current.kind {
            error(.parseExpected, "an 'in' list needs at least one value", at: current.range)
            return nil
        }
        let items = exprs.beginList()
        repeat {
            guard let e = parseNode(depth: depth + 1) else { return nil }
            exprs.push(e)
            guard case .symbol(.comma) = current.kind else { break }
            advance()
        } while true
        let end = current.range
        guard expect(.rightParen, "expected ')' to close the 'in' list") else { return nil }
        return exprs.add(.inList(left, exprs.endList(items), negated: negated), exprs.range(of: left).union(end))
    }

    /// unary = ( "-" | "not" ) unary | primary ;
    mutating func parseUnary(depth: Int) -> ExprArena.ID? {
        guard depth < Parser.maxNesting else {
            error(.parseTooDeep, "expression nested too deeply (more than \(Parser.maxNesting) levels)", at: current.range)
            return nil
        }
        let start = current.range
        if case .symbol(.minus) = current.kind {
            advance()
            guard let operand = parseUnary(depth: depth + 1) else { return nil }
            return exprs.add(.unary(.negate, operand), start.union(exprs.range(of: operand)))
        }
        if case .keyword(.not) = current.kind {
            advance()
            // `not` binds looser than comparisons: not a == b is not (a == b).
            guard let operand = parseBinary(minPrecedence: 3, depth: depth + 1) else { return nil }
            return exprs.add(.unary(.not, operand), start.union(exprs.range(of: operand)))
        }
        return parsePrimary(depth: depth)
    }

    /// primary = literal | name | call | "(" expr ")" ;
    mutating func parsePrimary(depth: Int) -> ExprArena.ID? {
        note(.expression)
        if let valueColumn { note(.value(column: valueColumn.column, inList: valueColumn.inList)) }
        let token = current
        switch token.kind {
        case .integer(let i): advance(); return exprs.add(.integer(i), token.range)
        case .number(let d): advance(); return exprs.add(.number(d), token.range)
        case .percent(let d): advance(); return exprs.add(.percent(d), token.range)
        case .points(let d): advance(); return exprs.add(.points(d), token.range)
        case .string(let s): advance(); return exprs.add(.string(s), token.range)
        case .keyword(.true): advance(); return exprs.add(.boolean(true), token.range)
        case .keyword(.false): advance(); return exprs.add(.boolean(false), token.range)
        case .keyword(.null): advance(); return exprs.add(.null, token.range)
        case .keyword(.case): return parseCase(depth: depth)
        case .identifier(let word) where insideCase && Parser.caseWords.contains(word):
            error(.parseExpectedExpression, "expected an expression, found '\(word)'", at: token.range,
                  hints: ["inside case … end, '\(word)' is a word of the case; back-quote a column of that name: `\(word)`"])
            return nil
        case .identifier(ContextualWord.recode.rawValue) where peek(1).kind == .symbol(.leftParen):
            return parseRecode(depth: depth)
        case .quotedIdentifier(let name):
            advance()
            return exprs.add(.column(Name(name, token.range)), token.range)
        case .identifier(let name):
            advance()
            guard case .symbol(.leftParen) = current.kind else {
                return exprs.add(.column(Name(name, token.range)), token.range)
            }
            advance()
            let outerValueColumn = valueColumn, outerCase = insideCase
            valueColumn = nil
            insideCase = false
            defer { valueColumn = outerValueColumn; insideCase = outerCase }
            let args = exprs.beginList()
            if case .symbol(.rightParen) = current.kind {} else if acceptCountStar(name) {} else {
                repeat {
                    guard let arg = parseArgument(of: name, depth: depth + 1) else { return nil }
                    exprs.push(arg)
                    guard case .symbol(.comma) = current.kind else { break }
                    advance()
                } while true
            }
            let end = current.range
            guard expect(.rightParen, "expected ')' to close the call to '\(name)'") else { return nil }
            return exprs.add(.call(Name(name, token.range), exprs.endList(args)), token.range.union(end))
        case .symbol(.leftParen):
            advance()
            let outerValueColumn = valueColumn, outerCase = insideCase
            valueColumn = nil
            insideCase = false
            defer { valueColumn = outerValueColumn; insideCase = outerCase }
            guard let inner = parseNode(depth: depth + 1) else { return nil }
            let end = current.range
            guard expect(.rightParen, "expected ')' to close '('", note: token.range) else { return nil }
            return exprs.reranged(inner, token.range.union(end))
        case .keyword(let k):
            error(.parseExpectedExpression, "expected an expression, found keyword '\(k.rawValue)'", at: token.range,
                  hints: ["to use '\(k.rawValue)' as a column name, back-quote it: `\(k.rawValue)`"])
            return nil
        default:
            error(.parseExpectedExpression, "expected an expression, found \(token.kind)", at: token.range)
            return nil
        }
    }

    /// Whether the next token after the current line breaks is `and` or `or`.
    mutating func continuesWithLogicalOperator() -> Bool {
        switch stream.firstAfterNewlines().kind {
        case .keyword(.and), .keyword(.or): return true
        default: return false
        }
    }

    var currentBinaryOperator: BinaryOperator? { Parser.binaryOperator(current.kind) }

    /// The operator a token stands for. Static, taking the token alone: a non-mutating
    /// method of the parser that is not inlined is handed a copy of the whole parser
    /// (hundreds of bytes), and this is asked twice per operand.
    static func binaryOperator(_ kind: Token.Kind) -> BinaryOperator? {
        switch kind {
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
        case .symbol(.concat): return .concat
        default: return nil
        }
    }
}

// MARK: - case and recode

extension Parser {
    /// The words of `case … end`, read as words only inside it.
    static let caseWords: Set<String> = ["when", "then", "else", "end"]

    /// case = "case" , "when" , expr , "then" , expr , { "when" , expr , "then" , expr } , [ "else" , expr ] , "end" ;
    /// Line breaks may stand between its parts, so a case can take a line per branch.
    mutating func parseCase(depth: Int) -> ExprArena.ID? {
        let start = current.range
        advance()
        return compound(at: start, depth: depth, insideCase: true) { p in p.parseCaseBody(start: start, depth: depth) }
    }

    /// What a `case` or a `recode` does before its parts: it counts as ``compoundNestingCost`` levels
    /// of nesting, and the parts are parsed with no column whose values completion offers and with
    /// `insideCase` as given (the line breaks a `case` allows); both are restored after.
    private mutating func compound(at start: SourceRange, depth: Int, insideCase inside: Bool,
                                   _ parts: (inout Parser) -> ExprArena.ID?) -> ExprArena.ID? {
        guard depth + Parser.compoundNestingCost < Parser.maxNesting else {
            error(.parseTooDeep, "expression nested too deeply (more than \(Parser.maxNesting) levels)", at: start)
            return nil
        }
        let outerValueColumn = valueColumn, outerCase = insideCase
        valueColumn = nil
        insideCase = inside
        defer { valueColumn = outerValueColumn; insideCase = outerCase }
        return parts(&self)
    }

    private mutating func parseCaseBody(start: SourceRange, depth: Int) -> ExprArena.ID? {
        skipCaseBreaks()
        guard acceptCaseWord(.when) else {
            error(.parseExpected, "expected 'when' after 'case', found \(current.kind)", at: current.range,
                  hints: ["write: case when CONDITION then VALUE [when …] [else VALUE] end",
                          "to give values of one column new values, write recode(x, \"a\" -> \"A\", …)",
                          "to use 'case' as a column name, back-quote it: `case`"])
            return nil
        }
        let branches = exprs.beginList()
        var otherwise: ExprArena.ID?
        while true {
            guard let condition = parseNode(depth: depth + Parser.compoundNestingCost) else { return nil }
            skipCaseBreaks()
            guard acceptCaseWord(.then) else {
                error(.parseExpected, "expected 'then' after the condition of 'when', found \(current.kind)", at: current.range,
                      hints: ["write: when CONDITION then VALUE"])
                return nil
            }
            guard let result = parseNode(depth: depth + Parser.compoundNestingCost) else { return nil }
            exprs.push(condition)
            exprs.push(result)
            skipCaseBreaks()
            if !acceptCaseWord(.when) { break }
        }
        if acceptCaseWord(.else) {
            guard let e = parseNode(depth: depth + Parser.compoundNestingCost) else { return nil }
            otherwise = e
            skipCaseBreaks()
        }
        let end = current.range
        guard acceptCaseWord(.end, needsMore: false) else {
            let (line, column) = source.location(of: start.start)
            error(.parseExpected, "expected \(otherwise == nil ? "'when', 'else' or 'end'" : "'end'") to close the 'case', found \(current.kind)",
                  at: current.range, hints: ["the 'case' starts at \(line):\(column); it ends with 'end'"])
            return nil
        }
        return exprs.add(.caseWhen(exprs.endList(branches), otherwise: otherwise), start.union(end))
    }

    /// Consumes the case word `word` if it comes next (noting that it may), and
    /// the line breaks after it when more must follow.
    private mutating func acceptCaseWord(_ word: ContextualWord, needsMore: Bool = true) -> Bool {
        guard atWord(word) else { return false }
        advance()
        if needsMore { skipCaseBreaks() }
        return true
    }

    /// Skips line breaks inside a `case`, unless a statement starts after
    /// them: then the `case` was left open, and the error stands at the break.
    private mutating func skipCaseBreaks() {
        guard case .newline = current.kind else { return }
        if case .keyword(let k) = stream.firstAfterNewlines().kind, Keyword.statementStarts.contains(k) { return }
        skipNewlines()
    }

    /// recode = "recode" , "(" , expr , "," , recode_rule , { "," , recode_rule } , [ "," , "else" , expr ] , ")" ;
    /// recode_rule = ( expr | "(" , expr , { "," , expr } , ")" ) , "->" , expr ;
    mutating func parseRecode(depth: Int) -> ExprArena.ID? {
        let start = current.range
        advance()
        advance()
        return compound(at: start, depth: depth, insideCase: false) { p in p.parseRecodeBody(start: start, depth: depth) }
    }

    private mutating func parseRecodeBody(start: SourceRange, depth: Int) -> ExprArena.ID? {
        guard let value = parseNode(depth: depth + Parser.compoundNestingCost) else { return nil }
        var rules: [ExprArena.Rule] = []
        var otherwise: ExprArena.ID?
        while case .symbol(.comma) = current.kind {
            advance()
            if atWord(.else) {
                advance()
                guard let e = parseNode(depth: depth + Parser.compoundNestingCost) else { return nil }
                otherwise = e
                break
            }
            guard let rule = parseRecodeRule(value: value, depth: depth + Parser.compoundNestingCost) else { return nil }
            rules.append(rule)
        }
        if rules.isEmpty, otherwise == nil {
            error(.parseExpected, "expected ',' and a rule after recode's value, found \(current.kind)", at: current.range,
                  hints: ["write: recode(x, \"a\" -> \"A\", (\"b\", \"c\") -> \"BC\" [, else \"other\"])"])
            return nil
        }
        let end = current.range
        let message = otherwise == nil ? "expected ',' or ')' after a recode rule" : "expected ')' after recode's else value (else comes last)"
        guard expect(.rightParen, message) else { return nil }
        return exprs.add(.recode(value, exprs.rules(rules), otherwise: otherwise), start.union(end))
    }

    /// `"a" -> "A"` or `("a", "b") -> "AB"`; completion offers the values of the recoded column.
    /// `depth` is the recode's own nesting, already charged for it.
    private mutating func parseRecodeRule(value: ExprArena.ID, depth: Int) -> ExprArena.Rule? {
        let column: String?
        column = exprs.column(value)?.text
        let sources = exprs.beginList()
        if case .symbol(.leftParen) = current.kind {
            let open = current.range
            advance()
            valueColumn = column.map { ValueColumn(column: $0, inList: true) }
            repeat {
                guard let e = parseNode(depth: depth) else { return nil }
                exprs.push(e)
                guard case .symbol(.comma) = current.kind else { break }
                advance()
            } while true
            valueColumn = nil
            guard expect(.rightParen, "expected ')' to close the values of a recode rule", note: open) else { return nil }
        } else {
            valueColumn = column.map { ValueColumn(column: $0, inList: false) }
            let e = parseNode(depth: depth)
            valueColumn = nil
            guard let e else { return nil }
            exprs.push(e)
        }
        let values = exprs.endList(sources)
        guard expect(.arrow, "expected '->' after the value\(values.count > 1 ? "s" : "") of a recode rule (\"a\" -> \"A\")") else {
            return nil
        }
        guard let target = parseNode(depth: depth) else { return nil }
        return ExprArena.Rule(sources: values, target: target)
    }
}
