import Foundation
import Testing
import ToplineExcel

/// What a string cell is given: the text as it is, escaped where the file format needs it.
@Suite struct CellTextTests {
    static let cases: [(text: String, prepared: String)] = [
        ("=cmd|' /C calc'!A0", "=cmd|' /C calc'!A0"),
        ("plain", "plain"),
        ("_x0041_", "_x005F_x0041_"),
        ("a_x00e9_b_X0041_", "a_x005F_x00e9_b_X0041_"),
        ("_x12_ _x0041 x0041_", "_x12_ _x0041 x0041_"),
        ("nul\u{0}", "nul_x0000_"),
        ("\u{202E}", "\u{202E}"),
    ]

    @Test(arguments: cases)
    func escapes(text: String, prepared: String) {
        #expect(CellText.prepared(text) == prepared)
    }

    @Test func cutsWithinTheLimitBetweenCharactersAndEscapes() {
        let limit = CellText.maxLength
        let cases = [
            String(repeating: "a", count: limit),
            String(repeating: "a", count: limit + 1),
            String(repeating: "🙂", count: limit / 2 + 1),
            String(repeating: "e\u{301}", count: limit),
            String(repeating: "_x0041_", count: limit / 7 + 1),
        ]
        for text in cases {
            let prepared = CellText.prepared(text)
            #expect(prepared.utf16.count <= limit)
            if text.utf16.count <= limit {
                #expect(prepared == text)
            } else {
                #expect(prepared.hasSuffix(CellText.cutNote))
                let kept = String(prepared.dropLast(CellText.cutNote.count))
                #expect(kept.utf16.count > limit / 2)
                #expect(text.hasPrefix(kept) || text.replacingEscapes().hasPrefix(kept.replacingEscapes()))
            }
        }
    }
}

private extension String {
    /// The literal text of an escaped cell (`_x005F_` is `_`).
    func replacingEscapes() -> String {
        var out = self
        while let range = out.range(of: "_x005F_") { out.replaceSubrange(range, with: "_") }
        return out
    }
}
