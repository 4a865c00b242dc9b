/// A named table in a session, with what Topline knows about it.
public struct Dataset: Sendable {
    public var name: String
    public var table: Table
    /// The column holding survey weights, declared with `load … weight w`.
    public var weightColumn: String?
    /// Where it came from: a file path, `let`, or `register`.
    public var origin: String
    /// The warnings its load gave (`load.inexact-number`: a whole number its
    /// column of numbers cannot hold exactly); empty for other datasets.
    public var loadWarnings: [Diagnostic] = []
    /// Its survey design: declared with `design`, carried by the rows a `let`
    /// stored (a domain of a design stays one), or the weights-only design of
    /// `load … weight w` (R's `svydesign(ids = ~1, weights = ~w)`). Nil without weights.
    var designFrame: DesignFrame?
    /// Columns of its file not parsed yet (see ``DeferredColumns``); a
    /// dataset handed out by the public API never has any.
    var deferred: DeferredColumns?

    public init(name: String, table: Table, weightColumn: String? = nil, origin: String) {
        self.name = name
        self.table = table
        self.weightColumn = weightColumn
        self.origin = origin
        if let weightColumn, let column = table.column(named: weightColumn) {
            designFrame = .weightsOnly(Aggregation.weightValues(column).map { $0 >= 0 && $0.isFinite ? $0 : .nan },
                                       rowCount: table.rowCount, summary: "weight \(weightColumn)", declared: false)
        }
    }

    /// How many columns it has, parsed or not.
    public var columnCount: Int { deferred?.header.count ?? table.columns.count }

    /// Every column name, parsed or not, in order.
    var columnNames: [String] { deferred?.header ?? table.columnNames }
}
