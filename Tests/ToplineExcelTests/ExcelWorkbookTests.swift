import Foundation
import Testing
@testable import Topline
import ToplineExcel
import ToplineTestSupport

/// What the writer refuses, and how it fails: every refusal and libxlsxwriter
/// error is an ``ExcelWriteError`` naming its cause, and nothing is written.
@Suite struct ExcelWorkbookTests {
    static let small = try! Table(columns: [Column(name: "n", type: .integer, values: [.integer(1)])])

    @Test func aSheetLargerThanExcelsIsRefusedBeforeAnythingIsWritten() throws {
        let dir = TemporaryDirectory(prefix: "xlsx-limit")
        defer { dir.remove() }
        let rows = ExcelWorkbook.maxRows  // with its header, one row too many
        let table = Table(unchecked: [Column(name: "n", type: .integer, storage: .integers(Array(repeating: 1, count: rows), isNull: []))],
                          rowCount: rows)
        let path = dir.file("big.xlsx")
        #expect(throws: ExcelWriteError.failed(
            "result 2 has 1048577 rows and 1 columns; an Excel sheet holds at most 1048576 rows and 16384 columns")) {
            try ExcelWorkbook.write([ExcelWorkbook.Sheet(title: nil, table: Self.small), ExcelWorkbook.Sheet(title: nil, table: table)],
                                    to: path)
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func anInterruptStopsBeforeTheFileIsWritten() throws {
        let dir = TemporaryDirectory(prefix: "xlsx-cancel")
        defer { dir.remove() }
        let flag = InterruptFlag()
        flag.set()
        let path = dir.file("cancelled.xlsx")
        #expect(throws: ExcelWriteError.cancelled) {
            try ExcelWorkbook.write([ExcelWorkbook.Sheet(title: nil, table: Self.small)], to: path, interrupt: flag)
        }
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test func libxlsxwriterErrorsNameTheirCause() throws {
        let dir = TemporaryDirectory(prefix: "xlsx-error")
        defer { dir.remove() }
        // libxlsxwriter itself prints an [ERROR] line to standard error here; the error returned is what counts.
        #expect(throws: ExcelWriteError.failed(
            "Error creating output xlsx file. Usually a permissions error: No such file or directory (libxlsxwriter, writing the workbook)")) {
            try ExcelWorkbook.write([ExcelWorkbook.Sheet(title: nil, table: Self.small)], to: dir.file("missing/out.xlsx"))
        }
    }

    @Test func noResultsIsOneEmptySheet() throws {
        let dir = TemporaryDirectory(prefix: "xlsx-empty")
        defer { dir.remove() }
        let path = dir.file("empty.xlsx")
        try ExcelWorkbook.write([], to: path)
        let book = try XlsxWorkbook(path: path)
        #expect(book.sheets.map { $0.name } == ["Sheet1"])
        #expect(book.sheets[0].cells.isEmpty)
    }

    @Test func tooManySheetsAreRefused() throws {
        let sheets = Array(repeating: ExcelWorkbook.Sheet(title: nil, table: Self.small), count: ExcelWorkbook.maxSheets + 1)
        #expect(throws: ExcelWriteError.failed("4097 results: a workbook of more than 4096 sheets is refused")) {
            try ExcelWorkbook.write(sheets, to: "/nonexistent/never.xlsx")
        }
    }
}
