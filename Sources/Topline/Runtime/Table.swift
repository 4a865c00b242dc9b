/// A columnar table: the result of a query, or a loaded dataset.
///
/// ```swift
/// let t = try Table(columns: [
///     Column(name: "horizon", type: .text, values: [.text("now"), .text("3-5 years")]),
///     Column(name: "value", type: .percent, values: [.percent(0.16), .percent(0.57)]),
/// ])
/// _ = t[1, "value"]   // .percent(0.57)
/// ```
public struct Table: Sendable {
    public private(set) var columns: [Column]
    public let rowCount: Int
    /// The survey design its rows come from, if any (see ``DesignFrame``):
    /// kept by the verbs that keep rows, consumed by `summarize`, dropped by
    /// every other step (a table built from columns has none).
    var design: DesignFrame?
    /// Set by `tabulate`: the rows are the long form of a banner table, which the human formats
    /// draw as one (see ``BannerNotes``). Any later step builds other rows and clears it.
    var banner: BannerNotes?

    /// A table of equal-length columns with distinct names.
    public init(columns: [Column]) throws {
        let count = columns.first?.count ?? 0
        var seen = Set<String>()
        for c in columns {
            guard c.count == count else {
                throw Diagnostic.error(.tableRagged, "column '\(c.name)' has \(c.count) rows, expected \(count)")
            }
            guard seen.insert(c.name).inserted else {
                throw Diagnostic.error(.tableDuplicateColumn, "duplicate column name '\(c.name)'")
            }
        }
        self.columns = columns
        self.rowCount = count
    }

    /// A table known to be well-formed (used by the interpreter).
    init(unchecked columns: [Column], rowCount: Int) {
        self.columns = columns
        self.rowCount = rowCount
    }

    /// An empty table with no columns and no rows.
    public static let empty = Table(unchecked: [], rowCount: 0)

    public var columnNames: [String] { columns.map(\.name) }

    /// The column named `name`, if any.
    public func column(named name: String) -> Column? {
        columns.first { $0.name == name }
    }

    public func columnIndex(named name: String) -> Int? {
        columns.firstIndex { $0.name == name }
    }

    public subscript(row: Int, column: String) -> Value {
        self.column(named: column)?[row] ?? .null
    }

    /// Row `row` as values in column order.
    public func row(_ row: Int) -> [Value] {
        columns.map { $0[row] }
    }

    /// The rows `rows`, in that order.
    public func gather(_ rows: [Int]) -> Table {
        var table = Table(unchecked: columns.map { $0.gather(rows) }, rowCount: rows.count)
        table.design = design?.gathered(rows)
        return table
    }

    /// The same rows with other columns (of the same length), keeping the design.
    func withColumns(_ columns: [Column]) -> Table {
        var table = Table(unchecked: columns, rowCount: rowCount)
        table.design = design
        return table
    }
}
