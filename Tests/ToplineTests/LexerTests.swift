import Testing
@testable import Topline

/// Token kinds, units, names, strings, comments, newline handling and every
/// lexical diagnostic with its id and byte range.
@Suite struct LexerTests {
    static func lex(_ text: String) -> Lexer.Result {
        var lexer = Lexer(SourceFile(name: "t.tq", text: text))
        return lexer.tokenize()
    }

    static func lex(bytes: [UInt8]) -> Lexer.Result {
        var lexer = Lexer(SourceFile(name: "t.tq", bytes: bytes))
        return lexer.tokenize()
    }

    /// Kinds without the final end-of-input token.
    static func kinds(_ text: String) -> [Token.Kind] {
        Array(lex(text).tokens.map(\.kind).dropLast())
    }

    struct TokenCase: CustomTestStringConvertible, Sendable {
        var source: String
        var expected: [Token.Kind]
        var testDescription: String { source.debugDescription }
    }

    static let tokenCases: [TokenCase] = [
        TokenCase(source: "region", expected: [.identifier("region")]),
        TokenCase(source: "_x9 Ärger 日本", expected: [.identifier("_x9"), .identifier("Ärger"), .identifier("日本")]),
        TokenCase(source: "`3-5 years`", expected: [.quotedIdentifier("3-5 years")]),
        TokenCase(source: "`a``b`", expected: [.quotedIdentifier("a`b")]),
        TokenCase(source: "`from`", expected: [.quotedIdentifier("from")]),
        TokenCase(source: "from where weight", expected: [.keyword(.from), .keyword(.where), .identifier("weight")]),
        TokenCase(source: "From", expected: [.identifier("From")]),
        TokenCase(source: "42", expected: [.integer(42)]),
        TokenCase(source: "9223372036854775807", expected: [.integer(Int64.max)]),
        TokenCase(source: "3.25", expected: [.number(3.25)]),
        TokenCase(source: ".5", expected: [.number(0.5)]),
        // `..` of a replicates range, also between digits, and before a decimal point.
        TokenCase(source: "repw1 .. repw80", expected: [.identifier("repw1"), .symbol(.range), .identifier("repw80")]),
        TokenCase(source: "1..5 a...5", expected: [.integer(1), .symbol(.range), .integer(5), .identifier("a"), .symbol(.range), .number(0.5)]),
        TokenCase(source: "1e3 2E-2 7e+1", expected: [.number(1000), .number(0.02), .number(70)]),
        TokenCase(source: "16%", expected: [.percent(16)]),
        TokenCase(source: "16.5%", expected: [.percent(16.5)]),
        TokenCase(source: "5pp", expected: [.points(5)]),
        TokenCase(source: "0.5pp", expected: [.points(0.5)]),
        TokenCase(source: "5 pp", expected: [.integer(5), .identifier("pp")]),
        TokenCase(source: "16 %", expected: [.integer(16), .invalid]),
        TokenCase(source: "\"a\\\\b\\\"c\\nd\\te\\rf\"", expected: [.string("a\\b\"c\nd\te\rf")]),
        TokenCase(source: "'it\\'s'", expected: [.string("it's")]),
        TokenCase(source: "\"\"", expected: [.string("")]),
        TokenCase(source: "| , ; ( ) = == != < <= > >= + - * / ~",
                  expected: [.symbol(.pipe), .symbol(.comma), .symbol(.semicolon), .symbol(.leftParen), .symbol(.rightParen),
                             .symbol(.assign), .symbol(.equal), .symbol(.notEqual), .symbol(.less), .symbol(.lessEqual),
                             .symbol(.greater), .symbol(.greaterEqual), .symbol(.plus), .symbol(.minus), .symbol(.star),
                             .symbol(.slash), .symbol(.tilde)]),
        TokenCase(source: "a<=b", expected: [.identifier("a"), .symbol(.lessEqual), .identifier("b")]),
        TokenCase(source: "x # comment | where\ny", expected: [.identifier("x"), .newline, .identifier("y")]),
        TokenCase(source: "# only a comment", expected: []),
        TokenCase(source: "a\r\nb", expected: [.identifier("a"), .newline, .identifier("b")]),
        TokenCase(source: "f(a,\n b)\nc", expected: [.identifier("f"), .symbol(.leftParen), .identifier("a"), .symbol(.comma),
                                                  .identifier("b"), .symbol(.rightParen), .newline, .identifier("c")]),
        TokenCase(source: "((\n))\n", expected: [.symbol(.leftParen), .symbol(.leftParen), .symbol(.rightParen), .symbol(.rightParen), .newline]),
    ]

    @Test(arguments: tokenCases)
    func tokens(_ c: TokenCase) {
        let result = Self.lex(c.source)
        #expect(result.tokens.map(\.kind).dropLast() == c.expected[...])
        #expect(result.tokens.last?.kind == .endOfInput)
        if !c.expected.contains(.invalid) { #expect(result.diagnostics.isEmpty) }
    }

    @Test func everyKeywordLexesAsKeyword() {
        for k in Keyword.all {
            #expect(Self.kinds(k.rawValue) == [.keyword(k)], "\(k)")
            #expect(Self.kinds("`\(k.rawValue)`") == [.quotedIdentifier(k.rawValue)], "\(k)")
        }
    }

    /// Words are kept after their first occurrence (``LexedWords``): a repeated word, a keyword
    /// among them, a word that shares a prefix or a hash bucket with another, and enough distinct
    /// words to grow the table several times and pass its limit all lex as they would the first time.
    @Test func repeatedWordsLexAsTheirFirstOccurrence() {
        let distinct = (0..<5_000).map { "w\($0)" } + ["where", "wher", "wheres", "by", "b", "a_very_long_column_name_indeed"]
        let text = (distinct + distinct.reversed() + distinct).joined(separator: " ")
        let expected: [Token.Kind] = (distinct + distinct.reversed() + distinct).map {
            Keyword(rawValue: $0).map { .keyword($0) } ?? .identifier($0)
        }
        #expect(Self.kinds(text) == expected)
    }

    /// The bit set of word bytes is the rule written out: letters, digits, `_`, and the bytes of
    /// UTF-8 sequences (continuation bytes, and lead bytes from 0xC2), for each of the 256 bytes.
    @Test func wordBytesAreLettersDigitsUnderscoreAndUTF8() {
        for value in 0...255 {
            let b = UInt8(value)
            let letter = (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(b) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(b)
            let digit = (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b)
            let utf8 = (0x80...0xBF).contains(b) || b >= 0xC2
            #expect(Lexer.isIdentifierContinue(b) == (letter || digit || b == UInt8(ascii: "_") || utf8), "byte \(b)")
        }
    }

    /// Past its limit the table keeps no more words, and words still lex.
    @Test func wordsPastTheLimitAreMadeAndNotKept() {
        var words = LexedWords(capacityLimit: 2)
        let text = Array("alpha beta gamma gamma alpha".utf8)
        var kinds: [Token.Kind] = []
        text.withUnsafeBufferPointer { all in
            var start = 0
            for end in (0..<all.count).filter({ all[$0] == UInt8(ascii: " ") }) + [all.count] {
                let hash = all[start..<end].reduce(LexedWords.hashSeed, LexedWords.hash)
                kinds.append(words.kind(of: all, start, end, hash: hash))
                start = end + 1
            }
        }
        #expect(kinds == ["alpha", "beta", "gamma", "gamma", "alpha"].map { Token.Kind.identifier($0) })
        #expect(words.count == 2)
    }

    @Test func tokenRangesAreByteOffsets() {
        let tokens = Self.lex("from `é x` | take 16%").tokens
        #expect(tokens.map(\.range) == [SourceRange(0, 4), SourceRange(5, 11), SourceRange(12, 13), SourceRange(14, 18),
                                        SourceRange(19, 22), SourceRange(22, 22)])
    }

    @Test func unclosedParenthesisIsCounted() {
        let result = Self.lex("f((a)\n")
        #expect(result.openParentheses == 1)
        #expect(!result.tokens.contains { $0.kind == .newline })
    }

    struct ErrorCase: CustomTestStringConvertible, Sendable {
        var name: String
        var bytes: [UInt8]
        var id: String
        var range: SourceRange
        var endsInsideQuote = false
        var testDescription: String { name }

        init(_ name: String, _ text: String, _ id: String, _ range: SourceRange, endsInsideQuote: Bool = false) {
            self.init(name, bytes: Array(text.utf8), id, range, endsInsideQuote: endsInsideQuote)
        }

        init(_ name: String, bytes: [UInt8], _ id: String, _ range: SourceRange, endsInsideQuote: Bool = false) {
            self.name = name
            self.bytes = bytes
            self.id = id
            self.range = range
            self.endsInsideQuote = endsInsideQuote
        }
    }

    static let errorCases: [ErrorCase] = [
        ErrorCase("unterminated string", "x == \"abc", "lex.unterminated-string", SourceRange(5, 6), endsInsideQuote: true),
        ErrorCase("unterminated single-quoted string", "x == 'abc\ny", "lex.unterminated-string", SourceRange(5, 6), endsInsideQuote: true),
        ErrorCase("unterminated back-quote", "select `a b", "lex.unterminated-name", SourceRange(7, 8), endsInsideQuote: true),
        ErrorCase("empty back-quoted name", "select ``", "lex.empty-name", SourceRange(7, 9)),
        ErrorCase("integer overflow", "take 9223372036854775808", "lex.integer-overflow", SourceRange(5, 24)),
        ErrorCase("unknown unit", "x == 5kg", "lex.bad-number", SourceRange(5, 8)),
        ErrorCase("bad escape", "\"a\\qb\"", "lex.bad-escape", SourceRange(2, 4)),
        ErrorCase("stray character", "a $ b", "lex.unexpected-character", SourceRange(2, 3)),
        ErrorCase("lone bang", "a ! b", "lex.unexpected-character", SourceRange(2, 3)),
        ErrorCase("dot command", ".help", "lex.unexpected-character", SourceRange(0, 1)),
        ErrorCase("NUL byte", bytes: [UInt8(ascii: "a"), 0, UInt8(ascii: "b")], "lex.unexpected-character", SourceRange(1, 2)),
        ErrorCase("invalid UTF-8", bytes: Array("x == ".utf8) + [0xFF] + Array(" 1".utf8), "lex.invalid-utf8", SourceRange(5, 6)),
        ErrorCase("truncated UTF-8", bytes: Array("ab".utf8) + [0xE6, 0x97], "lex.invalid-utf8", SourceRange(2, 3)),
    ]

    @Test(arguments: errorCases)
    func lexicalErrors(_ c: ErrorCase) throws {
        let result = Self.lex(bytes: c.bytes)
        let first = try #require(result.diagnostics.first)
        #expect(first.id.rawValue == c.id)
        #expect(first.range == c.range)
        #expect(first.severity == .error)
        #expect(first.file == "t.tq")
        #expect(result.endsInsideQuote == c.endsInsideQuote)
    }

    @Test func errorsAreReportedOnceEach() {
        let result = Self.lex("a $ b ! c 99999999999999999999 \"open")
        #expect(result.diagnostics.map(\.id.rawValue) == ["lex.unexpected-character", "lex.unexpected-character",
                                                 "lex.integer-overflow", "lex.unterminated-string"])
        #expect(result.tokens.filter { $0.kind == .invalid }.count == 4)
    }

    @Test func nulByteIsNamed() {
        let result = Self.lex(bytes: [0])
        #expect(result.diagnostics.map(\.message) == ["unexpected character NUL"])
    }

    @Test func invalidUTF8IsReportedOnce() {
        let result = Self.lex(bytes: [0xFF, 0x20, 0xFE])
        #expect(result.diagnostics.filter { $0.id.rawValue == "lex.invalid-utf8" }.count == 1)
        #expect(result.diagnostics.first?.message == "invalid UTF-8 (byte 0xFF)")
    }

    /// A literal beyond Double's range is an error with its position, never infinity.
    @Test func hugeDecimalIsAnError() {
        var lexer = Lexer(SourceFile(name: "t.tq", text: "1e999"))
        let result = lexer.tokenize()
        #expect(result.diagnostics.map(\.id.rawValue) == ["lex.bad-number"])
        #expect(result.diagnostics.first?.range == SourceRange(0, 5))
    }
}
