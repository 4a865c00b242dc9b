import CXlsxWriter
import Topline

/// The cell formats of a workbook, one per ``SheetLayout`` text role and
/// number format; made once per workbook (libxlsxwriter owns them).
struct Styles {
    /// The number formats, as Excel format codes.
    static let percentCode = "0.0%"
    static let pointsCode = #"+0.0" pp";-0.0" pp";0.0" pp""#
    static let ratioCode = #"0.00"×""#
    static let dateCode = "yyyy-mm-dd"
    static let timestampCode = "yyyy-mm-dd hh:mm:ss"

    /// Headers and a banner's headings share the bold format.
    private let bold, label, note, percent, points, ratio, date, timestamp: UnsafeMutablePointer<lxw_format>

    init(_ workbook: UnsafeMutablePointer<lxw_workbook>) throws(ExcelWriteError) {
        func format(_ configure: (UnsafeMutablePointer<lxw_format>) -> Void) throws(ExcelWriteError) -> UnsafeMutablePointer<lxw_format> {
            guard let format = workbook_add_format(workbook) else { throw .failed("libxlsxwriter could not add a cell format (out of memory)") }
            configure(format)
            return format
        }
        bold = try format { format_set_bold($0) }
        label = try format { format_set_indent($0, 1) }
        note = try format { format_set_italic($0) }
        percent = try format { format_set_num_format($0, Self.percentCode) }
        points = try format { format_set_num_format($0, Self.pointsCode) }
        ratio = try format { format_set_num_format($0, Self.ratioCode) }
        date = try format { format_set_num_format($0, Self.dateCode) }
        timestamp = try format { format_set_num_format($0, Self.timestampCode) }
    }

    func text(_ role: SheetLayout.TextRole) -> UnsafeMutablePointer<lxw_format>? {
        switch role {
        case .plain: return nil
        case .header, .heading: return bold
        case .label: return label
        case .note: return note
        }
    }

    func number(_ format: SheetLayout.NumberFormat) -> UnsafeMutablePointer<lxw_format>? {
        switch format {
        case .general: return nil
        case .percent: return percent
        case .points: return points
        case .ratio: return ratio
        case .date: return date
        case .timestamp: return timestamp
        }
    }
}

/// Writes one ``SheetLayout`` into a worksheet: every cell, checked; the
/// header kept in view; columns as wide as their first rows need.
struct SheetWriter {
    let worksheet: UnsafeMutablePointer<lxw_worksheet>
    let styles: Styles
    let interrupt: InterruptFlag?

    /// The rows measured for column widths: enough to see a column's shape, few enough to stay cheap.
    static let measuredRows = 1_000
    static let widthRange = 6.0...60.0

    func write(_ layout: SheetLayout) throws(ExcelWriteError) {
        var widths = Array(repeating: 0, count: layout.columnCount)
        for r in 0..<layout.rowCount {
            if r & 0xFF == 0, let interrupt, interrupt.isSet { throw .cancelled }
            let row = UInt32(r)
            for (c, cell) in layout.row(r).enumerated() {
                let column = UInt16(c)
                let result: lxw_error
                switch cell {
                case .empty: continue
                case .text(let text, let role):
                    let prepared = CellText.prepared(text)
                    result = worksheet_write_string(worksheet, row, column, prepared, styles.text(role))
                    if r < layout.tableRows, r < Self.measuredRows, c < widths.count {
                        widths[c] = max(widths[c], prepared.count + (role == .label ? 2 : 0))
                    }
                case .number(let x, let format):
                    result = worksheet_write_number(worksheet, row, column, x, styles.number(format))
                    if c < widths.count { widths[c] = max(widths[c], 9) }
                case .boolean(let b):
                    result = worksheet_write_boolean(worksheet, row, column, b ? 1 : 0, nil)
                    if c < widths.count { widths[c] = max(widths[c], 6) }
                }
                guard result == LXW_NO_ERROR else { throw .library(result, step: "writing cell \(cellName(row: r, column: c))") }
            }
        }
        for (c, width) in widths.enumerated() {
            let shown = min(max(Double(width) + 1, Self.widthRange.lowerBound), Self.widthRange.upperBound)
            let result = worksheet_set_column(worksheet, UInt16(c), UInt16(c), shown, nil)
            guard result == LXW_NO_ERROR else { throw .library(result, step: "setting column widths") }
        }
        if layout.frozenRows > 0 || layout.frozenColumns > 0 {
            worksheet_freeze_panes(worksheet, UInt32(layout.frozenRows), UInt16(layout.frozenColumns))
        }
    }

    /// `B7`: a cell as Excel names it, for messages.
    func cellName(row: Int, column: Int) -> String {
        var letters = ""
        var c = column + 1
        while c > 0 {
            let digit = (c - 1) % 26
            letters = String(UnicodeScalar(UInt8(65 + digit))) + letters
            c = (c - 1) / 26
        }
        return letters + String(row + 1)
    }
}
