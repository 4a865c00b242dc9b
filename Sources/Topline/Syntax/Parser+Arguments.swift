/// The two argument forms of a call that are not plain expressions:
/// `count(*)` and the direction of `rank(x desc)`.
extension Parser {
    /// argument = expr , [ "asc" | "desc" ] ;  the direction only in a call to a
    /// function that orders rows (``AggregateFunction/ordersRows``: `rank`).
    mutating func parseArgument(of function: String, depth: Int) -> ExprArena.ID? {
        guard let argument = parseNode(depth: depth) else { return nil }
        guard FunctionCatalog.aggregate(named: function)?.ordersRows == true else { return argument }
        let end = current.range
        if accept(.desc, needsMore: false) { return exprs.add(.descending(argument), exprs.range(of: argument).union(end)) }
        // `asc` is the default order: accepted, and printed back without it.
        _ = accept(.asc, needsMore: false)
        return argument
    }

    /// `count(*)`, SQL's spelling of `count()`: the `*` is read and the call has no argument.
    /// Elsewhere `f(*)` is an error that says so (the statement is then dropped, as after any syntax error).
    mutating func acceptCountStar(_ function: String) -> Bool {
        guard case .symbol(.star) = current.kind, case .symbol(.rightParen) = peek(1).kind else { return false }
        if function != "count" {
            error(.parseExpectedExpression, "'*' stands for the rows only in count(*); \(function)() needs an argument", at: current.range,
                  hints: ["e.g. \(function)(column)"])
        }
        advance()
        return true
    }
}
