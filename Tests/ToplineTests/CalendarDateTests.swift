import Foundation
import Testing
import ToplineTestSupport
@testable import Topline

/// ISO 8601 text to dates and timestamps and back, and what a load infers from it.
/// (The calendar arithmetic itself is checked against DuckDB in ``DateOracleTests``.)
@Suite struct CalendarDateTests {
    struct ParseCase: CustomTestStringConvertible, Sendable {
        var text: String
        var expected: String?
        var kind: String = "date"
        var testDescription: String { text }
    }

    static let parses: [ParseCase] = [
        ParseCase(text: "2012-01-31", expected: "2012-01-31"),
        ParseCase(text: "0001-01-01", expected: "0001-01-01"),
        ParseCase(text: "9999-12-31", expected: "9999-12-31"),
        ParseCase(text: "2000-02-29", expected: "2000-02-29"),
        ParseCase(text: "1900-02-29", expected: nil),
        ParseCase(text: "2012-02-30", expected: nil),
        ParseCase(text: "2012-13-01", expected: nil),
        ParseCase(text: "0000-01-01", expected: nil),
        ParseCase(text: "2012-1-31", expected: nil),
        ParseCase(text: "2012/01/31", expected: nil),
        ParseCase(text: "31/01/2012", expected: nil),
        ParseCase(text: " 2012-01-31", expected: nil),
        ParseCase(text: "2012-01-31 ", expected: nil),
        ParseCase(text: "2012-01-31T", expected: nil),
        ParseCase(text: "2012-01-31 13:45", expected: "2012-01-31 13:45:00", kind: "timestamp"),
        ParseCase(text: "2012-01-31T13:45:07", expected: "2012-01-31 13:45:07", kind: "timestamp"),
        ParseCase(text: "2012-01-31 13:45:07.5", expected: "2012-01-31 13:45:07.5", kind: "timestamp"),
        ParseCase(text: "2012-01-31 13:45:07.000001", expected: "2012-01-31 13:45:07.000001", kind: "timestamp"),
        ParseCase(text: "2012-01-31 13:45:07.1234567", expected: nil),
        ParseCase(text: "2012-01-31 13:45:07.", expected: nil),
        ParseCase(text: "2012-01-31T13:45:07Z", expected: "2012-01-31 13:45:07", kind: "timestamp"),
        ParseCase(text: "2012-01-31T13:45:07+02:00", expected: "2012-01-31 11:45:07", kind: "timestamp"),
        ParseCase(text: "2012-01-31T01:00:00+02:00", expected: "2012-01-30 23:00:00", kind: "timestamp"),
        ParseCase(text: "2012-12-31T23:30:00-01:00", expected: "2013-01-01 00:30:00", kind: "timestamp"),
        ParseCase(text: "1969-12-31 23:59:59.999999", expected: "1969-12-31 23:59:59.999999", kind: "timestamp"),
        ParseCase(text: "2012-01-31 24:00", expected: nil),
        ParseCase(text: "2012-01-31 13:60", expected: nil),
        ParseCase(text: "2012-01-31 13:45:60", expected: nil),
        ParseCase(text: "2012-01-31 13:45+0200", expected: nil),
        ParseCase(text: "2012-01-31 13", expected: nil),
        ParseCase(text: "", expected: nil),
    ]

    @Test(arguments: parses)
    func parsesISOText(_ c: ParseCase) {
        let parsed = CalendarDate.parse(c.text)
        switch parsed {
        case .date(let d)?:
            #expect(c.kind == "date")
            #expect(CalendarDate.text(ofDay: d) == c.expected)
        case .timestamp(let t)?:
            #expect(c.kind == "timestamp")
            #expect(CalendarDate.text(ofMicroseconds: t) == c.expected)
        case nil:
            #expect(c.expected == nil)
        }
    }

    /// Every day from 1890 to 2110 (where survey dates fall) and every 7th day of the rest.
    @Test func theCalendarRoundTrips() {
        let dense = CalendarDate.days(year: 1890, month: 1, day: 1)...CalendarDate.days(year: 2110, month: 12, day: 31)
        var previous: (year: Int64, month: Int64, day: Int64)?
        for n in CalendarDate.dayRange where dense.contains(n) || n % 7 == 0 {
            let c = CalendarDate.civil(n)
            #expect(CalendarDate.days(year: c.year, month: c.month, day: c.day) == n)
            if dense.contains(n), let p = previous, p.day == CalendarDate.daysInMonth(year: p.year, month: p.month) {
                #expect(c.day == 1)
            }
            previous = c
            if n % 50_000 == 0 {
                #expect(CalendarDate.parse(CalendarDate.text(ofDay: n)) == .date(n))
            }
        }
        #expect(CalendarDate.civil(CalendarDate.dayRange.lowerBound) == (1, 1, 1))
        #expect(CalendarDate.civil(CalendarDate.dayRange.upperBound) == (9999, 12, 31))
        #expect(CalendarDate.civil(0) == (1970, 1, 1))
    }

    struct InferenceCase: CustomTestStringConvertible, Sendable {
        var name: String
        var cells: [String]
        var type: ValueType
        var shown: [String]
        var testDescription: String { name }
    }

    static let inferences: [InferenceCase] = [
        InferenceCase(name: "dates", cells: ["2012-01-31", "", "1999-12-31"], type: .date, shown: ["2012-01-31", "", "1999-12-31"]),
        InferenceCase(name: "dates then a time: timestamps", cells: ["2012-01-31", "2012-02-01 08:30"], type: .timestamp,
                      shown: ["2012-01-31 00:00:00", "2012-02-01 08:30:00"]),
        InferenceCase(name: "a time then dates: timestamps", cells: ["2012-02-01T08:30:00Z", "2012-01-31"], type: .timestamp,
                      shown: ["2012-02-01 08:30:00", "2012-01-31 00:00:00"]),
        InferenceCase(name: "dates then text: text as written", cells: ["2012-01-31", "2012-1-31", "soon"], type: .text,
                      shown: ["2012-01-31", "2012-1-31", "soon"]),
        InferenceCase(name: "an impossible day: text", cells: ["2012-01-31", "2012-02-30"], type: .text, shown: ["2012-01-31", "2012-02-30"]),
        InferenceCase(name: "years alone: integers", cells: ["2012", "2016"], type: .integer, shown: ["2012", "2016"]),
        InferenceCase(name: "a year then a date: text", cells: ["2012", "2012-01-31"], type: .text, shown: ["2012", "2012-01-31"]),
    ]

    @Test(arguments: inferences)
    func loadInfersTheType(_ c: InferenceCase) throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let csv = "i,v\n" + c.cells.enumerated().map { "\($0),\($1)" }.joined(separator: "\n") + "\n"
        dir.write("d.csv", csv)
        let json = "[" + c.cells.enumerated().map { $1.isEmpty ? "{\"i\": \($0), \"v\": null}" : "{\"i\": \($0), \"v\": \"\($1)\"}" }.joined(separator: ",") + "]"
        dir.write("d.json", json)
        for file in ["d.csv", "d.json"] {
            let session = Session()
            let outcome = session.run("load \"\(dir.file(file))\" as d", fileName: "t.tq")
            try #require(outcome.succeeded, "\(outcome.diagnostics.map(\.message))")
            let column = try #require(session.datasetInfo(named: "d")?.table.column(named: "v"))
            #expect(column.type == c.type, "\(file)")
            #expect((0..<column.count).map { ValueText.machine(column[$0]) } == c.shown, "\(file)")
        }
    }

    @Test func aCSVOfDatesReadsBackTheSame() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        dir.write("d.csv", "day,at\n2012-01-31,2012-01-31 13:45:00.25\n,1969-12-31T23:00:00-01:00\n")
        let session = Session()
        let outcome = session.run("load \"\(dir.file("d.csv"))\" as d\nfrom d", fileName: "t.tq")
        let table = try #require(outcome.tables.last)
        let csv = TableFormatter.render(table, as: .csv)
        #expect(csv == "day,at\n2012-01-31,2012-01-31 13:45:00.25\n,1970-01-01 00:00:00\n")
        let json = TableFormatter.render(table, as: .json)
        #expect(json.contains(#"{"day":"2012-01-31","at":"2012-01-31 13:45:00.25"}"#))
        #expect(json.contains(#"{"day":null,"at":"1970-01-01 00:00:00"}"#))
        let again = try JSONDecoder().decode(Table.self, from: JSONEncoder().encode(table))
        #expect(again.columns.map(\.type) == [.date, .timestamp])
        #expect(again[0, "day"] == table[0, "day"] && again[1, "at"] == table[1, "at"])
    }
}
