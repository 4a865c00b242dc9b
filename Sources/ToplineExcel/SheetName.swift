/// Excel's rules for sheet names, applied to the statement each result came
/// from: at most 31 characters, none of `[ ] : * ? / \`, not starting or
/// ending with an apostrophe, not `History` (Excel keeps it for itself), and
/// unique regardless of case. A title that leaves nothing is `Result N`.
///
/// ```swift
/// _ = SheetName.unique(["from survey | count by region", "from survey | count by region", nil])
/// // ["survey | count by region", "survey | count by region (2)", "Result 3"]
/// ```
public enum SheetName {
    /// Excel's longest sheet name, in UTF-16 code units (as Excel counts them).
    public static let maxLength = 31

    /// One name per title, in order: each made valid, then made unique.
    public static func unique(_ titles: [String?]) -> [String] {
        var taken = Set<String>()
        var names: [String] = []
        for (i, title) in titles.enumerated() {
            let base = title.flatMap(valid) ?? "Result \(i + 1)"
            var name = base
            var n = 2
            while taken.contains(name.lowercased()) {
                let suffix = " (\(n))"
                name = cut(base, to: maxLength - suffix.utf16.count, mark: "") + suffix
                n += 1
            }
            taken.insert(name.lowercased())
            names.append(name)
        }
        return names
    }

    /// `title` as a valid sheet name, or nil when nothing of it is left.
    /// A statement's leading `from ` is dropped: the dataset names the sheet.
    static func valid(_ title: String) -> String? {
        var text = ""
        var blank = false
        for scalar in title.unicodeScalars {
            // Forbidden characters, line breaks and other controls become one space.
            let replaced = "[]:*?/\\".unicodeScalars.contains(scalar) || scalar.properties.isWhitespace
                || scalar.properties.generalCategory == .control || scalar.properties.generalCategory == .format
            if replaced {
                blank = !text.isEmpty
                continue
            }
            if blank { text.unicodeScalars.append(" ") }
            blank = false
            text.unicodeScalars.append(scalar)
        }
        if text.hasPrefix("from ") { text.removeFirst(5) }
        while text.hasPrefix("'") || text.hasPrefix(" ") { text.removeFirst() }
        text = cut(text, to: maxLength, mark: "…")
        while text.hasSuffix("'") || text.hasSuffix(" ") { text.removeLast() }
        guard !text.isEmpty, text.lowercased() != "history" else { return nil }
        return text
    }

    /// `text` within `limit` UTF-16 code units, cut between characters and ended with `mark` when cut.
    private static func cut(_ text: String, to limit: Int, mark: String) -> String {
        guard text.utf16.count > limit else { return text }
        var kept = ""
        let room = limit - mark.utf16.count
        for character in text {
            guard kept.utf16.count + character.utf16.count <= room else { break }
            kept.append(character)
        }
        while kept.hasSuffix(" ") { kept.removeLast() }
        return kept + mark
    }
}
