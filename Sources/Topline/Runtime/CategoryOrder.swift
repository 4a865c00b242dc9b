/// The order of the categories an expression makes, when the expression states one — what a
/// derived column declares as its `levels`, so groups, sorts, pivots and banner tables follow the
/// order the analyst wrote rather than the alphabet:
///
/// - `bin(age, 18, 30, 50)`: its intervals, `<18`, `18–29`, …, `50+`;
/// - `recode(q, ("very", "somewhat") -> "important", "not" -> "not important")`: its new values in
///   the order of its rules, then `else`'s (values it keeps as they are come after them);
/// - `case when … then "low" when … then "high" else "mid" end`: its values in branch order, then `else`'s.
///
/// Only when every such value is a text constant; nil otherwise.
enum CategoryOrder {
    static func of(_ e: TypedExpr) -> [String]? {
        if let bins = BinLabels.labels(of: e) { return bins }
        guard e.type == .text else { return nil }
        let values: [TypedExpr]
        switch e.kind {
        case .recode(let r): values = r.targets + (r.otherwise.map { [$0] } ?? [])
        case .caseWhen(let branches, let otherwise): values = branches.map(\.result) + (otherwise.map { [$0] } ?? [])
        default: return nil
        }
        var order: [String] = []
        for v in values {
            switch v.constantValue {
            case .text(let t)?: if !order.contains(t) { order.append(t) }
            case .null?: continue
            default: return nil
            }
        }
        return order.isEmpty ? nil : order
    }
}
