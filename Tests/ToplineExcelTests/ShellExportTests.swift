import Foundation
import Testing
import Topline
import ToplineExcel
@testable import ToplineShell
import ToplineTestSupport

/// The shell's `.export FILE.xlsx`: the last result as a one-sheet workbook
/// named after its statement, written atomically.
@Suite struct ShellExportTests {
    func shell(in dir: TemporaryDirectory) -> (shell: Shell, out: @Sendable () -> String, err: @Sendable () -> String) {
        dir.write("regions.csv", "region,segment,share\nAsia Pacific,CEOs,16%\nEurope,CEOs,57%\nNorth America,Managers,20%\n")
        let (results, out) = TextOutput.capture()
        let (diagnostics, err) = TextOutput.capture()
        let printer = ResultPrinter(format: .table, maxRows: 40, results: results, diagnostics: diagnostics, messages: results, color: false)
        let shell = Shell(session: Session(workingDirectory: dir.path), reader: PlainLineReader(), printer: printer,
                          history: ShellHistory(file: nil))
        return (shell, out, err)
    }

    @Test func exportsTheLastResultAsAWorkbook() throws {
        let dir = TemporaryDirectory(prefix: "xlsx-shell")
        defer { dir.remove() }
        let (shell, out, err) = shell(in: dir)
        shell.feed(contentsOf: """
            .export early.xlsx
            load "regions.csv" as r
            from r | count by segment
            from r | where segment == "CEOs" | select region, share
            .export report.xlsx
            """)
        #expect(err() == "error: no result to export yet\n")
        #expect(out().contains("wrote report.xlsx\n"))
        let sheet = try #require(try XlsxWorkbook(path: dir.file("report.xlsx")).sheets.first)
        #expect(sheet.name == "r | where segment == \"CEOs\" |…")
        #expect(sheet.row(1) == [.string("region"), .string("share")])
        #expect(sheet.row(3) == [.string("Europe"), .number(0.57)])
        #expect(sheet["B3"]?.format == "0.0%")
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: dir.path)) == ["regions.csv", "report.xlsx"])
    }

    @Test func aFailedExportLeavesTheFileAsItWas() throws {
        let dir = TemporaryDirectory(prefix: "xlsx-shell-fail")
        defer { dir.remove() }
        let (shell, _, err) = shell(in: dir)
        dir.write("kept.xlsx", "old")
        shell.feed(contentsOf: """
            load "regions.csv" as r
            from r | take 1
            .export nowhere/out.xlsx
            .export regions.csv/out.xlsx
            .export report
            """)
        #expect(err() == """
            error: cannot write 'nowhere/out.xlsx': No such file or directory (creating a temporary file in '\(dir.file("nowhere"))')
            error: cannot write 'regions.csv/out.xlsx': Not a directory
            error: cannot tell the format of 'report': use .csv, .tsv, .json, .ndjson, .jsonl, .md, .txt, .svg or .xlsx

            """)
        #expect(FileManager.default.contents(atPath: dir.file("kept.xlsx")) == Data("old".utf8))
    }

    /// libxlsxwriter rewrites the atomic writer's temporary file in place — the file the
    /// writer syncs and renames — and a cancelled or failed workbook leaves no file behind.
    @Test func aWorkbookGoesThroughTheAtomicWriter() throws {
        let dir = TemporaryDirectory(prefix: "xlsx-atomic")
        defer { dir.remove() }
        let table = try Table(columns: [Column(name: "share", type: .percent, values: [.percent(0.16)])])
        let sheet = ExcelWorkbook.Sheet(title: "from t", table: table)
        let path = dir.file("report.xlsx")
        dir.write("report.xlsx", "old")

        let cancelled = try AtomicFileWriter(path: path)
        let flag = InterruptFlag()
        flag.set()
        #expect(FileExport.write([sheet], to: cancelled, interrupt: flag) == .cancelled)
        #expect(FileManager.default.contents(atPath: path) == Data("old".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["report.xlsx"])

        let writer = try AtomicFileWriter(path: path)
        let before = try FileManager.default.attributesOfItem(atPath: writer.temporaryPath)[.systemFileNumber] as? Int
        try ExcelWorkbook.write([sheet], to: writer.temporaryPath)
        let after = try FileManager.default.attributesOfItem(atPath: writer.temporaryPath)[.systemFileNumber] as? Int
        #expect(before != nil && before == after)
        try writer.commit()
        #expect(try XlsxWorkbook(path: path).sheets.map { $0.name } == ["t"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["report.xlsx"])
    }
}
