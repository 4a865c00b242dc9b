/// Finds invalid UTF-8 in a script's raw bytes (the same fast check data files get).
enum UTF8Validation {
    /// The offset of the first byte that does not begin a valid UTF-8
    /// sequence, or nil when all of `bytes` is valid UTF-8. NUL bytes are
    /// valid UTF-8; the lexer reports them itself.
    static func firstInvalidOffset(in bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { ByteChecks.firstProblem(in: $0, allowNUL: true)?.offset }
    }
}
