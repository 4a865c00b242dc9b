/// The type of a value or column, decided by the Resolver before any row is read.
public enum ValueType: String, Hashable, Sendable, Codable, CaseIterable {
    case integer
    case number
    /// A share, stored as a fraction: `16%` is 0.16.
    case percent
    /// A difference of percentages, stored as a fraction: `+41 pp` is 0.41.
    case points
    /// A quotient such as `57% / 16%`, printed `3.56×`.
    case ratio
    /// The p-value of a test, printed as R prints p-values (`0.01457`, `5.165e-07`, `< 2.2e-16`).
    case probability
    case text
    case boolean
    /// A calendar day (ISO `2012-01-31`), stored as days since 1970-01-01.
    case date
    /// A moment (ISO `2012-01-31 13:45:00`), stored as microseconds since 1970-01-01 00:00 UTC.
    case timestamp
    /// A proportion with its base n (see ``Estimate``).
    case estimate
    /// The type of the literal `null` and of all-empty columns.
    case null

    /// Integer or number: plain quantities that arithmetic treats alike.
    public var isPlainNumeric: Bool { self == .integer || self == .number }

    /// Any type whose values are numbers underneath.
    public var isNumeric: Bool {
        switch self {
        case .integer, .number, .percent, .points, .ratio, .probability, .estimate: return true
        case .text, .boolean, .date, .timestamp, .null: return false
        }
    }

    /// A date or a timestamp: values on the calendar, ordered, differenced in days.
    public var isTemporal: Bool { self == .date || self == .timestamp }
}
