/// Turns source bytes into ``Token``s.
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
    private var tokens: [Token] = []
    private var diagnostics: [Diagnostic] = []
    private var endsInsideQuote = false

    init(_ source: SourceFile) {
        self.source = source
        self.bytes = source.bytes
    }

    mutating func tokenize() -> Result {
        // About one token per four bytes in typical scripts; growing the array
        // by doubling would copy it again and again on large inputs.
        tokens.reserveCapacity(bytes.count / 4 + 16)
        reportInvalidUTF8()
        while position < bytes.count {
            scanToken()
        }
        tokens.append(Token(.endOfInput, .at(bytes.count)))
        return Result(tokens: tokens, diagnostics: diagnostics, endsInsideQuote: endsInsideQuote, openParentheses: parenDepth)
    }

    // MARK: - Scanning

    private mutating func scanToken() {
        let start = position
        let byte = bytes[position]
        switch byte {
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
            position += 1
        case UInt8(ascii: "\n"):
            position += 1
            // Inside parentheses a newline is just white space.
            if parenDepth == 0 { add(.newline, from: start) }
        case UInt8(ascii: "#"):
            while position < bytes.count, bytes[position] != UInt8(ascii: "\n") { position += 1 }
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            scanString(quote: byte)
        case UInt8(ascii: "`"):
            scanQuotedIdentifier()
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            scanNumber()
        case UInt8(ascii: "."):
            if position + 1 < bytes.count, isDigit(bytes[position + 1]) {
                scanNumber()
            } else if position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: ".") {
                position += 2
                add(.symbol(.range), from: start)
            } else if position > 0, isIdentifierContinue(bytes[position - 1]) || bytes[position - 1] == UInt8(ascii: "`"),
                      position + 1 == bytes.count || isIdentifierStart(bytes[position + 1]) || bytes[position + 1] == UInt8(ascii: "`") {
                // A dot inside a name (pg.survey), or ending the text after one (completion of `from pg.`);
                // elsewhere, as at the start of a line, it is no token.
                position += 1
                add(.symbol(.dot), from: start)
            } else {
                position += 1
                error(.lexUnexpectedCharacter, "unexpected character '.'", from: start,
                      hints: ["dot commands such as .help work in the shell, at the start of a line"])
                add(.invalid, from: start)
            }
        default:
            if isIdentifierStart(byte) {
                scanWord()
            } else if let symbol = scanSymbol() {
                if symbol == .leftParen { parenDepth += 1 }
                if symbol == .rightParen { parenDepth = max(0, parenDepth - 1) }
                add(.symbol(symbol), from: start)
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
                add(.invalid, from: start)
            }
        }
    }

    private mutating func scanWord() {
        let start = position
        while position < bytes.count, isIdentifierContinue(bytes[position]) { position += 1 }
        if let keyword = Keyword.lookup(bytes[start..<position]) {
            add(.keyword(keyword), from: start)
        } else {
            add(.identifier(String(decoding: bytes[start..<position], as: UTF8.self)), from: start)
        }
    }

    private mutating func scanNumber() {
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
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        let value = Double(text) ?? .nan
        // Beyond Double's range (1e400, 1e400%) is an error, not infinity. (A long
        // integer without a unit is reported as an integer overflow below.)
        if !value.isFinite, isDecimal || (position < bytes.count && (bytes[position] == UInt8(ascii: "%") || bytes[position] == UInt8(ascii: "p"))) {
            while position < bytes.count, bytes[position] == UInt8(ascii: "%") || isIdentifierContinue(bytes[position]) { position += 1 }
            error(.lexBadNumber, "number '\(source.text(in: SourceRange(start, position)))' is out of range", from: start)
            add(.invalid, from: start)
            return
        }
        // A unit written right after the number: 16% or 5pp.
        if position < bytes.count, bytes[position] == UInt8(ascii: "%") {
            position += 1
            add(.percent(value), from: start)
            return
        }
        if position + 1 < bytes.count, bytes[position] == UInt8(ascii: "p"), bytes[position + 1] == UInt8(ascii: "p"),
           position + 2 >= bytes.count || !isIdentifierContinue(bytes[position + 2]) {
            position += 2
            add(.points(value), from: start)
            return
        }
        if position < bytes.count, isIdentifierStart(bytes[position]) {
            let suffixStart = position
            while position < bytes.count, isIdentifierContinue(bytes[position]) { position += 1 }
            error(.lexBadNumber, "invalid number '\(source.text(in: SourceRange(start, position)))'",
                  from: start, label: "unknown unit '\(source.text(in: SourceRange(suffixStart, position)))'",
                  hints: ["numbers take the units % (percent) and pp (percentage points)"])
            add(.invalid, from: start)
            return
        }
        if isDecimal {
            add(.number(value), from: start)
        } else if let integer = Int64(text) {
            add(.integer(integer), from: start)
        } else {
            error(.lexIntegerOverflow, "integer literal '\(text)' is too large", from: start,
                  label: "larger than 9223372036854775807",
                  hints: ["write it as a decimal (e.g. \(text).0) to use a floating-point number"])
            add(.invalid, from: start)
        }
    }

    private mutating func scanString(quote: UInt8) {
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
            if run > position {
                value.append(contentsOf: bytes[position..<run])
                position = run
                continue
            }
            let b = bytes[position]
            if b == quote {
                position += 1
                add(.string(String(decoding: value, as: UTF8.self)), from: start)
                return
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
        add(.invalid, from: start)
    }

    private mutating func scanQuotedIdentifier() {
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
                    add(.invalid, from: start)
                } else {
                    add(.quotedIdentifier(String(decoding: value, as: UTF8.self)), from: start)
                }
                return
            }
            value.append(b)
            position += 1
        }
        endsInsideQuote = true
        error(.lexUnterminatedName, "unterminated back-quoted name", range: SourceRange(start, start + 1),
              label: "this name is never closed", hints: ["close it with `"])
        add(.invalid, from: start)
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

    private mutating func add(_ kind: Token.Kind, from start: Int) {
        tokens.append(Token(kind, SourceRange(start, position)))
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

    private func isIdentifierContinue(_ b: UInt8) -> Bool {
        isIdentifierStart(b) || isDigit(b) || (b >= 0x80 && b < 0xC0)
    }
}

private extension String {
    /// `0xFF` style text for a byte that cannot be shown.
    init(format byte: UInt8) {
        self = "0x" + String(byte, radix: 16, uppercase: true)
    }
}
