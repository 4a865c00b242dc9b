import Topline

/// What the shell remembers of a session beyond its datasets: the last
/// result and chart (for `.export`) and the statements that succeeded, in
/// order (what `.save` writes). Fed from the events statements produce.
public final class SessionTranscript {
    public private(set) var lastTable: Table?
    public private(set) var lastChart: Chart?
    /// The statement that produced ``lastTable`` (a workbook names its sheet after it).
    public private(set) var lastTableStatement: String?
    public private(set) var statements: [String] = []
    /// A result came since the last statement finished: the next one produced it.
    private var awaitingStatement = false

    public init() {}

    public func record(_ event: StatementEvent) {
        switch event {
        case .table(let table): lastTable = table; lastTableStatement = nil; awaitingStatement = true
        case .chart(let chart): lastChart = chart; lastTable = chart.table; lastTableStatement = nil; awaitingStatement = true
        case .finished(let statement):
            statements.append(statement)
            if awaitingStatement { lastTableStatement = statement }
            awaitingStatement = false
        case .message, .diagnostic: break
        }
    }

    /// Records a statement the shell ran on the user's behalf (the `load` of a data file named
    /// on the command line), so that `.save` writes a script that makes the same datasets.
    public func record(statement: String) {
        statements.append(statement)
    }
}
