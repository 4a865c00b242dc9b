/// One typed value: a cell of a ``Table`` or the result of an expression.
///
/// Percent and percentage points are stored as fractions, so `16%` is
/// `.percent(0.16)` and `+41 pp` is `.points(0.41)`.
public enum Value: Hashable, Sendable {
    case null
    case integer(Int64)
    case number(Double)
    case percent(Double)
    case points(Double)
    case ratio(Double)
    case probability(Double)
    case text(String)
    case boolean(Bool)
    /// Days since 1970-01-01 (``CalendarDate``).
    case date(Int64)
    /// Microseconds since 1970-01-01 00:00:00 UTC.
    case timestamp(Int64)
    case estimate(Estimate)

    /// The type of this value; `.null` for null.
    public var type: ValueType {
        switch self {
        case .null: return .null
        case .integer: return .integer
        case .number: return .number
        case .percent: return .percent
        case .points: return .points
        case .ratio: return .ratio
        case .probability: return .probability
        case .text: return .text
        case .boolean: return .boolean
        case .date: return .date
        case .timestamp: return .timestamp
        case .estimate: return .estimate
        }
    }

    public var isNull: Bool { if case .null = self { return true } else { return false } }

    /// The number underneath numeric values (fractions for percent, points and
    /// estimates); nil for null, text and booleans.
    public var numeric: Double? {
        switch self {
        case .integer(let i): return Double(i)
        case .number(let d), .percent(let d), .points(let d), .ratio(let d), .probability(let d): return d
        case .estimate(let e): return e.proportion
        case .null, .text, .boolean, .date, .timestamp: return nil
        }
    }
}
