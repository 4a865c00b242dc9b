/// `load "file.csv" into pg as TABLE`: a CSV file copied into a new table of an attached
/// database, streamed with `COPY … FROM STDIN` a megabyte at a time, so a file larger than
/// memory goes in too. The column types are those Topline infers from the file's first
/// rows (``AttachedStatements/sampleBytes``): integer as `bigint`, number as `double
/// precision`, percent as `double precision` fractions marked with a column comment
/// (``PostgresTypes/percentComment``), boolean and date as themselves, timestamp as `timestamp with
/// time zone` (an offset in the file honoured), anything else as text. One
/// transaction: a file that does not fit (a later "abc" in a column of numbers, a ragged
/// row) leaves no table behind, and the error is PostgreSQL's, with the file's line.
/// The new table is then analysed (`ANALYZE`), so the planner knows its size and values
/// from the first query on (without statistics PostgreSQL guesses, and on a 5M-row table
/// chose a sort instead of a hash for a `summarize … by`, twice as slow).
/// After each megabyte sent it reports ``WorkProgress`` (a front end's progress line).
extension AttachedStatements {
    /// How much of the file decides the column types.
    static let sampleBytes = 4 << 20
    static let chunkBytes = 1 << 20

    func load(_ path: String, at pathRange: SourceRange, into attachmentName: Name, as table: Name,
              workingDirectory: String) throws(Diagnostic) -> [StatementEvent] {
        guard let attachment = attachments[attachmentName.text] else {
            throw Diagnostic(.error, id: .attachUnknown, "no database is attached as '\(attachmentName.text)'",
                             file: context.fileName, range: attachmentName.range)
        }
        let extensionName = path.split(separator: ".").last.map(String.init) ?? ""
        guard DatasetReader.Format(extension: extensionName) == .csv else {
            throw Diagnostic(.error, id: .loadUnknownFormat, "only CSV files can be loaded into a database", file: context.fileName,
                             range: pathRange, hints: ["load it here, then: load \"file.csv\" … (or convert it to CSV)"])
        }
        let absolute = path.hasPrefix("/") ? path : path.hasPrefix("~/") ? FileSystem.expandingTilde(path) : workingDirectory + "/" + path
        let file: DataFile
        do throws(Diagnostic) {
            try DataFile.checkRegularFile(path: absolute, file: path)
            file = try DataFile(path: absolute, file: path, limit: DataFileLimit(bytes: .max, origin: .none))
        } catch {
            var d = error
            d.file = context.fileName
            d.range = pathRange
            throw d
        }
        let columns = try sampleColumns(file, path: path, at: pathRange)
        let definitions = columns.map { SQLText.identifier($0.name) + " " + Self.columnType($0.type) }
        let name = SQLText.identifier(table.text)
        let connection = attachment.connection
        func run(_ sql: String) throws(Diagnostic) {
            _ = try RemoteQuery.run(sql, [], on: attachment, context: context, at: table.range)
        }
        try run("BEGIN")
        var rows = 0
        do throws(Diagnostic) {
            try run("CREATE TABLE \(name) (\(definitions.joined(separator: ", ")))")
            var offset = 0
            var readError: Diagnostic?
            let progress = context.progress
            let activity = WorkProgress.Activity.copying(
                file: path, table: attachment.displayName(schema: attachment.currentSchema, table: table.text))
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.chunkBytes, alignment: 8)
            defer { buffer.deallocate() }
            do throws(PostgresError) {
                rows = try connection.copyIn("COPY \(name) FROM STDIN WITH (FORMAT csv, HEADER true)", interrupt: context.interrupt) {
                    do throws(Diagnostic) {
                        let got = try file.read(at: offset, into: buffer)
                        guard got > 0 else { return .end }
                        offset += got
                        progress?(WorkProgress(activity: activity, done: offset, total: max(file.sizeHint ?? 0, offset)))
                        return .data(Array(buffer[..<got]))
                    } catch {
                        readError = error
                        return .abort(error.message)
                    }
                }
            } catch {
                if let readError { throw readError }
                throw RemoteQuery.diagnostic(error, sql: nil, attachment: attachment.name, fileName: context.fileName, range: pathRange)
            }
            // A percent column is copied as its text ("12.5%"), then becomes the fraction it means (0.125,
            // read as "12.5e-2": rounded once, as Topline reads it) and is marked as a percent for the catalog.
            for c in columns where c.type == .percent {
                let column = SQLText.identifier(c.name)
                try run("ALTER TABLE \(name) ALTER COLUMN \(column) TYPE double precision USING " + PostgresTypes.percentFromText(column))
                try run("COMMENT ON COLUMN \(name).\(column) IS '\(PostgresTypes.percentComment)'")
            }
            try run("COMMIT")
        } catch {
            _ = try? connection.query("ROLLBACK", parameters: [])
            throw error
        }
        try run("ANALYZE \(name)")
        do throws(PostgresError) {
            try attachment.refreshTables(interrupt: context.interrupt)
        } catch {
            throw RemoteQuery.diagnostic(error, sql: nil, attachment: attachment.name, fileName: context.fileName, range: table.range)
        }
        let shown = attachment.displayName(schema: attachment.currentSchema, table: table.text)
        return [.message("loaded \(SafeText.escape(path)) into \(SafeText.escape(shown)): \(rows) rows × \(columns.count) columns")]
    }

    /// The columns Topline infers from the first rows of the file: at most ``sampleBytes``, cut
    /// at a line break (an earlier one if the cut falls inside a quoted field).
    private func sampleColumns(_ file: DataFile, path: String, at range: SourceRange) throws(Diagnostic) -> [SchemaColumn] {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.sampleBytes, alignment: 8)
        defer { buffer.deallocate() }
        var filled = 0
        while filled < buffer.count {
            let got = try file.read(at: filled, into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
            if got == 0 { break }
            filled += got
        }
        var sample = Array(buffer[..<filled])
        let whole = filled < buffer.count
        var attempts = 0
        while true {
            if !whole, let cut = sample.lastIndex(of: UInt8(ascii: "\n")) { sample = Array(sample[...cut]) }
            do throws(Diagnostic) {
                let table = try DatasetReader.readDelimited(bytes: sample, separator: UInt8(ascii: ","), fileName: path,
                                                            interrupt: context.interrupt)
                return table.columns.map { SchemaColumn(name: $0.name, type: $0.type) }
            } catch {
                attempts += 1
                // A cut inside a quoted field: try the line break before it.
                guard !whole, attempts < 8, sample.count > 1 else {
                    var d = error
                    if d.dataLine == nil { d.file = context.fileName; d.range = range }
                    throw d
                }
                sample.removeLast()
            }
        }
    }

    /// The SQL type of a column Topline infers as `type`.
    static func columnType(_ type: ValueType) -> String {
        switch type {
        case .integer: return "bigint"
        case .number: return "double precision"
        case .boolean: return "boolean"
        case .date: return "date"
        // In the session's zone, UTC: a written offset is honoured (`timestamp` would drop it), as Topline reads it.
        case .timestamp: return "timestamp with time zone"
        default: return "text"
        }
    }
}
