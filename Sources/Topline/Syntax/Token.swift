/// A lexical token with the byte range it came from.
struct Token: Hashable, Sendable {
    enum Kind: Hashable, Sendable {
        case identifier(String)
        /// A back-quoted name: `` `3-5 years` ``.
        case quotedIdentifier(String)
        case keyword(Keyword)
        case integer(Int64)
        case number(Double)
        /// `16%`, holding the number as written (16).
        case percent(Double)
        /// `5pp`, holding the number as written (5).
        case points(Double)
        case string(String)
        case symbol(Symbol)
        /// A line break that ends a statement (newlines inside brackets are skipped).
        case newline
        /// Text the lexer could not read (already reported as a diagnostic);
        /// the parser fails the statement without a second message.
        case invalid
        case endOfInput
    }

    var kind: Kind
    var range: SourceRange

    init(_ kind: Kind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }

    /// A line break or `;`: after it a statement may start.
    var endsStatement: Bool {
        switch kind {
        case .newline, .symbol(.semicolon): return true
        default: return false
        }
    }
}

/// Operators and punctuation. `Grammar/topline.ebnf` lists exactly these.
enum Symbol: String, CaseIterable, Sendable {
    case pipe = "|"
    case concat = "||"
    case comma = ","
    case semicolon = ";"
    case leftParen = "("
    case rightParen = ")"
    case assign = "="
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessEqual = "<="
    case greater = ">"
    case greaterEqual = ">="
    case plus = "+"
    case minus = "-"
    case star = "*"
    case slash = "/"
    case tilde = "~"
    case arrow = "->"
    case range = ".."
    /// Between the parts of an attached table's name, written without spaces: `pg.survey`.
    case dot = "."
}

extension Token.Kind: CustomStringConvertible {
    /// How the token is named in "expected …, found …" messages.
    var description: String {
        switch self {
        case .identifier(let s): return "'\(s)'"
        case .quotedIdentifier(let s): return "`\(s)`"
        case .keyword(let k): return "'\(k.rawValue)'"
        case .integer(let i): return "'\(i)'"
        case .number(let d): return "'\(d)'"
        case .percent(let d): return "'\(d)%'"
        case .points(let d): return "'\(d)pp'"
        case .string: return "a string"
        case .symbol(let s): return "'\(s.rawValue)'"
        case .newline: return "end of line"
        case .invalid: return "invalid text"
        case .endOfInput: return "end of input"
        }
    }
}
