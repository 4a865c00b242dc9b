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

    /// Words that start a statement.
    public static let statementStarts: [Keyword] = [.load, .let, .describe, .datasets, .from, .set]
}
