import Testing
import ToplineTestSupport
@testable import Topline

/// What a spreadsheet sheet holds of a table (``SheetLayout``), before any
/// workbook is written: each value as a typed cell with its display format,
/// estimates split into csv's fields, and a banner laid out as
/// ``BannerRenderer`` draws it. (ToplineExcelTests write and read back the
/// workbooks themselves.)
@Suite struct SheetLayoutTests {
    static let cells: [(value: Value, cell: SheetLayout.Cell)] = [
        (.null, .empty),
        (.integer(1709), .number(1709, .general)),
        (.integer(-999_999_999_999_999), .number(-999_999_999_999_999, .general)),
        (.integer(1_000_000_000_000_000), .text("1000000000000000", .plain)),
        (.number(3.25), .number(3.25, .general)),
        (.number(.infinity), .text("inf", .plain)),
        (.percent(0.16), .number(0.16, .percent)),
        // Percent units from the decimal text: 0.41 × 100 would be 41.00000000000001.
        (.points(0.41), .number(41, .points)),
        (.points(-0.13), .number(-13, .points)),
        (.ratio(3.5625), .number(3.5625, .ratio)),
        (.probability(5.1649e-07), .number(5.1649e-07, .general)),
        (.text("=1+1"), .text("=1+1", .plain)),
        (.boolean(false), .boolean(false)),
        // Spreadsheet serials: 2012-01-31 is 40939 (Excel's DATE(2012,1,31)); noon adds half a day.
        (.date(15370), .number(40939, .date)),
        (.timestamp(15370 * 86_400_000_000 + 43_200_000_000), .number(40939.5, .timestamp)),
        (.date(-25508), .number(61, .date)),
        // Before 1900-03-01 serials are off by Excel's 29 February 1900: written as text.
        (.date(-25509), .text("1900-02-28", .plain)),
        (.timestamp(-25509 * 86_400_000_000), .text("1900-02-28 00:00:00", .plain)),
        (.estimate(Estimate(proportion: 0.16, n: 1709)), .number(0.16, .percent)),
    ]

    @Test(arguments: cells)
    func valuesBecomeTypedCells(value: Value, cell: SheetLayout.Cell) {
        #expect(SheetLayout.cell(value) == cell)
    }

    @Test func aPlainTableIsAHeaderRowItsRowsAndItsLegend() throws {
        let table = try Table(columns: [
            Column(name: "region", type: .text, values: [.text("Europe"), .null]),
            Column(name: "share", type: .estimate, values: [.estimate(Estimate(proportion: 0.57, n: 1709)), .null]),
        ])
        let sheet = try SheetLayout(table)
        #expect(sheet.columnCount == 10 && sheet.frozenRows == 1 && sheet.frozenColumns == 0)
        #expect(sheet.row(0) == (["region"] + EstimateFields.suffixes.map { "share" + $0 }).map { .text($0, .header) })
        let e = Estimate(proportion: 0.57, n: 1709)
        let moe = try #require(e.marginOfError), interval = try #require(e.interval)
        #expect(sheet.row(1) == [
            .text("Europe", .plain), .number(0.57, .percent), .number(moe, .percent), .number(interval.low, .percent),
            .number(interval.high, .percent), .number(1709, .general), .number(1709, .general), .text("wilson", .plain),
            .number(0.95, .percent), .text("ok", .plain),
        ])
        #expect(sheet.row(2) == Array(repeating: .empty, count: 10))
        #expect(sheet.tableRows == 3 && sheet.rowCount == 5)
        #expect(sheet.row(3) == [])
        #expect(sheet.row(4) == [.text("± margin of error: 95% Wilson interval", .note)])
    }

    /// The banner's cells are the terminal's, figure by figure: the same labels, headers and letters.
    @Test func aBannerIsLaidOutAsTheTerminalDrawsIt() throws {
        let session = try TabulateTests.session()
        let table = try TabulateTests.table(session, "from t | tabulate answer by group")
        let text = TableFormatter.render(table, as: .table)
        let sheet = try SheetLayout(table)
        #expect(sheet.frozenRows == 2 && sheet.frozenColumns == 1)
        #expect(sheet.row(0) == [.text("columns: Total; group: A–C", .note)])
        #expect(text.hasPrefix("columns: Total; group: A–C\n"))
        // Total and C have no letters, so no column for them; A and B have theirs beside their figures.
        #expect(sheet.row(1) == [.empty, .text("Total", .header), .text("A (A)", .header), .empty, .text("B (B)", .header), .empty,
                                 .text("C (C)", .header)])
        #expect(sheet.row(2) == [.text("answer", .heading)] + Array(repeating: .empty, count: 6))
        #expect(sheet.row(3) == [.text("Base (n)", .label), .number(300, .general), .number(100, .general), .empty,
                                 .number(100, .general), .empty, .number(100, .general)])
        #expect(sheet.row(4) == [.text("yes", .label), .number(0.5, .percent), .number(0.6, .percent), .text("B", .plain),
                                 .number(0.4, .percent), .empty, .number(0.5, .percent)])
        #expect(sheet.row(5) == [.text("no", .label), .number(0.5, .percent), .number(0.4, .percent), .empty,
                                 .number(0.6, .percent), .text("A", .plain), .number(0.5, .percent)])
        #expect(sheet.tableRows == 6)
        // Every line label of the terminal's banner is a row of the sheet, in order.
        let labels = (2..<sheet.tableRows).compactMap { r -> String? in
            guard case .text(let label, let role) = sheet.row(r).first else { return nil }
            return (role == .label ? "  " : "") + label
        }
        let lines = text.split(separator: "\n").map(String.init)
        let drawn = lines.compactMap { line in labels.first { line.hasPrefix($0 + "  ") || line == $0 } }
        #expect(drawn == labels)
        // The notes under the banner are the terminal's lines after the table.
        let notes = (sheet.tableRows + 1..<sheet.rowCount).compactMap { r -> String? in
            if case .text(let note, .note) = sheet.row(r).first { return note } else { return nil }
        }
        #expect(!notes.isEmpty && notes.allSatisfy { lines.contains($0) })
        #expect(sheet.row(sheet.tableRows) == [])
    }
}
