/// A named table in a session, with what Topline knows about it.
public struct Dataset: Sendable {
    public var name: String
    public var table: Table
    /// The column holding survey weights, declared with `load … weight w`.
    public var weightColumn: String?
    /// Where it came from: a file path, `let`, or `register`.
    public var origin: String

    public init(name: String, table: Table, weightColumn: String? = nil, origin: String) {
        self.name = name
        self.table = table
        self.weightColumn = weightColumn
        self.origin = origin
    }
}
