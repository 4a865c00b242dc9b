import Testing
@testable import Topline

/// "Did you mean" suggestions: edit distance with transpositions, and names containing the typed word.
@Suite struct SuggestionTests {
    @Test(arguments: [("mode", "mode", 0), ("", "abc", 3), ("kitten", "sitting", 3), ("日本", "日", 1), ("hlep", "help", 1)])
    func distance(a: String, b: String, expected: Int) {
        #expect(Suggestions.distance(Array(a.unicodeScalars), Array(b.unicodeScalars)) == expected)
    }

    @Test(arguments: [
        ("regoin", ["region", "role", "wave"], "region"),
        ("pct", ["value_pct", "n"], "value_pct"),
        ("xyz", ["region", "role"], nil),
        ("Regoin", ["region"], "region"),
    ] as [(String, [String], String?)])
    func closest(word: String, candidates: [String], expected: String?) {
        #expect(Suggestions.closest(to: word, in: candidates) == expected)
    }
}
