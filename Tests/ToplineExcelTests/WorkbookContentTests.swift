import Foundation
import Testing
@testable import Topline
import ToplineExcel
import ToplineShell
import ToplineTestSupport

/// Workbooks built from real queries and read back from the file (unzip and
/// XMLParser): the values of the cells and their number formats, as Excel
/// reads them.
@Suite struct WorkbookContentTests {
    static let survey = #"load "Examples/data/survey.csv" as survey"# + "\n"
    static let percent = "0.0%"
    static let points = #"+0.0" pp";-0.0" pp";0.0" pp""#
    static let ratio = #"0.00"×""#

    /// The figures of `query`'s result, to compare cells with.
    func result(_ source: String) throws -> Table {
        let outcome = Session(workingDirectory: packageRoot.path).run(source, fileName: "q.tq")
        #expect(outcome.succeeded)
        return try #require(outcome.tables.last)
    }

    @Test func plainTableKeepsNumbersAsNumbersWithTheirFormats() throws {
        let dir = TemporaryDirectory(prefix: "xlsx-plain")
        defer { dir.remove() }
        let query = "from survey | count by role | derive gap = percent - 50%, times = percent / 35%, big = n > 20"
        let book = try workbook(of: Self.survey + query, in: dir)
        let sheet = try #require(book.sheets.first)
        #expect(book.sheets.count == 1)
        #expect(sheet.name == "survey | count by role | deriv…")
        #expect(sheet.frozenAt == "A2")
        #expect(sheet.row(1) == ["role", "n", "percent", "base", "gap", "times", "big"].map { .string($0) })
        #expect((0..<7).allSatisfy { sheet[XlsxWorkbook.name(column: $0) + "1"]?.bold == true })
        let table = try result(Self.survey + query)
        let times = try #require(table[0, "times"].numeric)
        // (reference, value, number format)
        let expected: [(String, XlsxWorkbook.Value, String)] = [
            ("A2", .string("CEO"), "General"), ("B2", .number(26), "General"), ("C2", .number(0.65), Self.percent),
            ("D2", .number(40), "General"), ("E2", .number(15), Self.points), ("F2", .number(times), Self.ratio),
            ("G2", .boolean(true), "General"),
            ("A3", .string("CFO"), "General"), ("C3", .number(0.35), Self.percent), ("E3", .number(-15), Self.points),
            ("G3", .boolean(false), "General"),
        ]
        for (reference, value, format) in expected {
            let cell = try #require(sheet[reference], "no cell \(reference)")
            #expect(cell.value == value, "\(reference)")
            #expect(cell.format == format, "\(reference)")
            #expect(!cell.bold && !cell.formula, "\(reference)")
        }
        #expect(sheet.rowCount == 3)
    }

    @Test func estimatesAreSplitAsCSVSplitsThemWithPercentFormats() throws {
        let dir = TemporaryDirectory(prefix: "xlsx-estimates")
        defer { dir.remove() }
        let query = #"from survey | summarize share = share(social_media_now == "yes"), n = count() by role"#
        let book = try workbook(of: Self.survey + query, in: dir)
        let sheet = try #require(book.sheets.first)
        let header = ["role", "share", "share_moe", "share_ci_low", "share_ci_high", "share_n", "share_n_eff", "share_method",
                      "share_level", "share_flag", "n"]
        #expect(sheet.row(1) == header.map { .string($0) })
        let table = try result(Self.survey + query)
        for row in 0..<2 {
            guard case .estimate(let e) = table[row, "share"] else { Issue.record("share is not an estimate"); return }
            let r = String(row + 2)
            let moe = try #require(e.marginOfError), interval = try #require(e.interval)
            let expected: [(String, XlsxWorkbook.Value, String)] = [
                ("B", .number(e.proportion), Self.percent), ("C", .number(moe), Self.percent),
                ("D", .number(interval.low), Self.percent), ("E", .number(interval.high), Self.percent),
                ("F", .number(Double(try #require(e.n))), "General"), ("H", .string("wilson"), "General"),
                ("I", .number(0.95), Self.percent), ("J", .string("suppressed"), "General"),
            ]
            for (column, value, format) in expected {
                let cell = try #require(sheet[column + r], "no cell \(column)\(r)")
                #expect(cell.value == value, "\(column)\(r)")
                #expect(cell.format == format, "\(column)\(r)")
            }
        }
        // The legend, after a blank row, in italics: which interval the moe is, what the flag means.
        #expect(sheet.row(4) == [])
        #expect(sheet["A5"] == XlsxWorkbook.Cell(value: .string("± margin of error: 95% Wilson interval"), format: "General",
                                                 italic: true, type: "s"))
        #expect(sheet["A6"]?.value == .string("n<30: suppressed, too few respondents to report"))
        #expect(sheet.rowCount == 6)
    }

    @Test func pValuesAreNumbers() throws {
        let dir = TemporaryDirectory(prefix: "xlsx-p")
        defer { dir.remove() }
        let query = #"from survey | compare social_media_now == "yes" vs social_media_future == "yes""#
        let sheet = try #require(try workbook(of: Self.survey + query, in: dir).sheets.first)
        let header = sheet.row(1)
        let p = try #require(header.firstIndex(of: .string("p")))
        let difference = try #require(header.firstIndex(of: .string("difference")))
        let table = try result(Self.survey + query)
        let pCell = try #require(sheet[XlsxWorkbook.name(column: p) + "2"])
        #expect(pCell.value == .number(try #require(table[0, "p"].numeric)))
        #expect(pCell.format == "General" && pCell.type == nil)
        let differenceCell = try #require(sheet[XlsxWorkbook.name(column: difference) + "2"])
        #expect(differenceCell.value == .number(32.5) && differenceCell.format == Self.points)
    }

    @Test func bannerTableIsLaidOutAsTheTerminalDrawsItWithLetters() throws {
        let dir = TemporaryDirectory(prefix: "xlsx-banner")
        defer { dir.remove() }
        let source = """
            load "Examples/data/microdata-10k.csv" as micro weight weight
            let micro = from micro | levels role ("CEO", "CFO", "CMO", "CHRO")
            from micro | tabulate social_media_now, f2f_share_now by role
            """
        let sheet = try #require(try workbook(of: source, in: dir).sheets.first)
        #expect(sheet.name == "micro | tabulate social_media_…")
        #expect(sheet.frozenAt == "B3")
        #expect(sheet["A1"]?.value == .string("columns: Total; role: A–D") && sheet["A1"]?.italic == true)
        // Total, then each column with its letters in the column beside it.
        #expect(sheet.row(2) == [nil, .string("Total"), .string("CEO (A)"), nil, .string("CFO (B)"), nil, .string("CMO (C)"), nil,
                                 .string("CHRO (D)")])
        #expect(sheet["A3"]?.value == .string("social_media_now") && sheet["A3"]?.bold == true)
        #expect(sheet["A4"]?.value == .string("Base (n)"))
        #expect(sheet.row(4) == [.string("Base (n)"), .number(10000), .number(3996), nil, .number(1820), nil, .number(2441), nil,
                                 .number(1743)])
        #expect(sheet.row(5).first == .string("Base (weighted)"))
        // The figures are the long form's estimates, as percentages; the letters are its letters.
        let long = try result(source)
        func share(_ category: String, _ column: String) throws -> Double {
            let row = try #require((0..<long.rowCount).first {
                long[$0, "category"] == .text(category) && long[$0, "column"] == .text(column) && long[$0, "variable"] == .text("social_media_now")
            })
            guard case .estimate(let e) = long[row, "value"] else { throw XlsxWorkbook.Failure(description: "no estimate") }
            return e.proportion
        }
        let yes: [(String, XlsxWorkbook.Value)] = [
            ("A6", .string("yes")), ("B6", .number(try share("yes", "Total"))), ("C6", .number(try share("yes", "CEO"))),
            ("D6", .string("B")), ("E6", .number(try share("yes", "CFO"))), ("G6", .number(try share("yes", "CMO"))),
            ("H6", .string("ABD")), ("I6", .number(try share("yes", "CHRO"))), ("J6", .string("AB")),
        ]
        for (reference, value) in yes {
            #expect(sheet[reference]?.value == value, "\(reference)")
        }
        for reference in ["B6", "C6", "E6", "G6", "I6", "B7"] { #expect(sheet[reference]?.format == Self.percent, "\(reference)") }
        #expect(sheet["F6"] == nil)
        #expect(sheet.row(7) == [.string("no"), .number(try share("no", "Total")), .number(try share("no", "CEO")), .string("CD"),
                                 .number(try share("no", "CFO")), .string("ACD"), .number(try share("no", "CMO")), nil,
                                 .number(try share("no", "CHRO")), .string("C")])
        // The mean of a number is a number in the data's units.
        #expect(sheet["A8"]?.value == .string("f2f_share_now") && sheet["A11"]?.value == .string("Mean"))
        #expect(sheet["C11"]?.format == "General" && sheet["D11"]?.value == .string("C"))
        // Under the table: the test and the notes.
        #expect(sheet.row(12) == [])
        let notes = (13...sheet.rowCount).compactMap { sheet["A\($0)"]?.value }
        #expect(notes.first == .string("social_media_now × role: Rao–Scott F = 145.303 on 2.99982 and 29995.2 df, p < 2.2e-16"))
        #expect(notes.contains { if case .string(let s) = $0 { return s.hasPrefix("letters: the column is larger") } else { return false } })
        #expect(notes.last == .string("weighted: weight weight; bases unweighted"))
    }

    @Test func eachResultIsASheetNamedAfterItsStatement() throws {
        let dir = TemporaryDirectory(prefix: "xlsx-sheets")
        defer { dir.remove() }
        let book = try workbook(of: Self.survey + """
            from survey | count by role
            from survey | count by region
            from survey
              | count by role
            describe survey
            """, in: dir)
        #expect(book.sheets.map { $0.name } == ["survey | count by role", "survey | count by region", "survey | count by role (2)",
                                                "describe survey"])
        #expect(book.sheets[0].row(2) == [.string("CEO"), .number(26), .number(0.65), .number(40)])
        #expect(book.sheets[1].row(1).first == .string("region"))
        #expect(book.sheets[3].row(1).first == .string("column"))
    }

    @Test func textIsNeverAFormulaAndEscapesReadBackAsWritten() throws {
        let dir = TemporaryDirectory(prefix: "xlsx-text")
        defer { dir.remove() }
        let path = dir.file("hostile.xlsx")
        try writeWorkbook(of: #"load "Tests/ToplineExcelTests/Fixtures/hostile.csv" as hostile"# + "\nfrom hostile", to: path)
        let sheet = try #require(try XlsxWorkbook(path: path).sheets.first)
        let texts = ["=cmd|' /C calc'!A0", "=1+1", "@SUM(A1)", "_x0041_", "+1"]
        for (i, text) in texts.enumerated() {
            let cell = try #require(sheet["A\(i + 2)"])
            #expect(cell.value == .string(text))
            #expect(cell.type == "s" && !cell.formula)
        }
        let xml = String(decoding: try XlsxWorkbook.member("xl/worksheets/sheet1.xml", of: path), as: UTF8.self)
        #expect(!xml.contains("<f>") && !xml.contains("<f "))
    }

    @Test func controlCharactersAndNULReadBackAsWritten() throws {
        let dir = TemporaryDirectory(prefix: "xlsx-controls")
        defer { dir.remove() }
        let texts = ["a\u{1}b\u{1F}c", "nul\u{0}here", "tab\tline\nreturn\r", "\u{202E}bidi", "<&>\"'", "é 漢字 🙂", "_x00a1_ _X00a1_ _x12_ _x0041"]
        let table = try Table(columns: [Column(name: "t", type: .text, values: texts.map { .text($0) })])
        let path = dir.file("controls.xlsx")
        try ExcelWorkbook.write([ExcelWorkbook.Sheet(title: nil, table: table)], to: path)
        let sheet = try #require(try XlsxWorkbook(path: path).sheets.first)
        #expect(sheet.name == "Result 1")
        #expect((2...texts.count + 1).map { sheet["A\($0)"]?.value } == texts.map { .string($0) })
    }

    @Test func longTextIsCutAtExcelsLimitWithANote() throws {
        let dir = TemporaryDirectory(prefix: "xlsx-long")
        defer { dir.remove() }
        let long = String(repeating: "ab🙂", count: 20_000)
        let underscores = String(repeating: "_x0041_", count: 6_000)
        let table = try Table(columns: [Column(name: "t", type: .text, values: [.text(long), .text(underscores), .text("short")])])
        let path = dir.file("long.xlsx")
        try ExcelWorkbook.write([ExcelWorkbook.Sheet(title: "long", table: table)], to: path)
        let sheet = try #require(try XlsxWorkbook(path: path).sheets.first)
        for reference in ["A2", "A3"] {
            guard case .string(let text) = sheet[reference]?.value else { Issue.record("\(reference) is not text"); continue }
            #expect(text.utf16.count <= CellText.maxLength, "\(reference)")
            #expect(text.hasSuffix(CellText.cutNote), "\(reference)")
            let kept = String(text.dropLast(CellText.cutNote.count))
            #expect((reference == "A2" ? long : underscores).hasPrefix(kept), "\(reference)")
            #expect(kept.utf16.count > 4_000, "\(reference)")
        }
        #expect(sheet["A4"]?.value == .string("short"))
    }

    @Test func numbersASpreadsheetCannotHoldAreText() throws {
        let dir = TemporaryDirectory(prefix: "xlsx-numbers")
        defer { dir.remove() }
        let table = try Table(columns: [
            Column(name: "i", type: .integer, values: [.integer(1_234_567_890_123_456_789), .integer(999_999_999_999_999), .null]),
            Column(name: "x", type: .number, values: [.number(.infinity), .number(-0.5), .number(1e-300)]),
        ])
        let path = dir.file("numbers.xlsx")
        try ExcelWorkbook.write([ExcelWorkbook.Sheet(title: "n", table: table)], to: path)
        let sheet = try #require(try XlsxWorkbook(path: path).sheets.first)
        #expect(sheet.row(2) == [.string("1234567890123456789"), .string("inf")])
        #expect(sheet.row(3) == [.number(999_999_999_999_999), .number(-0.5)])
        #expect(sheet.row(4) == [nil, .number(1e-300)])
    }
}
