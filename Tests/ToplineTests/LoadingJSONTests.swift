import Testing
@testable import Topline

@Suite struct LoadingJSONTests {
    @Test func arrayOfObjectsUnionsKeysInFirstSeenOrder() throws {
        let t = try loadJSON("""
            [
              {"region": "EU", "share": "16%", "n": 1709},
              {"region": "US", "n": null, "weight": 1.5},
              {"share": "57%", "region": "JP"}
            ]
            """)
        #expect(t.columnNames == ["region", "share", "n", "weight"])
        #expect(t.types == [.text, .percent, .integer, .number])
        #expect(t.rows == [
            [.text("EU"), .percent(0.16), .integer(1709), .null],
            [.text("US"), .null, .null, .number(1.5)],
            [.text("JP"), .percent(0.57), .null, .null],
        ])
    }

    @Test func ndjsonReadsOneObjectPerLineSkippingBlankLines() throws {
        let t = try loadNDJSON("{\"a\": 1, \"b\": true}\n\n  \r\n{\"a\": 2.5, \"b\": false}\r\n{\"c\": \"x\"}")
        #expect(t.columnNames == ["a", "b", "c"])
        #expect(t.types == [.number, .boolean, .text])
        #expect(t.rows == [
            [.number(1), .boolean(true), .null],
            [.number(2.5), .boolean(false), .null],
            [.null, .null, .text("x")],
        ])
    }

    struct ValueCase: CustomTestStringConvertible, Sendable {
        let json: String
        let type: ValueType
        let value: Value
        init(_ json: String, _ type: ValueType, _ value: Value) { self.json = json; self.type = type; self.value = value }
        var testDescription: String { json }
    }

    static let valueCases: [ValueCase] = [
        ValueCase("42", .integer, .integer(42)),
        ValueCase("-0", .integer, .integer(0)),
        ValueCase("9223372036854775808", .number, .number(9_223_372_036_854_775_808)),
        ValueCase("1.25e2", .number, .number(125)),
        ValueCase("\"42\"", .integer, .integer(42)),
        ValueCase("\"16.5 %\"", .percent, .percent(0.165)),
        ValueCase("true", .boolean, .boolean(true)),
        ValueCase("\"FALSE\"", .boolean, .boolean(false)),
        ValueCase("null", .text, .null),
        ValueCase("\"\"", .text, .null),
        ValueCase("\"null\"", .text, .text("null")),
        ValueCase("{ \"x\" : [1, 2.0, {\"y\": \"a b\"}], \"z\": null }", .text, .text(#"{"x":[1,2.0,{"y":"a b"}],"z":null}"#)),
        ValueCase("[ ]", .text, .text("[]")),
        ValueCase("{}", .text, .text("{}")),
        ValueCase(#"["tab\t", "\u00e9"]"#, .text, .text(#"["tab\t","\u00e9"]"#)),
        ValueCase(#""quote \" backslash \\ slash \/ \b\f\n\r\t""#, .text, .text("quote \" backslash \\ slash / \u{08}\u{0C}\n\r\t")),
        ValueCase(#""caf\u00e9 \u00E9""#, .text, .text("café é")),
        ValueCase(#""\ud83d\ude00 smile""#, .text, .text("😀 smile")),
        ValueCase("\"東京\"", .text, .text("東京")),
    ]

    @Test(arguments: valueCases)
    func valuesBecomeTypedCells(_ c: ValueCase) throws {
        let t = try loadJSON("[{\"v\": \(c.json)}]")
        #expect(t.column(named: "v")?.type == c.type)
        #expect(t[0, "v"] == c.value)
    }

    @Test func mixedColumnsFallBackToTextAsWritten() throws {
        let t = try loadJSON(#"[{"v": 1}, {"v": 2.50}, {"v": "n/a"}, {"v": true}, {"v": [1]}]"#)
        #expect(t.column(named: "v")?.type == .text)
        #expect(t.rows.map { $0[0] } == [.text("1"), .text("2.50"), .text("n/a"), .text("true"), .text("[1]")])
    }

    @Test func repeatedKeyKeepsTheLastValue() throws {
        let t = try loadJSON(#"[{"a": 1, "a": 2}, {"a": 3}]"#)
        #expect(t.columnNames == ["a"])
        #expect(t.rows == [[.integer(2)], [.integer(3)]])
    }

    @Test func emptyKeysAreNamedByPosition() throws {
        let t = try loadJSON(#"[{"": 1, "b": 2}]"#)
        #expect(t.columnNames == ["column_1", "b"])
    }

    @Test func emptyArrayAndEmptyObjects() throws {
        let empty = try loadJSON(" [ ] ")
        #expect(empty.rowCount == 0 && empty.columns.isEmpty)
        let rows = try loadJSON("[{}, {}]")
        #expect(rows.rowCount == 0 && rows.columns.isEmpty)
        let bom = try loadJSON("\u{FEFF}[{\"a\": 1}]")
        #expect(bom.rows == [[.integer(1)]])
    }

    /// 256 levels: the parser recurses per level, and under AddressSanitizer a frame takes about 16 KB.
    @Test func nestingUpTo256LevelsIsAccepted() throws {
        // The array (1) and the record (2) leave 254 levels for the value.
        let deep = String(repeating: "[", count: 254) + String(repeating: "]", count: 254)
        let t = try loadJSON("[{\"v\": \(deep)}]")
        #expect(t[0, "v"] == .text(deep))
    }

    struct ErrorCase: CustomTestStringConvertible, Sendable {
        let name: String
        let input: [UInt8]
        let lines: Bool
        let id: String
        let line: Int?
        let message: String
        var testDescription: String { name }
        init(_ name: String, _ input: String, lines: Bool = false, _ id: String, _ line: Int?, _ message: String) {
            self.init(name, Array(input.utf8), lines: lines, id, line, message)
        }
        init(_ name: String, _ input: [UInt8], lines: Bool = false, _ id: String, _ line: Int?, _ message: String) {
            self.name = name; self.input = input; self.lines = lines; self.id = id; self.line = line; self.message = message
        }
    }

    static let errorCases: [ErrorCase] = [
        ErrorCase("missing colon", "[\n  {\"a\" 1}\n]", "load.json-syntax", 2,
                  "invalid JSON at line 2, column 8: expected ':' after the key, found '1'"),
        ErrorCase("missing comma", "[{\"a\": 1 \"b\": 2}]", "load.json-syntax", 1,
                  "invalid JSON at line 1, column 10: expected ',' or '}' after an object member, found '\"'"),
        ErrorCase("trailing comma", "[{\"a\": 1},\n]", "load.json-syntax", 2,
                  "invalid JSON at line 2, column 1: expected an object, found ']'"),
        ErrorCase("unterminated array", "[{\"a\": 1}", "load.json-syntax", 1,
                  "invalid JSON at line 1, column 10: expected ',' or ']' after an array element, found end of file"),
        ErrorCase("unterminated string", "[{\"a\": \"abc}]", "load.json-syntax", 1,
                  "invalid JSON at line 1, column 8: unterminated string"),
        ErrorCase("line break in a string", "[{\"a\": \"ab\nc\"}]", "load.json-syntax", 1,
                  "invalid JSON at line 1, column 8: unterminated string (line break inside a string)"),
        ErrorCase("bad escape", "[{\"a\": \"\\x\"}]", "load.json-syntax", 1,
                  "invalid JSON at line 1, column 9: invalid escape '\\x' in a string"),
        ErrorCase("short unicode escape", "[{\"a\": \"\\u12\"}]", "load.json-syntax", 1,
                  "invalid JSON at line 1, column 9: \\u must be followed by four hex digits"),
        ErrorCase("lone high surrogate", "[{\"a\": \"\\ud83d x\"}]", "load.json-syntax", 1,
                  "invalid JSON at line 1, column 9: unpaired surrogate in a \\u escape"),
        ErrorCase("lone low surrogate", "[{\"a\": \"\\ude00\"}]", "load.json-syntax", 1,
                  "invalid JSON at line 1, column 9: unpaired surrogate in a \\u escape"),
        ErrorCase("escaped NUL", "[{\"a\": \"x\\u0000\"}]", "load.nul-byte", 1, "line 1 contains a NUL character (\\u0000)"),
        ErrorCase("bad number", "[{\"a\": 01}]", "load.json-syntax", 1,
                  "invalid JSON at line 1, column 9: expected ',' or '}' after an object member, found '1'"),
        ErrorCase("number without digits", "[{\"a\": -}]", "load.json-syntax", 1,
                  "invalid JSON at line 1, column 9: invalid number: expected a digit"),
        ErrorCase("bare word", "[{\"a\": yes}]", "load.json-syntax", 1,
                  "invalid JSON at line 1, column 8: expected a value, found 'y'"),
        ErrorCase("text after the array", "[{\"a\": 1}] x", "load.json-syntax", 1,
                  "invalid JSON at line 1, column 12: unexpected text after the top-level array"),
        ErrorCase("invalid UTF-8 in a string", [UInt8]("[\n{\"a\": \"".utf8) + [0xC3, 0x28] + [UInt8]("\"}]".utf8),
                  "load.invalid-utf8", 2, "line 2 is not valid UTF-8"),
        ErrorCase("top level is an object", "{\"a\": 1}", "load.json-shape", 1,
                  "line 1: the top level is an object, expected an array of objects"),
        ErrorCase("top level is a number", "\n 42", "load.json-shape", 2,
                  "line 2: the top level is a number, expected an array of objects"),
        ErrorCase("element is not an object", "[{\"a\": 1},\n [1, 2]]", "load.json-shape", 2,
                  "line 2: element 2 of the top-level array is an array, expected an object"),
        ErrorCase("empty file", "  \n ", "load.empty", nil, "the file is empty: a JSON array of objects is needed"),
        ErrorCase("too deep", "[{\"v\": " + String(repeating: "[", count: 255), "load.json-too-deep", 1,
                  "JSON nests deeper than 256 levels at line 1, column 262"),
        ErrorCase("ndjson line is not an object", "{\"a\": 1}\n\n[1]\n", lines: true, "load.json-shape", 3,
                  "line 3: a line holds an array, expected one object per line"),
        ErrorCase("two objects on one line", "{\"a\": 1} {\"a\": 2}\n", lines: true, "load.json-syntax", 1,
                  "invalid JSON at line 1, column 10: expected a line break after the object (one object per line)"),
        ErrorCase("ndjson syntax error", "{\"a\": 1}\n{\"a\": }\n", lines: true, "load.json-syntax", 2,
                  "invalid JSON at line 2, column 7: expected a value, found '}'"),
        ErrorCase("empty ndjson", "\n\n", lines: true, "load.empty", nil, "the file is empty: one JSON object per line is needed"),
    ]

    @Test(arguments: errorCases)
    func reportsErrors(_ c: ErrorCase) throws {
        let d = try #require(loadFailure { () throws(Diagnostic) in
            c.lines ? try DatasetReader.readNDJSON(bytes: c.input, fileName: "in.json")
                : try DatasetReader.readJSON(bytes: c.input, fileName: "in.json")
        })
        #expect(d.id.rawValue == c.id)
        #expect(d.dataLine == c.line)
        #expect(d.message == c.message)
        #expect(d.file == "in.json")
    }

    @Test func hostileNestingIsRefusedNotCrashing() throws {
        let d = try #require(loadFailure { () throws(Diagnostic) in
            try loadJSON("[" + String(repeating: "[", count: 100_000))
        })
        #expect(d.id.rawValue == "load.json-shape")
        let deep = try #require(loadFailure { () throws(Diagnostic) in
            try loadJSON("[{\"a\":" + String(repeating: "{\"a\":", count: 100_000))
        })
        #expect(deep.id.rawValue == "load.json-too-deep")
    }
}
