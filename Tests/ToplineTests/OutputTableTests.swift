import Testing
@testable import Topline

/// Whole tables in every ``OutputFormat``, compared with exact text.
@Suite struct OutputTableTests {
    let fixture = OutputFixture.table

    /// One golden file per format (and per truncation case) in
    /// `Fixtures/formats/`; re-record with TOPLINE_RECORD=1 after checking a change.
    struct FormatCase: CustomTestStringConvertible, Sendable {
        var file: String
        var format: OutputFormat
        var options = FormatOptions()
        var testDescription: String { file }
    }

    static let formatCases: [FormatCase] = [
        FormatCase(file: "table.txt", format: .table),
        FormatCase(file: "box.txt", format: .box),
        FormatCase(file: "markdown.md", format: .markdown),
        FormatCase(file: "csv.csv", format: .csv),
        FormatCase(file: "tsv.tsv", format: .tsv),
        FormatCase(file: "json.json", format: .json),
        FormatCase(file: "ndjson.ndjson", format: .ndjson),
        FormatCase(file: "box-truncated-narrow.txt", format: .box, options: FormatOptions(maxRows: 2, maxColumnWidth: 8)),
        FormatCase(file: "markdown-truncated.md", format: .markdown, options: FormatOptions(maxRows: 3)),
    ]

    @Test(arguments: formatCases)
    func format(_ c: FormatCase) {
        GoldenFile.check(TableFormatter.render(fixture, as: c.format, options: c.options),
                         against: GoldenFile.fixtures.appendingPathComponent("formats/\(c.file)"))
    }

    @Test func csvKeepsEveryEstimateField() {
        let header = TableFormatter.render(fixture, as: .csv).split(separator: "\n").first.map(String.init)
        #expect(header == "label,n,share,change,lift,ok,est,est_moe,est_ci_low,est_ci_high,est_n,est_n_eff,est_method,est_level,est_flag")
    }

    @Test func jsonCarriesTheSmallBaseFlag() {
        let json = TableFormatter.render(fixture, as: .ndjson)
        #expect(json.contains(#""flag":"ok""#))
        #expect(json.contains(#""flag":"small-base""#))
        #expect(json.contains(#""flag":"unknown-base""#))
    }

    @Test func truncatedToNoRows() {
        let expected = """
        label  n  share  change  lift  ok  est
        -----  -  -----  ------  ----  --  ---
        … 4 more rows
        """
        #expect(TableFormatter.render(fixture, as: .table, maxRows: 0) == expected + "\n")
    }

    @Test(arguments: [OutputFormat.table, .box, .markdown])
    func noFooterWhenEverythingFits(_ format: OutputFormat) {
        #expect(TableFormatter.render(fixture, as: format, maxRows: 4) == TableFormatter.render(fixture, as: format))
    }

    @Test(arguments: [OutputFormat.csv, .tsv, .json, .ndjson])
    func machineFormatsNeverTruncate(_ format: OutputFormat) {
        let options = FormatOptions(maxRows: 1, maxColumnWidth: 3)
        #expect(TableFormatter.render(fixture, as: format, options: options) == TableFormatter.render(fixture, as: format))
    }

    // MARK: - Edge cases

    @Test func emptyResult() throws {
        let empty = try Table(columns: [
            Column(name: "region", type: .text, values: []),
            Column(name: "share", type: .percent, values: []),
        ])
        #expect(TableFormatter.render(empty, as: .table) == "region  share\n------  -----\n")
        #expect(TableFormatter.render(empty, as: .csv) == "region,share\n")
        #expect(TableFormatter.render(empty, as: .json) == "[]\n")
        #expect(TableFormatter.render(empty, as: .ndjson) == "")
        let box = """
        ┌────────┬─────────┐
        │ region │  share  │
        │  text  │ percent │
        ├────────┼─────────┤
        └────────┴─────────┘
        """
        #expect(TableFormatter.render(empty, as: .box) == box + "\n")
    }

    @Test(arguments: OutputFormat.allCases)
    func noColumns(_ format: OutputFormat) {
        let rendered = TableFormatter.render(.empty, as: format)
        #expect(rendered == (format == .json ? "[]\n" : ""))
    }

    @Test func controlCharactersCannotReachTheTerminal() throws {
        let t = try Table(columns: [
            Column(name: "v", type: .text, values: [.text("red\u{1B}[31m"), .text("tab\there"), .text("c1\u{9B}x")]),
        ])
        let expected = #"""
        v
        -------------
        red\u{1B}[31m
        tab\there
        c1\u{9B}x
        """#
        #expect(TableFormatter.render(t, as: .table) == expected + "\n")
    }

    @Test func csvQuotesBlanksAndTsvEscapesBackslashes() throws {
        let t = try Table(columns: [
            Column(name: "a b", type: .text, values: [.text(" lead"), .text("trail "), .text(#"C:\dir"#), .text("in side")]),
        ])
        #expect(TableFormatter.render(t, as: .csv) == "a b\n\" lead\"\n\"trail \"\n" + #"C:\dir"# + "\nin side\n")
        #expect(TableFormatter.render(t, as: .tsv) == "a b\n lead\ntrail \n" + #"C:\\dir"# + "\nin side\n")
    }

    @Test func jsonEscapesControlsAndNullsNonFiniteNumbers() throws {
        let t = try Table(columns: [
            Column(name: "s\"k", type: .text, values: [.text("a\u{01}\\b\t")]),
            Column(name: "x", type: .number, values: [.number(.infinity)]),
            Column(name: "r", type: .ratio, values: [.ratio(-.infinity)]),
        ])
        #expect(TableFormatter.render(t, as: .ndjson) == #"{"s\"k":"a\u0001\\b\t","x":null,"r":null}"# + "\n")
    }

    @Test func outputFormatNames() {
        #expect(OutputFormat.allCases.map(\.rawValue) == ["table", "box", "csv", "tsv", "json", "ndjson", "markdown", "line"])
        #expect(OutputFormat.allCases.filter(\.isHuman) == [.table, .box, .markdown, .line])
    }
}
