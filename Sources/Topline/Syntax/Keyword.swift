/// A reserved word of the language. `Grammar/topline.ebnf` lists exactly
/// these (a test checks it).
///
/// The words of statements, clauses and expressions are defined here; a
/// verb's keyword is defined by its ``VerbDefinition`` (in `Language/Verbs/`),
/// so adding a verb never touches this file.
struct Keyword: Hashable, Sendable, CustomStringConvertible {
    let rawValue: String

    init(_ word: String) { rawValue = word }

    /// The keyword spelled `word`, if it is reserved.
    init?(rawValue word: String) {
        guard Keyword.all.contains(Keyword(word)) else { return nil }
        rawValue = word
    }

    var description: String { rawValue }

    // statements
    static let load = Keyword("load"), `as` = Keyword("as"), `let` = Keyword("let"), describe = Keyword("describe")
    static let datasets = Keyword("datasets"), from = Keyword("from"), set = Keyword("set"), design = Keyword("design")
    // verb clauses
    static let by = Keyword("by"), asc = Keyword("asc"), desc = Keyword("desc"), left = Keyword("left")
    static let on = Keyword("on"), vs = Keyword("vs")
    // expressions
    static let and = Keyword("and"), or = Keyword("or"), not = Keyword("not"), `in` = Keyword("in"), `is` = Keyword("is")
    static let null = Keyword("null"), `true` = Keyword("true"), `false` = Keyword("false")
    /// `case when … then … else … end`: only `case` is reserved (a column may
    /// be called `end`); `when`, `then`, `else` and `end` are words inside it.
    static let `case` = Keyword("case")

    /// Words that start a statement.
    static let statementStarts: [Keyword] = [.load, .design, .let, .describe, .datasets, .from, .set]

    /// The reserved words that are not verbs.
    static let core: [Keyword] = statementStarts + [.as, .by, .asc, .desc, .left, .on, .vs,
                                                     .and, .or, .not, .in, .is, .null, .true, .false, .case]

    /// Every reserved word: the core words and the reserved verbs' keywords.
    static let all: [Keyword] = core + VerbCatalog.all.filter(\.reserved).map(\.keyword)

    /// Whether this word names a verb (after `|`).
    var isVerb: Bool { VerbCatalog.definition(named: rawValue) != nil }

    /// The keyword spelled by `word`, if any, found without making a String
    /// (the lexer calls this for every word of a script): the few keywords of
    /// the word's length and first letter are compared with it, 8 bytes at a time.
    static func lookup(_ word: UnsafeBufferPointer<UInt8>) -> Keyword? {
        guard let first = word.first, word.count < table.count / 32 else { return nil }
        let spelling = Spelling(word)
        for (candidate, keyword) in table[word.count * 32 + Int(first & 31)] where candidate == spelling { return keyword }
        return nil
    }

    /// A keyword's bytes packed into two integers (keywords are short; longer words are no keyword).
    private struct Spelling: Equatable {
        var low: UInt64 = 0
        var high: UInt64 = 0

        init(_ bytes: UnsafeBufferPointer<UInt8>) {
            for i in 0..<min(bytes.count, 16) {
                if i < 8 { low |= UInt64(bytes[i]) << (8 * i) } else { high |= UInt64(bytes[i]) << (8 * (i - 8)) }
            }
        }
    }

    /// Keywords by the length of their spelling and its first letter (`length * 32 + first & 31`).
    /// (A keyword longer than 16 bytes would be missing; LexerTests lexes every keyword.)
    private static let table: [[(Spelling, Keyword)]] = {
        let longest = min(16, all.map(\.rawValue.utf8.count).max() ?? 0)
        var table = [[(Spelling, Keyword)]](repeating: [], count: (longest + 1) * 32)
        for k in all {
            let bytes = Array(k.rawValue.utf8)
            guard bytes.count <= longest else { continue }
            bytes.withUnsafeBufferPointer { table[bytes.count * 32 + Int(bytes[0] & 31)].append((Spelling($0), k)) }
        }
        return table
    }()
}
