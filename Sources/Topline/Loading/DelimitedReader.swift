/// Reads CSV/TSV bytes into a ``Table``: scans rows a block at a time, then
/// hands each column's cells of the block to that column's accumulator.
///
/// Working column by column over a small block keeps each accumulator's
/// state hot and never holds field offsets for the whole file.
enum DelimitedReader {
    /// Fields per block: small enough to stay in cache.
    private static let blockFields = 16_384

    /// `columns`: the names to keep (nil for all); the others are skipped.
    /// `header`, when given, receives every column name of the file, kept or not.
    static func read(_ bytes: UnsafeBufferPointer<UInt8>, separator: UInt8, file: String, columns wanted: Set<String>? = nil,
                     header: UnsafeMutablePointer<[String]>? = nil) throws(Diagnostic) -> Table {
        if let problem = ByteChecks.check(bytes, file: file) { throw problem }
        var scanner = DelimitedScanner(bytes: bytes, separator: separator, file: file)
        guard scanner.atRowStart() else {
            throw LoadError.make(.loadEmpty, "the file is empty: a header row is needed", file: file)
        }
        let scratch = UnescapeBuffer()
        let names = HeaderNames.normalize(try scanner.readRow().map { field in
            let raw = UnsafeBufferPointer(rebasing: bytes[field.start..<field.end])
            return String(decoding: field.escaped ? scratch.unescape(raw) : raw, as: UTF8.self)
        })
        let width = names.count
        header?.pointee = names
        let kept = (0..<width).filter { wanted?.contains(names[$0]) ?? true }
        var columns = [ColumnAccumulator](repeating: ColumnAccumulator(), count: width)
        var block = FieldBlock(width: width, rowCapacity: max(1, blockFields / width))
        var rows = 0
        var more = true
        while more {
            more = try scanner.scan(into: &block)
            for j in kept {
                feed(column: j, rows: block.rows, of: block, bytes, into: &columns[j], scratch)
            }
            rows += block.rows
        }

        let prefixes = try rereadTextPrefixes(of: columns, width: width, bytes, separator: separator, file: file)
        var built: [Column] = []
        built.reserveCapacity(kept.count)
        for j in kept {
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
        _ = scanner.atRowStart()
        _ = try scanner.readRow()
        var block = FieldBlock(width: width, rowCapacity: max(1, blockFields / width))
        let scratch = UnescapeBuffer()
        var row = 0
        while row < last {
            _ = try scanner.scan(into: &block)
            for j in demoted {
                let wanted = min(block.rows, columns[j].textStartsAt! - row)
                if wanted > 0 { feed(column: j, rows: wanted, of: block, bytes, into: &prefixes[j]!, scratch) }
            }
            row += block.rows
        }
        return prefixes
    }

    /// Appends column `j` of the first `rows` rows of `block` to `column`.
    private static func feed(
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

/// One column of a ``FieldBlock`` as cells.
private struct BlockColumn: CellSource {
    let bytes: UnsafeBufferPointer<UInt8>
    let starts: UnsafeBufferPointer<Int>
    let ends: UnsafeBufferPointer<Int>
    let escaped: UnsafeBufferPointer<Bool>
    let column: Int
    let width: Int
    let count: Int
    let scratch: UnescapeBuffer

    @inline(__always)
    mutating func cell(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        let k = i * width + column
        guard escaped[k] else { return UnsafeBufferPointer(rebasing: bytes[starts[k]..<ends[k]]) }
        return scratch.unescape(UnsafeBufferPointer(rebasing: bytes[starts[k]..<ends[k]]))
    }
}

/// Memory for a quoted field with its doubled quotes collapsed. The bytes
/// returned by ``unescape(_:)`` stay valid until its next call.
final class UnescapeBuffer {
    private var storage = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
    private var capacity = 256

    deinit { storage.deallocate() }

    /// `field` with each `""` turned into `"`.
    func unescape(_ field: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        if field.count > capacity {
            storage.deallocate()
            capacity = field.count
            storage = .allocate(capacity: capacity)
        }
        var i = 0
        var n = 0
        while i < field.count {
            storage[n] = field[i]
            n += 1
            i += field[i] == UInt8(ascii: "\"") ? 2 : 1
        }
        return UnsafeBufferPointer(start: storage, count: n)
    }
}
