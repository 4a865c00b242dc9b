/// How PostgreSQL's types meet Topline's: the type a column gets, the SQL type its
/// values are fetched as, and the text of values both ways.
///
/// Integers of every width are integers (fetched as `bigint`); `real`, `double
/// precision` and `numeric` are numbers (fetched as `double precision`, a numeric's
/// NaN as null, as Topline has no NaN), or percents with the comment ``percentComment``; `boolean`, `date` stay what they are;
/// `timestamp` and `timestamp with time zone` are timestamps (fetched in UTC); every
/// other type is text (its text form).
enum PostgresTypes {
    /// The comment that marks a `double precision` column as percents (fractions: 0.125 is 12.5%), as
    /// `load … into` writes them; a column without it is a number.
    static let percentComment = "topline: percent"

    /// The SQL that turns a percent's text (`12.5%`, ` 7 % `) into its fraction, rounded once as Topline
    /// reads `12.5e-2`; an empty text is null.
    static func percentFromText(_ quotedColumn: String) -> String {
        let blanks = "' ' || chr(9)"
        return "CAST(NULLIF(rtrim(rtrim(btrim(\(quotedColumn), \(blanks)), '%'), \(blanks)), '') || 'e-2' AS double precision)"
    }

    /// The Topline type of a column of `dataType` (`information_schema.columns.data_type`) with the
    /// column comment `comment`.
    static func valueType(dataType: String, comment: String? = nil) -> ValueType {
        if comment == percentComment, ["real", "double precision", "numeric"].contains(dataType) { return .percent }
        switch dataType {
        case "smallint", "integer", "bigint": return .integer
        case "real", "double precision", "numeric": return .number
        case "boolean": return .boolean
        case "date": return .date
        case "timestamp without time zone", "timestamp with time zone": return .timestamp
        default: return .text
        }
    }

    /// The SQL type a value of `type` is computed and fetched in.
    static func sqlType(_ type: ValueType) -> String {
        switch type {
        case .integer: return "bigint"
        case .boolean: return "boolean"
        case .date: return "date"
        case .timestamp: return "timestamp"
        case .text, .null: return "text"
        case .number, .percent, .points, .ratio, .probability, .estimate: return "double precision"
        }
    }

    /// A column as the pushed-down query's first level reads it: in the SQL type of its
    /// Topline type, a NaN as null.
    static func normalized(_ quotedColumn: String, _ type: ValueType) -> String {
        switch type {
        case .number: return "NULLIF(CAST(\(quotedColumn) AS double precision), 'NaN')"
        default: return "CAST(\(quotedColumn) AS \(sqlType(type)))"
        }
    }

    /// The value of the server's text for a value fetched as `sqlType(type)`; text it
    /// cannot read (a date before year 1, `infinity`) is null.
    static func value(_ text: String?, as type: ValueType) -> Value {
        guard let text else { return .null }
        switch type {
        case .integer: return Int64(text).map(Value.integer) ?? .null
        case .boolean: return text == "t" ? .boolean(true) : text == "f" ? .boolean(false) : .null
        case .date:
            if case .date(let d)? = CalendarDate.parse(text) { return .date(d) }
            return .null
        case .timestamp:
            switch CalendarDate.parse(text) {
            case .timestamp(let t)?: return .timestamp(t)
            case .date(let d)?: return .timestamp(d * CalendarDate.microsecondsPerDay)
            case nil: return .null
            }
        case .text: return .text(text)
        case .number, .percent, .points, .ratio, .probability, .estimate:
            guard let d = Double(text), d.isFinite else { return .null }
            return Operators.wrap(d, as: type)
        case .null: return .null
        }
    }

    /// The text a value is bound as (nil: SQL null), for a parameter of `sqlType(value.type)`:
    /// percent and points as the fractions they are.
    static func parameter(_ value: Value) -> String? {
        switch value {
        case .null: return nil
        case .integer(let i): return String(i)
        case .number(let d), .percent(let d), .points(let d), .ratio(let d), .probability(let d):
            // Swift's shortest text reads back to the same double, as PostgreSQL's float8in does.
            return "\(d)"
        case .text(let s): return s
        case .boolean(let b): return b ? "true" : "false"
        case .date(let d): return CalendarDate.text(ofDay: d)
        case .timestamp(let t): return CalendarDate.text(ofMicroseconds: t)
        case .estimate(let e): return "\(e.proportion)"
        }
    }
}
