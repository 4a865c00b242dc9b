import Dispatch

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
        // ASCII without NUL, 32 bytes a step: the common case, tested with as few branches as can be.
        @inline(__always) func plain(_ w: UInt64) -> UInt64 { w & high | (w &- ones) & ~w & high }
        while i < n {
            if i + 32 <= n {
                let a = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self), b = raw.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)
                let c = raw.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self), d = raw.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self)
                if plain(a) | plain(b) | plain(c) | plain(d) == 0 {
                    i += 32
                    continue
                }
            }
            if i + 8 <= n {
                let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                if plain(w) == 0 {
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
    /// columns count characters from `floor` or the line's start (a byte
    /// order mark at the start of a file is not one; ``ByteStream/lineFloor``).
    static func location(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>,
                         newline: UInt8 = UInt8(ascii: "\n"), floor: Int? = nil) -> (line: Int, column: Int) {
        (1 + count(of: newline, in: UnsafeBufferPointer(rebasing: bytes[..<min(offset, bytes.count)])),
         column(of: offset, in: bytes, newline: newline, floor: floor))
    }

    /// The 1-based column, in characters, of `offset` on its line; `floor`
    /// (default: after a byte order mark) is where the first line's columns start.
    static func column(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>, newline: UInt8 = UInt8(ascii: "\n"),
                       floor: Int? = nil) -> Int {
        let end = min(offset, bytes.count)
        let first = floor ?? byteOrderMarkLength(bytes)
        var start = end
        while start > first, bytes[start - 1] != newline { start -= 1 }
        var column = 1
        for i in start..<end where bytes[i] & 0xC0 != 0x80 { column += 1 }
        return column
    }

    /// How many bytes of `bytes` are `byte`.
    static func count(of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var n = 0
        for b in bytes where b == byte { n += 1 }
        return n
    }

    /// How many bytes the UTF-8 character that starts with `lead` has.
    static func characterLength(lead: UInt8) -> Int {
        lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
    }

    /// The character at `offset` for a message: `'ð'` when it can be shown,
    /// `U+000A` for a control character (the bytes were checked to be UTF-8).
    static func describeCharacter(at offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard offset < bytes.count else { return "end of file" }
        let end = min(bytes.count, offset + characterLength(lead: bytes[offset]))
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[offset..<end]), as: UTF8.self)
        guard let scalar = text.unicodeScalars.first else { return "end of file" }
        let v = scalar.value
        if v < 0x20 || (v >= 0x7F && v < 0xA0) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) {
            let hex = String(v, radix: 16, uppercase: true)
            return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        }
        return "'\(text)'"
    }

    /// Throws the diagnostic for the first NUL byte or invalid UTF-8 in
    /// `bytes[from...]`, with its line and column, and returns how far the
    /// bytes were checked: to the end when `final`, else up to a character
    /// cut off by the end of a window, which the next window completes.
    ///
    /// `known` is a place whose line is known (a window's start, or a
    /// scanner's position at or before `from`): lines are counted from it.
    /// The bytes are checked in 16 MiB slices with `context` polled for
    /// Ctrl-C between them.
    ///
    /// With `threads` above 1, a large range is first checked in that many
    /// slices at once; only when one finds a problem does the check go
    /// through it in order, to report the first.
    static func check(_ bytes: UnsafeBufferPointer<UInt8>, from: Int = 0, final: Bool = true, file: String,
                      newline: UInt8 = UInt8(ascii: "\n"), floor: Int? = nil,
                      known: (offset: Int, line: Int) = (0, 1), context: LoadContext? = nil, threads: Int = 1) throws(Diagnostic) -> Int {
        let limit = final ? bytes.count : wholeCharactersEnd(bytes)
        if threads > 1, limit - from >= 1 << 20 {
            try context?.checkInterrupt()
            if isClean(UnsafeBufferPointer(rebasing: bytes[from..<limit]), threads: threads) { return limit }
        }
        let slice = 1 << 24
        var start = from
        while start < limit {
            try context?.checkInterrupt()
            var end = min(limit, start + slice)
            // A slice ends before a character's first byte, never inside one.
            while end < limit, bytes[end] & 0xC0 == 0x80 { end += 1 }
            if let (offset, problem) = firstProblem(in: UnsafeBufferPointer(rebasing: bytes[start..<end])) {
                let at = start + offset
                let line = known.line + count(of: newline, in: UnsafeBufferPointer(rebasing: bytes[known.offset..<at]))
                let column = column(of: at, in: bytes, newline: newline, floor: floor)
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
        return max(from, limit)
    }

    /// Whether `bytes` holds no NUL byte and is valid UTF-8, checked in
    /// `threads` slices at once (each ends before a character's first byte,
    /// never inside one).
    private static func isClean(_ bytes: UnsafeBufferPointer<UInt8>, threads: Int) -> Bool {
        let n = bytes.count
        var cuts = [0]
        for k in 1..<threads {
            var cut = max(n / threads * k, cuts.last!)
            while cut < n, bytes[cut] & 0xC0 == 0x80 { cut += 1 }
            cuts.append(cut)
        }
        cuts.append(n)
        let bounds = cuts
        var clean = [Bool](repeating: true, count: threads)
        clean.withUnsafeMutableBufferPointer { slots in
            // Safe to share between the threads: each iteration writes only its own
            // slot, and `bytes` is only read, while the calling thread waits here.
            nonisolated(unsafe) let results = slots
            nonisolated(unsafe) let shared = bytes
            DispatchQueue.concurrentPerform(iterations: threads) { k in
                results[k] = firstProblem(in: UnsafeBufferPointer(rebasing: shared[bounds[k]..<bounds[k + 1]])) == nil
            }
        }
        return !clean.contains(false)
    }

    /// After an error found while parsing a window: a NUL byte or invalid
    /// UTF-8 later in the file is thrown instead, as when the whole file was
    /// checked before parsing began. Streams the rest of `stream`, checking
    /// from `checked`; `known` is a place in the window whose line is known.
    /// Errors of reading itself (Ctrl-C, limits, a changed file) are thrown
    /// as they are, and `error` when the rest is clean.
    static func preferEncodingProblems(over error: Diagnostic, in stream: ByteStream, checked: Int, known: (offset: Int, line: Int),
                                       newline: UInt8 = UInt8(ascii: "\n"), context: LoadContext) -> Diagnostic {
        switch error.id {
        case .runCancelled, .loadTooLarge, .loadChanged, .loadUnreadable: return error
        default: break
        }
        var checked = checked
        var known = known
        do throws(Diagnostic) {
            while !stream.atEnd {
                let window = stream.bytes
                var keep = checked
                while keep > 0, window[keep - 1] != newline { keep -= 1 }
                if keep > known.offset {
                    known = (0, known.line + count(of: newline, in: UnsafeBufferPointer(rebasing: window[known.offset..<keep])))
                } else {
                    known.offset -= keep
                }
                try stream.advance(keepingFrom: keep)
                checked = try check(stream.bytes, from: checked - keep, final: stream.atEnd, file: stream.source.name,
                                    newline: newline, floor: stream.lineFloor, known: known, context: context)
            }
        } catch let found {
            return found
        }
        return error
    }

    /// The end of `bytes` less a multi-byte character that the end cuts off.
    private static func wholeCharactersEnd(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let n = bytes.count
        var lead = n - 1
        while lead >= 0, lead > n - 4, bytes[lead] & 0xC0 == 0x80 { lead -= 1 }
        guard lead >= 0 else { return n }
        let length: Int
        switch bytes[lead] {
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        default: return n  // ASCII, or a byte that is invalid whatever follows
        }
        return lead + length > n ? lead : n
    }
}

/// Builds loader diagnostics, which point at a data-file line (and column)
/// rather than a source range.
enum LoadError {
    static func make(_ id: DiagnosticID, _ message: String, file: String, line: Int? = nil, column: Int? = nil,
                     hints: [String] = []) -> Diagnostic {
        Diagnostic(.error, id: id, message, file: file, hints: hints, dataLine: line, dataColumn: column)
    }

    /// A data file that was truncated or rewritten while a load read it.
    static func changedWhileRead(_ file: String) -> Diagnostic {
        make(.loadChanged, "'\(file)' changed while it was being read", file: file,
             hints: ["load it again once nothing is writing to it"])
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
