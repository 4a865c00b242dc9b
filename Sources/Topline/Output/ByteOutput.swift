/// A growing UTF-8 buffer: machine formats write millions of cells, and
/// appending bytes is much cheaper than growing a `String` piece by piece.
struct ByteOutput {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    mutating func append(_ byte: UInt8) { bytes.append(byte) }
    mutating func append(_ text: String) { bytes.append(contentsOf: text.utf8) }
    mutating func append(_ other: [UInt8]) { bytes.append(contentsOf: other) }

    var string: String { String(decoding: bytes, as: UTF8.self) }
}
