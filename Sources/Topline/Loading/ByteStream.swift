#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A window onto a ``ByteSource`` that moves forward a chunk at a time, so a
/// loader holds one chunk of a file (plus the unfinished row it carries
/// over) instead of the whole file.
///
/// A loader parses what the window holds, then ``advance(keepingFrom:)``
/// drops the bytes it has finished with, keeps the rest (the row that runs
/// past the window's end) at the front, and reads the next chunk after it.
/// A row longer than a chunk makes the window grow: each step reads at least
/// as much as it keeps, so even a row of a gigabyte costs linear time. The
/// source bounds the total (a ``DataFile`` by the data-file limit).
final class ByteStream {
    /// Bytes read per step unless a loader asks otherwise: large enough that
    /// steps are rare, small next to a table worth streaming.
    static let defaultChunkSize = 8 << 20

    let source: ByteSource
    /// The bytes read per step.
    let chunkSize: Int
    private let context: LoadContext
    /// nil until the first read allocates it.
    private var storage: UnsafeMutablePointer<UInt8>?
    private var capacity = 0
    /// Bytes in the window.
    private(set) var count = 0
    /// The source offset of the window's first byte.
    private(set) var base: Int
    /// The window reaches the end of the source: nothing more will come.
    private(set) var atEnd = false

    /// A window over `source` from `offset`, holding its first chunk (at
    /// least 4 bytes, so a byte order mark at the start is always whole).
    init(source: ByteSource, from offset: Int = 0, chunkSize: Int = defaultChunkSize,
         context: LoadContext) throws(Diagnostic) {
        self.source = source
        self.chunkSize = max(4, chunkSize)
        self.context = context
        base = offset
        // A file smaller than a chunk gets a buffer of its size (and the byte that shows its end).
        let left = source.sizeHint.map { max(4, $0 - offset + 1) } ?? Int.max
        try fill(min(self.chunkSize, left))
    }

    deinit { free(storage) }

    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: storage, count: count) }

    /// Where the columns of the window's first line start: after a byte order
    /// mark at the start of the source, else at the window's start (which
    /// loaders keep at the start of a line).
    var lineFloor: Int { base == 0 ? ByteChecks.byteOrderMarkLength(bytes) : 0 }

    /// Drops the bytes before `keep`, moves the rest to the front and reads
    /// at least one more chunk after them (more when what is kept is longer).
    /// Call only before ``atEnd``.
    func advance(keepingFrom keep: Int) throws(Diagnostic) {
        let kept = count - keep
        if keep > 0, let storage {
            memmove(storage, storage + keep, kept)
            base += keep
            count = kept
        }
        try fill(max(chunkSize, kept))
    }

    /// Reads everything left, for a loader that needs the whole document;
    /// the source's size, when known, is allocated at once.
    func readToEnd() throws(Diagnostic) {
        if let size = source.sizeHint, base + count < size { try fill(size + 1 - base - count) }
        while !atEnd { try fill(max(chunkSize, count)) }
    }

    /// Reads until `amount` more bytes are in the window or the source ends.
    private func fill(_ amount: Int) throws(Diagnostic) {
        try reserve(count + amount)
        var wanted = amount
        while wanted > 0 {
            try context.checkInterrupt()
            let got = try source.read(at: base + count, into: UnsafeMutableRawBufferPointer(start: storage! + count, count: wanted))
            if got == 0 {
                atEnd = true
                return
            }
            count += got
            wanted -= got
        }
    }

    private func reserve(_ needed: Int) throws(Diagnostic) {
        guard needed > capacity else { return }
        // realloc can grow a large block in place (mremap), never holding old and new copies at once.
        guard let grown = realloc(storage, needed) else {
            throw LoadError.make(.loadTooLarge, "cannot allocate \(ByteSize.describe(needed)) to read '\(source.name)'",
                                 file: source.name, hints: ["free some memory, or load a smaller file"])
        }
        storage = grown.assumingMemoryBound(to: UInt8.self)
        capacity = needed
    }
}
