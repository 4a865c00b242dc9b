import Testing
import Topline
@testable import ToplineShell

@Suite struct CompletionListingTests {
    @Test(arguments: [
        (["select ", "sort ", "summarize "], "s"),
        (["`3-5 years` ", "`3-5 months` "], "`3-5 "),
        (["日本", "日本語"], "日本"),
        (["e\u{301}a", "e\u{301}b"], "e\u{301}"),
        (["x"], "x"),
        ([], ""),
    ] as [([String], String)])
    func commonPrefix(items: [String], expected: String) {
        #expect(CompletionListing.commonPrefix(items) == expected)
    }

    @Test func columnsFillTopToBottomWithinWidth() {
        let items = ["alpha", "beta", "gamma", "delta", "epsilon"]
        // widest is 7, cell 9: 20 columns fit 2 per row, so 3 rows.
        #expect(CompletionListing.columns(items, width: 20) == "alpha    delta\nbeta     epsilon\ngamma\n")
        #expect(CompletionListing.columns(items, width: 5) == items.map { $0 + "\n" }.joined())
        #expect(CompletionListing.columns([], width: 80) == "")
    }

    @Test func wideCharactersTakeTwoCells() {
        #expect(SafeText.width("日本") == 4)
        #expect(SafeText.width("e\u{301}") == 1)
        #expect(CompletionListing.columns(["日本", "ab"], width: 80) == "日本  ab\n")
    }
}
