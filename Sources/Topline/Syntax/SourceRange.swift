/// A half-open range of UTF-8 byte offsets into one source text.
///
/// Every token, AST node and diagnostic carries one. Lines and columns are
/// computed only when a diagnostic is rendered (see ``SourceFile``).
public struct SourceRange: Hashable, Sendable, Codable {
    /// Byte offset of the first byte.
    public var start: Int
    /// Byte offset one past the last byte.
    public var end: Int

    public init(_ start: Int, _ end: Int) {
        self.start = start
        self.end = max(start, end)
    }

    /// An empty range at `offset`, used for "expected … here" positions.
    public static func at(_ offset: Int) -> SourceRange { SourceRange(offset, offset) }

    /// The smallest range covering both.
    public func union(_ other: SourceRange) -> SourceRange {
        SourceRange(min(start, other.start), max(end, other.end))
    }
}
