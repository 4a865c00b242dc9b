@testable import Topline

/// Reads `text` as CSV (or with another separator).
func loadCSV(_ text: String, separator: Character = ",") throws(Diagnostic) -> Table {
    try DatasetReader.readDelimited(bytes: Array(text.utf8), separator: separator.asciiValue!, fileName: "t.csv")
}

func loadJSON(_ text: String) throws(Diagnostic) -> Table {
    try DatasetReader.readJSON(bytes: Array(text.utf8), fileName: "t.json")
}

func loadNDJSON(_ text: String) throws(Diagnostic) -> Table {
    try DatasetReader.readNDJSON(bytes: Array(text.utf8), fileName: "t.ndjson")
}

/// The diagnostic `body` throws, or nil if it succeeds.
func loadFailure(_ body: () throws(Diagnostic) -> Table) -> Diagnostic? {
    do {
        _ = try body()
        return nil
    } catch {
        return error
    }
}

extension Table {
    /// Every row, as values.
    var rows: [[Value]] { (0..<rowCount).map { row($0) } }
    var types: [ValueType] { columns.map(\.type) }
}
