import Testing
@testable import Topline

/// Whole tables in every ``OutputFormat``, compared with exact text.
@Suite struct OutputTableTests {
    let fixture = OutputFixture.table

    @Test func tableFormat() {
        let expected = #"""
        label          n   share    change   lift  ok                               est
        ----------  ----  ------  --------  -----  -----  -----------------------------
        Acme, Inc.  1709   16.0%  +41.0 pp  3.56×  true             16.0% ±1.7 (n=1709)
        say "hi"      42   57.5%  -13.0 pp  1.30×  false                    16.0% (n/a)
        two\nlines  null    null      null   null  null                            null
        日本 a|b       7  100.0%    0.0 pp  2.00×  true   52.9% ±34.0 (n=10, n_eff=8.3)
        """#
        #expect(TableFormatter.render(fixture, as: .table) == expected + "\n")
    }

    @Test func boxFormat() {
        let expected = #"""
        ┌────────────┬─────────┬─────────┬──────────┬───────┬─────────┬───────────────────────────────┐
        │   label    │    n    │  share  │  change  │ lift  │   ok    │              est              │
        │    text    │ integer │ percent │  points  │ ratio │ boolean │           estimate            │
        ├────────────┼─────────┼─────────┼──────────┼───────┼─────────┼───────────────────────────────┤
        │ Acme, Inc. │    1709 │   16.0% │ +41.0 pp │ 3.56× │ true    │           16.0% ±1.7 (n=1709) │
        │ say "hi"   │      42 │   57.5% │ -13.0 pp │ 1.30× │ false   │                   16.0% (n/a) │
        │ two\nlines │    null │    null │     null │  null │ null    │                          null │
        │ 日本 a|b   │       7 │  100.0% │   0.0 pp │ 2.00× │ true    │ 52.9% ±34.0 (n=10, n_eff=8.3) │
        └────────────┴─────────┴─────────┴──────────┴───────┴─────────┴───────────────────────────────┘
        """#
        #expect(TableFormatter.render(fixture, as: .box) == expected + "\n")
    }

    @Test func markdown() {
        let expected = #"""
        | label        |    n |  share |   change |  lift | ok    |                           est |
        | ------------ | ---: | -----: | -------: | ----: | ----- | ----------------------------: |
        | Acme, Inc.   | 1709 |  16.0% | +41.0 pp | 3.56× | true  |           16.0% ±1.7 (n=1709) |
        | say "hi"     |   42 |  57.5% | -13.0 pp | 1.30× | false |                   16.0% (n/a) |
        | two<br>lines | null |   null |     null |  null | null  |                          null |
        | 日本 a\|b    |    7 | 100.0% |   0.0 pp | 2.00× | true  | 52.9% ±34.0 (n=10, n_eff=8.3) |
        """#
        #expect(TableFormatter.render(fixture, as: .markdown) == expected + "\n")
    }

    @Test func csv() {
        let expected = #"""
        label,n,share,change,lift,ok,est,est_moe,est_ci_low,est_ci_high,est_n,est_n_eff,est_method,est_level
        "Acme, Inc.",1709,16,41,3.5625,true,16,1.7378313234700432,14.338421851761673,17.81408449870176,1709,1709,wilson,95
        "say ""hi""",42,57.5,-13,1.3,false,16,,,,,,,
        "two
        lines",,,,,,,,,,,,,
        日本 a|b,7,100,0,2,true,52.9,33.95840897519936,18.94159102480064,86.85840897519936,10,8.3,wald,95
        """#
        #expect(TableFormatter.render(fixture, as: .csv) == expected + "\n")
    }

    @Test func tsv() {
        let expected = [
            "label\tn\tshare\tchange\tlift\tok\test\test_moe\test_ci_low\test_ci_high\test_n\test_n_eff\test_method\test_level",
            "Acme, Inc.\t1709\t16\t41\t3.5625\ttrue\t16\t1.7378313234700432\t14.338421851761673\t17.81408449870176\t1709\t1709\twilson\t95",
            "say \"hi\"\t42\t57.5\t-13\t1.3\tfalse\t16\t\t\t\t\t\t\t",
            "two\\nlines\t\t\t\t\t\t\t\t\t\t\t\t\t",
            "日本 a|b\t7\t100\t0\t2\ttrue\t52.9\t33.95840897519936\t18.94159102480064\t86.85840897519936\t10\t8.3\twald\t95",
        ]
        #expect(TableFormatter.render(fixture, as: .tsv) == expected.joined(separator: "\n") + "\n")
    }

    static let jsonRows = [
        #"{"label":"Acme, Inc.","n":1709,"share":16,"change":41,"lift":3.5625,"ok":true,"est":{"value":16,"moe":1.7378313234700432,"ci_low":14.338421851761673,"ci_high":17.81408449870176,"n":1709,"n_eff":1709,"method":"wilson","level":95}}"#,
        #"{"label":"say \"hi\"","n":42,"share":57.5,"change":-13,"lift":1.3,"ok":false,"est":{"value":16,"moe":null,"ci_low":null,"ci_high":null,"n":null,"n_eff":null,"method":null,"level":null}}"#,
        #"{"label":"two\nlines","n":null,"share":null,"change":null,"lift":null,"ok":null,"est":null}"#,
        #"{"label":"日本 a|b","n":7,"share":100,"change":0,"lift":2,"ok":true,"est":{"value":52.9,"moe":33.95840897519936,"ci_low":18.94159102480064,"ci_high":86.85840897519936,"n":10,"n_eff":8.3,"method":"wald","level":95}}"#,
    ]

    @Test func json() {
        let expected = "[\n" + Self.jsonRows.map { "  " + $0 }.joined(separator: ",\n") + "\n]\n"
        #expect(TableFormatter.render(fixture, as: .json) == expected)
    }

    @Test func ndjson() {
        #expect(TableFormatter.render(fixture, as: .ndjson) == Self.jsonRows.map { $0 + "\n" }.joined())
    }

    // MARK: - Truncation

    @Test func truncatedBoxWithNarrowColumns() {
        let expected = #"""
        ┌──────────┬─────────┬─────────┬──────────┬───────┬─────────┬──────────┐
        │  label   │    n    │  share  │  change  │ lift  │   ok    │   est    │
        │   text   │ integer │ percent │  points  │ ratio │ boolean │ estimate │
        ├──────────┼─────────┼─────────┼──────────┼───────┼─────────┼──────────┤
        │ Acme, I… │    1709 │   16.0% │ +41.0 pp │ 3.56× │ true    │ 16.0% ±… │
        │ say "hi" │      42 │   57.5% │ -13.0 pp │ 1.30× │ false   │ 16.0% (… │
        └──────────┴─────────┴─────────┴──────────┴───────┴─────────┴──────────┘
        … 2 more rows
        """#
        let options = FormatOptions(maxRows: 2, maxColumnWidth: 8)
        #expect(TableFormatter.render(fixture, as: .box, options: options) == expected + "\n")
    }

    @Test func truncatedMarkdownEndsTheTableFirst() {
        let expected = #"""
        | label        |    n | share |   change |  lift | ok    |                 est |
        | ------------ | ---: | ----: | -------: | ----: | ----- | ------------------: |
        | Acme, Inc.   | 1709 | 16.0% | +41.0 pp | 3.56× | true  | 16.0% ±1.7 (n=1709) |
        | say "hi"     |   42 | 57.5% | -13.0 pp | 1.30× | false |         16.0% (n/a) |
        | two<br>lines | null |  null |     null |  null | null  |                null |

        … 1 more row
        """#
        #expect(TableFormatter.render(fixture, as: .markdown, maxRows: 3) == expected + "\n")
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
        #expect(OutputFormat.allCases.map(\.rawValue) == ["table", "box", "csv", "tsv", "json", "ndjson", "markdown"])
        #expect(OutputFormat.allCases.filter(\.isHuman) == [.table, .box, .markdown])
    }
}
