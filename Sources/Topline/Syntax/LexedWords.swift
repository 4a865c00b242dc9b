/// The words a ``Lexer`` has met, by their bytes, each with its token kind: a keyword, or an
/// identifier whose `String` was made the first time. A script names the same columns and
/// keywords over and over; looking a word up here costs a hash (taken while the word is
/// scanned) and a compare, where making its String validated its bytes again and allocated
/// for a name longer than 15 bytes, and a keyword was looked up in ``Keyword``'s table.
///
/// Open addressing in a power-of-two table; a word is found by its first occurrence's place
/// in the text. At most ``capacityLimit`` words are kept (a generated script can hold millions
/// of different names): past that, new words are made as before and not kept.
struct LexedWords {
    private struct Entry {
        /// Where the word first stood in the text; `length` 0 marks an empty slot.
        var start: UInt32 = 0
        var length: UInt32 = 0
        var hash: UInt64 = 0
        var kind: Token.Kind = .invalid
    }

    private var slots: ContiguousArray<Entry> = []
    /// How many words are kept.
    private(set) var count = 0
    /// The most words kept.
    let capacityLimit: Int

    init(capacityLimit: Int = 1 << 20) {
        self.capacityLimit = capacityLimit
    }

    /// The FNV-1a hash of a word, one byte at a time: start from ``hashSeed``, then ``hash(_:_:)`` each byte.
    static let hashSeed: UInt64 = 0xcbf2_9ce4_8422_2325
    @inline(__always) static func hash(_ hash: UInt64, _ byte: UInt8) -> UInt64 {
        (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
    }

    /// The kind of the word `text[start..<end]`, whose hash is `hash`.
    mutating func kind(of text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, hash: UInt64) -> Token.Kind {
        let length = end - start
        if slots.isEmpty { slots = ContiguousArray(repeating: Entry(), count: 256) }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
        while slots[slot].length != 0 {
            let entry = slots[slot]
            if entry.hash == hash, entry.length == length, Self.equal(text, Int(entry.start), start, length) { return entry.kind }
            slot = (slot + 1) & mask
        }
        let word = UnsafeBufferPointer(rebasing: text[start..<end])
        let kind: Token.Kind = Keyword.lookup(word).map { .keyword($0) } ?? .identifier(String(decoding: word, as: UTF8.self))
        guard count < capacityLimit else { return kind }
        slots[slot] = Entry(start: UInt32(start), length: UInt32(length), hash: hash, kind: kind)
        count += 1
        if count * 2 > slots.count { grow() }
        return kind
    }

    /// Twice the slots, every word placed again by its hash.
    private mutating func grow() {
        let old = slots
        slots = ContiguousArray(repeating: Entry(), count: old.count * 2)
        let mask = slots.count - 1
        for entry in old where entry.length != 0 {
            var slot = Int(truncatingIfNeeded: entry.hash ^ (entry.hash >> 29)) & mask
            while slots[slot].length != 0 { slot = (slot + 1) & mask }
            slots[slot] = entry
        }
    }

    private static func equal(_ text: UnsafeBufferPointer<UInt8>, _ a: Int, _ b: Int, _ length: Int) -> Bool {
        for i in 0..<length where text[a + i] != text[b + i] { return false }
        return true
    }
}
