/// The intervals of `bin(x, b1, b2, …)` and their labels, in order.
///
/// Each interval holds its lower break and not its upper one: `[b1, b2)`.
/// Integers with integer breaks are labelled by the whole numbers they hold,
/// `<18`, `18–29`, `30–49`, `50–64`, `65+` (a one-number interval is that
/// number, `18`); any other values by their breaks, `<2.5`, `2.5–<5`, `5+`
/// (`25%–<50%` for percents). The dash is an en dash (U+2013), so a label
/// never reads as a negative number: `-5–-1`.
///
/// The labels' order is the intervals' order, lowest first: a column that
/// `derive`/`select` make with `bin()` declares it as its `levels`
/// (``Evaluator/materialize(_:rowCount:)``), so groups and sorts follow the
/// intervals. ``labels(breaks:integer:)`` gives them for given breaks, and
/// ``labels(of:)`` for a typed `bin(…)` call.
///
/// ```swift
/// _ = BinLabels.labels(breaks: [.integer(18), .integer(30), .integer(65)], integer: true)
/// // ["<18", "18–29", "30–64", "65+"]
/// _ = BinLabels.labels(breaks: [.number(2.5), .number(5)], integer: false)
/// // ["<2.5", "2.5–<5", "5+"]
/// ```
struct BinLabels: Sendable {
    /// The breaks, increasing: integers, or numbers (percents and points as their fractions).
    let breaks: [Value]
    /// Whether the values and the breaks are integers (closed integer labels).
    let integer: Bool
    /// One label per interval, lowest first: `breaks.count + 1` of them.
    let labels: [String]

    init(breaks: [Value], integer: Bool) {
        self.breaks = breaks
        self.integer = integer
        labels = BinLabels.labels(breaks: breaks, integer: integer)
    }

    /// The labels of the intervals that `breaks` make, in order (lowest first).
    static func labels(breaks: [Value], integer: Bool) -> [String] {
        guard let first = breaks.first, let last = breaks.last else { return [] }
        var out = ["<" + text(first)]
        for (low, high) in zip(breaks, breaks.dropFirst()) {
            if integer, case .integer(let a) = low, case .integer(let b) = high {
                out.append(b - 1 == a ? text(low) : text(low) + "–" + String(b - 1))
            } else {
                out.append(text(low) + "–<" + text(high))
            }
        }
        out.append(text(last) + "+")
        return out
    }

    /// The labels of `e` in order when it is a call of `bin`, else nil: what
    /// a column made by `bin()` may declare as the order of its categories.
    static func labels(of e: TypedExpr) -> [String]? {
        guard case .call(let function, let args) = e.kind, function.name == "bin", let x = args.first else { return nil }
        let breaks = args.dropFirst().compactMap(\.constantValue)
        guard breaks.count == args.count - 1 else { return nil }
        return labels(breaks: breaks, integer: x.type == .integer && args.dropFirst().allSatisfy { $0.type == .integer })
    }

    /// The index of the interval `value` falls in; nil for null.
    func interval(of value: Value) -> Int? {
        // The first break above the value, by binary search.
        var low = 0, high = breaks.count
        switch value {
        case .null: return nil
        case .integer(let v) where integer:
            while low < high {
                let mid = (low + high) / 2
                if case .integer(let b) = breaks[mid], b <= v { low = mid + 1 } else { high = mid }
            }
        default:
            guard let v = value.numeric, !v.isNaN else { return nil }
            while low < high {
                let mid = (low + high) / 2
                if breaks[mid].numeric! <= v { low = mid + 1 } else { high = mid }
            }
        }
        return low
    }

    /// A break as written: `18`, `2.5`, `25%`, `5pp`.
    static func text(_ v: Value) -> String {
        switch v {
        case .percent: return ValueText.machine(v) + "%"
        case .points: return ValueText.machine(v) + "pp"
        default: return ValueText.machine(v)
        }
    }

    /// The type rule of `bin`: a number, then breaks written out as numbers of
    /// its kind, strictly increasing. Returns the breaks.
    static func typed(_ t: inout FunctionTyping) throws(Diagnostic) -> [Value] {
        let x = t.first
        try t.need(x.isNumeric || x == .null, "bin() puts numbers into intervals, not \(t.types[0].rawValue)")
        var breaks: [Value] = []
        for i in 1..<t.arguments.count {
            guard let b = t.constant(i), b.type.isNumeric else {
                try t.fail(.resolveBinBreaks, at: i, "bin()'s breaks are numbers written out (bin(age, 18, 30, 65)), not computed values")
            }
            let kind: ValueType = x == .percent || x == .points ? x : .number
            let bKind: ValueType = b.type == .percent || b.type == .points ? b.type : (b.type.isPlainNumeric ? .number : b.type)
            if x != .null, bKind != kind {
                try t.fail(.resolveBinBreaks, at: i, "bin() of \(x.rawValue) values needs \(kind == .number ? "plain numbers" : (kind == .percent ? "percents" : "percentage points")) as breaks, not \(b.type.rawValue)",
                           x == .percent ? ["write the breaks as percents: bin(x, 25%, 50%)"] : [])
            }
            if let previous = breaks.last, !(previous.numeric! < b.numeric!) {
                try t.fail(.resolveBinBreaks, at: i, "bin()'s breaks must increase: \(t.arguments[i].sourceText) does not come after \(t.arguments[i - 1].sourceText)")
            }
            breaks.append(b)
        }
        return breaks
    }
}

private extension TypedExpr {
    /// A constant as the user wrote it, for messages.
    var sourceText: String {
        constantValue.map(BinLabels.text) ?? "the value"
    }
}
