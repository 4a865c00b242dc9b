#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a field's bytes must be decoded before use.
enum FieldEscape: UInt8 {
    /// The bytes are the value.
    case none = 0
    /// A quoted field holding doubled quotes (`""`) to collapse.
    case doubledQuotes = 1
    /// An unquoted TSV field holding backslash escapes (`\t`, `\n`, `\r`, `\\`).
    case backslashes = 2
}

/// Byte ranges of the fields of up to `rowCapacity` rows of `width` fields,
/// row-major, reused block after block.
struct FieldBlock {
    let width: Int
    let rowCapacity: Int
    var starts: [Int]
    var ends: [Int]
    /// How each field is decoded (a ``FieldEscape`` raw value).
    var escaped: [UInt8]
    /// Rows filled by the last scan.
    var rows = 0

    init(width: Int, rowCapacity: Int) {
        self.width = width
        self.rowCapacity = rowCapacity
        starts = Array(repeating: 0, count: width * rowCapacity)
        ends = starts
        escaped = Array(repeating: 0, count: width * rowCapacity)
    }
}

/// One field found by ``DelimitedScanner``.
struct ScannedField {
    /// The value's bytes (inside the quotes of a quoted field).
    var start: Int
    var end: Int
    var escaped: FieldEscape
    /// The field ends its row.
    var last: Bool
    /// Where the field begins in the file, its opening quote included.
    var open: Int
}

/// Splits delimited text into rows of fields.
///
/// **CSV** follows RFC 4180: a field starting with `"` is quoted and may hold
/// separators, line breaks and doubled quotes; a quote inside an unquoted
/// field is an ordinary character.
///
/// **TSV** is the same with tab as the separator, plus backslash escapes in
/// unquoted fields — `\t`, `\n`, `\r` and `\\` stand for a tab, a line feed,
/// a carriage return and a backslash (any other backslash is kept as it is) —
/// which is what Topline's TSV writer, PostgreSQL's `COPY … (FORMAT text)` and
/// most TSV tools write. A field starting with `"` is quoted as in CSV, so
/// spreadsheet exports read too; inside quotes a backslash is a backslash.
///
/// **Line breaks** are LF, CRLF, or CR alone (files from old Mac programs, as
/// Python's `csv` reads them): a file whose first line break is a CR not
/// followed by LF has CR line endings throughout (see ``lineBreak(of:separator:)``).
/// Blank lines are skipped.
///
/// The scanner only records where fields are; the bytes are decoded later,
/// column by column.
///
/// It reads a window of the file (see ``ByteStream``). Unless the window is
/// `final` (it reaches the end of the file), a row is taken only when the
/// window holds all of it and the byte after it: a row the window's end
/// cuts off is left for the next window, as if it had not been scanned
/// (``scan(into:)`` says `.windowEnd`), so every row is read exactly as if
/// the whole file were in memory. Offsets are in the window; `line` goes on
/// from window to window.
struct DelimitedScanner {
    private(set) var bytes: UnsafeBufferPointer<UInt8>
    let separator: UInt8
    let file: String
    /// The byte that ends a line: LF, or CR in a file with CR line endings.
    let newline: UInt8
    /// Offset of the next unread byte.
    private(set) var position: Int
    /// 1-based line of `position`.
    private(set) var line: Int
    /// The window reaches the end of the file.
    private(set) var final: Bool
    /// Where the columns of the window's first line start (``ByteStream/lineFloor``).
    private(set) var floor: Int

    /// What a ``scan(into:)`` ended with.
    enum Stop {
        /// The block is full; more rows may follow.
        case blockFull
        /// The rest of the window is not a whole row: move the window on.
        case windowEnd
        /// No row is left in the file.
        case end
        /// The next row starts at or after the scan's limit: another scan reads it.
        case limit
    }

    /// A scanner of the window `bytes` at `position`, which is on `line`.
    init(bytes: UnsafeBufferPointer<UInt8>, separator: UInt8, file: String, newline: UInt8,
         position: Int, line: Int, floor: Int, final: Bool) {
        self.bytes = bytes
        self.separator = separator
        self.file = file
        self.newline = newline
        self.position = position
        self.line = line
        self.floor = floor
        self.final = final
    }

    /// Goes on at `position`, the start of a row (or of blank lines before
    /// one) on `line`, as another scanner of the same window left it.
    mutating func resume(at position: Int, line: Int) {
        self.position = position
        self.line = line
    }

    /// Goes on in the next window, which begins `dropped` bytes further into
    /// the file than the current one (see ``ByteStream/advance(keepingFrom:)``).
    mutating func move(to window: UnsafeBufferPointer<UInt8>, dropped: Int, floor: Int, final: Bool) {
        bytes = window
        position -= dropped
        self.floor = floor
        self.final = final
    }

    /// Where the line holding `position` starts in the window (its start when
    /// the window holds no line break before it): what the next window must keep.
    var lineStart: Int {
        var k = position
        while k > 0, bytes[k - 1] != newline { k -= 1 }
        return k
    }

    /// The byte that ends lines in `bytes`: CR when the first line break
    /// (outside a quoted field of the first row) is a CR not followed by LF,
    /// otherwise LF; nil when `bytes` is not `final` and ends before that is known.
    static func lineBreak(of bytes: UnsafeBufferPointer<UInt8>, separator: UInt8, final: Bool) -> UInt8? {
        let lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r"), quote = UInt8(ascii: "\"")
        let n = bytes.count
        var i = ByteChecks.byteOrderMarkLength(bytes)
        var fieldStart = true
        while i < n {
            let b = bytes[i]
            if fieldStart, b == quote {
                i += 1
                while i < n {
                    if bytes[i] == quote {
                        if i + 1 < n, bytes[i + 1] == quote { i += 2; continue }
                        if i + 1 == n, !final { return nil }
                        break
                    }
                    i += 1
                }
                i += 1
                fieldStart = false
                continue
            }
            if b == lf { return lf }
            if b == cr {
                if i + 1 == n, !final { return nil }
                return i + 1 < n && bytes[i + 1] == lf ? lf : cr
            }
            fieldStart = b == separator
            i += 1
        }
        return final ? lf : nil
    }

    private var crLineEndings: Bool { newline == UInt8(ascii: "\r") }

    /// Skips blank lines; false when no row is left in the window. Short of
    /// the end of the file the window's last byte is not taken: what follows
    /// it decides what it is (a CR before a LF).
    @inline(__always)
    mutating func atRowStart() -> Bool {
        let n = bytes.count
        let limit = final ? n : n - 1
        let lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        while position < limit {
            let b = bytes[position]
            if b == newline {
                position += 1
                line += 1
                // CR LF is one line break in a file of CR line endings too.
                if crLineEndings, position < n, bytes[position] == lf { position += 1 }
            } else if !crLineEndings, b == cr, position + 1 == n || bytes[position + 1] == lf {
                position += 1
            } else {
                return true
            }
        }
        return false
    }

    /// The fields of the row at `position` (see ``atRowStart()``), for the
    /// header and for finding a cell again; nil, with nothing read, when the
    /// window's end cuts the row off.
    mutating func readRow() throws(Diagnostic) -> [ScannedField]? {
        let start = position, startLine = line
        var fields: [ScannedField] = []
        repeat { fields.append(try nextField()) } while !fields.last!.last
        if !final, position >= bytes.count {
            position = start
            line = startLine
            return nil
        }
        return fields
    }

    /// Fills `block` with up to `block.rowCapacity` rows of the window. Every
    /// row must have `block.width` fields. A row that starts at or after
    /// `limit` is left for another scan (`.limit`; see ``DelimitedChunks``).
    mutating func scan(into block: inout FieldBlock, limit: Int = .max) throws(Diagnostic) -> Stop {
        let width = block.width
        let capacity = block.rowCapacity
        let n = bytes.count
        var rows = 0
        var stop = Stop.blockFull
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
                        guard atRowStart() else { stop = final ? .end : .windowEnd; return }
                        guard position < limit else { stop = .limit; return }
                        var k = rows * width
                        if scanPlainRow(starts, ends, escaped, at: k, width: width) {
                            rows += 1
                            continue
                        }
                        let rowStart = position
                        let rowLine = line
                        var count = 0
                        var extra: ScannedField?
                        var lastEnd = position
                        while true {
                            let f = try nextField()
                            if count < width {
                                starts[k] = f.start
                                ends[k] = f.end
                                escaped[k] = f.escaped.rawValue
                                k += 1
                            } else if extra == nil {
                                extra = f
                            }
                            count += 1
                            if f.last {
                                lastEnd = f.end + (f.open < f.start ? 1 : 0)
                                break
                            }
                        }
                        if !final, position >= n {
                            // The window's end may cut this row off: the next window reads it again.
                            position = rowStart
                            line = rowLine
                            stop = .windowEnd
                            return
                        }
                        guard count == width else {
                            // Too many: where the first extra field begins; too few: where the row ends.
                            let offset = extra?.open ?? lastEnd
                            throw raggedRow(line: line(at: offset), count: count, width: width, rowLine: rowLine, at: offset)
                        }
                        rows += 1
                    }
                }
            }
        }
        return stop
    }

    /// Reads the row at `position` if it is the common kind: it has `width` fields, and it, its line
    /// break and the byte after them are in the window (with 16 bytes to spare). Then its fields go
    /// to `k`… and it returns true, `position` and `line` after it as ``nextField()`` would leave
    /// them; otherwise it returns false having changed nothing but the fields at `k`…, and the
    /// field-by-field loop reads the row (the window's end, a wrong number of fields, an error). A
    /// quoted field is read by ``nextField()`` itself, and the row goes on after it.
    ///
    /// Why not ``nextField()``: the fields of survey files are short (~6 bytes), so a call per field
    /// and a search per field cost more than the search itself. Here 16 bytes at a time are compared
    /// with the separator, the line break and the quote (three vector compares), and the fields fall
    /// between the marks: a 0x80 bit per marked byte in each 8-byte half, lowest first.
    @inline(__always)
    private mutating func scanPlainRow(_ starts: UnsafeMutableBufferPointer<Int>, _ ends: UnsafeMutableBufferPointer<Int>,
                                       _ escaped: UnsafeMutableBufferPointer<UInt8>, at k: Int, width: Int) -> Bool {
        let p = bytes.baseAddress!, n = bytes.count
        let sep = separator
        let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\"), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        let tsv = sep == UInt8(ascii: "\t"), crEndings = crLineEndings
        let separators = SIMD16<UInt8>(repeating: sep), newlines = SIMD16<UInt8>(repeating: newline)
        let quotes = SIMD16<UInt8>(repeating: quote), backslashes = SIMD16<UInt8>(repeating: backslash)
        let high: UInt64 = 0x8080_8080_8080_8080
        let raw = UnsafeRawPointer(p)
        let rowStart = position, rowLine = line
        var fieldStart = position, count = 0, escape = FieldEscape.none
        var row: Bool?, quoted = false
        /// Takes the marks of the 8 bytes at `base`: `found` (separators and `others`), lowest first.
        /// Sets `row` when the row ends or is not a common one.
        @inline(__always) func take(_ found: UInt64, _ others: UInt64, at base: Int) {
            var found = found
            while found != 0 {
                let mark = found & (0 &- found)
                found ^= mark
                let i = base &+ mark.trailingZeroBitCount &>> 3
                var b = sep
                if others & mark != 0 {
                    b = p[i]
                    if b == quote {
                        // A quoted field; a quote inside an unquoted field is an ordinary character.
                        if i == fieldStart { quoted = true; return }
                        continue
                    }
                    if tsv, b == backslash {
                        escape = .backslashes
                        continue
                    }
                }
                guard count < width else { row = false; return }
                // A CR before the LF that ends the row is part of the line break.
                let end = !crEndings && b == lf && i > fieldStart && p[i &- 1] == cr ? i &- 1 : i
                starts[k &+ count] = fieldStart
                ends[k &+ count] = end
                escaped[k &+ count] = escape.rawValue
                count &+= 1
                escape = .none
                fieldStart = i &+ 1
                if b == sep { continue }
                guard count == width else { row = false; return }
                var next = i &+ 1
                if crEndings, next < n, p[next] == lf { next &+= 1 }
                guard next < n else { row = false; return }
                position = next
                line += 1
                row = true
                return
            }
        }
        /// Gives the row back to the field-by-field loop, as it was.
        func refuse() -> Bool {
            position = rowStart
            line = rowLine
            return false
        }
        var word = position
        while word &+ 16 <= n {
            if quoted {
                quoted = false
                position = fieldStart
                let f: ScannedField
                do { f = try nextField() } catch { return refuse() }  // the loop finds the error again, and where
                guard count < width else { return refuse() }
                starts[k &+ count] = f.start
                ends[k &+ count] = f.end
                escaped[k &+ count] = f.escaped.rawValue
                count &+= 1
                if f.last { return count == width && position < n ? true : refuse() }
                fieldStart = position
                word = position
                continue
            }
            let v = raw.loadUnaligned(fromByteOffset: word, as: SIMD16<UInt8>.self)
            var other = (v .== newlines) .| (v .== quotes)
            if tsv { other = other .| (v .== backslashes) }
            // Each lane of a mask is 0 or all ones: its halves as words, a marked byte's 0x80 bit kept.
            let marks = unsafeBitCast(v .== separators, to: SIMD2<UInt64>.self) & high
            let others = unsafeBitCast(other, to: SIMD2<UInt64>.self) & high
            take(marks[0] | others[0], others[0], at: word)
            if let row { return row || refuse() }
            if quoted { continue }
            take(marks[1] | others[1], others[1], at: word &+ 8)
            if let row { return row || refuse() }
            if quoted { continue }
            word &+= 16
        }
        return refuse()
    }

    /// The line of `offset`, counting back from the scanner's position.
    private func line(at offset: Int) -> Int {
        var l = line
        var i = min(position, bytes.count)
        while i > offset {
            i -= 1
            if bytes[i] == newline { l -= 1 }
        }
        return l
    }

    private func raggedRow(line: Int, count: Int, width: Int, rowLine: Int, at offset: Int) -> Diagnostic {
        LoadError.make(
            .loadRaggedRow,
            "line \(rowLine) has \(count) field\(count == 1 ? "" : "s"), expected \(width) (header has \(width))",
            file: file, line: line, column: ByteChecks.column(of: offset, in: bytes, newline: newline, floor: floor),
            hints: ["a field containing \(separator == UInt8(ascii: "\t") ? "a tab" : "'\(Character(UnicodeScalar(separator)))'") must be in double quotes"])
    }

    /// Reads the field at `position` and the separator or line end after it.
    @inline(__always)
    mutating func nextField() throws(Diagnostic) -> ScannedField {
        let p = bytes.baseAddress!
        let n = bytes.count
        let sep = separator
        let quote = UInt8(ascii: "\"")
        let nl = newline
        let lf = UInt8(ascii: "\n")
        let cr = UInt8(ascii: "\r")
        let crEndings = crLineEndings
        var pos = position
        var field: ScannedField
        if pos < n, p[pos] == quote {
            let openLine = line
            let open = pos
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
                if b == nl { line += 1 }
                pos += 1
            }
            guard closed else {
                if !final {
                    // Not the end of the file: the rest of the field is in the next window.
                    position = n
                    return ScannedField(start: start, end: n, escaped: .none, last: true, open: open)
                }
                throw LoadError.make(
                    .loadUnterminatedQuote, "line \(openLine) opens a quoted field that is never closed",
                    file: file, line: openLine, column: ByteChecks.column(of: open, in: bytes, newline: nl, floor: floor),
                    hints: ["a quote inside a quoted field is written twice: \"\""])
            }
            field = ScannedField(start: start, end: pos, escaped: escaped ? .doubledQuotes : .none, last: false, open: open)
            pos += 1
            if !crEndings, pos < n, p[pos] == cr, pos + 1 == n || p[pos + 1] == lf { pos += 1 }
            if pos < n, p[pos] != sep, p[pos] != nl {
                if !final, pos + ByteChecks.characterLength(lead: p[pos]) > n {
                    // The message shows the whole character, which goes on in the next window.
                    position = n
                    field.last = true
                    return field
                }
                let shown = ByteChecks.describeCharacter(at: pos, in: bytes)
                throw LoadError.make(
                    .loadTextAfterQuote, "line \(line) has \(shown) after the closing quote of a field",
                    file: file, line: line, column: ByteChecks.column(of: pos, in: bytes, newline: nl, floor: floor),
                    hints: ["quote the whole field, and write a quote inside it twice: \"\""])
            }
        } else {
            let start = pos
            pos = Self.findSeparatorOrNewline(p, from: pos, count: n, separator: sep, newline: nl)
            var end = pos
            if !crEndings, end > start, p[end - 1] == cr, pos == n || p[pos] == lf { end -= 1 }
            var escape = FieldEscape.none
            if sep == UInt8(ascii: "\t"), end > start, memchr(p + start, Int32(UInt8(ascii: "\\")), end - start) != nil {
                escape = .backslashes
            }
            field = ScannedField(start: start, end: end, escaped: escape, last: false, open: start)
        }
        if pos < n, p[pos] == sep {
            position = pos + 1
            return field
        }
        if pos < n {
            pos += 1  // the line break
            line += 1
            if crEndings, pos < n, p[pos] == lf { pos += 1 }
        }
        position = pos
        field.last = true
        return field
    }

    /// The offset of the first `separator` or `newline` at or after `from`,
    /// or `count`. Eight bytes are tested at a time (SWAR): a byte equal to
    /// the target is a zero byte of `word ^ target`.
    @inline(__always)
    private static func findSeparatorOrNewline(
        _ p: UnsafePointer<UInt8>, from: Int, count n: Int, separator: UInt8, newline: UInt8
    ) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        let separators = ones &* UInt64(separator)
        let newlines = ones &* UInt64(newline)
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
        while pos < n, p[pos] != separator, p[pos] != newline { pos += 1 }
        return pos
    }
}
