/// Reads JSON (an array of objects) or NDJSON (one object per line) into a
/// ``Table``. Columns are the union of keys in first-seen order; a missing
/// key is null. Each value becomes a cell typed like a CSV cell: JSON
/// numbers and numeric strings infer integer/number (and `"16%"` percent),
/// booleans boolean, null and `""` null, nested objects and arrays their
/// compact JSON text. A key repeated within one object keeps its last value.
enum JSONReader {
    /// `context` is polled for Ctrl-C every 1,024 records and receives the warnings.
    static func read(_ bytes: UnsafeBufferPointer<UInt8>, lines: Bool, file: String,
                     context: LoadContext = LoadContext()) throws(Diagnostic) -> Table {
        try ByteChecks.check(bytes, file: file, context: context)
        var parser = JSONParser(bytes: bytes, file: file)
        var records = RecordCollector(context: context)
        parser.skipWhitespace()
        if parser.atEnd {
            throw LoadError.make(.loadEmpty, "the file is empty: \(lines ? "one JSON object per line" : "a JSON array of objects") is needed", file: file)
        }
        if lines {
            try readLines(&parser, into: &records)
        } else {
            try readArray(&parser, into: &records)
        }
        return try records.table(bytes, file: file)
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
                try records.read(&parser)
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

    private static func readLines(_ parser: inout JSONParser, into records: inout RecordCollector) throws(Diagnostic) {
        while true {
            parser.skipWhitespace()
            if parser.atEnd { return }
            guard parser.current == UInt8(ascii: "{") else {
                guard let found = parser.describeValue() else { throw parser.unexpected("an object") }
                throw shapeError(&parser, "a line holds \(found), expected one object per line")
            }
            try records.read(&parser)
            parser.skipBlanks()
            guard parser.atEnd || parser.current == UInt8(ascii: "\n") else {
                throw parser.syntaxError("expected a line break after the object (one object per line)")
            }
        }
    }

    private static func shapeError(_ parser: inout JSONParser, _ message: String, hints: [String] = []) -> Diagnostic {
        let (line, column) = ByteChecks.location(of: parser.position, in: parser.bytes)
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
    /// Where each record begins in the file, for the line of a warning.
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

    mutating func read(_ parser: inout JSONParser) throws(Diagnostic) {
        if rows & 0x3FF == 0 { try context.checkInterrupt() }
        recordStarts.append(parser.position)
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
        rows += 1
    }

    func table(_ file: UnsafeBufferPointer<UInt8>, file name: String) throws(Diagnostic) -> Table {
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
                let (line, col) = ByteChecks.location(of: recordStarts[inexact.row], in: file)
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
