/// The tokens the ``Parser`` reads: lexed as it asks for them, so a script's
/// tokens never stand in memory all at once (a 10 MB script makes millions).
///
/// The stream keeps the current token, the one before it and whatever the
/// parser has looked ahead at (``peek(_:)``, ``firstAfterNewlines``); tokens
/// already passed are dropped a batch at a time. Completion hands it tokens it
/// has edited instead of a lexer.
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
    /// `window[head]` is the current token, `window[head - 1]` the previous one.
    private var window: [Token]
    private var head = 0
    /// Passed tokens are dropped once this many have gathered.
    private static let dropBatch = 64

    /// Tokens lexed from `lexer` as they are needed.
    init(_ lexer: Lexer) {
        var lexer = lexer
        window = [lexer.next()]
        window.reserveCapacity(Self.dropBatch + 8)
        self.lexer = lexer
    }

    /// These tokens, ended by `.endOfInput` (added at the end of the last one if missing).
    init(tokens: [Token]) {
        window = tokens
        if let last = tokens.last, case .endOfInput = last.kind { return }
        window.append(Token(.endOfInput, .at(tokens.last?.range.end ?? 0)))
    }

    var current: Token { window[head] }

    /// The token before the current one; nil at the start.
    var previous: Token? { head > 0 ? window[head - 1] : nil }

    /// The token `offset` places after the current one (`.endOfInput` past the end).
    mutating func peek(_ offset: Int) -> Token {
        while head + offset >= window.count {
            if case .endOfInput = window[window.count - 1].kind { return window[window.count - 1] }
            lexOne()
        }
        return window[head + offset]
    }

    /// The first token from the current one on that is not a line break.
    mutating func firstAfterNewlines() -> Token {
        var offset = 0
        while case .newline = peek(offset).kind { offset += 1 }
        return peek(offset)
    }

    /// Moves to the next token; at `.endOfInput` it stays.
    mutating func advance() {
        if case .endOfInput = window[head].kind { return }
        head += 1
        if head == window.count { lexOne() }
    }

    /// The lexical errors of the text read so far (all of them once `.endOfInput` was reached).
    var lexicalDiagnostics: [Diagnostic] { lexer?.diagnostics ?? [] }

    private mutating func lexOne() {
        if head > Self.dropBatch {
            window.removeSubrange(0..<(head - 1))
            head = 1
        }
        // Without a lexer the given tokens end with `.endOfInput`, past which nothing is read.
        window.append(lexer?.next() ?? window[window.count - 1])
    }
}
