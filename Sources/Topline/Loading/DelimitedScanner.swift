/// Byte ranges of the fields of consecutive rows, reused block after block.
struct FieldRanges {
    var starts: [Int] = []
    var ends: [Int] = []
    /// Whether the field contains doubled quotes (`""`) to collapse.
    var escaped: [Bool] = []

    var count: Int { starts.count }

    mutating func removeAll() {
        starts.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        escaped.removeAll(keepingCapacity: true)
    }

    mutating func removeLast(_ k: Int) {
        starts.removeLast(k)
        ends.removeLast(k)
        escaped.removeLast(k)
    }
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

    /// Appends the fields of the row at `position` (see ``atRowStart()``) to
    /// `fields` and returns how many there were.
    @inline(__always)
    mutating func readRow(into fields: inout FieldRanges) throws(Diagnostic) -> Int {
        guard let p = bytes.baseAddress else { return 0 }
        let n = bytes.count
        let sep = separator
        let quote = UInt8(ascii: "\"")
        let newline = UInt8(ascii: "\n")
        let cr = UInt8(ascii: "\r")
        var pos = position
        var fieldCount = 0
        while true {
            fieldCount += 1
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
                        "load.unterminated-quote", "line \(openLine) opens a quoted field that is never closed",
                        file: file, line: openLine, hints: ["a quote inside a quoted field is written twice: \"\""])
                }
                fields.starts.append(start)
                fields.ends.append(pos)
                fields.escaped.append(escaped)
                pos += 1
                if pos < n, p[pos] == cr, pos + 1 == n || p[pos + 1] == newline { pos += 1 }
                if pos < n, p[pos] != sep, p[pos] != newline {
                    let shown = p[pos] < 0x80 ? "'\(Character(UnicodeScalar(p[pos])))'" : "text"
                    throw LoadError.make(
                        "load.text-after-quote", "line \(line) has \(shown) after the closing quote of a field",
                        file: file, line: line, hints: ["quote the whole field, and write a quote inside it twice: \"\""])
                }
            } else {
                let start = pos
                while pos < n {
                    let b = p[pos]
                    if b == sep || b == newline { break }
                    pos += 1
                }
                var end = pos
                if end > start, p[end - 1] == cr, pos == n || p[pos] == newline { end -= 1 }
                fields.starts.append(start)
                fields.ends.append(end)
                fields.escaped.append(false)
            }
            if pos < n, p[pos] == sep {
                pos += 1
                continue
            }
            if pos < n {
                pos += 1  // the newline
                line += 1
            }
            position = pos
            return fieldCount
        }
    }
}
