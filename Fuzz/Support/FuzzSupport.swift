import Foundation

// Shared by every fuzz target. All of Fuzz/ is compiled together with every
// file of Sources/Topline into one binary and module (see scripts/fuzz), so
// the targets reach the library's internal types as well as its public API.

/// The bundled example datasets and test fixtures, read once per process and
/// registered into a fresh session for every input, so one input cannot leave
/// state behind for the next.
enum FuzzDatasets {
    /// Repository root: `TOPLINE_ROOT`, or the working directory (scripts/fuzz runs from the root).
    static let root = ProcessInfo.processInfo.environment["TOPLINE_ROOT"] ?? FileManager.default.currentDirectoryPath

    static let tables: [(name: String, table: Table, weight: String?)] = {
        let files: [(String, String, String?)] = [
            ("studies", "Examples/data/ceo_study_metrics.csv", nil),
            ("extra", "Examples/data/ceo_study_metrics_extra.csv", nil),
            ("survey", "Tests/ToplineTests/Fixtures/data/survey.csv", "weight"),
            ("waves", "Tests/ToplineTests/Fixtures/data/waves.csv", nil),
            ("regions", "Tests/ToplineTests/Fixtures/data/regions.tsv", nil),
            ("leads", "Tests/ToplineTests/Fixtures/data/leads.json", nil),
        ]
        return files.map { name, path, weight in
            do throws(Diagnostic) {
                return (name, try DatasetReader.read(path: root + "/" + path), weight)
            } catch {
                fatalError("fuzz setup: cannot read \(path) under \(root): \(error.message)")
            }
        }
    }()

    /// A session with every example dataset registered, whose relative `load`
    /// paths resolve against the repository root.
    static func session() -> Session {
        let session = Session(workingDirectory: root)
        for entry in tables { session.register(entry.table, as: entry.name, weight: entry.weight) }
        return session
    }
}


/// A table that loaded must be well formed (every column as long as the row
/// count) and must render.
func checkTable(_ table: Table) {
    for column in table.columns {
        precondition(column.count == table.rowCount, "column '\(column.name)' has \(column.count) values for \(table.rowCount) rows")
    }
    _ = TableFormatter.render(table, as: .table, maxRows: 50)
    // Fitted to a narrow terminal: cells cut by display width, columns left out, one block per row.
    // No line is wider (a loaded table has no estimates, so no legend lines under it).
    for format in [OutputFormat.box, .line] {
        let text = TableFormatter.render(table, as: format, options: FormatOptions(maxRows: 20, width: 40))
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            precondition(SafeText.width(String(line)) <= 40, "\(format) line wider than 40: \(line)")
        }
    }
}

/// What one read of a data file gave, to compare two reads of the same bytes.
struct LoadOutcome: Equatable, CustomStringConvertible {
    let table: Table?
    private let names: [String]
    private let types: [ValueType]
    private let rows: [[Value]]
    /// Each text column's dictionary: its values in first-seen order, which groups and levels follow.
    private let dictionaries: [[String]]
    private let warnings: [Diagnostic]
    private let failure: Diagnostic?

    init(_ read: () throws(Diagnostic) -> (Table, [Diagnostic])) {
        do throws(Diagnostic) {
            let (table, warnings) = try read()
            self.table = table
            names = table.columnNames
            types = table.columns.map(\.type)
            rows = (0..<table.rowCount).map { table.row($0) }
            dictionaries = table.columns.map { column in
                if case .texts(_, let dictionary) = column.storage { return dictionary }
                return []
            }
            self.warnings = warnings
            failure = nil
        } catch {
            table = nil
            names = []; types = []; rows = []; dictionaries = []; warnings = []
            failure = error
        }
    }

    static func == (a: LoadOutcome, b: LoadOutcome) -> Bool {
        a.names == b.names && a.types == b.types && a.rows == b.rows && a.dictionaries == b.dictionaries && a.warnings == b.warnings && a.failure == b.failure
    }

    var description: String {
        if let failure { return "\(failure.id.rawValue) at \(failure.dataLine ?? 0):\(failure.dataColumn ?? 0): \(failure.message)" }
        return "\(rows.count) rows × \(names.count) columns, \(warnings.count) warnings"
    }
}
