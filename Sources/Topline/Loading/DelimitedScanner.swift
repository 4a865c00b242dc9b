/// Byte ranges of the fields of up to `rowCapacity` rows of `width` fields,
/// row-major, reused block after block.
struct FieldBlock {
    let width: Int
    let rowCapacity: Int
    var starts: [Int]
    var ends: [Int]
    /// Whether the field contains doubled quotes (`""`) to collapse.
    var escaped: [Bool]
    /// Rows filled by the last scan.
    var rows = 0

    init(width: Int, rowCapacity: Int) {
        self.width = width
        self.rowCapacity = rowCapacity
        starts = Array(repeating: 0, count: width * rowCapacity)
        ends = starts
        escaped = Array(repeating: false, count: width * rowCapacity)
    }
}

/// One field found by ``DelimitedScanner``.
struct ScannedField {
    var start: Int
    var end: Int
    var escaped: Bool
    /// The field ends its row.
    var last: Bool
}

/// Splits delimited text into rows of fields, following RFC 4180:
/// a field starting with `"` is quoted and may hold separators, newlines and
/// doubled quotes; rows end with LF or CRLF; blank lines are skipped.
/// A quote inside an unquoted field is an ordinary character.
///
/// The scanner only records where fields are; the bytes are decoded later,
/// column by column.
struct DelimitedScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    let separator: UInt8
    let file: String
    /// Offset of the next unread byte.
    private(set) var position: Int
    /// 1-based line of `position`.
    private(set) var line = 1

    init(bytes: UnsafeBufferPointer<UInt8>, separator: UInt8, file: String) {
        self.bytes = bytes
        self.separator = separator
        self.file = file
        self.position = ByteChecks.byteOrderMarkLength(bytes)
    }

    /// Skips blank lines; false when no row is left.
    @inline(__always)
    mutating func atRowStart() -> Bool {
        let n = bytes.count
        while position < n {
            let b = bytes[position]
            if b == UInt8(ascii: "\n") {
                position += 1
                line += 1
            } else if b == UInt8(ascii: "\r"), position + 1 == n || bytes[position + 1] == UInt8(ascii: "\n") {
                position += 1
            } else {
                return true
            }
        }
        return false
    }

    /// The fields of the row at `position` (see ``atRowStart()``), for the header.
    mutating func readRow() throws(Diagnostic) -> [ScannedField] {
        var fields: [ScannedField] = []
        repeat { fields.append(try nextField()) } while !fields.last!.last
        return fields
    }

    /// Fills `block` with up to `block.rowCapacity` rows; returns false at the
    /// end of the input. Every row must have `block.width` fields.
    mutating func scan(into block: inout FieldBlock) throws(Diagnostic) -> Bool {
        let width = block.width
        let capacity = block.rowCapacity
        var rows = 0
        var more = true
        var starts = block.starts, ends = block.ends, escaped = block.escaped
        block.starts = []; block.ends = []; block.escaped = []
        defer {
            block.starts = starts; block.ends = ends; block.escaped = escaped
            block.rows = rows
        }
        try starts.withUnsafeMutableBufferPointer { (starts) throws(Diagnostic) in
            try ends.withUnsafeMutableBufferPointer { (ends) throws(Diagnostic) in
                try escaped.withUnsafeMutableBufferPointer { (escaped) throws(Diagnostic) in
                    while rows < capacity {
                        guard atRowStart() else { more = false; return }
                        let rowLine = line
                        var k = rows * width
                        var count = 0
                        while true {
                            let f = try nextField()
                            if count < width {
                                starts[k] = f.start
                                ends[k] = f.end
                                escaped[k] = f.escaped
                                k += 1
                            }
                            count += 1
                            if f.last { break }
                        }
                        guard count == width else { throw raggedRow(line: rowLine, count: count, width: width) }
                        rows += 1
                    }
                }
            }
        }
        return more
    }

    private func raggedRow(line: Int, count: Int, width: Int) -> Diagnostic {
        LoadError.make(
            .loadRaggedRow,
            "line \(line) has \(count) field\(count == 1 ? "" : "s"), expected \(width) (header has \(width))",
            file: file, line: line,
            hints: ["a field containing \(separator == UInt8(ascii: "\t") ? "a tab" : "'\(Character(UnicodeScalar(separator)))'") must be in double quotes"])
    }

    /// Reads the field at `position` and the separator or line end after it.
    @inline(__always)
    mutating func nextField() throws(Diagnostic) -> ScannedField {
        let p = bytes.baseAddress!
        let n = bytes.count
        let sep = separator
        let quote = UInt8(ascii: "\"")
        let newline = UInt8(ascii: "\n")
        let cr = UInt8(ascii: "\r")
        var pos = position
        var field: ScannedField
        if pos < n, p[pos] == quote {
            let openLine = line
            pos += 1
            let start = pos
            var escaped = false
            var closed = false
            while pos < n {
                let b = p[pos]
                if b == quote {
                    if pos + 1 < n, p[pos + 1] == quote {
                        escaped = true
                        pos += 2
                        continue
                    }
                    closed = true
                    break
                }
                if b == newline { line += 1 }
                pos += 1
            }
            guard closed else {
                throw LoadError.make(
                    .loadUnterminatedQuote, "line \(openLine) opens a quoted field that is never closed",
                    file: file, line: openLine, hints: ["a quote inside a quoted field is written twice: \"\""])
            }
            field = ScannedField(start: start, end: pos, escaped: escaped, last: false)
            pos += 1
            if pos < n, p[pos] == cr, pos + 1 == n || p[pos + 1] == newline { pos += 1 }
            if pos < n, p[pos] != sep, p[pos] != newline {
                let shown = p[pos] < 0x80 ? "'\(Character(UnicodeScalar(p[pos])))'" : "text"
                throw LoadError.make(
                    .loadTextAfterQuote, "line \(line) has \(shown) after the closing quote of a field",
                    file: file, line: line, hints: ["quote the whole field, and write a quote inside it twice: \"\""])
            }
        } else {
            let start = pos
            pos = Self.findSeparatorOrNewline(p, from: pos, count: n, separator: sep)
            var end = pos
            if end > start, p[end - 1] == cr, pos == n || p[pos] == newline { end -= 1 }
            field = ScannedField(start: start, end: end, escaped: false, last: false)
        }
        if pos < n, p[pos] == sep {
            position = pos + 1
            return field
        }
        if pos < n {
            pos += 1  // the newline
            line += 1
        }
        position = pos
        field.last = true
        return field
    }

    /// The offset of the first `separator` or line feed at or after `from`,
    /// or `count`. Eight bytes are tested at a time (SWAR): a byte equal to
    /// the target is a zero byte of `word ^ target`.
    @inline(__always)
    private static func findSeparatorOrNewline(
        _ p: UnsafePointer<UInt8>, from: Int, count n: Int, separator: UInt8
    ) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        let separators = ones &* UInt64(separator)
        let newlines = ones &* UInt64(UInt8(ascii: "\n"))
        let raw = UnsafeRawPointer(p)
        var pos = from
        while pos + 8 <= n {
            let w = raw.loadUnaligned(fromByteOffset: pos, as: UInt64.self)
            let a = w ^ separators
            let b = w ^ newlines
            // Borrows can only mark bytes after the first real match, so the lowest mark is exact.
            let found = ((a &- ones) & ~a | (b &- ones) & ~b) & high
            if found != 0 { return pos + found.trailingZeroBitCount >> 3 }
            pos += 8
        }
        while pos < n, p[pos] != separator, p[pos] != UInt8(ascii: "\n") { pos += 1 }
        return pos
    }
}
