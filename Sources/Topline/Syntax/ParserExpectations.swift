/// What the parser would accept where the input ends.
///
/// Completion asks the parser, not a grammar of its own: the engine parses
/// the text before the cursor, and every check the parser makes while it
/// stands at the end of that text is recorded here. The same parse decides
/// whether a shell line is finished (see ``Parser/isComplete(_:)``).
enum Expectation: Hashable, Sendable {
    /// A word that starts a statement.
    case statement
    /// A verb, after `|`.
    case verb
    /// A reserved word.
    case keyword(Keyword)
    /// A word read only in this place: `weight`, `over`, chart kinds, `as` modes.
    case word(String)
    /// The name of a loaded dataset.
    case dataset
    /// The name of an attached database (after `detach`).
    case attachment
    /// A table of this attached database, after its name and a dot (`pg.`).
    case attachedTable(String)
    /// A column of the table flowing into the verb.
    case column
    /// A column of another dataset (the right side of `join … on a = b`).
    case columnOf(dataset: String)
    /// A name for something new: no candidates.
    case newName
    /// An operand: columns, functions and literal words.
    case expression
    /// A value of this column, after `column ==` or `column in (` (`inList`:
    /// an item of the list, which a `,` or `)` follows rather than a space).
    case value(column: String, inList: Bool)
    /// A file path in quotes, after `load`.
    case path
    /// A setting name, after `set`.
    case setting
    /// A value of this setting.
    case settingValue(String)
}

/// The pipeline the parser was in when it recorded its expectations: what
/// completion needs to know which columns exist at the cursor.
struct PipelineScope: Sendable {
    var source: Name
    /// The verbs finished before the cursor.
    var verbs: [Verb] = []
    /// The keyword of the verb being parsed at the cursor. (Not its definition: the
    /// parser sets this for every verb, and a definition is a large value to copy.)
    var verbKeyword: Keyword?
    /// The verb being parsed at the cursor.
    var verb: VerbDefinition? { verbKeyword.flatMap { VerbCatalog.definition(named: $0.rawValue) } }
}

extension Parser {
    /// Records `expectation` when the parser stands at the end of the input.
    mutating func note(_ expectation: Expectation) {
        guard case .endOfInput = current.kind else { return }
        if !expectations.contains(expectation) { expectations.append(expectation) }
        if expectationScope == nil { expectationScope = scope }
    }

    /// Consumes `keyword` if it comes next (noting that it may). A clause
    /// word that needs more (`by`, `vs`) takes the line breaks after it too;
    /// one that ends a clause (`desc`) is given `needsMore: false`.
    mutating func accept(_ keyword: Keyword, needsMore: Bool = true) -> Bool {
        note(.keyword(keyword))
        guard case .keyword(keyword) = current.kind else { return false }
        advance()
        if needsMore { skipNewlines() }
        return true
    }

    /// Whether the unreserved `word` comes next (noting that it may); it is not consumed.
    mutating func atWord(_ word: ContextualWord) -> Bool {
        note(.word(word.rawValue))
        return current.kind.isWord(word)
    }

    /// Consumes the unreserved `word` if it comes next (`weight`, `over`), and the line breaks after it.
    mutating func acceptWord(_ word: ContextualWord) -> Bool {
        guard atWord(word) else { return false }
        advance()
        skipNewlines()
        return true
    }

    /// Steps past a verb's keyword and the line breaks after it.
    mutating func advanceKeyword() {
        advance()
        skipNewlines()
    }

    /// Whether `text` is a finished statement, decided by parsing it: it is
    /// unfinished while a string, back-quote or parenthesis is open, or when
    /// the parser ran out of input at a place where a line break may stand
    /// (after `|`, `,`, an operator, or a word such as `where` or `by`), so
    /// that another line can finish it. A statement that no further line can
    /// finish (`describe` alone) is complete, and its error is reported at once.
    static func isComplete(_ text: String) -> Bool {
        var lexer = Lexer(SourceFile(name: "", text: text))
        let lexed = lexer.tokenize()
        if lexed.endsInsideQuote || lexed.openParentheses > 0 { return false }
        // With a line break after it, the parser shows whether one may stand there.
        let file = SourceFile(name: "", text: text + "\n")
        var parser = Parser(TokenStream(Lexer(file)), source: file)
        _ = parser.parseScript()
        return !parser.ranOutOfInput
    }
}
