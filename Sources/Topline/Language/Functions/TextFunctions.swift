/// The text functions: case, length, substrings, trimming, replacing, tests, regular
/// expressions and concatenation. Lengths and positions count Characters, as people read text.
enum TextFunctions {
    static let all: [ScalarFunction] = [
        lower, upper, length, substr, trim, replace, startsWith, endsWith, contains, matches, concat,
    ]

    static let lower = caseChange("lower", "the text in lower case", upper: false)
    static let upper = caseChange("upper", "the text in upper case", upper: true)

    private static func caseChange(_ name: String, _ summary: String, upper: Bool) -> ScalarFunction {
        ScalarFunction(
            name: name, arity: 1...1, syntax: "\(name)(text)", summary: summary, example: "\(name)(segment)",
            type: { t throws(Diagnostic) in
                try t.need(t.first == .text || t.first == .null, "\(name)() needs text, not \(t.types[0].rawValue)")
                return .text
            },
            compile: { call in
                let a = call.arguments[0]
                return { row throws(Diagnostic) in
                    guard case .text(let s) = try a(row) else { return .null }
                    return .text(upper ? s.uppercased() : s.lowercased())
                }
            })
    }

    /// Each of `indices` is text (or null), or a type error at the first that is not.
    private static func needText(_ t: FunctionTyping, _ name: String, _ indices: [Int]) throws(Diagnostic) {
        for i in indices where t.types[i] != .text && t.types[i] != .null {
            try t.fail(at: i, "\(name)() needs text, not \(t.types[i].rawValue)",
                       t.types[i].isNumeric ? ["concat(x) turns a value into its text"] : [])
        }
    }

    static let length = ScalarFunction(
        name: "length", arity: 1...1, syntax: "length(text)", summary: "the number of characters (Characters: \"é\" is one)",
        example: "length(segment)",
        type: { t throws(Diagnostic) in
            try needText(t, "length", [0])
            return .integer
        },
        compile: { call in
            let a = call.arguments[0]
            return { row throws(Diagnostic) in
                guard case .text(let s) = try a(row) else { return .null }
                return .integer(Int64(s.count))
            }
        })

    /// `substr(x, start[, length])`: positions count Characters from 1, or from
    /// the end with -1; a start past the end gives "", one before the first
    /// starts at the first; a computed start of 0 or a negative length gives null.
    static let substr = ScalarFunction(
        name: "substr", arity: 2...3, syntax: "substr(text, start[, length])",
        summary: "the characters from start (1 is the first, -1 the last) on, or length of them",
        example: "substr(metric, 1, 12)",
        type: { t throws(Diagnostic) in
            try needText(t, "substr", [0])
            for i in 1..<t.types.count where t.types[i] != .integer && t.types[i] != .null {
                try t.fail(at: i, "substr()'s \(i == 1 ? "start" : "length") is a whole number, not \(t.types[i].rawValue)")
            }
            if case .integer(0)? = t.constant(1) {
                try t.fail(.resolveArgumentRange, at: 1, "substr() counts characters from 1 (or from the end with -1); 0 is no position")
            }
            if t.types.count > 2, case .integer(let n)? = t.constant(2), n < 0 {
                try t.fail(.resolveArgumentRange, at: 2, "substr()'s length cannot be negative")
            }
            return .text
        },
        compile: { call in
            let a = call.arguments[0], start = call.arguments[1]
            let count = call.arguments.count > 2 ? call.arguments[2] : nil
            return { row throws(Diagnostic) in
                guard case .text(let s) = try a(row), case .integer(let p) = try start(row), p != 0 else { return .null }
                var n: Int?
                if let count {
                    guard case .integer(let c) = try count(row), c >= 0 else { return .null }
                    n = Int(clamping: c)
                }
                return .text(substring(s, from: Int(clamping: p), count: n))
            }
        })

    /// The characters of `s` from position `p` (1-based, or from the end when
    /// negative), at most `count` of them.
    static func substring(_ s: String, from p: Int, count: Int?) -> String {
        let from: String.Index
        if p > 0 {
            guard let i = s.index(s.startIndex, offsetBy: p - 1, limitedBy: s.endIndex) else { return "" }
            from = i
        } else {
            from = s.index(s.endIndex, offsetBy: p, limitedBy: s.startIndex) ?? s.startIndex
        }
        guard let count else { return String(s[from...]) }
        let to = s.index(from, offsetBy: count, limitedBy: s.endIndex) ?? s.endIndex
        return String(s[from..<to])
    }

    static let trim = ScalarFunction(
        name: "trim", arity: 1...1, syntax: "trim(text)", summary: "the text without white space at either end",
        example: "trim(segment)",
        type: { t throws(Diagnostic) in
            try needText(t, "trim", [0])
            return .text
        },
        compile: { call in
            let a = call.arguments[0]
            return { row throws(Diagnostic) in
                guard case .text(let s) = try a(row) else { return .null }
                guard let first = s.firstIndex(where: { !$0.isWhitespace }) else { return .text("") }
                let last = s.lastIndex(where: { !$0.isWhitespace })!
                if first == s.startIndex, s.index(after: last) == s.endIndex { return .text(s) }
                return .text(String(s[first...last]))
            }
        })

    static let replace = ScalarFunction(
        name: "replace", arity: 3...3, syntax: "replace(text, from, to)",
        summary: "the text with every occurrence of from (exact, case-sensitive) replaced by to",
        example: #"replace(metric, "customers", "clients")"#,
        type: { t throws(Diagnostic) in
            try needText(t, "replace", [0, 1, 2])
            return .text
        },
        compile: { call in
            let a = call.arguments[0], from = call.arguments[1], to = call.arguments[2]
            let (range, context) = (call.range, call.context)
            let fixed = call.constants[1].map { TextPattern($0.textValue) }
            return { row throws(Diagnostic) in
                guard case .text(let s) = try a(row), case .text(let f) = try from(row), case .text(let r) = try to(row) else { return .null }
                guard let out = (fixed ?? TextPattern(f)).replacing(in: s, with: r) else {
                    throw Operators.textTooLong("replace()", range: range, context: context)
                }
                return .text(out)
            }
        })

    static let startsWith = textTest("starts_with", "whether the text starts with prefix (case-sensitive)", "prefix",
                                     example: #"starts_with(metric, "Social")"#) { s, p in s.starts(with: p.needle) }
    static let endsWith = textTest("ends_with", "whether the text ends with suffix (case-sensitive)", "suffix",
                                   example: #"ends_with(metric, "customers")"#) { s, p in s.reversed().starts(with: p.needle.reversed()) }
    static let contains = textTest("contains", "whether part occurs in the text (case-sensitive; ~ ignores case)", "part",
                                   example: #"contains(metric, "media")"#) { s, p in p.occurs(in: s) }

    /// A true/false test of a text against a second text, prepared once when that is a constant.
    private static func textTest(_ name: String, _ summary: String, _ what: String, example: String,
                                 _ test: @escaping @Sendable (String, TextPattern) -> Bool) -> ScalarFunction {
        ScalarFunction(
            name: name, arity: 2...2, syntax: "\(name)(text, \(what))", summary: summary, example: example,
            type: { t throws(Diagnostic) in
                try needText(t, name, [0, 1])
                return .boolean
            },
            compile: { call in
                let a = call.arguments[0], b = call.arguments[1]
                let fixed = call.constants[1].map { TextPattern($0.textValue) }
                return { row throws(Diagnostic) in
                    guard case .text(let s) = try a(row), case .text(let p) = try b(row) else { return .null }
                    return .boolean(test(s, fixed ?? TextPattern(p)))
                }
            })
    }

    /// `matches(x, "re")`: whether the regular expression matches somewhere in
    /// the text, in the syntax of Swift's `Regex` (see ``RegexPattern``).
    static let matches = ScalarFunction(
        name: "matches", arity: 2...2, syntax: "matches(text, pattern)",
        summary: "whether the regular expression (Swift Regex syntax) matches somewhere in the text; anchor with ^ and $, (?i) ignores case",
        example: #"matches(metric, "^Social media .* (customers|citizens)$")"#,
        type: { t throws(Diagnostic) in
            try needText(t, "matches", [0, 1])
            if case .text(let pattern)? = t.constant(1) {
                do throws(RegexPattern.Failure) {
                    _ = try RegexPattern.compile(pattern)
                } catch {
                    try t.fail(.resolveRegex, at: 1, error.message, error.hints)
                }
            }
            return .boolean
        },
        compile: { call in
            let a = call.arguments[0], b = call.arguments[1]
            let (range, context) = (call.range, call.context)
            if case .text(let pattern)? = call.constants[1], let regex = try? RegexPattern.compile(pattern) {
                return { row throws(Diagnostic) in
                    guard case .text(let s) = try a(row) else { return .null }
                    return .boolean(s.contains(regex))
                }
            }
            // A pattern computed per row is compiled once per distinct pattern.
            let cache = RegexPattern.Cache()
            return { row throws(Diagnostic) in
                guard case .text(let s) = try a(row), case .text(let p) = try b(row) else { return .null }
                do throws(RegexPattern.Failure) {
                    return .boolean(s.contains(try cache.regex(p)))
                } catch {
                    throw context.error(.runRegex, "row \(row + 1): \(error.message)", at: range, hints: error.hints)
                }
            }
        })

    /// `concat(a, b, …)`: the texts joined; nulls are left out (as DuckDB's
    /// and PostgreSQL's concat), while `a || b` is null when either is.
    static let concat = ScalarFunction(
        name: "concat", arity: 1...64, syntax: "concat(a, b, …)",
        summary: "the values' texts joined, nulls left out (a || b is null when either is); non-text values as they print",
        example: #"concat(segment, " (", edition_year, ")")"#,
        type: { _ throws(Diagnostic) in .text },
        compile: { call in
            let args = call.arguments
            let (range, context) = (call.range, call.context)
            return { row throws(Diagnostic) in
                var out = ""
                for f in args {
                    let v = try f(row)
                    if v.isNull { continue }
                    out += Operators.text(of: v)
                    guard out.utf8.count <= Operators.maxTextBytes else { throw Operators.textTooLong("concat()", range: range, context: context) }
                }
                return .text(out)
            }
        })
}
