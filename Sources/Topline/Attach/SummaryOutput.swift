/// A `summarize` output that Topline computes from aggregates the server adds up:
/// `value(share(x))`, `moe(mean(y))`, `value(share(a)) - value(share(b))`. An estimate
/// has no SQL (its interval and design effects are computed here), so the server returns
/// each aggregate the output reads — the sufficient statistics of an estimate, the value
/// of a plain aggregate such as `count()` — joined in one text, and ``RemotePipeline``
/// evaluates the output from them with the evaluator of the in-memory engine. One row
/// per group still crosses the wire.
///
/// Nothing after such a `summarize` goes to the server: its column is figures, not a value.
struct SummaryOutput: Sendable {
    /// The output's expression; its `.aggregate(i)` read the figures fetched for aggregate i.
    var expr: TypedExpr
    /// The aggregates it reads, in the order of their parts in the fetched text.
    var aggregates: [Int]

    /// Separates the aggregates' parts in the fetched text (no figure's text holds it).
    static let separator: Character = "|"

    /// The output, when it reads only aggregates (through operators and function calls)
    /// and reads at least one estimate; nil otherwise.
    init?(_ expr: TypedExpr, aggregates: [ResolvedAggregate]) {
        var read: [Int] = []
        guard Self.collect(expr, into: &read), read.contains(where: { aggregates[$0].type == .estimate }) else { return nil }
        self.expr = expr
        self.aggregates = read
    }

    /// The SQL of the fetched text: each aggregate's SQL as text (empty for null), joined.
    func sql(_ aggregateSQL: [String]) -> String {
        "(" + aggregates.map { "COALESCE(CAST(\(aggregateSQL[$0]) AS text), '')" }.joined(separator: " || '\(Self.separator)' || ") + ")"
    }

    /// Whether `e` is made of aggregates, literals, operators and calls; the aggregates it
    /// reads are added to `read` once each.
    private static func collect(_ e: TypedExpr, into read: inout [Int]) -> Bool {
        switch e.kind {
        case .literal: return true
        case .aggregate(let i):
            if !read.contains(i) { read.append(i) }
            return true
        case .unary(_, let x): return collect(x, into: &read)
        case .binary(_, let a, let b): return collect(a, into: &read) && collect(b, into: &read)
        case .call(_, let arguments): return arguments.allSatisfy { collect($0, into: &read) }
        default: return false
        }
    }

    /// The output for every fetched row: `texts` are the fetched texts, `value` turns one
    /// aggregate's part back into its value (an estimate from its statistics).
    func column(named name: String, texts: [String?], aggregateTypes: [ValueType], context: EvaluationContext,
                value: (String, ValueType) throws(Diagnostic) -> Value) throws(Diagnostic) -> Column {
        var parts: [[Value]] = Array(repeating: [], count: aggregates.count)
        for text in texts {
            let pieces = (text ?? "").split(separator: Self.separator, omittingEmptySubsequences: false)
            for (k, i) in aggregates.enumerated() {
                let piece = k < pieces.count ? String(pieces[k]) : ""
                parts[k].append(piece.isEmpty ? .null : try value(piece, aggregateTypes[i]))
            }
        }
        // The evaluator reads aggregate i from the i-th column; the ones the output does not read stay empty.
        var columns = aggregateTypes.map { Column(name: "", type: $0, values: Array(repeating: .null, count: texts.count)) }
        for (k, i) in aggregates.enumerated() { columns[i] = Column(name: "", type: aggregateTypes[i], values: parts[k]) }
        let evaluator = Evaluator(columns: [], context: context, aggregates: columns)
        return try evaluator.materialize(NamedExpr(name: name, expr: expr), rowCount: texts.count)
    }
}
