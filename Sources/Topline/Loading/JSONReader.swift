/// Reads JSON (an array of objects) or NDJSON (one object per line) into a
/// ``Table``. Columns are the union of keys in first-seen order; a missing
/// key is null. Each value becomes a cell typed like a CSV cell: JSON
/// numbers and numeric strings infer integer/number (and `"16%"` percent),
/// booleans boolean, null and `""` null, nested objects and arrays their
/// compact JSON text. A key repeated within one object keeps its last value.
///
/// NDJSON is streamed a window at a time (``ByteStream``), each window's new
/// bytes checked before its records are read. A JSON array is one document,
/// read whole (bounded by the data-file limit, as the source enforces): a
/// minified array is a single line, so no window of it could start a line,
/// as positions in messages need.
enum JSONReader {
    /// `context` is polled for Ctrl-C every 1,024 records and receives the warnings.
    static func read(_ source: ByteSource, lines: Bool, chunkSize: Int = ByteStream.defaultChunkSize,
                     context: LoadContext = LoadContext()) throws(Diagnostic) -> Table {
        let file = source.name
        let stream = try ByteStream(source: source, chunkSize: chunkSize, context: context)
        var records = RecordCollector(context: context)
        if lines {
            try readLines(stream, into: &records)
            return try records.table(file: file) { (offset) throws(Diagnostic) in
                try location(of: offset, in: source, chunkSize: chunkSize, context: context)
            }
        }
        try stream.readToEnd()
        let bytes = stream.bytes
        _ = try ByteChecks.check(bytes, file: file, context: context)
        var parser = JSONParser(bytes: bytes, file: file)
        parser.skipWhitespace()
        if parser.atEnd { throw empty(file, lines: false) }
        try readArray(&parser, into: &records)
        return try records.table(file: file) { ByteChecks.location(of: $0, in: bytes) }
    }

    private static func empty(_ file: String, lines: Bool) -> Diagnostic {
        LoadError.make(.loadEmpty, "the file is empty: \(lines ? "one JSON object per line" : "a JSON array of objects") is needed", file: file)
    }

    private static func readArray(_ parser: inout JSONParser, into records: inout RecordCollector) throws(Diagnostic) {
        guard parser.current == UInt8(ascii: "[") else {
            guard let found = parser.describeValue() else { throw parser.unexpected("'['") }
            throw shapeError(&parser, "the top level is \(found), expected an array of objects",
                             hints: ["for one object per line, use the .ndjson or .jsonl extension"])
        }
        try parser.beginArray()
        parser.skipWhitespace()
        if parser.current == UInt8(ascii: "]") {
            parser.position += 1
        } else {
            var element = 1
            while true {
                guard parser.current == UInt8(ascii: "{") else {
                    guard let found = parser.describeValue() else { throw parser.unexpected("an object") }
                    throw shapeError(&parser, "element \(element) of the top-level array is \(found), expected an object")
                }
                try records.read(&parser, at: parser.position)
                parser.skipWhitespace()
                if parser.current == UInt8(ascii: ",") {
                    parser.position += 1
                    parser.skipWhitespace()
                    element += 1
                    continue
                }
                try parser.expect(UInt8(ascii: "]"), "',' or ']' after an array element")
                break
            }
        }
        parser.skipWhitespace()
        guard parser.atEnd else { throw parser.syntaxError("unexpected text after the top-level array") }
    }

    /// Where NDJSON reading is: how far the window was checked, the line of
    /// its first byte, where parsing goes on in it, and whether any record began.
    private struct LinesState {
        var checked: Int
        var windowLine = 1
        var position: Int
        var begun = false
    }

    private static func readLines(_ stream: ByteStream, into records: inout RecordCollector) throws(Diagnostic) {
        var state = LinesState(checked: try ByteChecks.check(stream.bytes, final: stream.atEnd, file: stream.source.name,
                                                             floor: stream.lineFloor, context: records.context),
                               position: stream.lineFloor)
        do throws(Diagnostic) {
            try readWindows(stream, into: &records, &state)
        } catch {
            // As when the whole file was checked before parsing: a NUL byte or invalid UTF-8 anywhere wins.
            throw ByteChecks.preferEncodingProblems(over: error, in: stream, checked: state.checked,
                                                    known: (0, state.windowLine), context: records.context)
        }
        if !state.begun { throw empty(stream.source.name, lines: true) }
    }

    /// Reads the records of each window up to its last line feed (a record
    /// may span lines, but never a line feed of a string): what the parser
    /// sees there is what it would see in the whole file. A record that
    /// fails by running into that end goes on in the next window, which is
    /// read again from the line it starts on.
    private static func readWindows(_ stream: ByteStream, into records: inout RecordCollector,
                                    _ state: inout LinesState) throws(Diagnostic) {
        let file = stream.source.name
        let lf = UInt8(ascii: "\n")
        while true {
            let window = stream.bytes
            var usable = window.count
            if !stream.atEnd {
                usable = 0
                var i = window.count
                while i > 0 { i -= 1; if window[i] == lf { usable = i + 1; break } }
            }
            var parser = JSONParser(bytes: UnsafeBufferPointer(rebasing: window[..<usable]), file: file,
                                    position: state.position, firstLine: state.windowLine, floor: stream.lineFloor)
            var resume = usable
            while true {
                parser.skipWhitespace()
                if parser.atEnd {
                    // Past a byte order mark that a tiny first window holds whole, the position is beyond `usable`.
                    resume = max(usable, parser.position)
                    break
                }
                state.begun = true
                let start = parser.position
                do throws(Diagnostic) {
                    guard parser.current == UInt8(ascii: "{") else {
                        guard let found = parser.describeValue() else { throw parser.unexpected("an object") }
                        throw shapeError(&parser, "a line holds \(found), expected one object per line")
                    }
                    try records.read(&parser, at: stream.base + start)
                    parser.skipBlanks()
                    guard parser.atEnd || parser.current == lf else {
                        throw parser.syntaxError("expected a line break after the object (one object per line)")
                    }
                } catch {
                    if stream.atEnd || parser.position < usable { throw error }
                    resume = start
                    break
                }
            }
            if stream.atEnd { return }
            var keep = resume
            while keep > 0, window[keep - 1] != lf { keep -= 1 }
            state.windowLine += ByteChecks.count(of: lf, in: UnsafeBufferPointer(rebasing: window[..<keep]))
            state.position = resume - keep
            try stream.advance(keepingFrom: keep)
            state.checked -= keep
            state.checked = try ByteChecks.check(stream.bytes, from: state.checked, final: stream.atEnd, file: file,
                                                 floor: stream.lineFloor, known: (0, state.windowLine), context: records.context)
        }
    }

    /// The line and column of `offset` in `source`, counted by reading it again.
    private static func location(of offset: Int, in source: ByteSource, chunkSize: Int,
                                 context: LoadContext) throws(Diagnostic) -> (line: Int, column: Int) {
        try source.checkUnchanged()
        let stream = try ByteStream(source: source, chunkSize: chunkSize, context: context)
        var line = 1
        while stream.base + stream.count <= offset, !stream.atEnd {
            let window = stream.bytes
            var keep = window.count
            while keep > 0, window[keep - 1] != UInt8(ascii: "\n") { keep -= 1 }
            line += ByteChecks.count(of: UInt8(ascii: "\n"), in: UnsafeBufferPointer(rebasing: window[..<keep]))
            try stream.advance(keepingFrom: keep)
        }
        let (inWindow, column) = ByteChecks.location(of: offset - stream.base, in: stream.bytes, floor: stream.lineFloor)
        return (line - 1 + inWindow, column)
    }

    private static func shapeError(_ parser: inout JSONParser, _ message: String, hints: [String] = []) -> Diagnostic {
        let (line, column) = parser.location(of: parser.position)
        return LoadError.make(.loadJsonShape, "line \(line): \(message)", file: parser.file, line: line, column: column, hints: hints)
    }
}

/// Gathers the cells of every record, column by column, then types the columns.
///
/// Cells are kept as bytes until the end because a column's type is only
/// known after its last cell; a column that turns to text midway re-reads
/// its earlier cells from here.
private struct RecordCollector {
    let context: LoadContext
    /// Where each record begins in the source, for the line of a warning.
    private var recordStarts: [Int] = []
    /// Column index of each key, in first-seen order.
    private var keys = ByteInterner()
    /// Per column: all cell bytes back to back and where each cell ends.
    private var cellBytes: [[UInt8]] = []
    private var cellEnds: [[Int]] = []
    private var rows = 0
    /// The current record's value per column (-1: absent), as ranges in `rowBytes`.
    private var rowStarts: [Int] = []
    private var rowEnds: [Int] = []
    private var rowBytes: [UInt8] = []
    private var keyBuffer: [UInt8] = []
    private var valueBuffer: [UInt8] = []

    init(context: LoadContext) { self.context = context }

    /// Reads the record at the parser's position, which is `offset` in the
    /// source. A record that fails adds no row (at most columns for the keys
    /// it began with, which the same record read again would add first).
    mutating func read(_ parser: inout JSONParser, at offset: Int) throws(Diagnostic) {
        if rows & 0x3FF == 0 { try context.checkInterrupt() }
        rowBytes.removeAll(keepingCapacity: true)
        for i in rowStarts.indices { rowStarts[i] = -1 }
        try parser.readObject({ key, value in
            let column = Int(keys.intern(key))
            if column == cellBytes.count {
                cellBytes.append([])
                cellEnds.append(Array(repeating: 0, count: rows))
                rowStarts.append(-1)
                rowEnds.append(-1)
            }
            rowStarts[column] = rowBytes.count
            rowBytes.append(contentsOf: value)
            rowEnds[column] = rowBytes.count
        }, keyBuffer: &keyBuffer, valueBuffer: &valueBuffer)
        for column in cellBytes.indices {
            if rowStarts[column] >= 0 {
                cellBytes[column].append(contentsOf: rowBytes[rowStarts[column]..<rowEnds[column]])
            }
            cellEnds[column].append(cellBytes[column].count)
        }
        recordStarts.append(offset)
        rows += 1
    }

    /// The table; `locate` gives the line and column of a source offset, for warnings.
    func table(file name: String, locate: (Int) throws(Diagnostic) -> (line: Int, column: Int)) throws(Diagnostic) -> Table {
        // Objects without keys give no columns; a table without columns has no rows.
        if cellBytes.isEmpty { return .empty }
        let names = HeaderNames.normalize(keys.strings)
        var columns: [Column] = []
        for j in cellBytes.indices {
            var column = ColumnAccumulator()
            try feed(j, rows: 0..<rows, into: &column)
            var prefix: ColumnAccumulator?
            if let r = column.textStartsAt {
                prefix = ColumnAccumulator(textOnly: true)
                try feed(j, rows: 0..<r, into: &prefix!)
            }
            if column.kind == .number, let inexact = column.inexact {
                // The line and column of the record holding the first one.
                let (line, col) = try locate(recordStarts[inexact.row])
                context.warn(InexactIntegerWarning.make(inexact, column: names[j], file: name, line: line, column: col))
            }
            columns.append(column.finish(name: names[j], textPrefix: prefix))
        }
        return Table(unchecked: columns, rowCount: rows)
    }

    /// Feeds cells a slice of 65,536 rows at a time, polling for Ctrl-C between slices.
    private func feed(_ j: Int, rows: Range<Int>, into column: inout ColumnAccumulator) throws(Diagnostic) {
        var lower = rows.lowerBound
        while lower < rows.upperBound {
            try context.checkInterrupt()
            let upper = min(rows.upperBound, lower + 0x10000)
            cellBytes[j].withUnsafeBufferPointer { bytes in
                var start = lower == 0 ? 0 : cellEnds[j][lower - 1]
                for r in lower..<upper {
                    let end = cellEnds[j][r]
                    column.append(UnsafeBufferPointer(rebasing: bytes[start..<end]))
                    start = end
                }
            }
            lower = upper
        }
    }
}
