/// The reserved words of the language. `Grammar/topline.ebnf` lists exactly
/// these (a test checks it).
public enum Keyword: String, CaseIterable, Sendable {
    // statements
    case load, `as`, `let`, describe, datasets, from, set
    // verbs
    case `where`, select, derive, summarize, sort, take, pivot, join, compare, sources, chart
    // verb clauses
    case by, asc, desc, left, on, vs
    // expressions
    case and, or, not, `in`, `is`, null, `true`, `false`

    /// Words that start a pipeline step after `|`.
    public static let verbs: [Keyword] = [.where, .select, .derive, .summarize, .sort, .take, .pivot, .join, .compare, .sources, .chart]

    /// The keyword spelled by `word`, if any, found without making a String
    /// (the lexer calls this for every word of a script).
    static func lookup(_ word: ArraySlice<UInt8>) -> Keyword? {
        guard word.count < byLength.count else { return nil }
        for (spelling, keyword) in byLength[word.count] where spelling.elementsEqual(word) { return keyword }
        return nil
    }

    /// Keywords grouped by the length of their spelling.
    private static let byLength: [[([UInt8], Keyword)]] = {
        var table = [[([UInt8], Keyword)]](repeating: [], count: 12)
        for k in allCases { table[k.rawValue.utf8.count].append((Array(k.rawValue.utf8), k)) }
        return table
    }()

    /// Words that start a statement.
    public static let statementStarts: [Keyword] = [.load, .let, .describe, .datasets, .from, .set]
}
