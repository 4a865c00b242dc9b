/// The calendar functions: making dates and timestamps, and taking them apart.
/// Dates are days and timestamps microseconds (``CalendarDate``); `-` between them is in
/// ``TypeRules`` and ``Operators``, not here.
enum DateFunctions {
    static let all: [ScalarFunction] = [
        date, timestamp,
        part("year", "the year of a date or timestamp (2012)") { $0.year },
        part("quarter", "the quarter of the year, 1–4") { ($0.month + 2) / 3 },
        part("month", "the month, 1–12") { $0.month },
        part("day", "the day of the month, 1–31") { $0.day },
    ]

    /// `date("2012-01-31")`, `date(2012, 1, 31)`, `date(t)` of a timestamp.
    static let date = ScalarFunction(
        name: "date", arity: 1...3, syntax: "date(text) or date(year, month, day)",
        summary: "a date: from ISO text (\"2012-01-31\"; a time of day is dropped), from a timestamp, or from year, month and day",
        example: #"date("2012-01-31") + 30"#,
        type: { t throws(Diagnostic) in
            if t.types.count == 1 {
                try needCalendarText(t, "date")
                return .date
            }
            try t.need(t.types.count == 3, "date() takes one text, or a year, a month and a day")
            for i in 0..<3 where t.types[i] != .integer && t.types[i] != .null {
                try t.fail(at: i, "date(year, month, day) needs whole numbers, not \(t.types[i].rawValue)")
            }
            return .date
        },
        compile: { call in
            if call.arguments.count == 3 { return fromParts(call) }
            let a = call.arguments[0]
            let (range, context) = (call.range, call.context)
            return { row throws(Diagnostic) in
                switch try a(row) {
                case .date(let d): return .date(d)
                case .timestamp(let t): return .date(CalendarDate.day(ofMicroseconds: t))
                case .text(let s):
                    switch CalendarDate.parse(s) {
                    case .date(let d)?: return .date(d)
                    case .timestamp(let t)?: return .date(CalendarDate.day(ofMicroseconds: t))
                    case nil: throw invalid(s, "date", range: range, context: context)
                    }
                default: return .null
                }
            }
        })

    /// `timestamp("2012-01-31 13:45:00")`, `timestamp(d)` of a date (its midnight).
    static let timestamp = ScalarFunction(
        name: "timestamp", arity: 1...1, syntax: "timestamp(text)",
        summary: "a timestamp: from ISO text (\"2012-01-31 13:45:00\", \"…T13:45:00Z\", \"…+02:00\" kept in UTC) or from a date (its midnight)",
        example: #"timestamp("2012-01-31T13:45:00Z")"#,
        type: { t throws(Diagnostic) in
            try needCalendarText(t, "timestamp")
            return .timestamp
        },
        compile: { call in
            let a = call.arguments[0]
            let (range, context) = (call.range, call.context)
            return { row throws(Diagnostic) in
                switch try a(row) {
                case .timestamp(let t): return .timestamp(t)
                case .date(let d): return .timestamp(d * CalendarDate.microsecondsPerDay)
                case .text(let s):
                    switch CalendarDate.parse(s) {
                    case .date(let d)?: return .timestamp(d * CalendarDate.microsecondsPerDay)
                    case .timestamp(let t)?: return .timestamp(t)
                    case nil: throw invalid(s, "timestamp", range: range, context: context)
                    }
                default: return .null
                }
            }
        })

    /// A function of a date's (or a timestamp's day's) civil fields, as an integer.
    private static func part(_ name: String, _ summary: String,
                             _ field: @escaping @Sendable ((year: Int64, month: Int64, day: Int64)) -> Int64) -> ScalarFunction {
        ScalarFunction(
            name: name, arity: 1...1, syntax: "\(name)(date)", summary: summary,
            example: #"\#(name)(date("2012-08-31"))"#,
            type: { t throws(Diagnostic) in
                guard t.types[0].isTemporal || t.types[0] == .null else {
                    try t.fail(at: 0, "\(name)() needs a date or a timestamp, not \(t.types[0].rawValue)",
                               t.types[0] == .text ? ["date(x) reads ISO text (\"2012-01-31\") as a date"] : [])
                }
                return .integer
            },
            compile: { call in
                let a = call.arguments[0]
                return { row throws(Diagnostic) in
                    switch try a(row) {
                    case .date(let d): return .integer(field(CalendarDate.civil(d)))
                    case .timestamp(let t): return .integer(field(CalendarDate.civil(CalendarDate.day(ofMicroseconds: t))))
                    default: return .null
                    }
                }
            })
    }

    /// The argument of date()/timestamp() is text, a date or a timestamp; a constant text is read now.
    private static func needCalendarText(_ t: FunctionTyping, _ name: String) throws(Diagnostic) {
        let type = t.types[0]
        guard type == .text || type.isTemporal || type == .null else {
            try t.fail(at: 0, "\(name)() reads ISO text or a \(name == "date" ? "timestamp" : "date"), not \(type.rawValue)",
                       type == .integer && name == "date" ? ["date(year, month, day) builds a date from numbers"] : [])
        }
        if case .text(let s)? = t.constant(0), CalendarDate.parse(s) == nil {
            try t.fail(.resolveInvalidDate, at: 0, "\(SourcePrinter.quoted(s)) is not a \(name)", isoHint)
        }
    }

    private static let isoHint = ["write dates as ISO 8601: \"2012-01-31\", or \"2012-01-31 13:45:00\" with a time"]

    private static func invalid(_ text: String, _ name: String, range: SourceRange, context: EvaluationContext) -> Diagnostic {
        context.error(.runInvalidDate, "\(SourcePrinter.quoted(text)) is not a \(name)", at: range,
                      hints: isoHint + ["to make other text null: if(matches(x, \"^[0-9]{4}-[0-9]{2}-[0-9]{2}\"), \(name)(x), null)"])
    }

    /// `date(year, month, day)`: null if any part is null, an error for a day the calendar lacks.
    private static func fromParts(_ call: ScalarCall) -> RowFunction {
        let (y, m, d) = (call.arguments[0], call.arguments[1], call.arguments[2])
        let (range, context) = (call.range, call.context)
        return { row throws(Diagnostic) in
            guard case .integer(let year) = try y(row), case .integer(let month) = try m(row), case .integer(let day) = try d(row) else {
                return .null
            }
            guard CalendarDate.years.contains(year), (1...12).contains(month),
                  day >= 1, day <= CalendarDate.daysInMonth(year: year, month: month) else {
                throw context.error(.runInvalidDate, "date(\(year), \(month), \(day)) is not a day of the calendar", at: range,
                                    hints: ["years run 1–9999, months 1–12, days 1 to the month's last"])
            }
            return .date(CalendarDate.days(year: year, month: month, day: day))
        }
    }
}
