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

    /// The 1-based line and byte column of `offset`.
    static func location(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = 0
        for i in 0..<min(offset, bytes.count) where bytes[i] == UInt8(ascii: "\n") {
            line += 1
            lineStart = i + 1
        }
        return (line, offset - lineStart + 1)
    }

    /// The diagnostic for a NUL byte or invalid UTF-8 anywhere in `bytes`, if any.
    static func check(_ bytes: UnsafeBufferPointer<UInt8>, file: String) -> Diagnostic? {
        guard let (offset, problem) = firstProblem(in: bytes) else { return nil }
        let line = location(of: offset, in: bytes).line
        switch problem {
        case .nul:
            return LoadError.make(.loadNulByte, "line \(line) contains a NUL byte", file: file, line: line)
        case .invalidUTF8:
            return LoadError.make(.loadInvalidUtf8, "line \(line) is not valid UTF-8", file: file, line: line,
                                  hints: ["convert the file to UTF-8, e.g. iconv -f latin1 -t utf-8"])
        }
    }
}

/// Builds loader diagnostics, which point at a data-file line rather than a source range.
enum LoadError {
    static func make(_ id: DiagnosticID, _ message: String, file: String, line: Int? = nil, hints: [String] = []) -> Diagnostic {
        Diagnostic(.error, id: id, message, file: file, hints: hints, dataLine: line)
    }
}
