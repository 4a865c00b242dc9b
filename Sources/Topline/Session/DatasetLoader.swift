/// Loads data files into datasets: the path resolved against the working
/// directory, the weight column checked, and the default name (the file's stem).
struct DatasetLoader {
    let workingDirectory: String

    /// Reads `path` (only `columns` and the weight, when given; the rest on
    /// demand) into a dataset named `name` or after the file, as `options` say.
    /// `interrupt` stops the read (`run.cancelled`); the dataset carries the load's warnings.
    func load(path: String, as name: String?, weight: String?, options: LoadOptions = LoadOptions(), columns: Set<String>?,
              interrupt: InterruptFlag? = nil) throws(Diagnostic) -> Dataset {
        var wanted = columns
        if let weight { wanted?.insert(weight) }
        let context = LoadContext(interrupt: interrupt)
        let (table, deferred) = try DatasetReader.readDeferring(path: absolutePath(path), displayPath: path, columns: wanted,
                                                                options: options, context: context)
        if let weight {
            guard let column = table.column(named: weight) else {
                throw Diagnostic.error(.loadUnknownWeight, "'\(path)' has no column '\(weight)' to use as weight")
            }
            guard column.type.isPlainNumeric else {
                throw Diagnostic.error(.loadWeightType, "weight column '\(weight)' holds \(column.type.rawValue), not numbers")
            }
        }
        var dataset = Dataset(name: name ?? DatasetLoader.stem(of: path), table: table, weightColumn: weight, origin: path)
        dataset.deferred = deferred
        dataset.loadWarnings = context.warnings
        return dataset
    }

    private func absolutePath(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        if path.hasPrefix("~/") { return FileSystem.expandingTilde(path) }
        return workingDirectory + "/" + path
    }

    /// The dataset name a file gets by default: its name without directory and extension.
    static func stem(of path: String) -> String {
        let last = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = last.lastIndex(of: "."), dot != last.startIndex else { return last }
        return String(last[..<dot])
    }
}

extension Dataset {
    /// The note a `load` gives: "loaded studies: 60 rows × 16 columns, weighted by w".
    public var loadedMessage: String {
        "loaded \(SafeText.escape(name)): \(size)" + (weightColumn.map { ", weighted by \(SafeText.escape($0))" } ?? "")
    }

    /// The statement that loads this dataset again from `path` (the file as it was named), for
    /// `.save` of datasets the shell preloaded from the command line:
    /// `load "data/survey.csv" as survey weight w`.
    public func loadStatement(path: String) -> String {
        "load \(SourcePrinter.quoted(path)) as \(SourcePrinter.name(name))"
            + (weightColumn.map { " weight \(SourcePrinter.name($0))" } ?? "")
    }

    /// "60 rows × 16 columns", "1 row × 1 column".
    public var size: String {
        let rows = table.rowCount, columns = columnCount
        return "\(rows) row\(rows == 1 ? "" : "s") × \(columns) column\(columns == 1 ? "" : "s")"
    }
}
