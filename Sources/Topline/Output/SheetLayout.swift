/// A result table as the cells of one spreadsheet sheet: what an Excel
/// workbook (`.export FILE.xlsx`, `--output FILE.xlsx`) holds of it.
///
/// Numbers stay numbers, with a display format: a percent is the fraction
/// shown as `16.0%` (``NumberFormat/percent``), points are percent units
/// shown as `+41.0 pp`, a ratio is shown as `3.56×`, a p-value is a plain
/// number. An estimate column becomes the columns csv gives it (`share`,
/// `share_moe`, `share_ci_low`, …, ``EstimateFields``), its share fields as
/// percentages. A header row names the columns; the method legend of the
/// human formats follows the table after a blank row. A banner table
/// (`tabulate`) is laid out as the terminal draws it: a column per banner
/// column with its letters in a column beside it, its tests and notes below.
/// Every row is laid out (nothing is cut, as in csv).
///
/// ```swift
/// let t = try Table(columns: [
///     Column(name: "horizon", type: .text, values: [.text("now")]),
///     Column(name: "share", type: .percent, values: [.percent(0.16)]),
/// ])
/// let sheet = try SheetLayout(t)
/// _ = sheet.row(0)   // [.text("horizon", .header), .text("share", .header)]
/// _ = sheet.row(1)   // [.text("now", .plain), .number(0.16, .percent)]
/// ```
public struct SheetLayout: Sendable {
    /// What a text cell is, for its style.
    public enum TextRole: Hashable, Sendable {
        /// A value from the data.
        case plain
        /// A column's name.
        case header
        /// A banner's row variable, heading its lines.
        case heading
        /// A banner line's label (a base, category, net or mean), indented under its heading.
        case label
        /// A line of legend or notes under the table.
        case note
    }

    /// How a number cell is shown.
    public enum NumberFormat: Hashable, Sendable {
        /// As the spreadsheet shows numbers by default.
        case general
        /// A fraction as a percentage with one decimal: 0.16 as `16.0%`.
        case percent
        /// Percent units as signed percentage points: 41 as `+41.0 pp`.
        case points
        /// A quotient with two decimals: `3.56×`.
        case ratio
        /// A spreadsheet date serial (days since 1899-12-30) shown `yyyy-mm-dd`.
        case date
        /// A date serial with the fraction of its day, shown `yyyy-mm-dd hh:mm:ss`.
        case timestamp
    }

    /// One cell: empty, text, a number with its display format, or a boolean.
    public enum Cell: Hashable, Sendable {
        case empty
        case text(String, TextRole)
        case number(Double, NumberFormat)
        case boolean(Bool)
    }

    /// The widest row's cells.
    public let columnCount: Int
    /// Every row: header, data, and the lines after them.
    public var rowCount: Int { top.count + bodyRows + bottom.count }
    /// The rows of the table itself, header included; the rows after them are its legend and notes.
    public var tableRows: Int { top.count + bodyRows }
    /// Rows at the top that stay in view when scrolling: the header.
    public var frozenRows: Int { top.count }
    /// Columns at the left that stay in view: a banner's labels.
    public let frozenColumns: Int

    private let top: [[Cell]]
    private let body: Body
    private let bodyRows: Int
    private let bottom: [[Cell]]

    private enum Body: Sendable {
        /// The rows of a table, laid out when asked for: a large result is never held twice.
        case table(Table)
        case cells([[Cell]])
    }

    /// Lays out `table`; a banner is gathered first, polling `interrupt`
    /// (`run.cancelled` once it is set).
    public init(_ table: Table, interrupt: InterruptFlag? = nil) throws(Diagnostic) {
        if let notes = table.banner {
            let banner = try BannerLayout(table, interrupt: interrupt)
            let (top, rows, bottom) = Self.banner(banner, notes: notes)
            (self.top, body, bodyRows, self.bottom) = (top, .cells(rows), rows.count, bottom)
            frozenColumns = 1
        } else {
            var header: [Cell] = []
            for column in table.columns {
                let suffixes = column.type == .estimate ? EstimateFields.suffixes : [""]
                header += suffixes.map { .text(column.name + $0, .header) }
            }
            top = header.isEmpty ? [] : [header]
            body = .table(table)
            bodyRows = header.isEmpty ? 0 : table.rowCount
            bottom = Self.notes(EstimateLegend.lines(for: table, rows: table.rowCount))
            frozenColumns = 0
        }
        columnCount = top.last?.count ?? 0
    }

    /// The cells of row `r` (0 ≤ r < ``rowCount``), from the left; a row may be shorter than ``columnCount``.
    public func row(_ r: Int) -> [Cell] {
        if r < top.count { return top[r] }
        let b = r - top.count
        if b < bodyRows {
            switch body {
            case .cells(let rows): return rows[b]
            case .table(let table): return Self.cells(of: table, row: b)
            }
        }
        return bottom[b - bodyRows]
    }

    // MARK: - Plain tables

    private static func cells(of table: Table, row: Int) -> [Cell] {
        var cells: [Cell] = []
        cells.reserveCapacity(table.columns.count)
        for column in table.columns {
            if case .estimates(let estimates) = column.storage {
                guard let e = estimates[row] else {
                    cells += Array(repeating: .empty, count: EstimateFields.keys.count)
                    continue
                }
                cells += EstimateFields.fields(e).map(cell)
            } else {
                cells.append(cell(column[row]))
            }
        }
        return cells
    }

    /// Integers past 15 digits are written as text: a spreadsheet keeps 15
    /// significant digits and would change an ID such as 1234567890123456789.
    static let largestExactInteger: Int64 = 999_999_999_999_999

    /// A value as a cell (an estimate as its value alone; plain tables split it into fields).
    static func cell(_ value: Value) -> Cell {
        switch value {
        case .null: return .empty
        case .integer(let i):
            return i.magnitude <= UInt64(largestExactInteger) ? .number(Double(i), .general) : .text(String(i), .plain)
        case .number(let x), .probability(let x): return number(x, .general, value)
        case .percent(let f): return number(f, .percent, value)
        case .points(let f):
            // In percent units from their decimal text, so that 0.41 is 41 and not 41.000000000000007.
            return f.isFinite ? .number(Double(ValueText.machinePercentUnits(f)) ?? f * 100, .points) : .text(ValueText.human(value), .plain)
        case .ratio(let r): return number(r, .ratio, value)
        case .text(let s): return .text(s, .plain)
        case .boolean(let b): return .boolean(b)
        case .date(let d):
            return d >= firstSerialDay ? .number(Double(d + serialOfEpoch), .date) : .text(ValueText.human(value), .plain)
        case .timestamp(let t):
            guard CalendarDate.day(ofMicroseconds: t) >= firstSerialDay else { return .text(ValueText.human(value), .plain) }
            return .number(Double(t) / Double(CalendarDate.microsecondsPerDay) + Double(serialOfEpoch), .timestamp)
        case .estimate(let e): return e.kind == .share ? number(e.proportion, .percent, value) : number(e.design?.value ?? e.proportion, .general, value)
        }
    }

    /// The serial of 1970-01-01 in spreadsheets' 1900 date system.
    static let serialOfEpoch: Int64 = 25_569
    /// 1900-03-01: spreadsheets count a 29 February 1900 that never was, so serials before it are
    /// off by a day (and before 1900 there are none); earlier dates are written as their ISO text.
    static let firstSerialDay: Int64 = -25_508

    /// A spreadsheet has no infinity or NaN: those are written as their text.
    private static func number(_ x: Double, _ format: NumberFormat, _ value: Value) -> Cell {
        x.isFinite ? .number(x, format) : .text(ValueText.human(value), .plain)
    }

    private static func cell(_ field: EstimateFields.Field?) -> Cell {
        switch field {
        case .fraction(let x): return .number(x, .percent)
        case .number(let x): return .number(x, .general)
        case .count(let n): return .number(Double(n), .general)
        case .text(let s): return .text(s, .plain)
        case nil: return .empty
        }
    }

    /// A blank row, then one row per line, or nothing without lines.
    private static func notes(_ lines: [String]) -> [[Cell]] {
        lines.isEmpty ? [] : [[]] + lines.map { [.text($0, .note)] }
    }

    // MARK: - Banner tables

    private static func banner(_ layout: BannerLayout, notes: BannerNotes) -> (top: [[Cell]], rows: [[Cell]], bottom: [[Cell]]) {
        // A column's letters (and small-base marks) get a column of their own when it has any, as in the terminal.
        func marks(_ cell: BannerLayout.Cell) -> String {
            var marks: [String] = []
            if case .estimate(let e) = cell.figure, case .flagged = e.assessment { marks.append(ValueText.smallBaseMark) }
            if !cell.letters.isEmpty { marks.append(cell.letters) }
            return marks.joined(separator: " ")
        }
        let marked = layout.columns.indices.map { c in layout.lines.contains { !marks($0.cells[c]).isEmpty } }
        var header: [Cell] = [.empty]
        for (c, column) in layout.columns.enumerated() {
            header.append(.text(column.header, .header))
            if marked[c] { header.append(.empty) }
        }
        var rows: [[Cell]] = []
        for line in layout.lines {
            var row: [Cell] = [.text(line.label, line.indented ? .label : .heading)]
            for (c, cell) in line.cells.enumerated() {
                row.append(figure(cell.figure))
                if marked[c] {
                    let text = marks(cell)
                    row.append(text.isEmpty ? .empty : .text(text, .plain))
                }
            }
            rows.append(row)
        }
        let summary: [[Cell]] = layout.letterSummary.map { [[.text($0, .note)]] } ?? []
        return (summary + [header], rows, Self.notes(layout.notes(notes)))
    }

    private static func figure(_ figure: BannerLayout.Figure) -> Cell {
        switch figure {
        case .none: return .empty
        case .value(let value): return cell(value)
        case .estimate(let e):
            if case .suppressed = e.assessment { return .text("n<\(e.policy.suppressBelow)", .plain) }
            return cell(.estimate(e))
        }
    }
}
