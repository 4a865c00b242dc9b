/// Turns source bytes into ``Token``s, one at a time as the parser asks for them
/// (``next()``), or all at once (``tokenize()``).
///
/// The lexer works on UTF-8 bytes. Newlines end statements, except inside
/// parentheses, where they are skipped. Problems (an unterminated string, a
/// stray character, an integer too large) become diagnostics and lexing goes on,
/// so one pass reports every lexical error.
///
/// ```swift
/// var lexer = Lexer(SourceFile(name: "q.tq", text: "from s | take 5"))
/// let result = lexer.tokenize()
/// _ = result.tokens.count   // 6, the last being .endOfInput
/// ```
struct Lexer {
    struct Result: Sendable {
        var tokens: [Token]
        var diagnostics: [Diagnostic]
        /// True when the text ends inside a string or back-quoted name.
        var endsInsideQuote: Bool
        /// Open parentheses left unclosed at the end.
        var openParentheses: Int
    }

    private let source: SourceFile
    private let bytes: [UInt8]
    private var position = 0
    private var parenDepth = 0
    /// The lexical errors found so far, in the order of the text (an invalid UTF-8 byte first).
    private(set) var diagnostics: [Diagnostic] = []
    private var endsInsideQuote = false
    /// The words met so far, so that a repeated word is not made again.
    private var words = LexedWords()

    init(_ source: SourceFile) {
        self.source = source
        self.bytes = source.bytes
        reportInvalidUTF8()
    }

    /// The next token; at the end, `.endOfInput` (again on every later call).
    mutating func next() -> Token {
        skipBlanks()
        return position < bytes.count ? scanToken() : Token(.endOfInput, .at(bytes.count))
    }

    /// Every token, the last being `.endOfInput`.
    mutating func tokenize() -> Result {
        var tokens: [Token] = []
        while true {
            let token = next()
            tokens.append(token)
            if case .endOfInput = token.kind { break }
        }
        return Result(tokens: tokens, diagnostics: diagnostics, endsInsideQuote: endsInsideQuote, openParentheses: parenDepth)
    }

    // MARK: - Scanning

    /// Passes white space and comments, which make no token, so that ``scanToken()``
    /// always makes one (returning an optional token cost more than this loop).
    private mutating func skipBlanks() {
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                position += 1
            // Inside parentheses a newline is just white space.
            case UInt8(ascii: "\n") where parenDepth > 0:
                position += 1
            case UInt8(ascii: "#"):
                while position < bytes.count, bytes[position] != UInt8(ascii: "\n") { position += 1 }
            default:
                return
            }
        }
    }

    /// The token that starts at `position` (after ``skipBlanks()``).
    private mutating func scanToken() -> Token {
        let start = position
        let byte = bytes[position]
        switch byte {
        case UInt8(ascii: "\n"):
            position += 1
            return token(.newline, from: start)
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            return scanString(quote: byte)
        case UInt8(ascii: "`"):
            return scanQuotedIdentifier()
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            return scanNumber()
        case UInt8(ascii: "."):
            if position + 1 < bytes.count, isDigit(bytes[position + 1]) {
                return scanNumber()
            } else if position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: ".") {
                position += 2
                return token(.symbol(.range), from: start)
            } else if position > 0, isIdentifierContinue(bytes[position - 1]) || bytes[position - 1] == UInt8(ascii: "`"),
                      position + 1 == bytes.count || isIdentifierStart(bytes[position + 1]) || bytes[position + 1] == UInt8(ascii: "`") {
                // A dot inside a name (pg.survey), or ending the text after one (completion of `from pg.`);
                // elsewhere, as at the start of a line, it is no token.
                position += 1
                return token(.symbol(.dot), from: start)
            } else {
                position += 1
                error(.lexUnexpectedCharacter, "unexpected character '.'", from: start,
                      hints: ["dot commands such as .help work in the shell, at the start of a line"])
                return token(.invalid, from: start)
            }
        default:
            if isIdentifierStart(byte) {
                return scanWord()
            } else if let symbol = scanSymbol() {
                if symbol == .leftParen { parenDepth += 1 }
                if symbol == .rightParen { parenDepth = max(0, parenDepth - 1) }
                return token(.symbol(symbol), from: start)
            } else {
                position += 1
                // A run of stray bytes (binary junk) is one error, not one per byte.
                while position < bytes.count, isStray(bytes[position]) { position += 1 }
                let shown = byte == 0 ? "NUL" : (byte < 0x20 || byte >= 0x80) ? String(format: byte) : String(UnicodeScalar(byte))
                let more = position - start > 1 ? " (and \(position - start - 1) more stray bytes)" : ""
                // `a % b` (a remainder, in C and SQL) or a percent sign apart from its number.
                let hints = byte == UInt8(ascii: "%")
                    ? ["for the remainder of a division, write mod(a, b)", "a percent is written right after its number: 16%"] : []
                error(.lexUnexpectedCharacter, "unexpected character \(shown == "NUL" ? shown : "'\(shown)'")\(more)", from: start,
                      hints: hints)
                return token(.invalid, from: start)
            }
        }
    }

    private mutating func scanWord() -> Token {
        let start = position
        let kind: Token.Kind = bytes.withUnsafeBufferPointer { all in
            var end = start, hash = LexedWords.hashSeed
            while end < all.count, isIdentifierContinue(all[end]) {
                hash = LexedWords.hash(hash, all[end])
                end += 1
            }
            position = end
            return words.kind(of: all, start, end, hash: hash)
        }
        return token(kind, from: start)
    }

    private mutating func scanNumber() -> Token {
        let start = position
        while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        var isDecimal = false
        if position + 1 < bytes.count, bytes[position] == UInt8(ascii: "."), isDigit(bytes[position + 1]) {
            isDecimal = true
            position += 1
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
        if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            var p = position + 1
            if p < bytes.count, bytes[p] == UInt8(ascii: "+") || bytes[p] == UInt8(ascii: "-") { p += 1 }
            if p < bytes.count, isDigit(bytes[p]) {
                isDecimal = true
                position = p
                while position < bytes.count, isDigit(bytes[position]) { position += 1 }
            }
        }
        // Most numbers are short integers: they are read from the bytes, without making a
        // String for `Double(_:)` and `Int64(_:)` (below 10^18 both read the digits exactly).
        var shortInteger: Int64?
        if !isDecimal, position - start <= 18 {
            var integer: Int64 = 0
            for i in start..<position { integer = integer * 10 + Int64(bytes[i] - UInt8(ascii: "0")) }
            shortInteger = integer
        }
        let text = shortInteger == nil ? String(decoding: bytes[start..<position], as: UTF8.self) : ""
        let value = shortInteger.map(Double.init) ?? Double(text) ?? .nan
        // Beyond Double's range (1e400, 1e400%) is an error, not infinity. (A long
        // integer without a unit is reported as an integer overflow below.)
        if !value.isFinite, isDecimal || (position < bytes.count && (bytes[position] == UInt8(ascii: "%") || bytes[position] == UInt8(ascii: "p"))) {
            while position < bytes.count, bytes[position] == UInt8(ascii: "%") || isIdentifierContinue(bytes[position]) { position += 1 }
            error(.lexBadNumber, "number '\(source.text(in: SourceRange(start, position)))' is out of range", from: start)
            return token(.invalid, from: start)
        }
        // A unit written right after the number: 16% or 5pp.
        if position < bytes.count, bytes[position] == UInt8(ascii: "%") {
            position += 1
            return token(.percent(value), from: start)
        }
        if position + 1 < bytes.count, bytes[position] == UInt8(ascii: "p"), bytes[position + 1] == UInt8(ascii: "p"),
           position + 2 >= bytes.count || !isIdentifierContinue(bytes[position + 2]) {
            position += 2
            return token(.points(value), from: start)
        }
        if position < bytes.count, isIdentifierStart(bytes[position]) {
            let suffixStart = position
            while position < bytes.count, isIdentifierContinue(bytes[position]) { position += 1 }
            error(.lexBadNumber, "invalid number '\(source.text(in: SourceRange(start, position)))'",
                  from: start, label: "unknown unit '\(source.text(in: SourceRange(suffixStart, position)))'",
                  hints: ["numbers take the units % (percent) and pp (percentage points)"])
            return token(.invalid, from: start)
        }
        if isDecimal {
            return token(.number(value), from: start)
        } else if let integer = shortInteger ?? Int64(text) {
            return token(.integer(integer), from: start)
        } else {
            error(.lexIntegerOverflow, "integer literal '\(text)' is too large", from: start,
                  label: "larger than 9223372036854775807",
                  hints: ["write it as a decimal (e.g. \(text).0) to use a floating-point number"])
            return token(.invalid, from: start)
        }
    }

    private mutating func scanString(quote: UInt8) -> Token {
        let start = position
        position += 1
        var value: [UInt8] = []
        while position < bytes.count {
            // The bytes up to the next quote or backslash go in at once (a
            // byte-at-a-time loop costs seconds on a megabyte string in debug builds).
            let run = bytes.withUnsafeBufferPointer { buffer in
                var end = position
                while end < buffer.count, buffer[end] != quote, buffer[end] != UInt8(ascii: "\\") { end += 1 }
                return end
            }
            // A string without escapes (most are) is made straight from its bytes.
            if value.isEmpty, run < bytes.count, bytes[run] == quote {
                let text = String(decoding: bytes[position..<run], as: UTF8.self)
                position = run + 1
                return token(.string(text), from: start)
            }
            if run > position {
                value.append(contentsOf: bytes[position..<run])
                position = run
                continue
            }
            let b = bytes[position]
            if b == quote {
                position += 1
                return token(.string(String(decoding: value, as: UTF8.self)), from: start)
            }
            if b == UInt8(ascii: "\\"), position + 1 < bytes.count {
                let escaped = bytes[position + 1]
                switch escaped {
                case UInt8(ascii: "n"): value.append(UInt8(ascii: "\n"))
                case UInt8(ascii: "t"): value.append(UInt8(ascii: "\t"))
                case UInt8(ascii: "r"): value.append(UInt8(ascii: "\r"))
                case UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "'"): value.append(escaped)
                default:
                    error(.lexBadEscape, "unknown escape sequence '\\\(String(UnicodeScalar(escaped)))' in string",
                          range: SourceRange(position, position + 2), hints: ["use \\\\ for a backslash"])
                    value.append(escaped)
                }
                position += 2
                continue
            }
            value.append(b)
            position += 1
        }
        endsInsideQuote = true
        error(.lexUnterminatedString, "unterminated string", range: SourceRange(start, start + 1),
              label: "this string is never closed", hints: ["close it with \(String(UnicodeScalar(quote)))"])
        return token(.invalid, from: start)
    }

    private mutating func scanQuotedIdentifier() -> Token {
        let start = position
        position += 1
        var value: [UInt8] = []
        while position < bytes.count {
            // The bytes up to the next back-quote go in at once.
            let run = bytes.withUnsafeBufferPointer { buffer in
                var end = position
                while end < buffer.count, buffer[end] != UInt8(ascii: "`") { end += 1 }
                return end
            }
            // A name without a doubled back-quote (most are) is made straight from its bytes.
            if value.isEmpty, run > position, run < bytes.count, run + 1 == bytes.count || bytes[run + 1] != UInt8(ascii: "`") {
                let name = String(decoding: bytes[position..<run], as: UTF8.self)
                position = run + 1
                return token(.quotedIdentifier(name), from: start)
            }
            if run > position {
                value.append(contentsOf: bytes[position..<run])
                position = run
                continue
            }
            let b = bytes[position]
            if b == UInt8(ascii: "`") {
                // A doubled back-quote stands for one back-quote in the name.
                if position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "`") {
                    value.append(b)
                    position += 2
                    continue
                }
                position += 1
                if value.isEmpty {
                    error(.lexEmptyName, "empty back-quoted name", from: start)
                    return token(.invalid, from: start)
                } else {
                    return token(.quotedIdentifier(String(decoding: value, as: UTF8.self)), from: start)
                }
            }
            value.append(b)
            position += 1
        }
        endsInsideQuote = true
        error(.lexUnterminatedName, "unterminated back-quoted name", range: SourceRange(start, start + 1),
              label: "this name is never closed", hints: ["close it with `"])
        return token(.invalid, from: start)
    }

    private mutating func scanSymbol() -> Symbol? {
        let b = bytes[position]
        let next: UInt8 = position + 1 < bytes.count ? bytes[position + 1] : 0
        let symbol: Symbol?
        var length = 1
        switch b {
        case UInt8(ascii: "|"):
            if next == UInt8(ascii: "|") { symbol = .concat; length = 2 } else { symbol = .pipe }
        case UInt8(ascii: ","): symbol = .comma
        case UInt8(ascii: ";"): symbol = .semicolon
        case UInt8(ascii: "("): symbol = .leftParen
        case UInt8(ascii: ")"): symbol = .rightParen
        case UInt8(ascii: "+"): symbol = .plus
        case UInt8(ascii: "-"):
            if next == UInt8(ascii: ">") { symbol = .arrow; length = 2 } else { symbol = .minus }
        case UInt8(ascii: "*"): symbol = .star
        case UInt8(ascii: "/"): symbol = .slash
        case UInt8(ascii: "~"): symbol = .tilde
        case UInt8(ascii: "="):
            if next == UInt8(ascii: "=") { symbol = .equal; length = 2 } else { symbol = .assign }
        case UInt8(ascii: "!"):
            if next == UInt8(ascii: "=") { symbol = .notEqual; length = 2 } else { symbol = nil }
        case UInt8(ascii: "<"):
            if next == UInt8(ascii: "=") { symbol = .lessEqual; length = 2 } else { symbol = .less }
        case UInt8(ascii: ">"):
            if next == UInt8(ascii: "=") { symbol = .greaterEqual; length = 2 } else { symbol = .greater }
        default: symbol = nil
        }
        if symbol != nil { position += length }
        return symbol
    }

    // MARK: - Helpers

    private func token(_ kind: Token.Kind, from start: Int) -> Token {
        Token(kind, SourceRange(start, position))
    }

    private mutating func error(_ id: DiagnosticID, _ message: String, from start: Int, label: String? = nil, hints: [String] = []) {
        error(id, message, range: SourceRange(start, position), label: label, hints: hints)
    }

    private mutating func error(_ id: DiagnosticID, _ message: String, range: SourceRange, label: String? = nil, hints: [String] = []) {
        diagnostics.append(Diagnostic(.error, id: id, message, file: source.name, range: range, label: label, hints: hints))
    }

    /// Reports the first invalid UTF-8 sequence, if any: one diagnostic, as
    /// the rest of such a file is usually junk too.
    private mutating func reportInvalidUTF8() {
        if let offset = UTF8Validation.firstInvalidOffset(in: bytes) {
            error(.lexInvalidUtf8, "invalid UTF-8 (byte 0x\(String(bytes[offset], radix: 16, uppercase: true)))",
                  range: SourceRange(offset, offset + 1), hints: ["scripts must be UTF-8 text"])
        }
    }

    private func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    private func isIdentifierStart(_ b: UInt8) -> Bool {
        (b | 0x20 >= UInt8(ascii: "a") && b | 0x20 <= UInt8(ascii: "z")) || b == UInt8(ascii: "_") || b >= 0xC2
    }

    /// A byte that starts no token: not white space, a word, a number, a quote, a comment or a symbol.
    private func isStray(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"), UInt8(ascii: "#"),
             UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "`"), UInt8(ascii: "."), UInt8(ascii: "|"),
             UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "="),
             UInt8(ascii: "!"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "+"), UInt8(ascii: "-"),
             UInt8(ascii: "*"), UInt8(ascii: "/"), UInt8(ascii: "~"):
            return false
        default:
            return !isIdentifierStart(b) && !isDigit(b)
        }
    }

    /// A byte of a word after its first: a letter, a digit, `_`, or a byte of a UTF-8 sequence
    /// (a continuation byte, or a lead byte from 0xC2; 0xC0 and 0xC1 never stand in UTF-8). One
    /// bit test of a 256-bit set spelled as four constants: the lexer asks this of every byte of
    /// every word, and the comparisons it replaces were 4% of parsing.
    static func isIdentifierContinue(_ b: UInt8) -> Bool {
        let bits: UInt64
        switch b >> 6 {
        case 0: bits = 0x03FF_0000_0000_0000  // 0–9
        case 1: bits = 0x07FF_FFFE_87FF_FFFE  // A–Z, _, a–z
        case 2: bits = ~0                     // continuation bytes
        default: bits = ~0b11                 // lead bytes, less 0xC0 and 0xC1
        }
        return (bits >> (b & 63)) & 1 != 0
    }

    private func isIdentifierContinue(_ b: UInt8) -> Bool { Self.isIdentifierContinue(b) }
}

private extension String {
    /// `0xFF` style text for a byte that cannot be shown.
    init(format byte: UInt8) {
        self = "0x" + String(byte, radix: 16, uppercase: true)
    }
}
