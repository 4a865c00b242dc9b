/// Where a loader's bytes come from: a data file (``DataFile``) or bytes
/// already in memory (``MemorySource``: `readDelimited(bytes:)`, the fuzz
/// targets). Loaders read either through a ``ByteStream``, a chunk at a
/// time, so both take the same code path.
///
/// Reads are positional, so a loader can read a part of the source again
/// (the rows before a column turned to text, the line of a warning) without
/// having kept it.
protocol ByteSource: AnyObject {
    /// The name diagnostics give the source.
    var name: String { get }
    /// The size when known in advance, to read a whole document in one allocation.
    var sizeHint: Int? { get }
    /// Reads up to `buffer.count` bytes at `offset` into `buffer`; returns how
    /// many, 0 only at the end of the source.
    func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws(Diagnostic) -> Int
    /// Throws `load.changed` when the source is no longer what was first read,
    /// so a second read of it cannot be trusted.
    func checkUnchanged() throws(Diagnostic)
}

/// Bytes in memory as a ``ByteSource``; they never change.
final class MemorySource: ByteSource {
    let name: String
    private let bytes: [UInt8]

    init(_ bytes: [UInt8], name: String) {
        self.bytes = bytes
        self.name = name
    }

    var sizeHint: Int? { bytes.count }

    func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        guard offset < bytes.count else { return 0 }
        let n = min(buffer.count, bytes.count - offset)
        bytes.withUnsafeBytes { source in
            buffer.baseAddress!.copyMemory(from: source.baseAddress! + offset, byteCount: n)
        }
        return n
    }

    func checkUnchanged() {}
}
