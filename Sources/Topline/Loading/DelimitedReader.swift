/// Reads CSV/TSV bytes into a ``Table``: scans rows a block at a time, then
/// hands each column's cells of the block to that column's accumulator.
///
/// Working column by column over a small block keeps each accumulator's
/// state hot and never holds field offsets for the whole file.
enum DelimitedReader {
    /// Fields per block: small enough to stay in cache.
    private static let blockFields = 16_384

    static func read(_ bytes: UnsafeBufferPointer<UInt8>, separator: UInt8, file: String) throws(Diagnostic) -> Table {
        if let problem = ByteChecks.check(bytes, file: file) { throw problem }
        var scanner = DelimitedScanner(bytes: bytes, separator: separator, file: file)
        guard scanner.atRowStart() else {
            throw LoadError.make("load.empty", "the file is empty: a header row is needed", file: file)
        }
        var fields = FieldRanges()
        var scratch: [UInt8] = []
        let width = try scanner.readRow(into: &fields)
        var raw: [String] = []
        for k in 0..<width {
            raw.append(withCell(k, fields, bytes, &scratch) { String(decoding: $0, as: UTF8.self) })
        }
        let names = HeaderNames.normalize(raw)

        var columns = [ColumnAccumulator](repeating: ColumnAccumulator(), count: width)
        let blockRows = max(1, blockFields / width)
        var rows = 0
        var more = true
        while more {
            fields.removeAll()
            var inBlock = 0
            while inBlock < blockRows {
                guard scanner.atRowStart() else { more = false; break }
                let line = scanner.line
                let count = try scanner.readRow(into: &fields)
                guard count == width else {
                    throw LoadError.make(
                        "load.ragged-row",
                        "line \(line) has \(count) field\(count == 1 ? "" : "s"), expected \(width) (header has \(width))",
                        file: file, line: line,
                        hints: ["a field containing '\(Character(UnicodeScalar(separator)))' must be in double quotes"])
                }
                inBlock += 1
            }
            for j in 0..<width {
                feed(column: j, of: width, rows: 0..<inBlock, fields, bytes, into: &columns[j], &scratch)
            }
            rows += inBlock
        }

        let prefixes = try rereadTextPrefixes(of: columns, width: width, bytes, separator: separator, file: file)
        var built: [Column] = []
        built.reserveCapacity(width)
        for j in 0..<width {
            built.append(columns[j].finish(name: names[j], textPrefix: prefixes[j]))
        }
        return Table(unchecked: built, rowCount: rows)
    }

    /// For columns that turned to text midway, the rows before that point
    /// read again as text (see ``ColumnAccumulator``). One extra pass over
    /// the file prefix serves every such column.
    private static func rereadTextPrefixes(
        of columns: [ColumnAccumulator], width: Int,
        _ bytes: UnsafeBufferPointer<UInt8>, separator: UInt8, file: String
    ) throws(Diagnostic) -> [ColumnAccumulator?] {
        var prefixes = [ColumnAccumulator?](repeating: nil, count: width)
        let demoted = columns.indices.filter { columns[$0].textStartsAt != nil }
        guard let last = demoted.map({ columns[$0].textStartsAt! }).max() else { return prefixes }
        for j in demoted { prefixes[j] = ColumnAccumulator(textOnly: true) }
        var scanner = DelimitedScanner(bytes: bytes, separator: separator, file: file)
        var fields = FieldRanges()
        var scratch: [UInt8] = []
        _ = scanner.atRowStart()
        _ = try scanner.readRow(into: &fields)
        let blockRows = max(1, blockFields / width)
        var row = 0
        while row < last {
            fields.removeAll()
            let inBlock = min(blockRows, last - row)
            for _ in 0..<inBlock {
                _ = scanner.atRowStart()
                _ = try scanner.readRow(into: &fields)
            }
            for j in demoted {
                let end = min(inBlock, columns[j].textStartsAt! - row)
                if end > 0 { feed(column: j, of: width, rows: 0..<end, fields, bytes, into: &prefixes[j]!, &scratch) }
            }
            row += inBlock
        }
        return prefixes
    }

    @inline(__always)
    private static func feed(
        column j: Int, of width: Int, rows: Range<Int>, _ fields: FieldRanges,
        _ bytes: UnsafeBufferPointer<UInt8>, into column: inout ColumnAccumulator, _ scratch: inout [UInt8]
    ) {
        fields.starts.withUnsafeBufferPointer { starts in
            fields.ends.withUnsafeBufferPointer { ends in
                fields.escaped.withUnsafeBufferPointer { escaped in
                    for r in rows {
                        let k = r * width + j
                        if escaped[k] {
                            unescape(bytes, starts[k], ends[k], into: &scratch)
                            scratch.withUnsafeBufferPointer { column.append($0) }
                        } else {
                            column.append(UnsafeBufferPointer(rebasing: bytes[starts[k]..<ends[k]]))
                        }
                    }
                }
            }
        }
    }

    /// Calls `body` with the bytes of field `k`, doubled quotes collapsed.
    private static func withCell<R>(
        _ k: Int, _ fields: FieldRanges, _ bytes: UnsafeBufferPointer<UInt8>, _ scratch: inout [UInt8],
        _ body: (UnsafeBufferPointer<UInt8>) -> R
    ) -> R {
        if fields.escaped[k] {
            unescape(bytes, fields.starts[k], fields.ends[k], into: &scratch)
            return scratch.withUnsafeBufferPointer(body)
        }
        return body(UnsafeBufferPointer(rebasing: bytes[fields.starts[k]..<fields.ends[k]]))
    }

    /// Copies `bytes[start..<end]` into `out`, turning each `""` into `"`.
    private static func unescape(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        var i = start
        while i < end {
            out.append(bytes[i])
            i += bytes[i] == UInt8(ascii: "\"") ? 2 : 1
        }
    }
}
