#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The columns of a delimited or survey file that a `load` did not parse yet, because
/// the statements after it did not need them (projection pushdown). They are
/// read from the file the first time anything asks for them, so what a
/// dataset holds never depends on which statements came first.
struct DeferredColumns: Sendable {
    /// The file to read them from, and its name for diagnostics.
    let path: String
    let displayPath: String
    /// Every column of the file, in file order.
    let header: [String]
    /// The rows the first read found: the file must still have as many.
    let rowCount: Int
    /// The file's size and modification time at the first read: it must be unchanged.
    let stamp: FileStamp?
    /// How the first read read it (format, delimiter, encoding, missing codes), so the rest are read alike.
    let options: LoadOptions

    init(path: String, displayPath: String, header: [String], rowCount: Int, options: LoadOptions = LoadOptions()) {
        self.path = path
        self.displayPath = displayPath
        self.header = header
        self.rowCount = rowCount
        self.options = options
        stamp = FileStamp(path: path)
    }

    /// `table` with the columns `names` (every column when nil) read from the
    /// file and put in file order. Fails if the file has changed in the
    /// meantime; `context` is polled for Ctrl-C and gets the read's warnings.
    func completing(_ table: Table, with names: Set<String>?,
                    context: LoadContext = LoadContext()) throws(Diagnostic) -> (table: Table, rest: DeferredColumns?) {
        let present = Set(table.columnNames)
        let missing = Set(header.filter { !present.contains($0) && (names?.contains($0) ?? true) })
        guard !missing.isEmpty else { return (table, present.count < header.count ? self : nil) }
        guard stamp == nil || FileStamp(path: path) == stamp else { throw changed() }
        let read = try DatasetReader.readDeferring(path: path, displayPath: displayPath, columns: missing, options: options,
                                                  context: context).table
        guard read.rowCount == rowCount, Set(read.columnNames) == missing else { throw changed() }
        var byName: [String: Column] = [:]
        for c in table.columns { byName[c.name] = c }
        for c in read.columns { byName[c.name] = c }
        let columns = header.compactMap { byName[$0] }
        return (Table(unchecked: columns, rowCount: rowCount), columns.count < header.count ? self : nil)
    }

    private func changed() -> Diagnostic {
        LoadError.make(.loadChanged, "'\(displayPath)' changed since it was loaded, so its other columns cannot be read",
                       file: displayPath, hints: ["load it again: load \"\(displayPath)\" as …"])
    }
}
