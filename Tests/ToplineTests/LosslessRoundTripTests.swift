import Foundation
import Testing
@testable import Topline

/// Issue 11, "nothing changes in a round trip": what a writer writes, the
/// reader reads back as the same table; what a reader cannot keep it says;
/// every loader error gives the line and column it knows.
@Suite struct LosslessRoundTripTests {
    // MARK: - Writing and reading back

    struct RoundTrip: CustomTestStringConvertible, Sendable {
        var name: String
        var input: String
        var format: OutputFormat
        var testDescription: String { name }
    }

    /// Each input is read, written in the same format, read again and written
    /// again: both tables and both texts must be equal.
    static let roundTrips: [RoundTrip] = [
        RoundTrip(name: "one-column CSV with a null row", input: "a\n\"\"\nx\n", format: .csv),
        RoundTrip(name: "one-column CSV, null first and last", input: "a\n\"\"\nx\n\"\"\n", format: .csv),
        RoundTrip(name: "one-column TSV with a null row", input: "a\n\"\"\nx\n", format: .tsv),
        RoundTrip(name: "TSV with backslashes, tabs and line breaks", input: "a\tb\nC:\\\\dir\\\\x\tone\\ttwo\\nthree\\rfour\n", format: .tsv),
        RoundTrip(name: "TSV value starting with a quote", input: "a\tb\n\"\"\"quoted\"\" start\"\tx\n", format: .tsv),
        RoundTrip(name: "TSV with a spreadsheet-quoted tab", input: "a\tb\n\"x\ty\"\tz\n", format: .tsv),
        RoundTrip(name: "CSV with quotes, commas and line breaks", input: "a,b\n\"x,\"\"y\"\"\nz\",1\n", format: .csv),
    ]

    @Test(arguments: roundTrips)
    func writingThenReadingChangesNothing(_ c: RoundTrip) throws {
        let separator: Character = c.format == .csv ? "," : "\t"
        let first = try loadCSV(c.input, separator: separator)
        let written = TableFormatter.render(first, as: c.format)
        let second = try loadCSV(written, separator: separator)
        #expect(second.rowCount == first.rowCount, "\(written.debugDescription)")
        #expect(second.rows == first.rows, "\(written.debugDescription)")
        #expect(second.types == first.types)
        #expect(TableFormatter.render(second, as: c.format) == written)
    }

    /// The reproduction: `a\n""\nx\n` was written `a\n\nx\n`, which reads back as one row.
    @Test func aNullInAOneColumnTableIsWrittenAsAnEmptyQuotedField() throws {
        let t = try loadCSV("a\n\"\"\nx\n")
        #expect(t.rows == [[.null], [.text("x")]])
        #expect(TableFormatter.render(t, as: .csv) == "a\n\"\"\nx\n")
        #expect(TableFormatter.render(t, as: .tsv) == "a\n\"\"\nx\n")
        // Two columns never make a blank line: nothing changes there.
        let two = try loadCSV("a,b\n,\nx,y\n")
        #expect(TableFormatter.render(two, as: .csv) == "a,b\n,\nx,y\n")
    }

    /// The reproduction: the writer escaped backslashes, the reader kept them, so they doubled on every cycle.
    @Test func tsvBackslashesDoNotDoubleOverCycles() throws {
        var text = "path\nC:\\\\dir\n"
        for _ in 0..<3 {
            let t = try loadCSV(text, separator: "\t")
            #expect(t.rows == [[.text("C:\\dir")]])
            text = TableFormatter.render(t, as: .tsv)
        }
        #expect(text == "path\nC:\\\\dir\n")
    }

    struct Escape: CustomTestStringConvertible, Sendable {
        var field: String
        var value: String?
        var testDescription: String { field.debugDescription }
    }

    static let tsvEscapes: [Escape] = [
        Escape(field: "a\\tb", value: "a\tb"),
        Escape(field: "a\\nb", value: "a\nb"),
        Escape(field: "a\\rb", value: "a\rb"),
        Escape(field: "a\\\\b", value: "a\\b"),
        Escape(field: "\\\\n", value: "\\n"),
        Escape(field: "a\\qb", value: "a\\qb"),  // unknown escapes are kept as written
        Escape(field: "end\\", value: "end\\"),
        Escape(field: "\"in \\t quotes\"", value: "in \\t quotes"),  // no escapes inside quotes
    ]

    @Test(arguments: tsvEscapes)
    func tsvReaderDecodesTheWritersEscapes(_ c: Escape) throws {
        let t = try loadCSV("v\tw\n\(c.field)\tx\n", separator: "\t")
        #expect(t[0, "v"] == c.value.map(Value.text) ?? .null)
        // Header names are decoded too.
        let h = try loadCSV("\(c.field)\n1\n", separator: "\t")
        #expect(h.columnNames == [c.value ?? ""])
    }

    @Test func csvKeepsBackslashesAsWritten() throws {
        let t = try loadCSV("v\nC:\\\\dir\\n\n")
        #expect(t[0, "v"] == .text("C:\\\\dir\\n"))
    }

    // MARK: - Line endings

    struct Endings: CustomTestStringConvertible, Sendable {
        var name: String
        var input: String
        var rows: [[Value]]
        var testDescription: String { name }
    }

    static let lineEndings: [Endings] = [
        Endings(name: "bare CR (the reproduction)", input: "a,b\r1,2\r3,4\r", rows: [[.integer(1), .integer(2)], [.integer(3), .integer(4)]]),
        Endings(name: "bare CR, no final break", input: "a,b\r1,2\r3,4", rows: [[.integer(1), .integer(2)], [.integer(3), .integer(4)]]),
        Endings(name: "bare CR with blank lines", input: "a,b\r\r1,2\r\r\r3,4\r", rows: [[.integer(1), .integer(2)], [.integer(3), .integer(4)]]),
        Endings(name: "bare CR, quoted CR inside a field", input: "a,b\r\"x\ry\",2\r", rows: [[.text("x\ry"), .integer(2)]]),
        Endings(name: "bare CR, quoted header with a line break", input: "\"a\nb\",c\r1,2\r", rows: [[.integer(1), .integer(2)]]),
        Endings(name: "CR, then a CRLF later", input: "a,b\r1,2\r\n3,4\r", rows: [[.integer(1), .integer(2)], [.integer(3), .integer(4)]]),
        Endings(name: "CRLF", input: "a,b\r\n1,2\r\n", rows: [[.integer(1), .integer(2)]]),
        Endings(name: "LF keeps a CR inside a line as data", input: "a,b\nx\ry,2\n", rows: [[.text("x\ry"), .integer(2)]]),
        Endings(name: "LF file with a quoted CR in its header", input: "\"a\rb\",c\n1,2\n", rows: [[.integer(1), .integer(2)]]),
    ]

    @Test(arguments: lineEndings)
    func lineEndingsAreRows(_ c: Endings) throws {
        let t = try loadCSV(c.input)
        #expect(t.columns.count == 2)
        #expect(t.rows == c.rows)
    }

    @Test func bareCRTSVAndErrorLines() throws {
        let t = try loadCSV("a\tb\r1\t2\r", separator: "\t")
        #expect(t.rows == [[.integer(1), .integer(2)]])
        // Lines are counted by CR in such a file.
        let d = try #require(loadFailure { () throws(Diagnostic) in try loadCSV("a,b\r1,2\r3\r") })
        #expect(d.id == .loadRaggedRow)
        #expect(d.dataLine == 3)
        #expect(d.dataColumn == 2)
    }

    // MARK: - Integers a number column cannot hold

    struct Inexact: CustomTestStringConvertible, Sendable {
        var name: String
        var input: String
        var json: Bool = false
        /// The warning's message and line, or nil for none.
        var message: String?
        var line: Int?
        var column: Int?
        var testDescription: String { name }
    }

    static let inexact: [Inexact] = [
        Inexact(name: "2^53 + 1 next to a decimal (the reproduction)", input: "v\n9007199254740993\n0.5\n",
                message: "column 'v' holds numbers, so its whole number 9007199254740993 on line 2 is stored as 9007199254740992",
                line: 2, column: 1),
        Inexact(name: "a decimal first", input: "id,v\n1,0.5\n2,-9007199254740993\n3,9007199254740995\n",
                message: "column 'v' holds numbers, so its whole number -9007199254740993 on line 3 is stored as -9007199254740992 (and 1 more value of the column)",
                line: 3, column: 3),
        Inexact(name: "beyond Int64", input: "v\n1\n99999999999999999999\n",
                message: "column 'v' holds numbers, so its whole number 99999999999999999999 on line 3 is stored as 100000000000000000000",
                line: 3, column: 1),
        Inexact(name: "Int64.max widened", input: "v\n9223372036854775807\n1.5\n",
                message: "column 'v' holds numbers, so its whole number 9223372036854775807 on line 2 is stored as 9223372036854775808",
                line: 2, column: 1),
        Inexact(name: "quoted on a later line of its row", input: "a,v\n\"x\ny\",9007199254740993\n2,0.5\n",
                message: "column 'v' holds numbers, so its whole number 9007199254740993 on line 3 is stored as 9007199254740992",
                line: 3, column: 4),
        Inexact(name: "JSON", input: #"[{"v": 0.5}, {"v": 9007199254740993}]"#, json: true,
                message: "column 'v' holds numbers, so its whole number 9007199254740993 on line 1 is stored as 9007199254740992",
                line: 1, column: 14),
        Inexact(name: "2^53 itself is exact", input: "v\n9007199254740992\n0.5\n"),
        Inexact(name: "big exact powers of two", input: "v\n18446744073709551616\n0.5\n"),
        Inexact(name: "integers alone stay exact", input: "v\n9007199254740993\n9223372036854775807\n"),
        Inexact(name: "text keeps every digit", input: "v\n9007199254740993\nx\n"),
        Inexact(name: "decimals are not whole numbers", input: "v\n0.1\n9007199254740993.0\n"),
    ]

    @Test(arguments: inexact)
    func aWholeNumberANumberColumnCannotHoldIsAWarning(_ c: Inexact) throws {
        var warnings: [Diagnostic] = []
        let bytes = Array(c.input.utf8)
        if c.json {
            _ = try DatasetReader.readJSON(bytes: bytes, fileName: "t.json") { warnings.append($0) }
        } else {
            _ = try DatasetReader.readDelimited(bytes: bytes, separator: UInt8(ascii: ","), fileName: "t.csv") { warnings.append($0) }
        }
        guard let message = c.message else {
            #expect(warnings.isEmpty, "\(warnings.map(\.message))")
            return
        }
        try #require(warnings.count == 1, "\(warnings.map(\.message))")
        #expect(warnings[0].id == .loadInexactNumber)
        #expect(warnings[0].severity == .warning)
        #expect(warnings[0].message == message)
        #expect(warnings[0].dataLine == c.line)
        #expect(warnings[0].dataColumn == c.column)
    }

    @Test func theLoadStatementReportsTheWarningAndStillLoads() throws {
        try TemporaryFolder.with { dir in
            try "id,v\n9007199254740993,1\n0.5,2\n".write(toFile: dir + "/big.csv", atomically: true, encoding: .utf8)
            let session = Session(workingDirectory: dir)
            let outcome = session.run("load \"big.csv\"\nfrom big", fileName: "q.tq")
            #expect(outcome.succeeded)
            #expect(outcome.diagnostics.map(\.id) == [.loadInexactNumber])
            #expect(outcome.diagnostics.first?.file == "big.csv")
            #expect(DiagnosticRenderer.render(outcome.diagnostics[0], source: nil).hasPrefix(
                "big.csv:2:1: warning: column 'id' holds numbers, so its whole number 9007199254740993"))
            #expect(session.datasetInfo(named: "big")?.loadWarnings.map(\.id) == [.loadInexactNumber])
            // Read later (projection pushdown deferred the column): the warning comes then.
            let later = Session(workingDirectory: dir)
            let first = later.run("load \"big.csv\"\nfrom big | select v", fileName: "q.tq")
            #expect(first.diagnostics.isEmpty)
            let second = later.run("from big | select id", fileName: "r.tq")
            #expect(second.diagnostics.map(\.id) == [.loadInexactNumber])
        }
    }

    // MARK: - Positions of loader errors

    struct Position: CustomTestStringConvertible, Sendable {
        var name: String
        var input: [UInt8]
        var format: DatasetReader.Format
        var id: DiagnosticID
        var line: Int
        var column: Int
        var testDescription: String { name }
        init(_ name: String, _ input: String, _ format: DatasetReader.Format = .csv, _ id: DiagnosticID, _ line: Int, _ column: Int) {
            self.init(name, Array(input.utf8), format, id, line, column)
        }
        init(_ name: String, _ input: [UInt8], _ format: DatasetReader.Format = .csv, _ id: DiagnosticID, _ line: Int, _ column: Int) {
            self.name = name; self.input = input; self.format = format; self.id = id; self.line = line; self.column = column
        }
    }

    static let positions: [Position] = [
        Position("JSON trailing comma (the reproduction)", "[{\"a\":1,}]", .json, .loadJsonSyntax, 1, 9),
        Position("JSON on a later line", "[\n  {\"a\": 1},\n  {\"a\" 2}\n]", .json, .loadJsonSyntax, 3, 8),
        Position("JSON shape", "[1]", .json, .loadJsonShape, 1, 2),
        Position("NDJSON shape", "{\"a\": 1}\n  [1]\n", .ndjson, .loadJsonShape, 2, 3),
        Position("JSON nested too deep", "[{\"a\":" + String(repeating: "[", count: 600), .json, .loadJsonTooDeep, 1, 261),
        Position("JSON escaped NUL", "[{\"a\": \"xy\\u0000\"}]", .json, .loadNulByte, 1, 11),
        Position("JSON raw NUL", Array("[{\"a\": \"x".utf8) + [0] + Array("\"}]".utf8), .json, .loadNulByte, 1, 10),
        Position("JSON invalid UTF-8", Array("[{\"a\":\n \"é".utf8) + [0xFF] + Array("\"}]".utf8), .json, .loadInvalidUtf8, 2, 4),
        Position("CSV too many fields", "a,b\n1,2,3\n", .csv, .loadRaggedRow, 2, 5),
        Position("CSV too few fields", "a,b\n1\n", .csv, .loadRaggedRow, 2, 2),
        Position("CSV too few after a multi-line field", "a,b,c\n\"x\ny\",1\n", .csv, .loadRaggedRow, 3, 5),
        Position("CSV unterminated quote", "a,b\n1,\"open\n", .csv, .loadUnterminatedQuote, 2, 3),
        Position("CSV text after a quote", "a,b\n\"x\"y,1\n", .csv, .loadTextAfterQuote, 2, 4),
        Position("CSV NUL byte", Array("a,b\nxy,z".utf8) + [0] + Array("\n".utf8), .csv, .loadNulByte, 2, 5),
        Position("CSV invalid UTF-8 after wide characters", Array("a\n日本".utf8) + [0xFF], .csv, .loadInvalidUtf8, 2, 3),
        Position("CSV invalid UTF-8 after a BOM", [0xEF, 0xBB, 0xBF] + Array("ab".utf8) + [0xC3], .csv, .loadInvalidUtf8, 1, 3),
        Position("CSV with CR line endings", Array("a\rb".utf8) + [0], .csv, .loadNulByte, 2, 2),
    ]

    @Test(arguments: positions)
    func loaderErrorsGiveLineAndColumn(_ c: Position) throws {
        let d = try #require(loadFailure { () throws(Diagnostic) in
            switch c.format {
            case .json: return try DatasetReader.readJSON(bytes: c.input, fileName: "d.json")
            case .ndjson: return try DatasetReader.readNDJSON(bytes: c.input, fileName: "d.ndjson")
            default: return try DatasetReader.readDelimited(bytes: c.input, separator: UInt8(ascii: ","), fileName: "d.csv")
            }
        })
        #expect(d.id == c.id, "\(d.message)")
        #expect(d.dataLine == c.line, "\(d.message)")
        #expect(d.dataColumn == c.column, "\(d.message)")
        // --errors json carries both; the text form shows file:line:column.
        let json = DiagnosticJSON.encode(d, source: nil)
        #expect(json.contains("\"line\":\(c.line),\"column\":\(c.column),"), "\(json)")
        #expect(DiagnosticRenderer.render(d, source: nil).hasPrefix("\(d.file!):\(c.line):\(c.column): error: "))
    }

    @Test func theReproductionThroughASession() throws {
        try TemporaryFolder.with { dir in
            try "[{\"a\":1,}]".write(toFile: dir + "/bad.json", atomically: true, encoding: .utf8)
            let session = Session(workingDirectory: dir)
            let outcome = session.run("load \"bad.json\"", fileName: "q.tq")
            let d = try #require(outcome.diagnostics.first)
            #expect(DiagnosticJSON.encode(d, source: outcome.source).contains("\"file\":\"bad.json\",\"line\":1,\"column\":9,"))
        }
    }

    // MARK: - Characters in messages

    struct Shown: CustomTestStringConvertible, Sendable {
        var input: String
        var message: String
        var testDescription: String { input.debugDescription }
    }

    static let shownCharacters: [Shown] = [
        Shown(input: "[{\"a\": \"\\ð\"}]", message: "invalid JSON at line 1, column 9: invalid escape '\\ð' in a string"),
        Shown(input: "[{\"a\": \"\\日本\"}]", message: "invalid JSON at line 1, column 9: invalid escape '\\日' in a string"),
        Shown(input: "[{\"a\": \"\\😀\"}]", message: "invalid JSON at line 1, column 9: invalid escape '\\😀' in a string"),
        Shown(input: "[{\"a\": \"\\x\"}]", message: "invalid JSON at line 1, column 9: invalid escape '\\x' in a string"),
        Shown(input: "[{\"a\": \"\\\u{7F}\"}]", message: "invalid JSON at line 1, column 9: invalid escape '\\' followed by U+007F in a string"),
        Shown(input: "[{\"a\": é}]", message: "invalid JSON at line 1, column 8: expected a value, found 'é'"),
        Shown(input: "[{\"a\": \u{1B}}]", message: "invalid JSON at line 1, column 8: expected a value, found U+001B"),
    ]

    @Test(arguments: shownCharacters)
    func messagesShowTheWholeCharacter(_ c: Shown) throws {
        let d = try #require(loadFailure { () throws(Diagnostic) in try loadJSON(c.input) })
        #expect(d.message == c.message)
    }

    @Test func textAfterAQuoteShowsTheCharacter() throws {
        let d = try #require(loadFailure { () throws(Diagnostic) in try loadCSV("a,b\n\"x\"é,1\n") })
        #expect(d.message == "line 2 has 'é' after the closing quote of a field")
        let e = try #require(loadFailure { () throws(Diagnostic) in try loadCSV("a,b\n\"x\"\u{1B},1\n") })
        #expect(e.message == "line 2 has U+001B after the closing quote of a field")
    }
}

/// A fresh folder for a test, removed afterwards.
enum TemporaryFolder {
    static func with(_ body: (String) throws -> Void) throws {
        let dir = NSTemporaryDirectory() + "topline-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try body(dir)
    }
}
