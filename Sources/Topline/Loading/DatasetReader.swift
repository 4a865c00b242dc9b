/// Reads dataset files (CSV, TSV, JSON, NDJSON; SPSS, Stata and SAS files
/// through ReadStat: ``ReadStatReader``) into typed, columnar tables.
///
/// ```swift
/// let studies = try DatasetReader.read(path: "Examples/data/ceo_study_metrics.csv")
/// _ = studies.rowCount                          // 60
/// _ = studies.column(named: "value_pct")?.type  // .integer
/// ```
///
/// Each column's type is inferred from all of its cells:
///
/// - **integer** when every value is `[+|-]digits` within Int64;
/// - **number** for decimals and exponents, or integers mixed with them
///   (or beyond Int64);
/// - **percent** when every value is a number followed by `%` (`16%`,
///   `16.5 %`, `-3%`), stored as a fraction: `16%` is 0.16;
/// - **boolean** for `true`/`false` in any letter case;
/// - **text** otherwise, keeping every cell exactly as written.
///
/// Numbers may carry surrounding spaces. Only empty cells are null (a cell of
/// spaces is text), and a column with no values is text of nulls. Header names
/// are made usable: an empty name becomes `column_N` (1-based position) and a
/// repeated name gets `_2`, `_3`, … on its later occurrences.
///
/// Every problem is a ``Diagnostic`` with a stable `id` (`load.not-found`,
/// `load.ragged-row`, `load.json-syntax`, …), whose `file` is the displayed
/// path and whose `dataLine` and `dataColumn` are the 1-based line and
/// column (in characters) in the data file, wherever the reader knows them.
///
/// A whole number in a column of numbers (one with decimals, or with a
/// value beyond Int64) is stored as a double, exact only up to 2^53:
/// `9007199254740993` next to `0.5` becomes `9007199254740992`. The digits
/// cannot be kept, so the reader says so: a `load.inexact-number` warning
/// naming the column, the value as written and as stored, and its line.
public enum DatasetReader {
    /// Reads the file at `path`, choosing the format by its extension (the
    /// formats: ``Format``), or as `options` say (``LoadOptions``: the format,
    /// a CSV delimiter, the character encoding, SPSS user-missing codes kept).
    ///
    /// `displayPath` is the name shown in diagnostics (e.g. the path as the
    /// user typed it); it defaults to `path`. Directories, FIFOs and other
    /// non-regular files are refused without being opened.
    ///
    /// `columns`, when given, names the columns wanted: a CSV or TSV reader
    /// then types and stores only those (the others are scanned past, not
    /// parsed) — projection pushdown for scripts that load a file and query
    /// a few of its columns. Columns are still returned in file order.
    ///
    /// `interrupt`, when given, is polled while the file is read and parsed
    /// (every chunk of 8 MiB read, every block of rows): once it is set the read stops
    /// with `run.cancelled` ("load cancelled"). `warnings` receives the
    /// warnings of a successful read: `load.inexact-number` for a whole
    /// number that its column of numbers cannot hold exactly.
    ///
    /// ```swift
    /// let t = try DatasetReader.read(path: "Examples/data/survey.csv", displayPath: "survey.csv", columns: ["region", "weight"])
    /// _ = t.columnNames   // ["region", "weight"]
    /// _ = t.rowCount      // 40
    /// ```
    public static func read(path: String, displayPath: String? = nil, columns: Set<String>? = nil, options: LoadOptions = LoadOptions(),
                            interrupt: InterruptFlag? = nil, warnings: ((Diagnostic) -> Void)? = nil) throws(Diagnostic) -> Table {
        let context = LoadContext(interrupt: interrupt)
        let table = try readDeferring(path: path, displayPath: displayPath, columns: columns, options: options, context: context).table
        context.warnings.forEach { warnings?($0) }
        return table
    }

    /// Reads `columns` of a CSV, TSV, SPSS, Stata or SAS file and says how to
    /// read the rest later (``DeferredColumns``); JSON is read whole.
    static func readDeferring(path: String, displayPath: String? = nil, columns: Set<String>?, options: LoadOptions = LoadOptions(),
                              context: LoadContext) throws(Diagnostic) -> (table: Table, deferred: DeferredColumns?) {
        let file = displayPath ?? path
        try DataFile.checkRegularFile(path: path, file: file)
        guard let format = options.format ?? Format(path: path) else {
            throw LoadError.make(
                .loadUnknownFormat, "cannot tell the format of '\(file)' from its extension",
                file: file, hints: ["supported extensions: " + Format.extensions.map { "." + $0 }.joined(separator: ", "),
                                    "or name the format: load \"\(file)\" format " + Format.names.joined(separator: "|")])
        }
        if let misfit = options.misfit(for: format) { throw LoadError.make(.loadOption, misfit.message, file: file) }
        var source: ByteSource = try DataFile(path: path, file: file)
        func deferred(_ table: Table, _ header: [String]) -> DeferredColumns? {
            table.columns.count < header.count
                ? DeferredColumns(path: path, displayPath: file, header: header, rowCount: table.rowCount, options: options) : nil
        }
        switch format.family {
        case .delimited:
            if let encoding = options.encoding, encoding != .utf8 { source = try decoded(source, encoding, context: context) }
            var header: [String] = []
            let separator = options.delimiter ?? (format == .csv ? UInt8(ascii: ",") : UInt8(ascii: "\t"))
            let table = try DelimitedReader.read(source, separator: separator, columns: columns, header: &header, context: context)
            return (table, deferred(table, header))
        case .json:
            return (try JSONReader.read(source, lines: format == .ndjson, context: context), nil)
        case .readStat:
            let (table, header) = try ReadStatReader.read(source, format: format, options: options, columns: columns, context: context)
            return (table, deferred(table, header))
        }
    }

    /// The whole of `source` decoded from `encoding` to UTF-8, in memory. The
    /// UTF-8 text may be longer than the file (Latin-1's é is two bytes): it
    /// is held to the data-file limit too.
    private static func decoded(_ source: ByteSource, _ encoding: TextEncoding, context: LoadContext) throws(Diagnostic) -> ByteSource {
        let stream = try ByteStream(source: source, context: context)
        try stream.readToEnd()
        try context.checkInterrupt()
        let text = encoding.decode(stream.bytes)
        let limit = DataFileLimit.current()
        guard text.count <= limit.bytes else { throw limit.refusal(file: source.name, size: nil) }
        return MemorySource(text, name: source.name)
    }

    /// Reads delimited text whose first row is the header: RFC 4180 CSV, or
    /// with `separator` tab, TSV — the same quoting plus the backslash escapes
    /// `\t \n \r \\` in unquoted fields. Lines end with LF, CRLF or CR.
    /// `fileName` is used in diagnostics; `interrupt` and `warnings` are as for
    /// ``read(path:displayPath:columns:interrupt:warnings:)``.
    ///
    /// ```swift
    /// let t = try DatasetReader.readDelimited(bytes: Array("a,b\n1,x\n".utf8), separator: UInt8(ascii: ","), fileName: "t.csv")
    /// _ = t[0, "a"]   // .integer(1)
    /// ```
    public static func readDelimited(bytes: [UInt8], separator: UInt8, fileName: String, columns: Set<String>? = nil,
                                     interrupt: InterruptFlag? = nil, warnings: ((Diagnostic) -> Void)? = nil) throws(Diagnostic) -> Table {
        try readDelimited(bytes: bytes, separator: separator, fileName: fileName, columns: columns,
                          chunkSize: ByteStream.defaultChunkSize, interrupt: interrupt, warnings: warnings)
    }

    /// As the public `readDelimited(bytes:…)`, reading `chunkSize` bytes per
    /// window: the fuzz targets and tests use small windows so that rows,
    /// quotes and characters cut at a window's end are exercised.
    /// `parallelism` sets the threads (tests read with one and with several).
    static func readDelimited(bytes: [UInt8], separator: UInt8, fileName: String, columns: Set<String>? = nil, chunkSize: Int,
                              parallelism: LoadParallelism = .current(),
                              interrupt: InterruptFlag? = nil, warnings: ((Diagnostic) -> Void)? = nil) throws(Diagnostic) -> Table {
        let context = LoadContext(interrupt: interrupt)
        let table = try DelimitedReader.read(MemorySource(bytes, name: fileName), chunkSize: chunkSize, separator: separator,
                                             columns: columns, parallelism: parallelism, context: context)
        context.warnings.forEach { warnings?($0) }
        return table
    }

    /// Reads a JSON array of objects; each object is a row, the union of
    /// their keys (in first-seen order) the columns.
    ///
    /// ```swift
    /// let t = try DatasetReader.readJSON(bytes: Array(#"[{"a": 1}, {"b": "16%"}]"#.utf8), fileName: "t.json")
    /// _ = t[1, "b"]   // .percent(0.16)
    /// ```
    public static func readJSON(bytes: [UInt8], fileName: String, interrupt: InterruptFlag? = nil,
                                warnings: ((Diagnostic) -> Void)? = nil) throws(Diagnostic) -> Table {
        try readJSON(bytes: bytes, fileName: fileName, lines: false, chunkSize: ByteStream.defaultChunkSize,
                     interrupt: interrupt, warnings: warnings)
    }

    /// Reads newline-delimited JSON: one object per non-blank line.
    ///
    /// ```swift
    /// let t = try DatasetReader.readNDJSON(bytes: Array("{\"a\":1}\n{\"a\":2}\n".utf8), fileName: "t.ndjson")
    /// _ = t.rowCount   // 2
    /// ```
    public static func readNDJSON(bytes: [UInt8], fileName: String, interrupt: InterruptFlag? = nil,
                                  warnings: ((Diagnostic) -> Void)? = nil) throws(Diagnostic) -> Table {
        try readJSON(bytes: bytes, fileName: fileName, lines: true, chunkSize: ByteStream.defaultChunkSize,
                     interrupt: interrupt, warnings: warnings)
    }

    /// JSON (`lines` false) or NDJSON from memory, `chunkSize` bytes per
    /// window (see ``readDelimited(bytes:separator:fileName:columns:chunkSize:interrupt:warnings:)``).
    static func readJSON(bytes: [UInt8], fileName: String, lines: Bool, chunkSize: Int,
                         interrupt: InterruptFlag? = nil, warnings: ((Diagnostic) -> Void)? = nil) throws(Diagnostic) -> Table {
        let context = LoadContext(interrupt: interrupt)
        let table = try JSONReader.read(MemorySource(bytes, name: fileName), lines: lines, chunkSize: chunkSize, context: context)
        context.warnings.forEach { warnings?($0) }
        return table
    }

    /// Reads an SPSS, Stata or SAS file held in memory (`format` one of
    /// `.sav`, `.dta`, `.sas7bdat`, `.xpt`), as ``read(path:displayPath:columns:options:interrupt:warnings:)``
    /// reads one from disk; `fileName` is used in diagnostics.
    ///
    /// ```swift
    /// let bytes = Array("not an SPSS file".utf8)
    /// do { _ = try DatasetReader.readSurvey(bytes: bytes, format: .sav, fileName: "x.sav") } catch { _ = error.id }   // .loadCorrupt
    /// ```
    public static func readSurvey(bytes: [UInt8], format: Format, fileName: String, options: LoadOptions = LoadOptions(),
                                  interrupt: InterruptFlag? = nil, warnings: ((Diagnostic) -> Void)? = nil) throws(Diagnostic) -> Table {
        guard format.family == .readStat else {
            throw LoadError.make(.loadOption, "\(format.title) is not a survey file format (sav, dta, sas7bdat, xpt)", file: fileName)
        }
        if let misfit = options.misfit(for: format) { throw LoadError.make(.loadOption, misfit.message, file: fileName) }
        let context = LoadContext(interrupt: interrupt)
        let table = try ReadStatReader.read(MemorySource(bytes, name: fileName), format: format, options: options, context: context).table
        context.warnings.forEach { warnings?($0) }
        return table
    }

    /// The text after the last `.` of the last path component, or "".
    static func fileExtension(of path: String) -> String {
        let name = path.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return String(name[name.index(after: dot)...])
    }
}
