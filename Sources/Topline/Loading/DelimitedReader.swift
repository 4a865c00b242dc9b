/// Reads CSV/TSV into a ``Table``: streams the source a window at a time
/// (``ByteStream``), scans each window's rows a block at a time, and hands
/// each column's cells of the block to that column's accumulator. A large
/// source's windows are cut into chunks that threads scan and type at once
/// (``DelimitedChunks``, ``LoadParallelism``), with the same outcome.
///
/// Working column by column over a small block keeps each accumulator's
/// state hot and never holds field offsets for the whole file; streaming
/// keeps one chunk of the file in memory, not all of it (``DelimitedPass``).
enum DelimitedReader {
    /// Fields per block: small enough to stay in cache.
    static let blockFields = 16_384

    /// `columns`: the names to keep (nil for all); the others are skipped.
    /// `header`, when given, receives every column name of the file, kept or not.
    /// `context` is polled for Ctrl-C once per block and receives the warnings.
    /// `parallelism` says how many threads scan a window.
    static func read(_ source: ByteSource, chunkSize: Int = ByteStream.defaultChunkSize, separator: UInt8,
                     columns wanted: Set<String>? = nil, header: UnsafeMutablePointer<[String]>? = nil,
                     parallelism: LoadParallelism = .current(), context: LoadContext = LoadContext()) throws(Diagnostic) -> Table {
        let threads = parallelism.threads(forSize: source.sizeHint)
        var pass = try DelimitedPass(try ByteStream(source: source, chunkSize: chunkSize, context: context),
                                     separator: separator, threads: threads, context: context)
        do throws(Diagnostic) {
            return try readRows(&pass, columns: wanted, header: header, threads: threads, minimumChunk: parallelism.minimumChunk,
                                context: context)
        } catch {
            throw pass.preferringEncodingProblems(over: error)
        }
    }

    /// The header and the rows, from the pass's position on.
    private static func readRows(
        _ pass: inout DelimitedPass, columns wanted: Set<String>?, header: UnsafeMutablePointer<[String]>?,
        threads: Int, minimumChunk: Int, context: LoadContext
    ) throws(Diagnostic) -> Table {
        let stream = pass.stream
        let file = stream.source.name
        var headerFields: [ScannedField]
        while true {
            guard pass.scanner.atRowStart() else {
                guard !stream.atEnd else { throw LoadError.make(.loadEmpty, "the file is empty: a header row is needed", file: file) }
                try pass.moveOn()
                continue
            }
            if let fields = try pass.scanner.readRow() {
                headerFields = fields
                break
            }
            try pass.moveOn()
        }
        let scratch = UnescapeBuffer()
        let names = HeaderNames.normalize(headerFields.map { field in
            let raw = UnsafeBufferPointer(rebasing: stream.bytes[field.start..<field.end])
            return String(decoding: scratch.unescape(raw, field.escaped), as: UTF8.self)
        })
        let width = names.count
        header?.pointee = names
        let kept = (0..<width).filter { wanted?.contains(names[$0]) ?? true }
        var columns = [ColumnAccumulator](repeating: ColumnAccumulator(), count: width)
        var block = FieldBlock(width: width, rowCapacity: max(1, blockFields / width))
        var checkpoints = [DelimitedReplay.Checkpoint(base: stream.base, position: pass.scanner.position, line: pass.scanner.line, row: 0)]
        var rows = 0
        scanning: while true {
            let stop: DelimitedScanner.Stop
            if threads > 1 {
                let (read, end) = try DelimitedChunks.read(&pass.scanner, width: width, kept: kept, columns: &columns, threads: threads,
                                                           minimumChunk: minimumChunk, context: context)
                rows += read
                stop = end
            } else {
                try context.checkInterrupt()
                stop = try pass.scanner.scan(into: &block)
                for j in kept {
                    feed(column: j, rows: block.rows, of: block, stream.bytes, into: &columns[j], scratch)
                }
                rows += block.rows
            }
            switch stop {
            case .blockFull, .limit:  // (no limit is set here)
                continue
            case .windowEnd:
                try pass.moveOn()
                if rows > checkpoints.last!.row {
                    checkpoints.append(.init(base: stream.base, position: pass.scanner.position, line: pass.scanner.line, row: rows))
                }
            case .end:
                break scanning
            }
        }

        let replay = DelimitedReplay(source: stream.source, chunkSize: stream.chunkSize, separator: pass.scanner.separator, newline: pass.scanner.newline,
                                     width: width, checkpoints: checkpoints, context: context)
        let prefixes = try replay.textPrefixes(of: columns)
        try warnOfInexactIntegers(columns, names: names, kept: kept, replay: replay, context: context)
        var built: [Column] = []
        built.reserveCapacity(kept.count)
        for j in kept {
            built.append(columns[j].finish(name: names[j], textPrefix: prefixes[j]))
        }
        return Table(unchecked: built, rowCount: rows)
    }

    /// One `load.inexact-number` warning per kept column that stores a whole
    /// number inexactly, at the line and column of its first such cell (found
    /// by reading its row again; only when there is one).
    private static func warnOfInexactIntegers(
        _ columns: [ColumnAccumulator], names: [String], kept: [Int], replay: DelimitedReplay, context: LoadContext
    ) throws(Diagnostic) {
        let lossy = kept.filter { columns[$0].kind == .number && columns[$0].inexact != nil }
        guard !lossy.isEmpty else { return }
        var wanted: [Int: [Int]] = [:]  // row → columns
        for j in lossy { wanted[columns[j].inexact!.row, default: []].append(j) }
        var places: [Int: (line: Int, column: Int)] = [:]
        for (row, js) in wanted {
            let cells = try replay.places(ofRow: row, columns: js)
            for (j, place) in zip(js, cells) { places[j] = place }
        }
        for j in lossy {
            let place = places[j]
            context.warn(InexactIntegerWarning.make(columns[j].inexact!, column: names[j], file: replay.source.name,
                                                    line: place?.line, column: place?.column))
        }
    }

    /// Appends column `j` of the first `rows` rows of `block` to `column`.
    static func feed(
        column j: Int, rows: Int, of block: FieldBlock, _ bytes: UnsafeBufferPointer<UInt8>,
        into column: inout ColumnAccumulator, _ scratch: UnescapeBuffer
    ) {
        block.starts.withUnsafeBufferPointer { starts in
            block.ends.withUnsafeBufferPointer { ends in
                block.escaped.withUnsafeBufferPointer { escaped in
                    var cells = BlockColumn(
                        bytes: bytes, starts: starts, ends: ends, escaped: escaped,
                        column: j, width: block.width, count: rows, scratch: scratch)
                    column.append(contentsOf: &cells)
                }
            }
        }
    }

}

/// The warning for a column that stores a whole number inexactly.
enum InexactIntegerWarning {
    static func make(_ inexact: ColumnAccumulator.InexactInteger, column name: String, file: String,
                     line: Int?, column: Int?) -> Diagnostic {
        let stored = (inexact.stored < 0 ? "-" : "") + String(decoding: DecimalRounding.exactDigits(inexact.stored.magnitude).digits, as: UTF8.self)
        let more = inexact.count > 1 ? " (and \(inexact.count - 1) more value\(inexact.count == 2 ? "" : "s") of the column)" : ""
        return Diagnostic(
            .warning, id: .loadInexactNumber,
            "column '\(name)' holds numbers, so its whole number \(inexact.text)\(line.map { " on line \($0)" } ?? "") is stored as \(stored)\(more)",
            file: file,
            hints: ["a column with decimals (or a whole number beyond 9223372036854775807) holds numbers, exact for whole numbers only up to 2^53 = 9007199254740992; whole numbers are exact in a column of whole numbers only"],
            dataLine: line, dataColumn: column)
    }
}

/// One column of a ``FieldBlock`` as cells.
private struct BlockColumn: CellSource {
    let bytes: UnsafeBufferPointer<UInt8>
    let starts: UnsafeBufferPointer<Int>
    let ends: UnsafeBufferPointer<Int>
    let escaped: UnsafeBufferPointer<UInt8>
    let column: Int
    let width: Int
    let count: Int
    let scratch: UnescapeBuffer

    @inline(__always)
    mutating func cell(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        let k = i * width + column
        let escape = escaped[k]
        guard escape != 0 else { return UnsafeBufferPointer(rebasing: bytes[starts[k]..<ends[k]]) }
        return scratch.unescape(UnsafeBufferPointer(rebasing: bytes[starts[k]..<ends[k]]), FieldEscape(rawValue: escape)!)
    }
}

/// Memory for a field with its escapes decoded: doubled quotes collapsed,
/// or TSV backslash escapes turned into the characters they stand for. The
/// bytes returned by ``unescape(_:_:)`` stay valid until its next call.
final class UnescapeBuffer {
    private var storage = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
    private var capacity = 256

    deinit { storage.deallocate() }

    /// `field` decoded as `escape` says.
    func unescape(_ field: UnsafeBufferPointer<UInt8>, _ escape: FieldEscape) -> UnsafeBufferPointer<UInt8> {
        if escape == .none { return field }
        if field.count > capacity {
            storage.deallocate()
            capacity = field.count
            storage = .allocate(capacity: capacity)
        }
        var i = 0
        var n = 0
        if escape == .doubledQuotes {
            while i < field.count {
                storage[n] = field[i]
                n += 1
                i += field[i] == UInt8(ascii: "\"") ? 2 : 1
            }
        } else {
            while i < field.count {
                var b = field[i]
                if b == UInt8(ascii: "\\"), i + 1 < field.count {
                    switch field[i + 1] {
                    case UInt8(ascii: "t"): b = 0x09; i += 1
                    case UInt8(ascii: "n"): b = 0x0A; i += 1
                    case UInt8(ascii: "r"): b = 0x0D; i += 1
                    case UInt8(ascii: "\\"): i += 1
                    default: break  // any other backslash is kept as written
                    }
                }
                storage[n] = b
                n += 1
                i += 1
            }
        }
        return UnsafeBufferPointer(start: storage, count: n)
    }
}
