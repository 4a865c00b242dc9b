/// The output of the ``Resolver``: names bound to column positions, every
/// expression typed. The ``Interpreter`` accepts only these.

/// A column's name and type, known before any row is read.
public struct SchemaColumn: Hashable, Sendable {
    public var name: String
    public var type: ValueType
    /// An estimate column of means or totals (not shares): its accessors give numbers, not percentages.
    var measure = false
    /// Its value labels and missing codes, from a survey file: comparisons read them (`Resolver+Labels`).
    var labels: ColumnLabels?
    public init(name: String, type: ValueType) {
        self.name = name
        self.type = type
    }
}

/// The columns of a table-to-be, plus the weight column it carries, if any.
struct Schema: Sendable {
    var columns: [SchemaColumn]
    /// The declared weight column's name, while it is still present.
    var weight: String?
    /// Whether its rows keep a design declared with `design` (the verbs that keep rows keep it, as
    /// ``Table/design``): on them `median` is a design estimate, as it is on rows with a weight.
    var hasDesign = false

    init(columns: [SchemaColumn], weight: String? = nil, hasDesign: Bool = false) {
        self.columns = columns
        self.weight = weight
        self.hasDesign = hasDesign
    }

    init(_ table: Table, weight: String? = nil) {
        self.columns = table.columns.map { column in
            var c = SchemaColumn(name: column.name, type: column.type)
            c.labels = column.labels
            if case .estimates(let values) = column.storage, let first = values.lazy.compactMap({ $0 }).first { c.measure = first.kind != .share }
            return c
        }
        self.weight = weight
        hasDesign = table.design?.declared ?? false
    }

    func index(of name: String) -> Int? { columns.firstIndex { $0.name == name } }
    var names: [String] { columns.map(\.name) }
}

struct TypedExpr: Sendable {
    indirect enum Kind: Sendable {
        case literal(Value)
        case column(Int)
        case unary(UnaryOperator, TypedExpr)
        case binary(BinaryOperator, TypedExpr, TypedExpr)
        case call(ScalarFunction, [TypedExpr])
        case inList(TypedExpr, [TypedExpr], negated: Bool)
        case isNull(TypedExpr, negated: Bool)
        /// The value of the n-th aggregate of a `summarize` item, for its group
        /// (of a `derive` item, for the row: its group's value).
        case aggregate(Int)
        /// `case when … end`: the first branch whose condition is true (null counts as
        /// false) gives the value; without one, `otherwise` (null when absent).
        case caseWhen([TypedBranch], otherwise: TypedExpr?)
        /// `recode(x, …)`, see ``TypedRecode``.
        case recode(TypedRecode)
    }

    var kind: Kind
    var type: ValueType
    var range: SourceRange
}

extension TypedExpr {
    /// The value of a constant written out: a literal, or a number literal
    /// with a minus (`-5`, `-2.5%`). Nil for anything computed.
    var constantValue: Value? {
        switch kind {
        case .literal(let v): return v
        case .unary(.negate, let x):
            guard case .literal(let v) = x.kind else { return nil }
            switch v {
            case .integer(let i): return i == .min ? nil : .integer(-i)
            case .number(let d): return .number(-d)
            case .percent(let d): return .percent(-d)
            case .points(let d): return .points(-d)
            default: return nil
            }
        default: return nil
        }
    }
}

/// `when condition then result`, typed.
struct TypedBranch: Sendable {
    var condition: TypedExpr
    var result: TypedExpr
}

/// `recode(value, sources -> target, …, else otherwise)`, typed: each source is a
/// constant (``sources``), and ``ruleOf`` says whose target it takes.
struct TypedRecode: Sendable {
    var value: TypedExpr
    var sources: [Value]
    /// For each source, the index of its rule in ``targets``.
    var ruleOf: [Int]
    var targets: [TypedExpr]
    /// The value of every other non-null value; nil keeps them as they are.
    var otherwise: TypedExpr?
}

/// One aggregate call inside a `summarize` or `derive` item.
struct ResolvedAggregate: Sendable {
    var function: AggregateFunction
    var argument: TypedExpr?
    /// The arguments after the first (the denominator of `ratio(y, x)`).
    var moreArguments: [TypedExpr] = []
    /// The result's type, which is also the type its values are built in.
    var type: ValueType
    /// Weight column index, for a weighted function on a weighted dataset.
    var weight: Int?
    var range: SourceRange
    /// `rank(x desc)`: the rows are ordered largest first.
    var descending = false
    /// Read only as `value(…)` by its `summarize`'s outputs (``AggregateStep/readOnlyByValue(_:)``): an
    /// estimate's interval, SE and design effects are never read, so only its value is computed (in
    /// memory on a design whose units are rows, ``Aggregation/pointEstimates(_:kind:frame:values:denominators:)``;
    /// on an attached table, from three sums, ``SufficientStatistics/pointSQL(_:a:b:weight:units:)``).
    var valueOnly = false
}

struct NamedExpr: Sendable {
    var name: String
    var expr: TypedExpr
}

/// A pipeline ready to run, in stages. Resolution stops after a verb whose
/// output columns come from the data (``ColumnEffect/fromData``, `pivot`):
/// the verbs after it are `pending`, and the interpreter resolves them
/// against the real columns once the stage before has run.
struct ResolvedPipeline: Sendable {
    var input: Table
    var inputSchema: Schema
    var steps: [any PlanStep]
    var pending: ArraySlice<Verb>
    /// The weight column after `steps` (under its new name after a `rename`).
    var weight: String? = nil
}
