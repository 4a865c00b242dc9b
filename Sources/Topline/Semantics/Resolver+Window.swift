/// The typing rules of window aggregates (aggregates in `derive`).
extension Resolver {
    /// Whether `left / right` is a row's share of its window's total: `n / sum(n)` in `derive`,
    /// the numerator an integer or a number and the denominator the unweighted `sum` of the same
    /// expression (the same canonical text) over the row's group. Such a quotient is a percent
    /// (`12.5%`), where `integer / integer` is otherwise a number. On a weight or a design `sum`
    /// is Σwx, so `n / sum(n)` is no share there and stays a number.
    func isShareOfTotal(_ left: Expr, _ right: Expr, _ l: TypedExpr, _ r: TypedExpr, _ aggregates: [ResolvedAggregate]?,
                        _ schema: Schema) -> Bool {
        guard windowed, let aggregates, case .aggregate(let i) = r.kind, l.type.isPlainNumeric else { return false }
        let sum = aggregates[i]
        guard sum.function.name == "sum", sum.weight == nil, !schema.hasDesign,
              case .call(_, let arguments) = right.kind, arguments.count == 1 else { return false }
        return SourcePrinter.expression(arguments[0]) == SourcePrinter.expression(left)
    }

    /// `rank` or `row_number` outside `derive`.
    func windowOutsideDerive(_ name: Name) -> Diagnostic {
        error(.resolveWindow, "'\(name.text)' numbers the rows of a table and works only in 'derive'", at: name.range,
              hints: ["write: derive r = \(name.text)(\(name.text == "rank" ? "x desc" : "")) [by column]"])
    }
}
