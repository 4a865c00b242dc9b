import Synchronization
import Topline
import ToplineExcel

/// The result tables of a run gathered for a workbook (`--output FILE.xlsx`),
/// each named after the statement that produced it: a statement's
/// `finished` event comes after its tables and titles them.
///
/// ```swift
/// let sheets = WorkbookSheets()
/// sheets.add(Table.empty)
/// sheets.finish(statement: "from survey | count")
/// _ = sheets.sheets.map { $0.title }   // ["from survey | count"]
/// ```
public final class WorkbookSheets: Sendable {
    private struct State {
        var sheets: [ExcelWorkbook.Sheet] = []
        /// The first sheet still waiting for its statement.
        var untitled = 0
    }
    private let state = Mutex(State())

    public init() {}

    public func add(_ table: Table) {
        state.withLock { $0.sheets.append(ExcelWorkbook.Sheet(title: nil, table: table)) }
    }

    /// Titles the tables added since the last statement with `statement`.
    public func finish(statement: String) {
        state.withLock { state in
            for i in state.untitled..<state.sheets.count { state.sheets[i].title = statement }
            state.untitled = state.sheets.count
        }
    }

    /// Every table gathered, in order.
    public var sheets: [ExcelWorkbook.Sheet] { state.withLock { $0.sheets } }
}
