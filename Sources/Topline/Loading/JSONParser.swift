/// A byte-level JSON parser (RFC 8259) specialised for reading records:
/// it hands back each member value of an object as cell bytes instead of
/// building a tree.
///
/// Strings are unescaped (including `\uXXXX` surrogate pairs); numbers and
/// `true`/`false` are passed on as written; nested objects and arrays become
/// their compact JSON text. Nesting deeper than ``maxDepth`` is refused, so
/// hostile input cannot exhaust the stack.
struct JSONParser {
    static let maxDepth = 256

    let bytes: UnsafeBufferPointer<UInt8>
    let file: String
    var position: Int
    /// The line of the first byte of `bytes`, and where the columns of that line start.
    private let firstLine: Int
    private let floor: Int
    private var depth = 0

    /// A parser of a whole document.
    init(bytes: UnsafeBufferPointer<UInt8>, file: String) {
        let floor = ByteChecks.byteOrderMarkLength(bytes)
        self.init(bytes: bytes, file: file, position: floor, firstLine: 1, floor: floor)
    }

    /// A parser of a window of a document that starts a line: `firstLine` is
    /// its line, `floor` where that line's columns start (``ByteStream/lineFloor``).
    init(bytes: UnsafeBufferPointer<UInt8>, file: String, position: Int, firstLine: Int, floor: Int) {
        self.bytes = bytes
        self.file = file
        self.position = position
        self.firstLine = firstLine
        self.floor = floor
    }

    /// The line and column of `offset` in the document.
    func location(of offset: Int) -> (line: Int, column: Int) {
        let (line, column) = ByteChecks.location(of: offset, in: bytes, floor: floor)
        return (firstLine - 1 + line, column)
    }

    var atEnd: Bool { position >= bytes.count }
    var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    // MARK: Errors

    func syntaxError(_ message: String, at offset: Int? = nil) -> Diagnostic {
        let (line, column) = location(of: offset ?? position)
        return LoadError.make(.loadJsonSyntax, "invalid JSON at line \(line), column \(column): \(message)",
                              file: file, line: line, column: column)
    }

    /// What the value starting at `position` is, for shape errors; nil if
    /// no value starts there.
    func describeValue() -> String? {
        switch current ?? 0 {
        case UInt8(ascii: "{"): return "an object"
        case UInt8(ascii: "["): return "an array"
        case UInt8(ascii: "\""): return "a string"
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return "a boolean"
        case UInt8(ascii: "n"): return "null"
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return "a number"
        default: return nil
        }
    }

    private func found() -> String {
        ByteChecks.describeCharacter(at: position, in: bytes)
    }

    func unexpected(_ expected: String) -> Diagnostic {
        syntaxError("expected \(expected), found \(found())")
    }

    // MARK: Structure

    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    /// Skips spaces, tabs and carriage returns, but not line feeds.
    mutating func skipBlanks() {
        while position < bytes.count, bytes[position] == 0x20 || bytes[position] == 0x09 || bytes[position] == 0x0D {
            position += 1
        }
    }

    mutating func expect(_ byte: UInt8, _ what: String) throws(Diagnostic) {
        guard current == byte else { throw unexpected(what) }
        position += 1
    }

    /// Enters an object or array at `position`.
    private mutating func enter() throws(Diagnostic) {
        depth += 1
        guard depth <= Self.maxDepth else {
            let (line, column) = location(of: position)
            throw LoadError.make(.loadJsonTooDeep,
                                 "JSON nests deeper than \(Self.maxDepth) levels at line \(line), column \(column)",
                                 file: file, line: line, column: column)
        }
        position += 1
    }

    /// Reads the top-level `[` (the caller has checked it is there).
    mutating func beginArray() throws(Diagnostic) { try enter() }

    /// Reads one object whose first byte is at `position`, calling `member`
    /// with each key (unescaped) and the value's cell bytes (empty for null).
    mutating func readObject(
        _ member: (_ key: UnsafeBufferPointer<UInt8>, _ value: UnsafeBufferPointer<UInt8>) -> Void,
        keyBuffer: inout [UInt8], valueBuffer: inout [UInt8]
    ) throws(Diagnostic) {
        try enter()
        defer { depth -= 1 }
        skipWhitespace()
        if current == UInt8(ascii: "}") { position += 1; return }
        while true {
            guard current == UInt8(ascii: "\"") else { throw unexpected("a string key") }
            keyBuffer.removeAll(keepingCapacity: true)
            try readString(into: &keyBuffer, raw: false)
            skipWhitespace()
            try expect(UInt8(ascii: ":"), "':' after the key")
            skipWhitespace()
            valueBuffer.removeAll(keepingCapacity: true)
            if current == UInt8(ascii: "\"") {
                try readString(into: &valueBuffer, raw: false)
            } else if current == UInt8(ascii: "n") {
                try readLiteral("null", into: &valueBuffer)
                valueBuffer.removeAll(keepingCapacity: true)
            } else {
                try readValue(compactInto: &valueBuffer)
            }
            keyBuffer.withUnsafeBufferPointer { k in valueBuffer.withUnsafeBufferPointer { v in member(k, v) } }
            skipWhitespace()
            if current == UInt8(ascii: ",") {
                position += 1
                skipWhitespace()
                continue
            }
            try expect(UInt8(ascii: "}"), "',' or '}' after an object member")
            return
        }
    }

    /// Reads any value, appending its compact JSON text to `out`.
    mutating func readValue(compactInto out: inout [UInt8]) throws(Diagnostic) {
        // NUL cannot occur: the file was checked for it before parsing.
        switch current ?? 0 {
        case UInt8(ascii: "{"):
            try enter()
            defer { depth -= 1 }
            out.append(UInt8(ascii: "{"))
            skipWhitespace()
            if current == UInt8(ascii: "}") { position += 1; out.append(UInt8(ascii: "}")); return }
            while true {
                guard current == UInt8(ascii: "\"") else { throw unexpected("a string key") }
                try readString(into: &out, raw: true)
                skipWhitespace()
                try expect(UInt8(ascii: ":"), "':' after the key")
                out.append(UInt8(ascii: ":"))
                skipWhitespace()
                try readValue(compactInto: &out)
                skipWhitespace()
                if current == UInt8(ascii: ",") {
                    position += 1
                    out.append(UInt8(ascii: ","))
                    skipWhitespace()
                    continue
                }
                try expect(UInt8(ascii: "}"), "',' or '}' after an object member")
                out.append(UInt8(ascii: "}"))
                return
            }
        case UInt8(ascii: "["):
            try enter()
            defer { depth -= 1 }
            out.append(UInt8(ascii: "["))
            skipWhitespace()
            if current == UInt8(ascii: "]") { position += 1; out.append(UInt8(ascii: "]")); return }
            while true {
                try readValue(compactInto: &out)
                skipWhitespace()
                if current == UInt8(ascii: ",") {
                    position += 1
                    out.append(UInt8(ascii: ","))
                    skipWhitespace()
                    continue
                }
                try expect(UInt8(ascii: "]"), "',' or ']' after an array element")
                out.append(UInt8(ascii: "]"))
                return
            }
        case UInt8(ascii: "\""):
            try readString(into: &out, raw: true)
        case UInt8(ascii: "t"):
            try readLiteral("true", into: &out)
        case UInt8(ascii: "f"):
            try readLiteral("false", into: &out)
        case UInt8(ascii: "n"):
            try readLiteral("null", into: &out)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            try readNumber(into: &out)
        default:
            throw unexpected("a value")
        }
    }

    // MARK: Scalars

    private mutating func readLiteral(_ word: StaticString, into out: inout [UInt8]) throws(Diagnostic) {
        let n = word.utf8CodeUnitCount
        let w = UnsafeBufferPointer(start: word.utf8Start, count: n)
        guard position + n <= bytes.count, bytes[position..<position + n].elementsEqual(w) else {
            throw unexpected("a value")
        }
        out.append(contentsOf: w)
        position += n
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, copied as written.
    private mutating func readNumber(into out: inout [UInt8]) throws(Diagnostic) {
        let start = position
        func digits(_ p: inout JSONParser) -> Int {
            let s = p.position
            while let b = p.current, b &- 0x30 <= 9 { p.position += 1 }
            return p.position - s
        }
        if current == UInt8(ascii: "-") { position += 1 }
        if current == UInt8(ascii: "0") {
            position += 1
        } else if digits(&self) == 0 {
            throw syntaxError("invalid number: expected a digit")
        }
        if current == UInt8(ascii: ".") {
            position += 1
            guard digits(&self) > 0 else { throw syntaxError("invalid number: expected a digit after '.'") }
        }
        if let b = current, b | 0x20 == UInt8(ascii: "e") {
            position += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
            guard digits(&self) > 0 else { throw syntaxError("invalid number: expected a digit in the exponent") }
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<position]))
    }

    /// Reads the string at `position`. With `raw` the quotes and escapes are
    /// copied as written (for compact JSON text); otherwise the decoded
    /// bytes are appended.
    mutating func readString(into out: inout [UInt8], raw: Bool) throws(Diagnostic) {
        let open = position
        position += 1
        if raw { out.append(UInt8(ascii: "\"")) }
        while true {
            let runStart = position
            while position < bytes.count {
                let b = bytes[position]
                if b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") || b < 0x20 { break }
                position += 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<position]))
            guard let b = current else { throw syntaxError("unterminated string", at: open) }
            if b == UInt8(ascii: "\"") {
                position += 1
                if raw { out.append(b) }
                return
            }
            if b < 0x20 {
                if b == 0x0A { throw syntaxError("unterminated string (line break inside a string)", at: open) }
                throw syntaxError("control character in a string must be escaped")
            }
            let escapeStart = position
            let scalar = try readEscape()
            if raw {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[escapeStart..<position]))
            } else {
                out.append(contentsOf: UTF8.encode(scalar)!)
            }
        }
    }

    /// Reads one escape sequence after a backslash, joining a `\uD8xx\uDCxx`
    /// surrogate pair into one scalar.
    private mutating func readEscape() throws(Diagnostic) -> Unicode.Scalar {
        let start = position
        position += 1
        guard let e = current else { throw syntaxError("unterminated string") }
        position += 1
        switch e {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"): break
        default:
            // The character after the backslash, whole (the bytes are valid UTF-8).
            let shown = ByteChecks.describeCharacter(at: start + 1, in: bytes)
            let escape = shown.hasPrefix("'") ? "'\\" + shown.dropFirst() : "'\\' followed by \(shown)"
            throw syntaxError("invalid escape \(escape) in a string", at: start)
        }
        let unit = try readHex4(start)
        switch unit {
        case 0:
            let (line, column) = location(of: start)
            throw LoadError.make(.loadNulByte, "line \(line) contains a NUL character (\\u0000)", file: file, line: line, column: column)
        case 0xD800...0xDBFF:
            guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") else {
                throw syntaxError("unpaired surrogate in a \\u escape", at: start)
            }
            let second = position
            position += 2
            let low = try readHex4(second)
            guard (0xDC00...0xDFFF).contains(low) else {
                throw syntaxError("unpaired surrogate in a \\u escape", at: start)
            }
            return Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))!
        case 0xDC00...0xDFFF:
            throw syntaxError("unpaired surrogate in a \\u escape", at: start)
        default:
            return Unicode.Scalar(unit)!
        }
    }

    /// Four hex digits at `position`; `escape` is where the escape began.
    private mutating func readHex4(_ escape: Int) throws(Diagnostic) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let b = current else { throw syntaxError("unterminated string") }
            let digit: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = b - UInt8(ascii: "A") + 10
            default: throw syntaxError("\\u must be followed by four hex digits", at: escape)
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }
}
