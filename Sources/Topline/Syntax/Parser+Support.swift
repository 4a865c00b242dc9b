/// Token access, expectations and error recovery for ``Parser``.
extension Parser {
    var current: Token { stream.current }

    /// The token `offset` places ahead (`.endOfInput` past the end); lexed now if need be.
    mutating func peek(_ offset: Int) -> Token { stream.peek(offset) }

    mutating func advance() { stream.advance() }

    var atSeparatorOrEnd: Bool {
        switch current.kind {
        case .newline, .symbol(.semicolon), .endOfInput: return true
        default: return false
        }
    }

    mutating func skipNewlines() {
        while case .newline = current.kind { advance() }
    }

    mutating func skipSeparators() {
        while atSeparatorOrEnd {
            if case .endOfInput = current.kind { return }
            advance()
        }
    }

    /// Panic-mode recovery: skip to the next statement boundary.
    mutating func recover() {
        while !atSeparatorOrEnd {
            if case .invalid = current.kind, let errorStart = statementErrorStart, current.range.start > errorStart {
                suppressedLexicalErrors.insert(current.range.start)
            }
            advance()
        }
    }

    /// `message` is built only when the symbol is missing (most calls interpolate a name into it).
    mutating func expect(_ symbol: Symbol, _ message: @autoclosure () -> String, note: SourceRange? = nil) -> Bool {
        if case .symbol(symbol) = current.kind {
            advance()
            return true
        }
        var hints: [String] = []
        if let note {
            let (line, column) = source.location(of: note.start)
            hints.append("the '(' opened at \(line):\(column)")
        }
        error(.parseExpected, "\(message()), found \(current.kind)", at: current.range, hints: hints)
        return false
    }

    /// Consumes `keyword` and the line breaks after it, or reports `message`.
    mutating func expectKeyword(_ keyword: Keyword, _ message: @autoclosure () -> String) -> Bool {
        if accept(keyword) { return true }
        error(.parseExpected, "\(message()), found \(current.kind)", at: current.range)
        return false
    }

    /// A plain or back-quoted name; `role` says what completion offers for it.
    /// `what` is built only for an error.
    mutating func expectName(_ what: @autoclosure () -> String, _ role: Expectation) -> Name? {
        note(role)
        switch current.kind {
        case .identifier(let s), .quotedIdentifier(let s):
            let name = Name(s, current.range)
            advance()
            return name
        case .keyword(let k):
            error(.parseExpectedName, "expected \(what()), found keyword '\(k.rawValue)'", at: current.range,
                  hints: ["to use '\(k.rawValue)' as a name, back-quote it: `\(k.rawValue)`"])
            return nil
        default:
            error(.parseExpectedName, "expected \(what()), found \(current.kind)", at: current.range)
            return nil
        }
    }

    mutating func error(_ id: DiagnosticID, _ message: String, at range: SourceRange, label: String? = nil, hints: [String] = []) {
        // The lexer has reported this token already.
        if case .invalid = current.kind { return }
        if case .endOfInput = current.kind { ranOutOfInput = true }
        if statementErrorStart == nil { statementErrorStart = range.start }
        diagnostics.append(Diagnostic(.error, id: id, message, file: source.name, range: range, label: label, hints: hints))
    }

    /// A hint for a token left over after a complete statement.
    func hintForTrailingToken() -> [String] {
        switch current.kind {
        case .keyword(let k) where k.isVerb:
            return ["put '|' before '\(k.rawValue)' to add a step to the pipeline"]
        case .identifier, .quotedIdentifier:
            return ["separate items with ',' and statements with ';' or a new line"]
        case .symbol(.concat):
            return ["'||' joins texts; a step of a pipeline starts with one '|'"]
        default:
            return ["separate statements with ';' or a new line"]
        }
    }

    /// `( "a" , "b" , … )`: a parenthesised list of quoted categories (`levels`, a `tabulate` net), with
    /// each one's range; `what` and `example` say what the list is for when an entry is not a string.
    mutating func parseQuotedList(_ what: String, example: String) -> [(text: String, range: SourceRange)]? {
        let open = current.range
        guard expect(.leftParen, "expected '(' and \(what)") else { return nil }
        var values: [(text: String, range: SourceRange)] = []
        while true {
            skipNewlines()
            guard case .string(let text) = current.kind else {
                error(.parseExpected, "expected a category in quotes, found \(current.kind)", at: current.range, hints: ["write: " + example])
                return nil
            }
            values.append((text, current.range))
            advance()
            skipNewlines()
            if case .symbol(.comma) = current.kind { advance(); continue }
            guard expect(.rightParen, "expected ',' or ')' after a category", note: open) else { return nil }
            return values
        }
    }
}
