import CXlsxWriter
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Topline

/// Writes result tables as an Excel workbook (`.xlsx`) with libxlsxwriter:
/// one sheet per table, laid out by ``SheetLayout`` (numbers as numbers,
/// percentages formatted `0.0%`, estimates split into their fields, banner
/// tables as the terminal draws them), named by ``SheetName`` after the
/// statement that produced it.
///
/// libxlsxwriter writes to a path, so this writes the file at `path` as it
/// is; callers that must not lose the old file give the temporary file of an
/// atomic writer and rename it into place afterwards (the shell and the
/// command do). Every libxlsxwriter call is checked: a failure is an
/// ``ExcelWriteError`` naming its cause.
///
/// ```swift
/// let table = try Table(columns: [Column(name: "share", type: .percent, values: [.percent(0.16)])])
/// try ExcelWorkbook.write([ExcelWorkbook.Sheet(title: "from survey | count", table: table)], to: "/tmp/report.xlsx")
/// ```
public enum ExcelWorkbook {
    /// One result: the statement that produced it (its sheet's name) and its table.
    public struct Sheet: Sendable {
        public var title: String?
        public var table: Table

        public init(title: String?, table: Table) {
            self.title = title
            self.table = table
        }
    }

    /// Excel's largest sheet.
    public static let maxRows = 1_048_576
    public static let maxColumns = 16_384
    /// Excel's most sheets is bounded by memory; this keeps a script of many
    /// results from making a workbook no one can open.
    public static let maxSheets = 4_096
    /// Above this many cells a workbook is streamed: libxlsxwriter's
    /// `constant_memory` mode writes each row to disk as the next begins,
    /// storing its text in the cell (inline strings) rather than in the shared
    /// strings, so memory stays flat (held whole, a million cells take about
    /// 130 MB).
    public static let streamingCells = 1_000_000

    /// Writes `sheets` to the workbook at `path` (at least one sheet; an
    /// empty list writes one empty sheet, as a workbook needs one), streamed
    /// when it has more than `streamingCells` cells. Ctrl-C (`interrupt`)
    /// stops before the file is written: it is left as it was.
    public static func write(_ sheets: [Sheet], to path: String, interrupt: InterruptFlag? = nil,
                             streamingCells: Int = ExcelWorkbook.streamingCells) throws(ExcelWriteError) {
        guard sheets.count <= maxSheets else {
            throw .failed("\(sheets.count) results: a workbook of more than \(maxSheets) sheets is refused")
        }
        var layouts: [SheetLayout] = []
        for (i, sheet) in sheets.enumerated() {
            let layout: SheetLayout
            do throws(Diagnostic) { layout = try SheetLayout(sheet.table, interrupt: interrupt) } catch { throw .cancelled }
            guard layout.rowCount <= maxRows, layout.columnCount <= maxColumns else {
                throw .failed("result \(i + 1) has \(layout.rowCount) rows and \(layout.columnCount) columns; an Excel sheet holds at most \(maxRows) rows and \(maxColumns) columns")
            }
            layouts.append(layout)
        }
        let names = SheetName.unique(sheets.map { $0.title })

        // libxlsxwriter's own temporary files go next to the workbook, where its space is.
        let folder = strdup(directory(of: path))
        defer { free(folder) }
        let cells = layouts.reduce(0) { $0 + $1.rowCount * $1.columnCount }
        var options = lxw_workbook_options(constant_memory: cells > streamingCells ? 1 : 0, tmpdir: folder, use_zip64: 0)
        guard let workbook = workbook_new_opt(path, &options) else {
            throw .failed("libxlsxwriter could not start the workbook (out of memory)")
        }
        do throws(ExcelWriteError) {
            let styles = try Styles(workbook)
            if layouts.isEmpty {
                guard workbook_add_worksheet(workbook, nil) != nil else { throw .failed("libxlsxwriter could not add a sheet") }
            }
            for (layout, name) in zip(layouts, names) {
                guard let worksheet = workbook_add_worksheet(workbook, name) else {
                    throw .failed("libxlsxwriter refused the sheet name '\(name)'")
                }
                try SheetWriter(worksheet: worksheet, styles: styles, interrupt: interrupt).write(layout)
            }
        } catch {
            // Nothing was written to `path` yet: free the workbook without writing it.
            lxw_workbook_free(workbook)
            throw error
        }
        errno = 0
        let result = workbook_close(workbook)
        let code = errno
        guard result == LXW_NO_ERROR else { throw .library(result, step: "writing the workbook", errno: code) }
    }

    /// The folder part of `path`: `.` for a bare name.
    private static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}

/// Why a workbook was not written.
public enum ExcelWriteError: Error, Equatable, CustomStringConvertible {
    /// Ctrl-C.
    case cancelled
    /// The reason, in words.
    case failed(String)

    public var description: String {
        switch self {
        case .cancelled: return "cancelled"
        case .failed(let reason): return reason
        }
    }

    /// A libxlsxwriter error: its message, and the system's reason where the failure was the file system's.
    static func library(_ error: lxw_error, step: String, errno code: Int32 = 0) -> ExcelWriteError {
        var reason = String(cString: lxw_strerror(error))
        while reason.hasSuffix(".") { reason.removeLast() }
        let systemErrors = [LXW_ERROR_CREATING_XLSX_FILE, LXW_ERROR_CREATING_TMPFILE, LXW_ERROR_READING_TMPFILE,
                            LXW_ERROR_ZIP_FILE_OPERATION, LXW_ERROR_ZIP_FILE_ADD, LXW_ERROR_ZIP_CLOSE]
        if code != 0, systemErrors.contains(error) { reason += ": " + String(cString: strerror(code)) }
        return .failed("\(reason) (libxlsxwriter, \(step))")
    }
}
