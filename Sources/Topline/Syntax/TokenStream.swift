/// The tokens the ``Parser`` reads: lexed as it asks for them, so a script's
/// tokens never stand in memory all at once (a 10 MB script makes millions).
///
/// The stream keeps the current token, the one before it and whatever the
/// parser has looked ahead at (``peek(_:)``, ``firstAfterNewlines``). Completion
/// hands it tokens it has edited instead of a lexer.
///
/// ```swift
/// var stream = TokenStream(Lexer(SourceFile(name: "q.tq", text: "from s | take 5")))
/// _ = stream.current.kind   // .keyword(.from)
/// stream.advance()
/// _ = stream.peek(1).kind   // .symbol(.pipe)
/// ```
struct TokenStream {
    /// Where tokens come from; nil when they were all given up front.
    private var lexer: Lexer?
    private(set) var current: Token
    /// The token before the current one; nil at the start.
    private(set) var previous: Token?
    /// Tokens after the current one, lexed because the parser looked ahead (or all of them, when
    /// given up front): `ahead[aheadStart...]`. Most tokens never stand here: ``advance()`` moves
    /// the next token straight from the lexer into `current`, with no array in between.
    private var ahead: [Token] = []
    private var aheadStart = 0

    /// Tokens lexed from `lexer` as they are needed.
    init(_ lexer: Lexer) {
        var lexer = lexer
        current = lexer.next()
        self.lexer = lexer
    }

    /// These tokens, ended by `.endOfInput` (added at the end of the last one if missing).
    init(tokens: [Token]) {
        var tokens = tokens
        if let last = tokens.last, case .endOfInput = last.kind {} else {
            tokens.append(Token(.endOfInput, .at(tokens.last?.range.end ?? 0)))
        }
        current = tokens[0]
        ahead = tokens
        aheadStart = 1
    }

    /// The token `offset` places after the current one (`.endOfInput` past the end).
    mutating func peek(_ offset: Int) -> Token {
        if offset == 0 { return current }
        while aheadStart + offset - 1 >= ahead.count {
            let last = ahead.last ?? current
            if case .endOfInput = last.kind { return last }
            // Without a lexer the given tokens end with `.endOfInput`, past which nothing is read.
            ahead.append(lexer?.next() ?? last)
        }
        return ahead[aheadStart + offset - 1]
    }

    /// The first token from the current one on that is not a line break.
    mutating func firstAfterNewlines() -> Token {
        var offset = 0
        while case .newline = peek(offset).kind { offset += 1 }
        return peek(offset)
    }

    /// Moves to the next token; at `.endOfInput` it stays.
    mutating func advance() {
        if case .endOfInput = current.kind { return }
        let next: Token
        if aheadStart < ahead.count {
            next = ahead[aheadStart]
            aheadStart += 1
            if aheadStart == ahead.count, lexer != nil {
                ahead.removeAll(keepingCapacity: true)
                aheadStart = 0
            }
        } else {
            next = lexer?.next() ?? current
        }
        previous = current
        current = next
    }

    /// The lexical errors of the text read so far (all of them once `.endOfInput` was reached).
    var lexicalDiagnostics: [Diagnostic] { lexer?.diagnostics ?? [] }
}
