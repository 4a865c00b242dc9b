import Foundation
import Testing
import ToplineTestSupport

/// openpyxl's reading of a workbook these tests write, held to the tests' own
/// reader: `Fixtures/report.xlsx` is the workbook of `Fixtures/report.tq`,
/// and `Fixtures/report.openpyxl.txt` what `Tests/oracle/check_xlsx_openpyxl.py`
/// printed of it (values, types, number formats, bold and italic, frozen
/// panes). CI needs no Python: the listing is committed.
///
/// `TOPLINE_RECORD=1` rewrites `report.xlsx` from the script; then run the
/// Python script on it (its usage line) to rewrite the listing.
@Suite struct OpenpyxlOracleTests {
    static let script = excelFixtures + "/report.tq"
    static let committed = excelFixtures + "/report.xlsx"
    static let oracle = excelFixtures + "/report.openpyxl.txt"

    /// openpyxl's listing, without its version line.
    func openpyxlListing() throws -> String {
        let text = try String(contentsOfFile: Self.oracle, encoding: .utf8)
        return text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("#") }.joined(separator: "\n")
    }

    /// The reader reads the committed workbook as openpyxl did.
    @Test func theReaderAgreesWithOpenpyxl() throws {
        let listing = try openpyxlListing()
        #expect(listing.split(separator: "\n").count > 100)
        #expect(listing.contains(" 0.0%"))
        #expect(try XlsxWorkbook(path: Self.committed).listing == listing)
    }

    /// A workbook written now reads as openpyxl read the committed one.
    @Test func aWorkbookWrittenNowReadsAsOpenpyxlReadIt() throws {
        let dir = TemporaryDirectory(prefix: "xlsx-oracle")
        defer { dir.remove() }
        let source = try String(contentsOfFile: Self.script, encoding: .utf8)
        let path = dir.file("report.xlsx")
        try writeWorkbook(of: source, to: path)
        if ProcessInfo.processInfo.environment["TOPLINE_RECORD"] == "1" {
            _ = try? FileManager.default.removeItem(atPath: Self.committed)
            try FileManager.default.copyItem(atPath: path, toPath: Self.committed)
        }
        let listing = try XlsxWorkbook(path: path).listing
        #expect(listing == (try openpyxlListing()), "re-record: TOPLINE_RECORD=1, then Tests/oracle/check_xlsx_openpyxl.py")
    }

    /// Streamed (libxlsxwriter's constant_memory mode, for workbooks of more than a million cells),
    /// the same workbook holds the same cells, its text in the cells rather than shared.
    @Test func aStreamedWorkbookHoldsTheSameCells() throws {
        let dir = TemporaryDirectory(prefix: "xlsx-streamed")
        defer { dir.remove() }
        let source = try String(contentsOfFile: Self.script, encoding: .utf8)
        let path = dir.file("report.xlsx")
        try writeWorkbook(of: source, to: path, streamingCells: 0)
        let book = try XlsxWorkbook(path: path)
        #expect(book.listing == (try openpyxlListing()))
        #expect(book.sheets[0]["A1"]?.type == "inlineStr")
    }
}
