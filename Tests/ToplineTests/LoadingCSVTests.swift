import Testing
@testable import Topline

@Suite struct LoadingCSVTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let input: String
        let header: [String]
        let rows: [[Value]]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "LF with trailing newline", input: "a,b\nx,y\nz,w\n",
             header: ["a", "b"], rows: [[.text("x"), .text("y")], [.text("z"), .text("w")]]),
        Case(name: "no trailing newline", input: "a,b\nx,y\nz,w",
             header: ["a", "b"], rows: [[.text("x"), .text("y")], [.text("z"), .text("w")]]),
        Case(name: "CRLF", input: "a,b\r\nx,y\r\nz,w\r\n",
             header: ["a", "b"], rows: [[.text("x"), .text("y")], [.text("z"), .text("w")]]),
        Case(name: "CRLF without final newline", input: "a,b\r\nx,y",
             header: ["a", "b"], rows: [[.text("x"), .text("y")]]),
        Case(name: "final empty lines ignored", input: "a\nx\n\n\n",
             header: ["a"], rows: [[.text("x")]]),
        Case(name: "blank lines in the middle skipped", input: "a,b\n\nx,y\r\n\r\nz,w\n",
             header: ["a", "b"], rows: [[.text("x"), .text("y")], [.text("z"), .text("w")]]),
        Case(name: "UTF-8 BOM skipped", input: "\u{FEFF}a,b\nx,y\n",
             header: ["a", "b"], rows: [[.text("x"), .text("y")]]),
        Case(name: "quoted separator", input: "a,b\n\"x,1\",y\n",
             header: ["a", "b"], rows: [[.text("x,1"), .text("y")]]),
        Case(name: "doubled quotes", input: "a,b\n\"say \"\"hi\"\"\",\"\"\"\"\n",
             header: ["a", "b"], rows: [[.text("say \"hi\""), .text("\"")]]),
        Case(name: "embedded newlines", input: "a,b\n\"line 1\nline 2\",\"x\r\ny\"\nz,w\n",
             header: ["a", "b"], rows: [[.text("line 1\nline 2"), .text("x\r\ny")], [.text("z"), .text("w")]]),
        Case(name: "quoted last field before CRLF", input: "a,b\r\nx,\"y\"\r\nz,\"w\"",
             header: ["a", "b"], rows: [[.text("x"), .text("y")], [.text("z"), .text("w")]]),
        Case(name: "empty cells are null", input: "a,b,c\n,x,\n\"\",,\n",
             header: ["a", "b", "c"], rows: [[.null, .text("x"), .null], [.null, .null, .null]]),
        Case(name: "spaces are text, not null", input: "a,b\n ,x\n",
             header: ["a", "b"], rows: [[.text(" "), .text("x")]]),
        Case(name: "quote inside an unquoted field is literal", input: "a\n5\" disk\n",
             header: ["a"], rows: [[.text("5\" disk")]]),
        Case(name: "quoted numbers are numbers", input: "a\n\"1\"\n\"2\"\n",
             header: ["a"], rows: [[.integer(1)], [.integer(2)]]),
        Case(name: "unicode", input: "name\nZürich\n東京\n",
             header: ["name"], rows: [[.text("Zürich")], [.text("東京")]]),
        Case(name: "empty header names become column_N", input: ",b,\n1,2,3\n",
             header: ["column_1", "b", "column_3"], rows: [[.integer(1), .integer(2), .integer(3)]]),
        Case(name: "duplicate header names get suffixes", input: "x,y,x,x\n1,2,3,4\n",
             header: ["x", "y", "x_2", "x_3"], rows: [[.integer(1), .integer(2), .integer(3), .integer(4)]]),
        Case(name: "suffix skips names already in the header", input: "x,x,x_2\n1,2,3\n",
             header: ["x", "x_3", "x_2"], rows: [[.integer(1), .integer(2), .integer(3)]]),
        Case(name: "quoted header", input: "\"a,b\",\"c\"\"d\"\n1,2\n",
             header: ["a,b", "c\"d"], rows: [[.integer(1), .integer(2)]]),
    ]

    @Test(arguments: cases)
    func parses(_ c: Case) throws {
        let t = try loadCSV(c.input)
        #expect(t.columnNames == c.header)
        #expect(t.rows == c.rows)
    }

    @Test func headerOnlyGivesEmptyTextColumns() throws {
        for input in ["a,b", "a,b\n", "a,b\r\n\r\n"] {
            let t = try loadCSV(input)
            #expect(t.rowCount == 0)
            #expect(t.columnNames == ["a", "b"])
            #expect(t.types == [.text, .text])
            guard case .texts(let codes, let dictionary) = t.columns[0].storage else {
                Issue.record("expected text storage"); return
            }
            #expect(codes.isEmpty && dictionary.isEmpty)
        }
    }

    @Test func tabSeparated() throws {
        let t = try loadCSV("region\tshare\nNorth, East\t16%\n\"tab\there\"\t3%\n", separator: "\t")
        #expect(t.columnNames == ["region", "share"])
        #expect(t.rows == [[.text("North, East"), .percent(0.16)], [.text("tab\there"), .percent(0.03)]])
    }

    struct ErrorCase: CustomTestStringConvertible, Sendable {
        let name: String
        let input: [UInt8]
        let id: String
        let line: Int?
        let message: String
        var testDescription: String { name }
        init(_ name: String, _ input: String, _ id: String, _ line: Int?, _ message: String) {
            self.init(name, Array(input.utf8), id, line, message)
        }
        init(_ name: String, _ input: [UInt8], _ id: String, _ line: Int?, _ message: String) {
            self.name = name; self.input = input; self.id = id; self.line = line; self.message = message
        }
    }

    static let errorCases: [ErrorCase] = [
        ErrorCase("too few fields", "a,b\n1,2\n3\n", "load.ragged-row", 3, "line 3 has 1 field, expected 2 (header has 2)"),
        ErrorCase("too many fields", "a,b\n1,2,3,4\n", "load.ragged-row", 2, "line 2 has 4 fields, expected 2 (header has 2)"),
        ErrorCase("ragged after a multi-line field", "a,b\n\"x\ny\",1\n\n1\n", "load.ragged-row", 5,
                  "line 5 has 1 field, expected 2 (header has 2)"),
        ErrorCase("unterminated quote", "a,b\n1,2\n3,\"open\n4,5\n", "load.unterminated-quote", 3,
                  "line 3 opens a quoted field that is never closed"),
        ErrorCase("unterminated quote in header", "\"a,b\n", "load.unterminated-quote", 1,
                  "line 1 opens a quoted field that is never closed"),
        ErrorCase("text after closing quote", "a,b\n\"x\"y,1\n", "load.text-after-quote", 2,
                  "line 2 has 'y' after the closing quote of a field"),
        ErrorCase("invalid UTF-8", [UInt8]("a\nok\nbad ".utf8) + [0xFF] + [UInt8]("\n".utf8), "load.invalid-utf8", 3,
                  "line 3 is not valid UTF-8"),
        ErrorCase("truncated UTF-8 sequence", [UInt8]("a\n".utf8) + [0xE6, 0x9D], "load.invalid-utf8", 2,
                  "line 2 is not valid UTF-8"),
        ErrorCase("overlong UTF-8", [UInt8]("a\n".utf8) + [0xC0, 0xAF], "load.invalid-utf8", 2, "line 2 is not valid UTF-8"),
        ErrorCase("UTF-16 surrogate in UTF-8", [UInt8]("a\n".utf8) + [0xED, 0xA0, 0x80], "load.invalid-utf8", 2,
                  "line 2 is not valid UTF-8"),
        ErrorCase("NUL byte in a cell", [UInt8]("a,b\n1,2\nx".utf8) + [0] + [UInt8](",y\n".utf8), "load.nul-byte", 3,
                  "line 3 contains a NUL byte"),
        ErrorCase("empty file", "", "load.empty", nil, "the file is empty: a header row is needed"),
        ErrorCase("only blank lines", "\n\r\n\n", "load.empty", nil, "the file is empty: a header row is needed"),
        ErrorCase("only a BOM", "\u{FEFF}", "load.empty", nil, "the file is empty: a header row is needed"),
    ]

    @Test(arguments: errorCases)
    func reportsErrors(_ c: ErrorCase) throws {
        let d = try #require(loadFailure { () throws(Diagnostic) in
            try DatasetReader.readDelimited(bytes: c.input, separator: UInt8(ascii: ","), fileName: "data/t.csv")
        })
        #expect(d.id.rawValue == c.id)
        #expect(d.dataLine == c.line)
        #expect(d.message == c.message)
        #expect(d.file == "data/t.csv")
        #expect(d.severity == .error)
    }

    @Test func validUTF8IsAccepted() throws {
        // Two-, three- and four-byte sequences, across the eight-byte fast-path boundary.
        let t = try loadCSV("word\nçà\n€uro-€uro-€\n😀😀\nabcdefghé\n")
        #expect(t.rows == [[.text("çà")], [.text("€uro-€uro-€")], [.text("😀😀")], [.text("abcdefghé")]])
    }

    @Test func largeFileSpansManyBlocks() throws {
        var text = "id,group,value\n"
        for i in 0..<50_000 { text += "\(i),g\(i % 7),\"v,\(i % 3)\"\n" }
        let t = try loadCSV(text)
        #expect(t.rowCount == 50_000)
        #expect(t.types == [.integer, .text, .text])
        #expect(t.row(49_999) == [.integer(49_999), .text("g\(49_999 % 7)"), .text("v,\(49_999 % 3)")])
        guard case .texts(_, let dictionary) = t.columns[1].storage else { Issue.record("not text"); return }
        #expect(dictionary == (0..<7).map { "g\($0)" })
    }
}
