/// Whole-buffer checks done once before parsing, so the parsers can decode
/// any cell without re-validating it.
enum ByteChecks {
    enum Problem: Equatable {
        case nul
        case invalidUTF8
    }

    /// The first NUL byte (unless `allowNUL`) or invalid UTF-8 sequence in
    /// `bytes`, if any.
    ///
    /// Eight ASCII bytes are checked at a time: data files and scripts are mostly ASCII.
    static func firstProblem(in bytes: UnsafeBufferPointer<UInt8>, allowNUL: Bool = false) -> (offset: Int, problem: Problem)? {
        guard let base = bytes.baseAddress else { return nil }
        let raw = UnsafeRawPointer(base)
        let n = bytes.count
        let high: UInt64 = 0x8080_8080_8080_8080
        let ones: UInt64 = 0x0101_0101_0101_0101
        var i = 0
        while i < n {
            if i + 8 <= n {
                let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                if w & high == 0, (w &- ones) & ~w & high == 0 {
                    i += 8
                    continue
                }
            }
            let b = base[i]
            if b < 0x80 {
                if b == 0 && !allowNUL { return (i, .nul) }
                i += 1
                continue
            }
            let length: Int
            var low: UInt8 = 0x80
            var highest: UInt8 = 0xBF
            switch b {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xED: length = 3; highest = 0x9F
            case 0xE1...0xEF: length = 3
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; highest = 0x8F
            default: return (i, .invalidUTF8)
            }
            guard i + length <= n, base[i + 1] >= low, base[i + 1] <= highest else { return (i, .invalidUTF8) }
            for k in 2..<length where base[i + k] & 0xC0 != 0x80 { return (i, .invalidUTF8) }
            i += length
        }
        return nil
    }

    /// The length of a UTF-8 byte order mark at the start of `bytes` (0 or 3).
    static func byteOrderMarkLength(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
    }

    /// The 1-based line and column of `offset`: lines end at `newline` (a
    /// line feed, or a carriage return in a file with CR line endings), and
    /// columns count characters (a byte order mark at the start is not one).
    static func location(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>,
                         newline: UInt8 = UInt8(ascii: "\n")) -> (line: Int, column: Int) {
        var line = 1
        for i in 0..<min(offset, bytes.count) where bytes[i] == newline { line += 1 }
        return (line, column(of: offset, in: bytes, newline: newline))
    }

    /// The 1-based column, in characters, of `offset` on its line.
    static func column(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>, newline: UInt8 = UInt8(ascii: "\n")) -> Int {
        let end = min(offset, bytes.count)
        let first = byteOrderMarkLength(bytes)
        var start = end
        while start > first, bytes[start - 1] != newline { start -= 1 }
        var column = 1
        for i in start..<end where bytes[i] & 0xC0 != 0x80 { column += 1 }
        return column
    }

    /// The character at `offset` for a message: `'ð'` when it can be shown,
    /// `U+000A` for a control character (the bytes were checked to be UTF-8).
    static func describeCharacter(at offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard offset < bytes.count else { return "end of file" }
        let lead = bytes[offset]
        let length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
        let end = min(bytes.count, offset + length)
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[offset..<end]), as: UTF8.self)
        guard let scalar = text.unicodeScalars.first else { return "end of file" }
        let v = scalar.value
        if v < 0x20 || (v >= 0x7F && v < 0xA0) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) {
            let hex = String(v, radix: 16, uppercase: true)
            return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        }
        return "'\(text)'"
    }

    /// The diagnostic for a NUL byte or invalid UTF-8 anywhere in `bytes`, if
    /// any, with its line and column. The buffer is checked in slices, with
    /// `context` polled for Ctrl-C between them.
    static func check(_ bytes: UnsafeBufferPointer<UInt8>, file: String, newline: UInt8 = UInt8(ascii: "\n"),
                      context: LoadContext? = nil) throws(Diagnostic) {
        let slice = 1 << 24
        var start = 0
        while start < bytes.count {
            try context?.checkInterrupt()
            var end = min(bytes.count, start + slice)
            // A slice ends before a character's first byte, never inside one.
            while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
            if let (offset, problem) = firstProblem(in: UnsafeBufferPointer(rebasing: bytes[start..<end])) {
                let (line, column) = location(of: start + offset, in: bytes, newline: newline)
                switch problem {
                case .nul:
                    throw LoadError.make(.loadNulByte, "line \(line) contains a NUL byte", file: file, line: line, column: column)
                case .invalidUTF8:
                    throw LoadError.make(.loadInvalidUtf8, "line \(line) is not valid UTF-8", file: file, line: line, column: column,
                                         hints: ["convert the file to UTF-8, e.g. iconv -f latin1 -t utf-8"])
                }
            }
            start = end
        }
    }
}

/// Builds loader diagnostics, which point at a data-file line (and column)
/// rather than a source range.
enum LoadError {
    static func make(_ id: DiagnosticID, _ message: String, file: String, line: Int? = nil, column: Int? = nil,
                     hints: [String] = []) -> Diagnostic {
        Diagnostic(.error, id: id, message, file: file, hints: hints, dataLine: line, dataColumn: column)
    }
}

/// What one load shares with its readers: the flag to poll for Ctrl-C and
/// the warnings found (integers that a number column cannot hold exactly).
final class LoadContext {
    let interrupt: InterruptFlag?
    private(set) var warnings: [Diagnostic] = []

    init(interrupt: InterruptFlag? = nil) {
        self.interrupt = interrupt
    }

    /// Throws `run.cancelled` if the user asked to stop. Readers call it once
    /// per block of rows, so a load of any size stops within milliseconds.
    func checkInterrupt() throws(Diagnostic) {
        if let interrupt, interrupt.isSet { throw Self.cancelled }
    }

    static let cancelled = Diagnostic(.error, id: .runCancelled, "load cancelled")

    func warn(_ diagnostic: Diagnostic) { warnings.append(diagnostic) }
}
