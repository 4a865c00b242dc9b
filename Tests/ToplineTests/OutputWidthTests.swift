import Foundation
import Testing
import ToplineTestSupport
@testable import Topline

/// Wide results fit the terminal (issue 14): given a width, table and box
/// lines are never longer — long cells cut with `…` by display width, the
/// columns that do not fit left out and named — and the line format shows
/// one block per row.
@Suite struct OutputWidthTests {
    /// Wide characters, emoji, combining marks, escapes and long text.
    static let wide: Table = {
        do {
            return try Table(columns: [
                Column(name: "id", type: .integer, values: [.integer(1), .integer(2), .integer(3), .integer(4)]),
                Column(name: "name", type: .text, values: [
                    .text("日本語のテキストです"), .text("🎉 party 🎉 time"), .text("tab\there and\nline"),
                    .text("\u{1B}]0;pwned\u{07} title"),
                ]),
                Column(name: "city", type: .text, values: [.text("Zürich"), .text("São Paulo"), .text("北京"), .text("e\u{301}toile")]),
                Column(name: "share", type: .percent, values: [.percent(0.16), .percent(0.575), .null, .percent(1)]),
                Column(name: "note", type: .text, values: [
                    .text("A rather long note that goes on about the way the survey was fielded"),
                    .text("short"), .null, .text("Une note assez longue, écrite en français, avec des accents"),
                ]),
                Column(name: "score", type: .number, values: [.number(59.4382), .number(59.403), .number(35791.4), .number(32041)]),
                Column(name: "ok", type: .boolean, values: [.boolean(true), .boolean(false), .null, .boolean(true)]),
            ])
        } catch {
            fatalError("wide table: \(error)")
        }
    }()

    // MARK: - Golden files at several widths

    struct WidthCase: CustomTestStringConvertible, Sendable {
        var format: OutputFormat
        var width: Int?
        var options: FormatOptions { FormatOptions(width: width) }
        var file: String { "width/\(format.rawValue)-\(width.map(String.init) ?? "unlimited").txt" }
        var testDescription: String { file }
    }

    static let widthCases: [WidthCase] = [
        WidthCase(format: .box, width: nil), WidthCase(format: .box, width: 120), WidthCase(format: .box, width: 80),
        WidthCase(format: .box, width: 50), WidthCase(format: .box, width: 30), WidthCase(format: .box, width: 12),
        WidthCase(format: .table, width: 80), WidthCase(format: .table, width: 40),
        WidthCase(format: .line, width: nil), WidthCase(format: .line, width: 40), WidthCase(format: .line, width: 20),
    ]

    @Test(arguments: widthCases)
    func golden(_ c: WidthCase) {
        GoldenFile.check(TableFormatter.render(Self.wide, as: c.format, options: c.options),
                         against: GoldenFile.fixtures.appendingPathComponent("formats/\(c.file)"))
    }

    /// No line is wider than the terminal, at any width, in any of the three formats.
    @Test(arguments: [OutputFormat.box, .table, .line])
    func noLineIsWiderThanTheWidth(_ format: OutputFormat) {
        for width in 5...130 {
            let text = TableFormatter.render(Self.wide, as: format, options: FormatOptions(width: width))
            for line in text.split(separator: "\n") {
                #expect(DisplayWidth.of(String(line)) <= width, "\(format) at \(width): \(line)")
            }
        }
    }

    /// A table that fits is printed exactly as without a width.
    @Test(arguments: [OutputFormat.box, .table, .markdown, .line])
    func aTableThatFitsIsUnchanged(_ format: OutputFormat) {
        let unlimited = TableFormatter.render(Self.wide, as: format)
        let widest = unlimited.split(separator: "\n").map { DisplayWidth.of(String($0)) }.max() ?? 0
        #expect(TableFormatter.render(Self.wide, as: format, options: FormatOptions(width: widest)) == unlimited)
    }

    /// Markdown is a document, not a screen: never cut.
    @Test func markdownIgnoresTheWidth() {
        #expect(TableFormatter.render(Self.wide, as: .markdown, options: FormatOptions(width: 20))
                == TableFormatter.render(Self.wide, as: .markdown))
    }

    @Test(arguments: [OutputFormat.csv, .tsv, .json, .ndjson])
    func machineFormatsIgnoreWidthAndNullText(_ format: OutputFormat) {
        #expect(TableFormatter.render(Self.wide, as: format, options: FormatOptions(width: 20, nullText: "-"))
                == TableFormatter.render(Self.wide, as: format))
    }

    /// The done-when of issue 14: the bundled study figures fit 100 columns, with a note of what is hidden.
    @Test func studyFiguresFitAHundredColumns() throws {
        let session = Session(workingDirectory: packageRoot.path)
        let table = try SessionTest.table(session, """
            load "Examples/data/ceo_study_metrics.csv" as ceo_study_metrics
            from ceo_study_metrics | take 3
            """)
        for format in [OutputFormat.box, .table] {
            let text = TableFormatter.render(table, as: format, options: FormatOptions(width: 100))
            let lines = text.split(separator: "\n").map(String.init)
            #expect(lines.allSatisfy { DisplayWidth.of($0) <= 100 }, "\(text)")
            #expect(lines.last?.hasPrefix("16 columns (") == true, "\(text)")
            #expect(text.contains("IBM Global CE"), "\(text)")
            #expect(text.contains("…"))
        }
    }

    // MARK: - Which columns fit

    struct FitCase: CustomTestStringConvertible, Sendable {
        var natural: [Int]
        var separator: Int
        var frame: Int
        var width: Int
        var expected: [Int]
        var testDescription: String { "\(natural) in \(width) → \(expected)" }
    }

    static let fitCases: [FitCase] = [
        // Fits: natural widths.
        FitCase(natural: [10, 20], separator: 2, frame: 0, width: 32, expected: [10, 20]),
        FitCase(natural: [], separator: 2, frame: 0, width: 10, expected: []),
        // The doc comment's example: cut to the cap (12), three fit, the room goes to the least cut.
        FitCase(natural: [40, 10, 30, 12], separator: 2, frame: 0, width: 40, expected: [12, 10, 14]),
        // Everything fits once cut; the room restores the short one whole, then the other.
        FitCase(natural: [15, 50], separator: 2, frame: 0, width: 40, expected: [15, 23]),
        // Box: 3 between columns, 4 around them, 100 columns: at a cap of 20 five fit, at 17 six.
        FitCase(natural: [55, 12, 16, 30, 12, 7], separator: 3, frame: 4, width: 100, expected: [17, 12, 16, 17, 12, 7]),
        // The first column always shows, cut to what there is.
        FitCase(natural: [50, 5], separator: 3, frame: 4, width: 10, expected: [6]),
        FitCase(natural: [50], separator: 3, frame: 4, width: 3, expected: [1]),
        // Narrow columns are never cut.
        FitCase(natural: [3, 3, 3, 3], separator: 2, frame: 0, width: 10, expected: [3, 3]),
    ]

    @Test(arguments: fitCases)
    func columnFit(_ c: FitCase) {
        #expect(ColumnFit(natural: c.natural, separator: c.separator, frame: c.frame, width: c.width).widths == c.expected)
    }

    // MARK: - Cutting cells by display width

    struct CutCase: CustomTestStringConvertible, Sendable {
        var raw: String
        var limit: Int
        var expected: String
        var testDescription: String { "\(raw.debugDescription) in \(limit) → \(expected.debugDescription)" }
    }

    static let cutCases: [CutCase] = [
        CutCase(raw: "abc", limit: 3, expected: "abc"),
        CutCase(raw: "abcd", limit: 3, expected: "ab…"),
        CutCase(raw: "abcd", limit: 1, expected: "…"),
        CutCase(raw: "abcd", limit: 0, expected: ""),
        // Wide characters take two columns; one that would stick out is left out.
        CutCase(raw: "日本語", limit: 6, expected: "日本語"),
        CutCase(raw: "日本語", limit: 5, expected: "日本…"),
        CutCase(raw: "日本語", limit: 4, expected: "日…"),
        CutCase(raw: "🎉🎉ab", limit: 4, expected: "🎉…"),
        // A combining mark stays with its letter.
        CutCase(raw: "e\u{301}toile", limit: 3, expected: "e\u{301}t…"),
        // Escapes are cut whole, never inside: `\t` is two columns, `\u{1B}` six.
        CutCase(raw: "tab\there", limit: 6, expected: "tab\\t…"),
        CutCase(raw: "tab\there", limit: 5, expected: "tab…"),
        CutCase(raw: "a\u{1B}[31mb", limit: 9, expected: "a\\u{1B}[…"),
        CutCase(raw: "a\u{1B}[31mb", limit: 7, expected: "a…"),
        CutCase(raw: "\u{202E}evil", limit: 4, expected: "…"),
    ]

    @Test(arguments: cutCases)
    func cut(_ c: CutCase) {
        let cut = HumanColumn.Cell(escaping: c.raw, markdown: false).cut(to: c.limit, markdown: false)
        #expect(cut.text == c.expected)
        #expect(cut.width == DisplayWidth.of(c.expected))
        #expect(cut.width <= max(c.limit, 0))
        // Nothing raw survives a cut.
        #expect(!cut.text.unicodeScalars.contains(where: SafeText.isUnsafe))
    }

    /// A cell of a million combining marks is cut without walking it to its end.
    @Test func aCellOfZeroWidthCharactersIsCutQuickly() {
        let raw = "a" + String(repeating: "\u{301}", count: 1_000_000) + "bcdef"
        let cell = HumanColumn.Cell(escaping: raw, markdown: false)
        let cut = cell.cut(to: 3, markdown: false)
        #expect(cut.width <= 3)
        #expect(cut.text.hasSuffix("…"))
    }

    // MARK: - Notes

    @Test(arguments: [(0, "0"), (7, "7"), (999, "999"), (3490, "3,490"), (1_234_567, "1,234,567"), (-12345, "-12,345")])
    func thousandsAreGrouped(_ n: Int, _ text: String) {
        #expect(HumanTableRenderer.grouped(n) == text)
    }

    @Test func hiddenRowsAreCountedWithSeparators() throws {
        let table = try Table(columns: [Column(name: "n", type: .integer, values: (0..<3500).map { .integer(Int64($0)) })])
        let text = TableFormatter.render(table, as: .table, maxRows: 10)
        #expect(text.hasSuffix("… 3,490 more rows\n"))
    }

    @Test func hiddenColumnsAreNamedWhenTheNoteFits() {
        #expect(HumanTableRenderer.columnsNote(shown: 2, of: ["a", "b", "c", "d"], width: 80) == "4 columns (2 shown); not shown: c, d")
        #expect(HumanTableRenderer.columnsNote(shown: 2, of: ["a", "b", "c", "d"], width: 30) == "4 columns (2 shown)")
        #expect(HumanTableRenderer.columnsNote(shown: 1, of: ["a", "b\u{1B}"], width: 80) == "2 columns (1 shown); not shown: b\\u{1B}")
        #expect(HumanTableRenderer.columnsNote(shown: 1, of: ["a", "b"], width: 10) == "2 columns…")
    }

    // MARK: - Null text and the line format

    @Test func nullTextReplacesNullInEveryHumanFormat() {
        for format in [OutputFormat.table, .box, .markdown, .line] {
            let text = TableFormatter.render(Self.wide, as: format, options: FormatOptions(nullText: "(none)"))
            #expect(!text.contains("null"), "\(format)")
            #expect(text.contains("(none)"), "\(format)")
        }
        let blank = TableFormatter.render(OutputFixture.table, as: .table, options: FormatOptions(nullText: ""))
        #expect(!blank.contains("null"))
    }

    @Test func lineFormatShowsEveryColumnOfEveryRow() throws {
        let table = try Table(columns: [
            Column(name: "study", type: .text, values: [.text("IBM"), .text("PwC")]),
            Column(name: "edition_year", type: .integer, values: [.integer(2012), .null]),
            Column(name: "x", type: .number, values: [.number(1.5), .number(2)]),
        ])
        #expect(TableFormatter.render(table, as: .line) == """
                   study = IBM
            edition_year = 2012
                       x = 1.5

                   study = PwC
            edition_year = null
                       x = 2.0

            """)
        #expect(TableFormatter.render(table, as: .line, maxRows: 1).hasSuffix("x = 1.5\n… 1 more row\n"))
    }

    @Test func lineFormatKeepsTheLegendOfEstimates() {
        let text = TableFormatter.render(OutputFixture.table, as: .line)
        #expect(text.contains("est = 16.0% ±1.7 (n=1709)"))
        #expect(text.contains("± margin of error:"))
    }
}
