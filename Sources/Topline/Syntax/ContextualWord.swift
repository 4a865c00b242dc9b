/// A word the parser reads in one place only — `seed` after `sample`, `except` after `select *`,
/// `when … then … else … end` inside `case` — so it is no keyword and stays usable as a name
/// everywhere else. The parser names these words through the constants below, never by a string of
/// its own, and `Grammar/topline.ebnf` has every one of them (a test checks both ways). The clause
/// words of `load` are defined with their clauses (``LoadStatement``).
///
/// ```swift
/// _ = ContextualWord.seed.rawValue          // "seed"
/// _ = Keyword(rawValue: "seed") == nil      // true: not reserved
/// ```
struct ContextualWord: Hashable, Sendable {
    let rawValue: String

    private init(_ word: String) { rawValue = word }

    // design
    static let weight = ContextualWord("weight"), strata = ContextualWord("strata"), cluster = ContextualWord("cluster")
    static let fpc = ContextualWord("fpc"), replicates = ContextualWord("replicates"), method = ContextualWord("method")
    // verbs' clauses
    static let over = ContextualWord("over"), net = ContextualWord("net"), show = ContextualWord("show"), mrset = ContextualWord("mrset")
    static let seed = ContextualWord("seed"), except = ContextualWord("except")
    // expressions
    static let when = ContextualWord("when"), then = ContextualWord("then"), `else` = ContextualWord("else"), end = ContextualWord("end")
    static let recode = ContextualWord("recode")
    // attached databases, and `load … into`, `keep missing`
    static let attach = ContextualWord("attach"), postgres = ContextualWord("postgres"), detach = ContextualWord("detach")
    static let explain = ContextualWord("explain"), into = ContextualWord("into"), missing = ContextualWord("missing")

    /// Every contextual word.
    static let all: [ContextualWord] = [.weight, .strata, .cluster, .fpc, .replicates, .method, .over, .net, .show, .mrset, .seed,
                                        .except, .when, .then, .else, .end, .recode, .attach, .postgres, .detach, .explain, .into, .missing]
}

extension Token.Kind {
    /// Whether the token is the unreserved word `word` (an identifier spelled so; a back-quoted name never is).
    func isWord(_ word: ContextualWord) -> Bool {
        if case .identifier(let text) = self { return text == word.rawValue }
        return false
    }
}
