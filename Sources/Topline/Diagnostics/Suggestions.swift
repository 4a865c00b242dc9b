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

    /// Up to `limit` candidates near `word`, nearest first: those within
    /// about one edit per two characters (looser than ``closest(to:in:)``,
    /// as a list to choose from), then names that contain the word (`start` → `starts_with`).
    static func nearest(to word: String, in candidates: [String], limit: Int) -> [String] {
        let lowered = Array(word.lowercased().unicodeScalars)
        guard lowered.count <= maxTypoLength else { return [] }
        var scored: [(name: String, distance: Int)] = []
        for c in candidates {
            let d = distance(lowered, Array(c.lowercased().unicodeScalars))
            if d <= max(1, min(lowered.count, c.unicodeScalars.count) / 2) { scored.append((c, d)) }
        }
        var out = scored.enumerated().sorted { ($0.element.distance, $0.offset) < ($1.element.distance, $1.offset) }.map(\.element.name)
        let w = word.lowercased()
        if w.count >= 3 { out += candidates.filter { $0.lowercased().contains(w) } }
        var seen = Set<String>()
        return Array(out.filter { seen.insert($0).inserted }.prefix(limit))
    }

    /// Function names people bring from SQL, R or spreadsheets, for ours.
    static func functionSynonym(_ word: String) -> String? {
        switch word.lowercased() {
        case "iif", "ifelse", "if_else", "iff": return "if"
        case "case_when": return "case"
        case "substring", "mid", "substrn": return "substr"
        case "len", "char_length", "character_length", "nchar", "strlen", "str_length": return "length"
        case "ceiling": return "ceil"
        case "trunc", "truncate": return "floor"
        case "modulo", "fmod", "rem": return "mod"
        case "strip", "btrim", "str_trim": return "trim"
        case "regexp_matches", "regexp_like", "regexp", "rlike", "grepl", "str_detect", "regex", "match": return "matches"
        case "startswith", "starts", "str_starts", "prefix": return "starts_with"
        case "endswith", "ends", "str_ends", "suffix": return "ends_with"
        case "instr", "strpos", "contain", "includes": return "contains"
        case "gsub", "sub", "str_replace", "str_replace_all", "regexp_replace", "substitute": return "replace"
        case "paste", "paste0", "concat_ws", "str_c": return "concat"
        case "tolower", "lcase": return "lower"
        case "toupper", "ucase": return "upper"
        case "ifnull", "nvl", "isnull": return "coalesce"
        case "cut", "bucket", "width_bucket": return "bin"
        case "case_match", "fct_collapse", "fct_recode", "decode": return "recode"
        default: return nil
        }
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
