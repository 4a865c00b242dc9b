/// Decides from the lexer whether typed text is a finished statement, so a
/// shell knows whether to run it or show a continuation prompt.
enum StatementCompleteness {
    /// False while a string or back-quoted name is open, a parenthesis is
    /// unclosed, or the text ends in something that needs more: a `|`, a
    /// comma, an operator, or a word such as `where`, `by` or `and`.
    static func isComplete(_ text: String) -> Bool {
        var lexer = Lexer(SourceFile(name: "", text: text))
        let result = lexer.tokenize()
        if result.endsInsideQuote || result.openParentheses > 0 { return false }
        guard let last = result.tokens.last(where: { token in
            switch token.kind {
            case .newline, .endOfInput, .symbol(.semicolon): return false
            default: return true
            }
        }) else { return true }
        switch last.kind {
        case .symbol(let s):
            return s == .rightParen
        case .keyword(let k):
            return [.datasets, .null, .true, .false, .asc, .desc].contains(k)
        default:
            return true
        }
    }
}
