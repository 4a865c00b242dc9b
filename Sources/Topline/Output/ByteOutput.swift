/// A growing UTF-8 buffer: machine formats write millions of cells, and
/// appending bytes is much cheaper than growing a `String` piece by piece.
///
/// It either keeps everything (``string``) or, made with an `emit` function,
/// streams: ``checkpoint()`` — called by the renderers after each row — hands
/// every full piece of about 64 KB to `emit` (cut at a character boundary),
/// so a result of any size is written without being held whole. Either way
/// ``checkpoint()`` polls the interrupt flag and stops rendering with
/// `run.cancelled` once it is set (Ctrl-C during a long output).
struct ByteOutput {
    /// Streamed pieces are about this long.
    static let pieceSize = 1 << 16

    private(set) var bytes: [UInt8] = []
    private let interrupt: InterruptFlag?
    /// Takes a piece; false asks to stop (the reader has gone).
    private let emit: ((String) -> Bool)?
    /// `emit` asked to stop: rendering ended early, without an error.
    private(set) var stopped = false

    init(capacity: Int) {
        interrupt = nil
        emit = nil
        bytes.reserveCapacity(capacity)
    }

    /// A buffer polling `interrupt`; with `emit`, a streaming one.
    init(capacity: Int, interrupt: InterruptFlag?, emit: ((String) -> Bool)?) {
        self.interrupt = interrupt
        self.emit = emit
        bytes.reserveCapacity(emit == nil ? capacity : min(capacity, 2 * Self.pieceSize))
    }

    var count: Int { bytes.count }
    var interruptFlag: InterruptFlag? { interrupt }

    mutating func append(_ byte: UInt8) { bytes.append(byte) }
    mutating func append(_ text: String) { bytes.append(contentsOf: text.utf8) }
    mutating func append(_ other: [UInt8]) { bytes.append(contentsOf: other) }

    /// Appends `text` `count` times, in pieces with a ``checkpoint()`` after
    /// each (a box rule or padding as wide as a 200 MB cell).
    mutating func append(_ text: String, repeated count: Int) throws(Diagnostic) {
        guard count > 0 else { return }
        let unit = Array(text.utf8)
        if count <= 64 {
            for _ in 0..<count { bytes.append(contentsOf: unit) }
            return
        }
        // A piece of whole units, appended as often as needed.
        let perPiece = max(1, Self.pieceSize / max(1, unit.count))
        var piece: [UInt8] = []
        piece.reserveCapacity(perPiece * unit.count)
        for _ in 0..<min(perPiece, count) { piece.append(contentsOf: unit) }
        var left = count
        while left > 0 {
            let now = min(left, perPiece)
            bytes.append(contentsOf: piece[..<(now * unit.count)])
            left -= now
            if left > 0 { try checkpoint() }
        }
    }

    /// Stops with `run.cancelled` once the interrupt is set; when streaming,
    /// hands the full pieces written so far to `emit`.
    mutating func checkpoint() throws(Diagnostic) {
        if let interrupt, interrupt.isSet { throw ByteOutput.cancelled }
        guard let emit, bytes.count >= Self.pieceSize else { return }
        var cut = bytes.count
        // Never inside a character: back off over continuation bytes.
        while cut > 0, bytes[cut - 1] & 0xC0 == 0x80 { cut -= 1 }
        if cut > 0, bytes[cut - 1] >= 0xC0 { cut -= 1 }
        guard cut > 0 else { return }
        let more = emit(String(decoding: bytes[..<cut], as: UTF8.self))
        bytes.removeSubrange(..<cut)
        if !more {
            stopped = true
            throw ByteOutput.cancelled
        }
    }

    /// Hands what is left to `emit` (streaming); the whole text otherwise.
    mutating func finish() -> String {
        guard let emit else { return string }
        if !bytes.isEmpty, !stopped { _ = emit(string) }
        bytes.removeAll()
        return ""
    }

    var string: String { String(decoding: bytes, as: UTF8.self) }

    static let cancelled = Diagnostic(.error, id: .runCancelled, "output cancelled")
}
