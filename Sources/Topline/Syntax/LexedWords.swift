/// The words a ``Lexer`` has met, by their bytes, each with its token kind: a keyword, or an
/// identifier whose `String` was made the first time. A script names the same columns and
/// keywords over and over; looking a word up here costs a hash (taken while the word is
/// scanned) and a compare, where making its String validated its bytes again and allocated
/// for a name longer than 15 bytes, and a keyword was looked up in ``Keyword``'s table.
///
/// Open addressing in a power-of-two table; a word is found by its first occurrence's place
/// in the text. At most ``capacityLimit`` words are kept, the first met: the keywords and a
/// script's columns come early, and a table that stays in the processor's cache is faster than
/// one that holds every name of a generated script (with all of them, the 10 MB benchmark
/// script's table outgrew the cache and a lookup cost 7% of parsing). Past that, new words are
/// made as before and not kept.
struct LexedWords {
    /// A kept word's place: where it first stood in the text and its hash; `length` 0 marks an
    /// empty slot. Apart from the kinds, so that a probe reads 16 bytes and copies no string.
    private struct Key {
        var start: UInt32 = 0
        var length: UInt32 = 0
        var hash: UInt64 = 0
    }

    private var keys: ContiguousArray<Key> = []
    /// The token kind of the word in each slot of `keys`.
    private var kinds: ContiguousArray<Token.Kind> = []
    /// How many words are kept.
    private(set) var count = 0
    /// The most words kept.
    let capacityLimit: Int

    init(capacityLimit: Int = 4096) {
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
        if keys.isEmpty { resize(to: 256) }
        let mask = keys.count - 1
        var slot = Self.slot(hash, mask)
        while true {
            let key = keys[slot]
            if key.length == 0 { break }
            if key.hash == hash, key.length == length, Self.equal(text, Int(key.start), start, length) { return kinds[slot] }
            slot = (slot + 1) & mask
        }
        let word = UnsafeBufferPointer(rebasing: text[start..<end])
        let kind: Token.Kind = Keyword.lookup(word).map { .keyword($0) } ?? .identifier(String(decoding: word, as: UTF8.self))
        guard count < capacityLimit else { return kind }
        keys[slot] = Key(start: UInt32(start), length: UInt32(length), hash: hash)
        kinds[slot] = kind
        count += 1
        if count * 2 > keys.count { resize(to: keys.count * 2) }
        return kind
    }

    @inline(__always) private static func slot(_ hash: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
    }

    /// `slots` slots, every kept word placed again by its hash.
    private mutating func resize(to slots: Int) {
        let (oldKeys, oldKinds) = (keys, kinds)
        keys = ContiguousArray(repeating: Key(), count: slots)
        kinds = ContiguousArray(repeating: .invalid, count: slots)
        let mask = slots - 1
        for (key, kind) in zip(oldKeys, oldKinds) where key.length != 0 {
            var slot = Self.slot(key.hash, mask)
            while keys[slot].length != 0 { slot = (slot + 1) & mask }
            keys[slot] = key
            kinds[slot] = kind
        }
    }

    /// Whether `text[a..<a + length]` and `text[b..<b + length]` hold the same bytes, 8 at a time.
    private static func equal(_ text: UnsafeBufferPointer<UInt8>, _ a: Int, _ b: Int, _ length: Int) -> Bool {
        let base = UnsafeRawPointer(text.baseAddress!)
        var i = 0
        while i + 8 <= length {
            if base.loadUnaligned(fromByteOffset: a + i, as: UInt64.self) != base.loadUnaligned(fromByteOffset: b + i, as: UInt64.self) {
                return false
            }
            i += 8
        }
        while i < length {
            if text[a + i] != text[b + i] { return false }
            i += 1
        }
        return true
    }
}
