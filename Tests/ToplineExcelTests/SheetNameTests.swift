import Testing
import ToplineExcel

/// Excel's sheet-name rules applied to the statements results come from.
@Suite struct SheetNameTests {
    static let cases: [(titles: [String?], names: [String])] = [
        (["from survey | count by region"], ["survey | count by region"]),
        // Forbidden characters and line breaks become single spaces.
        (["from s | where a/b > 2 and x[1] == \"?\""], ["s | where a b > 2 and x 1 == \"…"]),
        (["from s\n  | take 3"], ["s | take 3"]),
        (["a:b*c\\d"], ["a b c d"]),
        // No apostrophe at either end; terminal escapes are not kept.
        (["'quoted'"], ["quoted"]),
        (["\u{1B}]0;x\u{07}"], ["0;x"]),
        // Nothing left, or Excel's own name: Result N.
        ([nil, "", "   ", "[]", "History", "from history"], ["Result 1", "Result 2", "Result 3", "Result 4", "Result 5", "Result 6"]),
        // Unique regardless of case, the suffix within 31 characters.
        (["A", "a", "A"], ["A", "a (2)", "A (3)"]),
        (["from survey | summarize share = share(x)", "from survey | summarize share = share(y)"],
         ["survey | summarize share = sha…", "survey | summarize share = (2)"]),
        (["Result 2", nil], ["Result 2", "Result 2 (2)"]),
        // 31 UTF-16 code units, cut between characters.
        ([String(repeating: "🙂", count: 20)], [String(repeating: "🙂", count: 15) + "…"]),
        ([String(repeating: "é", count: 40)], [String(repeating: "é", count: 30) + "…"]),
    ]

    @Test(arguments: cases)
    func namesFollowExcelsRules(titles: [String?], names: [String]) {
        let made = SheetName.unique(titles)
        #expect(made == names)
        for name in made {
            #expect(name.utf16.count <= SheetName.maxLength)
            #expect(!name.contains { "[]:*?/\\".contains($0) })
            #expect(!name.hasPrefix("'") && !name.hasSuffix("'"))
        }
        #expect(Set(made.map { $0.lowercased() }).count == made.count)
    }
}
