/// Everything the language knows about one verb, in one value.
///
/// Each verb is one file in `Language/Verbs/` holding its syntax type (a
/// ``VerbSyntax``), its ``VerbDefinition`` and the ``PlanStep`` it runs as.
/// The parser, resolver, interpreter, completion, `.help VERB`, the README's
/// verb table and the grammar test all read these definitions; adding a verb
/// is one new file and one line in ``VerbCatalog/all``.
struct VerbDefinition: Sendable {
    /// The word that starts the verb after `|`.
    let keyword: Keyword
    /// Other reserved words that may start it (`left join`).
    var alsoStartsWith: [Keyword] = []
    /// A reserved verb's keyword cannot be a plain name; an unreserved one is
    /// a verb only right after `|` and stays usable as a column or function name.
    var reserved = true
    /// One line for `.help` and the README's verb table.
    let summary: String
    /// How it is written, e.g. `where CONDITION`.
    let syntax: String
    /// A pipeline that uses it, run by a test.
    let example: String
    /// Its rules exactly as `Grammar/topline.ebnf` states them (a test checks it).
    let grammar: String
    /// What it does to the columns flowing through it.
    let columns: ColumnEffect
    /// Whether it must be the last verb of a pipeline (`chart`).
    var mustBeLast = false
    /// The functions its expressions may call.
    var functions: FunctionScope = .scalar
    /// Parses the verb; the parser stands on its first keyword.
    let parse: @Sendable (inout Parser) -> (any VerbSyntax)?

    /// The words that start it, as the user types them (`join`, `left join`).
    var spellings: [String] {
        [keyword.rawValue] + alsoStartsWith.map { "\($0.rawValue) \(keyword.rawValue)" }
    }
}

/// What a verb does to the set of columns: read by projection pushdown
/// (which columns a pipeline needs) and by the resolver (where resolution
/// must wait for data).
enum ColumnEffect: Sendable {
    /// The input's columns go on (perhaps with new ones): `where`, `derive`, `sort`.
    case passes
    /// Only the columns the verb names or makes come out: `select`, `summarize`.
    case narrows
    /// The output's columns come from the data (`pivot`): the verbs after it
    /// are resolved only once it has run, against its real columns.
    case fromData
    /// Every input column is read and goes on (`distinct` without a list
    /// compares them all; `append` matches them by name with another
    /// dataset's): projection pushdown keeps all the columns flowing in.
    case readsAll
}

/// Which functions an expression may call.
enum FunctionScope: Sendable {
    /// Row-by-row functions only.
    case scalar
    /// Aggregates too (`summarize`), and columns only inside them.
    case aggregate
    /// Aggregates, whose value each row of the group gets, and window functions (`rank`) too (`derive`); columns anywhere.
    case window
}

/// A verb as parsed: one type per verb. Every stage asks the verb itself.
protocol VerbSyntax: Sendable {
    static var definition: VerbDefinition { get }
    /// Canonical source text (`where a == 1`), which parses back to the same verb.
    var sourceText: String { get }
    /// The children of the verb's line in ``Script/dump(_:)``.
    func dump(_ tree: inout TreeDump)
    /// Adds every column name the verb may read from its input (an over-approximation).
    func columnNames(into names: inout Set<String>)
    /// What this use of the verb does to the columns; the definition's ``VerbDefinition/columns`` unless
    /// its form changes it (`select *` passes the columns on, `distinct` without a list reads them all).
    var columnEffect: ColumnEffect { get }
    /// Checks the verb against the columns flowing in and replaces `schema`
    /// with the columns flowing out.
    func resolve(_ site: VerbSite, _ resolver: Resolver, _ schema: inout Schema) throws(Diagnostic) -> any PlanStep
}

extension VerbSyntax {
    var columnEffect: ColumnEffect { Self.definition.columns }

    /// The outline line of a verb: its keyword, capitalized.
    var dumpLabel: String { Self.definition.keyword.rawValue.prefix(1).uppercased() + Self.definition.keyword.rawValue.dropFirst() }
}

/// Where a verb stands in the source, for its diagnostics.
struct VerbSite: Sendable {
    /// The verb keyword's range, for messages about the verb as a whole.
    var keywordRange: SourceRange
    var range: SourceRange
}

/// A resolved verb, ready to run on the table flowing through the pipeline.
protocol PlanStep: Sendable {
    func run(_ state: inout PipelineState, _ context: EvaluationContext) throws(Diagnostic)
}

/// What flows through a running pipeline.
struct PipelineState {
    var table: Table
    /// The chart the last verb asked for.
    var chart: Chart?
    /// The pipeline as written, for chart titles.
    let title: String
}
