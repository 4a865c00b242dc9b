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
    /// (the lexer calls this for every word of a script).
    static func lookup(_ word: ArraySlice<UInt8>) -> Keyword? {
        guard word.count < byLength.count else { return nil }
        for (spelling, keyword) in byLength[word.count] where spelling.elementsEqual(word) { return keyword }
        return nil
    }

    /// Keywords grouped by the length of their spelling.
    private static let byLength: [[([UInt8], Keyword)]] = {
        let longest = all.map(\.rawValue.utf8.count).max() ?? 0
        var table = [[([UInt8], Keyword)]](repeating: [], count: longest + 1)
        for k in all { table[k.rawValue.utf8.count].append((Array(k.rawValue.utf8), k)) }
        return table
    }()
}
