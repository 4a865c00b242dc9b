/// Maps byte strings to dense codes in first-seen order, looking values up
/// by their bytes so a repeated cell never allocates a `String`.
///
/// Text columns in survey data repeat a few values millions of times; only
/// the first occurrence of each value is decoded into a `String`.
struct ByteInterner {
    /// The bytes of every distinct value, back to back.
    private var arena: [UInt8] = []
    /// `bounds[k]..<bounds[k + 1]` is value `k` in `arena`.
    private var bounds: [Int] = [0]
    private var hashes: [UInt64] = []
    /// Open-addressing table of value indices; -1 marks a free slot.
    private var slots: [Int32] = Array(repeating: -1, count: 16)
    private(set) var strings: [String] = []

    var count: Int { strings.count }

    /// The code of `bytes` (which must be valid UTF-8), adding it if new.
    @inline(__always)
    mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        let h = Self.hash(bytes)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let code = slots[slot]
            if code < 0 { break }
            if hashes[Int(code)] == h, equals(Int(code), bytes) { return code }
            slot = (slot + 1) & mask
        }
        let code = Int32(strings.count)
        arena.append(contentsOf: bytes)
        bounds.append(arena.count)
        hashes.append(h)
        strings.append(String(decoding: bytes, as: UTF8.self))
        slots[slot] = code
        if strings.count * 2 > slots.count { grow() }
        return code
    }

    /// The bytes of value `code`.
    func withBytes<R>(of code: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        arena.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[bounds[code]..<bounds[code + 1]])) }
    }

    private func equals(_ code: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let lo = bounds[code]
        guard bounds[code + 1] - lo == bytes.count else { return false }
        return arena.withUnsafeBytes { a in Self.sameBytes(a.baseAddress! + lo, UnsafeRawPointer(bytes.baseAddress), bytes.count) }
    }

    /// Whether `count` bytes at `a` and `b` are equal, compared eight bytes
    /// at a time; the tail is one overlapping load, not a byte loop.
    @inline(__always)
    private static func sameBytes(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer?, _ count: Int) -> Bool {
        guard count > 0, let b else { return true }
        if count >= 8 {
            var i = 0
            while i + 8 < count {
                if a.loadUnaligned(fromByteOffset: i, as: UInt64.self) != b.loadUnaligned(fromByteOffset: i, as: UInt64.self) {
                    return false
                }
                i += 8
            }
            return a.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
                == b.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
        }
        if count >= 4 {
            return a.loadUnaligned(as: UInt32.self) == b.loadUnaligned(as: UInt32.self)
                && a.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
                == b.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
        }
        for i in 0..<count where a.load(fromByteOffset: i, as: UInt8.self) != b.load(fromByteOffset: i, as: UInt8.self) {
            return false
        }
        return true
    }

    private mutating func grow() {
        var bigger = [Int32](repeating: -1, count: slots.count * 2)
        let mask = bigger.count - 1
        for (code, h) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: h) & mask
            while bigger[slot] >= 0 { slot = (slot + 1) & mask }
            bigger[slot] = Int32(code)
        }
        slots = bigger
    }

    /// A fast 64-bit hash over eight-byte words, well mixed in the low bits.
    /// Short tails are read with overlapping loads rather than byte by byte.
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let n = bytes.count
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: n)
        guard n > 0, let base = bytes.baseAddress else { return h }
        let raw = UnsafeRawPointer(base)
        let tail: UInt64
        if n >= 8 {
            var i = 0
            while i + 8 < n {
                h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
                h ^= h >> 29
                i += 8
            }
            tail = raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
        } else if n >= 4 {
            tail = UInt64(raw.loadUnaligned(as: UInt32.self)) << 32
                | UInt64(raw.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self))
        } else {
            tail = UInt64(base[0]) << 16 | UInt64(base[n >> 1]) << 8 | UInt64(base[n - 1])
        }
        h = (h ^ tail) &* 0x94D0_49BB_1331_11EB
        h ^= h >> 32
        return h
    }
}
