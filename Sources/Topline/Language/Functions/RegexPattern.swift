/// The regular expressions of `matches(x, pattern)`: Swift's `Regex` from the
/// standard library (`_StringProcessing`, no Foundation), in its syntax — the
/// Perl/PCRE/ICU family: classes `[a-z]`, `\d \w \s` (Unicode-aware),
/// `\p{L}`, anchors `^ $ \b`, groups `(…)` `(?:…)`, alternation, quantifiers
/// `* + ? {n,m}` (lazy and possessive too), lookahead `(?=…)`, flags `(?i)`;
/// no lookbehind. It matches Characters (extended grapheme clusters), so `.`
/// is one user-perceived character.
///
/// A pattern that nests repetition, which a backtracking engine can take
/// exponential time on, is refused (``RegexRisk``).
///
/// ```swift
/// let regex = try RegexPattern.compile("^(?i)ceo")
/// _ = "CEOs".contains(regex)   // true
/// ```
enum RegexPattern {
    /// Why a pattern was refused: its message and hints.
    struct Failure: Error {
        var message: String
        var hints: [String] = []
    }

    static func compile(_ pattern: String) throws(Failure) -> Regex<AnyRegexOutput> {
        let regex: Regex<AnyRegexOutput>
        do {
            regex = try Regex(pattern)
        } catch {
            throw Failure(message: "invalid regular expression: \(error)",
                          hints: ["the syntax is Swift's Regex (as PCRE's); a backslash is written \\\\ in a string: \"a\\\\.b\" matches a.b"])
        }
        if let why = RegexRisk.exponential(in: pattern) {
            throw Failure(message: "this pattern could take exponential time to match (\(why))",
                          hints: [RegexRisk.hint(for: why)])
        }
        return regex
    }

    /// Patterns computed per row, each compiled once (at most 256 are kept).
    final class Cache {
        private var compiled: [String: Regex<AnyRegexOutput>] = [:]

        func regex(_ pattern: String) throws(Failure) -> Regex<AnyRegexOutput> {
            if let r = compiled[pattern] { return r }
            let r = try RegexPattern.compile(pattern)
            if compiled.count >= 256 { compiled.removeAll(keepingCapacity: true) }
            compiled[pattern] = r
            return r
        }
    }
}
