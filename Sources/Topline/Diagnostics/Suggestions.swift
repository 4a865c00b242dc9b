/// "Did you mean …?" suggestions by edit distance.
enum Suggestions {
    /// The candidate closest to `word` (case-insensitive Damerau-Levenshtein),
    /// if it is close enough to be a plausible typo.
    static func closest(to word: String, in candidates: [String]) -> String? {
        let lowered = Array(word.lowercased().unicodeScalars)
        var best: (String, Int)?
        // Edit distance costs length × length: no typo is hundreds of characters long.
        for c in candidates where lowered.count <= maxTypoLength {
            let d = distance(lowered, Array(c.lowercased().unicodeScalars))
            if d < (best?.1 ?? Int.max) { best = (c, d) }
        }
        guard let (candidate, d) = best else { return nil }
        // Allow about one edit per three characters, and at least one.
        let limit = max(1, min(lowered.count, candidate.count) / 3)
        if d <= limit { return candidate }
        // A name that contains the word (or the reverse) is also a good guess: `pct` → `value_pct`.
        let w = word.lowercased()
        if w.count >= 3, let hit = candidates.first(where: { $0.lowercased().contains(w) }) { return hit }
        return nil
    }

    /// Words longer than this get no edit-distance suggestion (only a containment match).
    static let maxTypoLength = 200

    /// Words people bring from SQL, dplyr, PRQL or KQL for our verbs.
    static func verbSynonym(_ word: String) -> String? {
        switch word.lowercased() {
        case "filter": return "where"
        case "group", "groupby", "group_by", "aggregate", "agg": return "summarize"
        case "limit", "head", "top": return "take"
        case "order", "orderby", "order_by", "arrange": return "sort"
        case "mutate", "extend", "compute": return "derive"
        case "project", "keep": return "select"
        default: return nil
        }
    }

    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var row = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            row[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    row[j] = min(row[j], previous2[j - 2] + 1)
                }
            }
            previous2 = previous
            previous = row
        }
        return previous[b.count]
    }
}
