import Foundation
import Testing
import ToplineTestSupport
@testable import Topline

/// The syntax rules of `Grammar/topline.ebnf` name exactly the parser's
/// reserved words (plus the contextual words "weight" and "over") and exactly
/// its operators and punctuation. The lexical rules after the "Lexical rules"
/// heading spell characters and are not checked.
@Suite struct GrammarTests {
    /// The grammar up to its lexical rules.
    static func grammar() throws -> String {
        let text = try String(contentsOf: packageRoot.appendingPathComponent("Grammar/topline.ebnf"), encoding: .utf8)
        let lexical = try #require(text.range(of: "Lexical rules"), "the grammar has a 'Lexical rules' section")
        return String(text[..<lexical.lowerBound])
    }

    /// Words the parser reads only in one place, so they stay usable as names: its contextual words
    /// and the clause words of `load`.
    static let contextualWords: Set<String> = Set(ContextualWord.all.map(\.rawValue) + LoadStatement.words)

    /// The double-quoted terminals, skipping `(* comments *)`, `? special
    /// sequences ?` and single-quoted characters.
    static func terminals(_ text: String) -> Set<String> {
        let s = Array(text.unicodeScalars)
        var out = Set<String>()
        var i = 0
        func skip(to close: [Unicode.Scalar]) {
            while i < s.count, !(Array(s[i..<min(s.count, i + close.count)]) == close) { i += 1 }
            i += close.count
        }
        while i < s.count {
            switch s[i] {
            case "(" where i + 1 < s.count && s[i + 1] == "*":
                i += 2; skip(to: ["*", ")"])
            case "?":
                i += 1; skip(to: ["?"])
            case "'":
                i += 1; skip(to: ["'"])
            case "\"":
                i += 1
                var t = String.UnicodeScalarView()
                while i < s.count, s[i] != "\"" { t.append(s[i]); i += 1 }
                i += 1
                out.insert(String(t))
            default:
                i += 1
            }
        }
        return out
    }

    static func isWord(_ t: String) -> Bool { t.unicodeScalars.allSatisfy { CharacterSet.letters.contains($0) } }

    @Test func wordsAreTheKeywordsAndWeight() throws {
        let words = Self.terminals(try Self.grammar()).filter(Self.isWord)
        let unreservedVerbs = VerbCatalog.all.filter { !$0.reserved }.map(\.keyword.rawValue)
        let expected = Set(Keyword.all.map(\.rawValue)).union(Self.contextualWords).union(unreservedVerbs)
        #expect(words.subtracting(expected).sorted() == [], "in the grammar but not reserved")
        #expect(expected.subtracting(words).sorted() == [], "reserved but missing from the grammar")
    }

    @Test func operatorsAreTheSymbols() throws {
        let operators = Self.terminals(try Self.grammar()).filter { !Self.isWord($0) }
        let expected = Set(Symbol.allCases.map(\.rawValue))
        #expect(operators.subtracting(expected).sorted() == [], "in the grammar but not a symbol")
        #expect(expected.subtracting(operators).sorted() == [], "a symbol missing from the grammar")
    }

    /// The parser names its unreserved words through ``ContextualWord``, never by a string literal of
    /// its own (`.identifier("seed")`, `.word("seed")`), so that the list above is all of them.
    @Test func theParserSpellsNoWordOfItsOwn() throws {
        var offenders: [String] = []
        for folder in ["Sources/Topline/Syntax", "Sources/Topline/Language"] {
            let root = packageRoot.appendingPathComponent(folder)
            let files = try #require(FileManager.default.enumerator(atPath: root.path)).compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
            #expect(!files.isEmpty, "\(folder)")
            for file in files {
                let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
                for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                where !line.trimmingCharacters(in: .whitespaces).hasPrefix("///") {
                    if line.contains(".identifier(\"") || line.contains(".word(\"") { offenders.append("\(folder)/\(file):\(n + 1)") }
                }
            }
        }
        #expect(offenders == [], "spell these words as ContextualWord constants")
    }

    @Test func contextualWordsAreNotReserved() {
        for word in Self.contextualWords { #expect(Keyword(rawValue: word) == nil, "\(word)") }
        for verb in VerbCatalog.all where !verb.reserved { #expect(Keyword(rawValue: verb.keyword.rawValue) == nil, "\(verb.keyword)") }
    }

    // Each verb's own rules are checked against its definition in LanguageDefinitionTests.

    @Test func extractorSkipsCommentsAndLexicalQuotes() {
        #expect(Self.terminals(#"a = "x" , '"' , ? "y" ? (* "z" *) "|" ;"#) == ["x", "|"])
    }
}
