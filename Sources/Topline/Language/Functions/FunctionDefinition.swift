/// Everything the language knows about one function, in one value: name,
/// arguments, help, type rule and implementation. The resolver, the runtime,
/// completion and `.help FUNCTION` read these; the catalogs in this folder
/// hold one entry per function.

/// A function computed one row at a time.
struct ScalarFunction: Sendable {
    let name: String
    /// Accepted argument counts.
    let arity: ClosedRange<Int>
    /// How it is called, e.g. `round(x, digits)`.
    let syntax: String
    /// One line for `.help`.
    let summary: String
    /// An expression that uses it, run by a test (in `derive`).
    let example: String
    /// Decides the result type from the typed arguments, or throws a type error.
    let type: @Sendable (inout FunctionTyping) throws(Diagnostic) -> ValueType
    /// Builds the row function from the compiled arguments.
    let compile: @Sendable (ScalarCall) -> RowFunction
    /// Columns it reads without naming them (`estimate` reads `value_type`).
    var implicitColumns: [String] = []
    /// Its result is a size (`moe`, `se`): a column made by calling it prints
    /// as one (``Column/magnitude``).
    var magnitude: Magnitude? = nil
}

/// A function that reduces the rows of a group to one value (in `summarize`,
/// and in `derive`, where each row gets its group's value), or — a window
/// function (`rank`, `row_number`) — gives each row a value from its group (in `derive` only).
struct AggregateFunction: Sendable {
    let name: String
    let arity: ClosedRange<Int>
    let syntax: String
    let summary: String
    /// A `summarize` item that uses it (a `derive` item for a window function), run by a test.
    let example: String
    /// Decides the result type from the argument (nil for `count()`), or throws a type error.
    let type: @Sendable (inout FunctionTyping) throws(Diagnostic) -> ValueType
    /// Whether it follows the dataset's declared weight.
    var weighted = false
    /// Whether it is a window function: `compute` gives a value per row, not per group, and it works only in `derive`.
    var window = false
    /// Whether its argument may take a direction, `rank(x desc)`.
    var ordersRows = false
    /// Computes one value per group (per row for a window function), as a column.
    let compute: @Sendable (AggregateInput) throws(Diagnostic) -> Column
}

/// What a type rule sees: the typed arguments, the call (for positions) and
/// the resolver (for errors). A rule may add arguments the user did not write.
struct FunctionTyping {
    var arguments: [TypedExpr]
    let call: Expr
    let resolver: Resolver
    let schema: Schema
    /// Whether the call is inside `summarize` (where columns must be aggregated) or is an aggregate.
    let inSummarize: Bool
    /// Whether the first argument is an estimate of a mean or a total (not a share).
    var measureArgument = false
    /// Whether a weighted aggregate is called on rows with a weight (or a design).
    var weighted = false

    var types: [ValueType] { arguments.map(\.type) }
    /// The first argument's type, an estimate read as its share (a percent).
    var first: ValueType { types.first.map { $0 == .estimate ? .percent : $0 } ?? .null }

    /// The `i`-th argument's value when it is a constant written out.
    func constant(_ i: Int) -> Value? { arguments[i].constantValue }

    /// Throws `id` at the `i`-th argument (where the user wrote it).
    func fail(_ id: DiagnosticID = .resolveType, at i: Int, _ message: String, _ hints: [String] = []) throws(Diagnostic) -> Never {
        throw resolver.error(id, message, at: arguments[i].range, hints: hints)
    }

    /// Throws a type error at the call unless `ok`.
    func need(_ ok: Bool, _ message: String, _ hints: [String] = []) throws(Diagnostic) {
        if !ok { throw resolver.error(.resolveType, message, at: call.range, hints: hints) }
    }
}

/// What a scalar function's implementation is built from.
struct ScalarCall {
    let arguments: [RowFunction]
    /// Each argument's value when it is a constant written out (``TypedExpr/constantValue``),
    /// so that an implementation can prepare it once (a pattern, the breaks of `bin`).
    var constants: [Value?] = []
    /// Each argument's type.
    var argumentTypes: [ValueType] = []
    /// The call's result type.
    let type: ValueType
    let range: SourceRange
    let context: EvaluationContext
}

/// What an aggregate computes over.
struct AggregateInput {
    let aggregate: ResolvedAggregate
    let table: Table
    let grouping: Grouping
    let evaluator: Evaluator
    let context: EvaluationContext
}

/// Every function, by name.
enum FunctionCatalog {
    static let scalars: [ScalarFunction] = ScalarFunctions.all + TextFunctions.all + DateFunctions.all
    static let aggregates: [AggregateFunction] = AggregateFunctions.all

    private static let scalarsByName = Dictionary(uniqueKeysWithValues: scalars.map { ($0.name, $0) })
    private static let aggregatesByName = Dictionary(uniqueKeysWithValues: aggregates.map { ($0.name, $0) })

    static func scalar(named name: String) -> ScalarFunction? { scalarsByName[name] }
    static func aggregate(named name: String) -> AggregateFunction? { aggregatesByName[name] }

    /// All function names, for completion and suggestions.
    static let allNames: [String] = aggregates.map(\.name) + scalars.map(\.name)
}
