/// The syntax tree produced by the ``Parser``. Every node carries its source range.

/// A name as written: a plain identifier or a back-quoted one.
struct Name: Hashable, Sendable {
    var text: String
    var range: SourceRange
    /// A table of an attached database (`pg.survey`, `pg.public.survey`): its parts. `text`
    /// is then the whole name as written, dots included.
    var remote: RemoteName? {
        get { if case .some(.table(let r)) = boxedRemote { return r } else { return nil } }
        set { boxedRemote = newValue.map(Remote.table) }
    }
    /// `remote` in a box of its own: few names have one, and unboxed its three strings
    /// would double the size of every name (the parser makes one per column it reads).
    private var boxedRemote: Remote?
    private indirect enum Remote: Hashable, Sendable { case table(RemoteName) }

    init(_ text: String, _ range: SourceRange) {
        self.text = text
        self.range = range
    }
}

/// `attachment.table` or `attachment.schema.table`: a table of a database attached with `attach`.
struct RemoteName: Hashable, Sendable {
    var attachment: String
    var schema: String?
    var table: String
}

/// A parsed script: statements in order.
struct Script: Sendable {
    var statements: [Statement]
}

struct Statement: Sendable {
    /// Boxed (`indirect`): the clauses of a load or a pipeline are large, and a
    /// script's array of statements should not hold them inline.
    indirect enum Kind: Sendable {
        /// `load "path" [as name] [weight column] [format f] …` (``LoadStatement``)
        case load(LoadClauses)
        /// `design name weight w [strata s] [cluster c, …] [fpc f, …]` or
        /// `design name weight w replicates first .. last method m [rho]`
        case design(DesignClauses)
        /// `let name = pipeline`
        case `let`(Name, Pipeline)
        /// `describe name`
        case describe(Name)
        /// `datasets`
        case datasets
        /// `set option value`, e.g. `set level 90`
        case set(option: Name, value: Expr)
        case pipeline(Pipeline)
        /// `attach postgres "conninfo" as name`
        case attach(AttachClauses)
        /// `detach name`
        case detach(Name)
        /// `explain pipeline`: where each verb runs, and the SQL sent
        case explain(Pipeline)
        /// `load "path" into attachment as table`: a CSV file copied into a new table of an attached database
        case loadInto(path: String, pathRange: SourceRange, attachment: Name, table: Name)
    }

    var kind: Kind
    var range: SourceRange
}

/// `attach KIND "CONNINFO" as NAME`: the kind of database (`postgres`), its connection string, the name.
struct AttachClauses: Sendable {
    var kind: Name
    var conninfo: String
    var conninfoRange: SourceRange
    var name: Name
}

/// The names of a `design` statement.
struct DesignClauses: Sendable {
    var dataset: Name
    var weight: Name
    var strata: Name?
    /// The cluster column of each sampling stage, the first stage's first (`cluster dnum, snum`).
    var clusters: [Name] = []
    /// The fpc column of each stage (`fpc fpc1, fpc2`).
    var fpcs: [Name] = []
    /// `replicates first .. last method m [rho]`, which replaces strata, clusters and fpc.
    var replicates: ReplicateClause?

    init(dataset: Name, weight: Name) {
        self.dataset = dataset
        self.weight = weight
    }

    /// The columns it names, in clause order (of a replicate range, its two ends).
    var columns: [Name] {
        [weight] + [strata].compactMap { $0 } + clusters + fpcs + (replicates.map { [$0.first, $0.last] } ?? [])
    }
}

/// `replicates first .. last method m [rho]`: the replicate weight columns, from `first` to `last` in the
/// dataset's column order, and how they were made.
struct ReplicateClause: Sendable {
    var first: Name
    var last: Name
    /// The method's word as written (`jk1`, `fay`, …), checked when the design is built.
    var method: Name
    /// ρ of `method fay ρ`, as written, and where it stands.
    var rho: Double?
    var rhoRange: SourceRange?
}

/// `from name | verb | verb …`
struct Pipeline: Sendable {
    var source: Name
    var verbs: [Verb]
    var range: SourceRange
}

/// One step of a pipeline: the verb's own syntax (see ``VerbSyntax``) and
/// where it stands.
struct Verb: Sendable {
    var syntax: any VerbSyntax
    /// The verb keyword's range, for messages about the verb as a whole.
    var keywordRange: SourceRange
    var range: SourceRange

    var definition: VerbDefinition { type(of: syntax).definition }
    var keyword: Keyword { definition.keyword }
    /// What this verb, as written, does to the columns.
    var columnEffect: ColumnEffect { syntax.columnEffect }
    var site: VerbSite { VerbSite(keywordRange: keywordRange, range: range) }
}

/// `column`, `name = expr`, or `*` / `* except (a, b)` in `select`.
enum SelectItem: Sendable {
    case column(Name)
    case assignment(Assignment)
    /// `*` (at `range`): every input column that no other item names, less those after `except`.
    case all(range: SourceRange, except: [Name])
}

/// `name = expr`
struct Assignment: Sendable {
    var name: Name
    var value: Expr
}

struct SortKey: Sendable {
    var expr: Expr
    var descending: Bool
}

/// What an expression is, its children included. A view: the nodes are stored in an
/// ``ExprArena``, and lists (arguments, `in` values, branches, rules) are collections over it.
enum ExprKind: Sendable {
    case integer(Int64)
    case number(Double)
    /// A percent literal as written: `16%` holds 16.
    case percent(Double)
    /// A percentage-points literal as written: `5pp` holds 5.
    case points(Double)
    case string(String)
    case boolean(Bool)
    case null
    case column(Name)
    case unary(UnaryOperator, Expr)
    case binary(BinaryOperator, Expr, Expr)
    case call(Name, ExprList)
    /// `x in (a, b)`, `x not in (a, b)`
    case inList(Expr, ExprList, negated: Bool)
    /// `x is null`, `x is not null`
    case isNull(Expr, negated: Bool)
    /// `x desc`: an argument of a function that orders rows (`rank(n desc)`); the parser makes it only there.
    case descending(Expr)
    /// `case when c then x … [else y] end`
    case caseWhen(CaseBranches, otherwise: Expr?)
    /// `recode(x, "a" -> "A", ("b", "c") -> "BC", … [, else y])`; no `else` keeps unmatched values.
    case recode(Expr, RecodeRules, otherwise: Expr?)
}

/// `when condition then result` of a `case`.
struct CaseBranch: Sendable {
    var condition: Expr
    var result: Expr
}

/// `("a", "b") -> target` of a `recode`: the values (constants) that become `target`.
struct RecodeRule: Sendable {
    var sources: ExprList
    var target: Expr
}

/// An expression: a node of an ``ExprArena`` (the parser's, for parsed text).
///
/// ```swift
/// let r = SourceRange(0, 1)
/// let sum = Expr(.binary(.add, Expr(.column(Name("a", r)), r), Expr(.integer(1), r)), r)
/// _ = sum.description   // "a + 1"
/// ```
struct Expr: Sendable {
    let arena: ExprArena
    let id: ExprArena.ID

    /// Made by the arena that stores the node.
    init(arena: ExprArena, id: ExprArena.ID) {
        self.arena = arena
        self.id = id
    }

    /// An expression in an arena of its own, for trees built outside the parser
    /// (children from other arenas are copied in).
    init(_ kind: ExprKind, _ range: SourceRange) {
        self = ExprArena().make(kind, range)
    }

    var kind: ExprKind { arena.kind(of: id) }
    var range: SourceRange { arena.range(of: id) }
}

enum UnaryOperator: String, Sendable {
    case negate = "-"
    case not = "not"
}

enum BinaryOperator: String, Sendable, CaseIterable {
    case or, and
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case contains = "~"
    case concat = "||"
    case add = "+", subtract = "-", multiply = "*", divide = "/"

    /// Binding strength: higher binds tighter. `||` binds looser than
    /// arithmetic and tighter than comparisons, as in SQL: `"n=" || n + 1 == x`
    /// is `("n=" || (n + 1)) == x`.
    var precedence: Int {
        switch self {
        case .or: return 1
        case .and: return 2
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .contains: return 4
        case .concat: return 5
        case .add, .subtract: return 6
        case .multiply, .divide: return 7
        }
    }

    var isComparison: Bool { precedence == 4 }
}
