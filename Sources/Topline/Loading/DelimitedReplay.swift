/// Reads rows of a delimited source a second time, after the first pass,
/// which keeps no bytes behind it: for the columns that turned to text
/// midway, the text of the rows before that point (see
/// ``ColumnAccumulator``); for an inexact-number warning, the line and
/// column of one cell.
///
/// The first pass notes a ``Checkpoint`` at the start of every window, so a
/// second read starts at the window that holds the row wanted, not at the
/// start of the file. The source must be unchanged (``ByteSource/checkUnchanged()``),
/// and any other failure of a second read means the file changed too: both
/// are `load.changed`.
struct DelimitedReplay {
    /// Where a window of the first pass started, and the first row in it.
    struct Checkpoint {
        /// The source offset of the window's first byte (the start of a line).
        var base: Int
        /// The scanner's position in that window, and its line.
        var position: Int
        var line: Int
        /// The 0-based data row that starts at `position`.
        var row: Int
    }

    let source: ByteSource
    let chunkSize: Int
    let separator: UInt8
    let newline: UInt8
    /// Fields per row.
    let width: Int
    /// In order of `row`; the first is the first data row.
    let checkpoints: [Checkpoint]
    let context: LoadContext

    /// For each column with ``ColumnAccumulator/textStartsAt``, a text-only
    /// accumulator holding the rows before it. One read from the first data
    /// row serves every such column.
    func textPrefixes(of columns: [ColumnAccumulator]) throws(Diagnostic) -> [ColumnAccumulator?] {
        var prefixes = [ColumnAccumulator?](repeating: nil, count: columns.count)
        let demoted = columns.indices.filter { columns[$0].textStartsAt != nil }
        guard let last = demoted.map({ columns[$0].textStartsAt! }).max() else { return prefixes }
        for j in demoted { prefixes[j] = ColumnAccumulator(textOnly: true) }
        var block = FieldBlock(width: width, rowCapacity: max(1, DelimitedReader.blockFields / width))
        let scratch = UnescapeBuffer()
        var row = 0
        try replay(from: checkpoints[0]) { (scanner) throws(Diagnostic) in
            while row < last {
                try context.checkInterrupt()
                let stop = try scanner.scan(into: &block)
                for j in demoted {
                    let wanted = min(block.rows, columns[j].textStartsAt! - row)
                    if wanted > 0 {
                        DelimitedReader.feed(column: j, rows: wanted, of: block, scanner.bytes, into: &prefixes[j]!, scratch)
                    }
                }
                row += block.rows
                if row >= last { return true }
                switch stop {
                case .blockFull: continue
                case .windowEnd: return false
                case .end, .limit: throw changed()  // fewer rows than the first read found (no limit is set)
                }
            }
            return true
        }
        return prefixes
    }

    /// The line and column of the cells of `columns` in data row `row`.
    func places(ofRow row: Int, columns: [Int]) throws(Diagnostic) -> [(line: Int, column: Int)] {
        let start = checkpoints.last { $0.row <= row } ?? checkpoints[0]
        var current = start.row
        var places: [(line: Int, column: Int)] = []
        try replay(from: start) { (scanner) throws(Diagnostic) in
            while true {
                if current & 0xFFFF == 0 { try context.checkInterrupt() }
                guard scanner.atRowStart() else {
                    if scanner.final { throw changed() }
                    return false
                }
                let line = scanner.line
                guard let fields = try scanner.readRow() else { return false }
                guard fields.count == width else { throw changed() }
                if current == row {
                    let bytes = scanner.bytes
                    places = columns.map { j in
                        let open = fields[j].open
                        // A quoted field may start on a later line of its row.
                        let fieldLine = line + ByteChecks.count(of: newline, in: UnsafeBufferPointer(rebasing: bytes[fields[0].open..<open]))
                        return (fieldLine, ByteChecks.column(of: open, in: bytes, newline: newline, floor: scanner.floor))
                    }
                    return true
                }
                current += 1
            }
        }
        return places
    }

    /// Streams the source again from `checkpoint`, calling `body` with the
    /// scanner on each window until it returns true (done); false asks for
    /// the next window. Errors other than Ctrl-C become `load.changed`.
    private func replay(from checkpoint: Checkpoint,
                        _ body: (inout DelimitedScanner) throws(Diagnostic) -> Bool) throws(Diagnostic) {
        do throws(Diagnostic) {
            try source.checkUnchanged()
            let stream = try ByteStream(source: source, from: checkpoint.base,
                                        chunkSize: max(chunkSize, checkpoint.position + 1), context: context)
            var scanner = DelimitedScanner(bytes: stream.bytes, separator: separator, file: source.name, newline: newline,
                                           position: min(checkpoint.position, stream.count), line: checkpoint.line,
                                           floor: stream.lineFloor, final: stream.atEnd)
            while try !body(&scanner) {
                guard !stream.atEnd else { throw changed() }
                let keep = scanner.lineStart
                try stream.advance(keepingFrom: keep)
                scanner.move(to: stream.bytes, dropped: keep, floor: stream.lineFloor, final: stream.atEnd)
            }
            try source.checkUnchanged()
        } catch {
            if error.id == .runCancelled || error.id == .loadChanged { throw error }
            throw changed()
        }
    }

    private func changed() -> Diagnostic { LoadError.changedWhileRead(source.name) }
}
