/// Writes one line in pieces; with `trimsTrailingSpaces` (the table format)
/// spaces are held back until something else follows them, so the line ends
/// without trailing blanks, exactly as if it had been built and trimmed.
struct LineWriter {
    let trimsTrailingSpaces: Bool
    private var heldSpaces = 0

    init(trimsTrailingSpaces: Bool) { self.trimsTrailingSpaces = trimsTrailingSpaces }

    mutating func text(_ text: String, _ out: inout ByteOutput) throws(Diagnostic) {
        guard trimsTrailingSpaces else { return out.append(text) }
        let utf8 = Array(text.utf8)
        var trailing = 0
        while trailing < utf8.count, utf8[utf8.count - 1 - trailing] == 0x20 { trailing += 1 }
        if trailing == utf8.count {
            heldSpaces += trailing
            return
        }
        try release(&out)
        out.append(Array(utf8[..<(utf8.count - trailing)]))
        heldSpaces = trailing
    }

    mutating func spaces(_ count: Int, _ out: inout ByteOutput) throws(Diagnostic) {
        if trimsTrailingSpaces { heldSpaces += count } else { try out.append(" ", repeated: count) }
    }

    mutating func repeated(_ text: String, _ count: Int, _ out: inout ByteOutput) throws(Diagnostic) {
        try release(&out)
        try out.append(text, repeated: count)
    }

    mutating func end(_ out: inout ByteOutput) throws(Diagnostic) {
        heldSpaces = 0
        out.append(UInt8(ascii: "\n"))
        try out.checkpoint()
    }

    private mutating func release(_ out: inout ByteOutput) throws(Diagnostic) {
        if heldSpaces > 0 { try out.append(" ", repeated: heldSpaces) }
        heldSpaces = 0
    }
}
