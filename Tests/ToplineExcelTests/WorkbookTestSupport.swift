import Foundation
import Testing
import Topline
import ToplineExcel
import ToplineShell
import ToplineTestSupport

/// The fixtures of these tests.
let excelFixtures = packagePath("Tests/ToplineExcelTests/Fixtures")

/// Runs `source` as a script in a session at the package root, gathering its
/// results as the command does for `--output FILE.xlsx`, writes them to
/// `name` in `directory` and reads the workbook back.
func workbook(of source: String, in directory: TemporaryDirectory, name: String = "report.xlsx") throws -> XlsxWorkbook {
    let path = directory.file(name)
    try writeWorkbook(of: source, to: path)
    return try XlsxWorkbook(path: path)
}

/// Runs `source` and writes its results as a workbook at `path`.
func writeWorkbook(of source: String, to path: String, streamingCells: Int = ExcelWorkbook.streamingCells) throws {
    let (out, _) = TextOutput.capture()
    let (err, errText) = TextOutput.capture()
    var printer = ResultPrinter(format: .table, maxRows: nil, results: out, diagnostics: err, messages: err, color: false)
    let sheets = WorkbookSheets()
    printer.sheets = sheets
    let runner = ScriptRunner(session: Session(workingDirectory: packageRoot.path), printer: printer)
    let status = runner.run(source: source, name: "report.tq")
    #expect(status == .succeeded, "the script failed:\n\(errText())")
    try ExcelWorkbook.write(sheets.sheets, to: path, streamingCells: streamingCells)
}

extension XlsxWorkbook {
    /// Every filled cell, in the listing `Tests/oracle/check_xlsx_openpyxl.py` prints of openpyxl's reading.
    var listing: String {
        var lines: [String] = []
        for sheet in sheets {
            lines.append("sheet \(Self.quoted(sheet.name)) frozen=\(sheet.frozenAt ?? "-")")
            let references = sheet.cells.keys.compactMap { key in Self.split(key).map { (key, $0) } }
                .sorted { ($0.1.row, $0.1.column) < ($1.1.row, $1.1.column) }
            for (reference, _) in references {
                let cell = sheet.cells[reference]!
                var parts = [reference]
                switch cell.value {
                case .string(let s): parts += ["s", Self.quoted(s)]
                case .number(let x): parts += ["n", x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : "\(x)"]
                case .boolean(let b): parts += ["b", b ? "true" : "false"]
                }
                if cell.formula { parts[1] = "f" }
                parts.append(cell.format)
                if cell.bold { parts.append("bold") }
                if cell.italic { parts.append("italic") }
                lines.append(parts.joined(separator: " "))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
