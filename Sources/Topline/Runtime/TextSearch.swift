/// Exact, case-sensitive search for `contains` and `replace`, by Characters:
/// text compares as `==` compares it (canonically equivalent spellings of "é"
/// are one Character). Knuth-Morris-Pratt over the pattern's Characters, so
/// the time is linear in both lengths, whatever the text ("aaa…ab" in "aaa…a").
///
/// ```swift
/// let pattern = TextPattern("ab")
/// _ = pattern.occurs(in: "xaby")                      // true
/// _ = pattern.replacing(in: "abcab", with: "-")       // "-c-"
/// ```
struct TextPattern {
    let needle: [Character]
    /// fallback[i]: the length of the longest proper border of needle[...i].
    private let fallback: [Int]

    init(_ pattern: String) {
        needle = Array(pattern)
        fallback = KnuthMorrisPratt.fallback(needle)
    }

    /// Whether the pattern occurs in `text` (the empty pattern occurs in every text).
    func occurs(in text: String) -> Bool {
        if needle.isEmpty { return true }
        var k = 0
        for c in text {
            while k > 0, c != needle[k] { k = fallback[k - 1] }
            if c == needle[k] {
                k += 1
                if k == needle.count { return true }
            }
        }
        return false
    }

    /// `text` with every occurrence replaced, left to right and not
    /// overlapping; `text` itself when the pattern is empty or absent. Nil
    /// when the result would be longer than `limit` bytes.
    func replacing(in text: String, with replacement: String, limit: Int = Operators.maxTextBytes) -> String? {
        if needle.isEmpty { return text }
        let m = needle.count
        // Where each of the last m Characters starts, to find where a match began.
        var starts = [String.Index](repeating: text.startIndex, count: m)
        var out = ""
        var copied = text.startIndex
        var k = 0, position = 0
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            starts[position % m] = i
            let next = text.index(after: i)
            while k > 0, c != needle[k] { k = fallback[k - 1] }
            if c == needle[k] {
                k += 1
                if k == m {
                    let start = starts[(position + 1) % m]
                    out += text[copied..<start]
                    out += replacement
                    guard out.utf8.count <= limit else { return nil }
                    copied = next
                    k = 0
                }
            }
            position += 1
            i = next
        }
        if copied == text.startIndex { return text }
        out += text[copied...]
        return out.utf8.count <= limit ? out : nil
    }
}

/// Patterns that make a backtracking engine (Swift's `Regex`, like PCRE's)
/// take exponential time, refused before any row is matched: a repeated group
/// that can match by repetition alone (`(a+)+`, `(\w+\s?)*`, `((a*)|b)+`), and
/// a repeated alternation whose alternatives start with the same character
/// (`(a|ab)+`). Each iteration of a group with something it must match (`(\d+,)*`)
/// is pinned by it and stays safe.
///
/// ```swift
/// _ = RegexRisk.exponential(in: "(a+)+$")     // "nested repetition: (a+)+…"
/// _ = RegexRisk.exponential(in: "^(\\d+,)*\\d+$")   // nil
/// ```
enum RegexRisk {
    /// What one alternative (a sequence) holds so far.
    private struct Sequence {
        /// An element it must match that is not a repetition (a character, a bounded count).
        var mandatory = false
        /// A repetition without an upper bound (`*`, `+`, `{n,}`).
        var unbounded = false
        /// Its first character, when it starts with a plain one.
        var first: Unicode.Scalar?
        var started = false
    }

    /// A group being read: its finished alternatives and the current one.
    private struct Group {
        var alternatives: [Sequence] = []
        var current = Sequence()
        var all: [Sequence] { alternatives + [current] }
    }

    /// The element just read, to which a quantifier may apply.
    private struct Element {
        var mandatory: Bool
        var unbounded: Bool
        var first: Unicode.Scalar?
        /// For a group: whether repeating it is dangerous, and why.
        var riskIfRepeated: String?
    }

    static let nestedRepetition = "nested repetition: a repeated group that can match by repetition alone, as in (a+)+"
    static let alikeAlternatives = "a repeated choice whose alternatives start alike, as in (a|ab)+"

    /// How to write a pattern refused for `reason` instead.
    static func hint(for reason: String) -> String {
        reason == nestedRepetition ? "write the repetition once: (a+)+ matches what a+ matches"
            : "let the alternatives start differently: (a|ab)+ matches what (ab?)+ matches"
    }

    /// Why repeating `pattern`'s groups could take exponential time, or nil.
    static func exponential(in pattern: String) -> String? {
        let s = Array(pattern.unicodeScalars)
        var stack = [Group()]
        var i = 0
        var last: Element?

        func commit(_ e: Element, quantifier: (min: Int, max: Int?)?) -> String? {
            var element = e
            if let q = quantifier {
                let repeats = q.max.map { $0 > 1 } ?? true
                if repeats, let why = e.riskIfRepeated { return why }
                element.unbounded = e.unbounded || q.max == nil
                element.mandatory = e.mandatory && q.min >= 1 && q.max != nil
                if q.min == 0 { element.mandatory = false }
            }
            var seq = stack[stack.count - 1].current
            if !seq.started {
                seq.first = quantifier == nil || (quantifier!.min >= 1) ? element.first : nil
                seq.started = true
            }
            seq.mandatory = seq.mandatory || element.mandatory
            seq.unbounded = seq.unbounded || element.unbounded
            stack[stack.count - 1].current = seq
            return nil
        }

        /// Reads a quantifier at `i`, if one is there.
        func quantifier() -> (min: Int, max: Int?)? {
            guard i < s.count else { return nil }
            var q: (min: Int, max: Int?)?
            switch s[i] {
            case "*": q = (0, nil); i += 1
            case "+": q = (1, nil); i += 1
            case "?": q = (0, 1); i += 1
            case "{":
                var j = i + 1
                var low = "", high = ""
                var comma = false
                while j < s.count, s[j] != "}" {
                    if s[j] == "," { comma = true } else if comma { high.unicodeScalars.append(s[j]) } else { low.unicodeScalars.append(s[j]) }
                    j += 1
                }
                guard j < s.count, !(low.isEmpty && high.isEmpty),
                      low.allSatisfy(\.isNumber), high.allSatisfy(\.isNumber) else { return nil }
                let min = Int(low) ?? 0
                q = (min, comma ? (high.isEmpty ? nil : Int(high) ?? Int.max) : min)
                i = j + 1
            default: return nil
            }
            // Lazy and possessive forms (`*?`, `++`) repeat as often.
            if i < s.count, s[i] == "?" || s[i] == "+" { i += 1 }
            return q
        }

        while i < s.count {
            let c = s[i]
            var element: Element?
            switch c {
            case "\\":
                i += 1
                guard i < s.count else { break }
                let e = s[i]
                i += 1
                if e == "Q" {
                    // \Q…\E quotes literally.
                    var first: Unicode.Scalar?
                    while i < s.count, !(s[i] == "\\" && i + 1 < s.count && s[i + 1] == "E") {
                        if first == nil { first = s[i] }
                        i += 1
                    }
                    i = min(s.count, i + 2)
                    element = Element(mandatory: first != nil, unbounded: false, first: first)
                } else if "pPxuNko".unicodeScalars.contains(e), i < s.count, s[i] == "{" || s[i] == "<" || s[i] == "'" {
                    let close: Unicode.Scalar = s[i] == "{" ? "}" : (s[i] == "<" ? ">" : "'")
                    while i < s.count, s[i] != close { i += 1 }
                    i += 1
                    element = Element(mandatory: e != "k", unbounded: false, first: nil)
                } else if "bBAzZGK".unicodeScalars.contains(e) {
                    element = nil  // zero-width
                } else {
                    let isClass = (e.properties.isAlphabetic || e.properties.numericType != nil)
                    element = Element(mandatory: true, unbounded: false, first: isClass ? nil : e)
                }
            case "[":
                i += 1
                var depth = 1
                if i < s.count, s[i] == "^" { i += 1 }
                if i < s.count, s[i] == "]" { i += 1 }
                while i < s.count, depth > 0 {
                    if s[i] == "\\" { i += 2; continue }
                    if s[i] == "[" { depth += 1 } else if s[i] == "]" { depth -= 1 }
                    i += 1
                }
                element = Element(mandatory: true, unbounded: false, first: nil)
            case "(":
                i += 1
                if i < s.count, s[i] == "?" {
                    // A header: (?:, (?<name>, (?i), (?i:, (?=, (?#…).
                    var j = i + 1
                    if j < s.count, s[j] == "#" {
                        while j < s.count, s[j] != ")" { j += 1 }
                        i = j + 1
                        continue
                    }
                    var flagsOnly = false
                    while j < s.count {
                        let h = s[j]
                        if h == ":" || h == "=" || h == "!" { j += 1; break }
                        if h == ">" || h == "'" && j > i + 1 { j += 1; break }
                        if h == ")" { flagsOnly = true; j += 1; break }
                        j += 1
                    }
                    i = j
                    if flagsOnly { continue }
                }
                stack.append(Group())
                last = nil
                continue
            case ")":
                i += 1
                guard stack.count > 1 else { break }
                let group = stack.removeLast()
                let alternatives = group.all
                var risk: String?
                if alternatives.contains(where: { !$0.mandatory && $0.unbounded }) {
                    risk = nestedRepetition
                } else {
                    let firsts = alternatives.compactMap(\.first)
                    if Set(firsts).count < firsts.count {
                        risk = alikeAlternatives
                    }
                }
                element = Element(mandatory: alternatives.allSatisfy(\.mandatory), unbounded: alternatives.contains(where: \.unbounded),
                                  first: alternatives.count == 1 ? alternatives[0].first : nil, riskIfRepeated: risk)
            case "|":
                i += 1
                stack[stack.count - 1].alternatives.append(stack[stack.count - 1].current)
                stack[stack.count - 1].current = Sequence()
                last = nil
                continue
            case "^", "$":
                i += 1
                continue
            case ".":
                i += 1
                element = Element(mandatory: true, unbounded: false, first: nil)
            default:
                i += 1
                element = Element(mandatory: true, unbounded: false, first: c)
            }
            last = element
            guard let e = last else { continue }
            let q = quantifier()
            if let why = commit(e, quantifier: q) { return why }
            last = nil
        }
        return nil
    }
}

/// The failure table of Knuth–Morris–Pratt search, for bytes (`~`) and Characters (`contains`, `replace`):
/// fallback[i] is the length of the longest proper border of needle[...i].
///
/// Over positions rather than generic over the element type: an unspecialised generic (debug and
/// sanitizer builds) compared each element through its value witnesses, and an 8 MB pattern took
/// tens of seconds; the callers' closures compare their own concrete elements.
enum KnuthMorrisPratt {
    /// The table for a needle of `count` elements, where `same(i, j)` tells whether elements i and j are equal.
    static func fallback(count: Int, same: (Int, Int) -> Bool) -> [Int] {
        var fallback = [Int](repeating: 0, count: count)
        var k = 0
        var i = 1
        while i < count {
            while k > 0, !same(i, k) { k = fallback[k - 1] }
            if same(i, k) { k += 1 }
            fallback[i] = k
            i += 1
        }
        return fallback
    }

    static func fallback(_ needle: [UInt8]) -> [Int] {
        needle.withUnsafeBufferPointer { n in fallback(count: n.count) { n[$0] == n[$1] } }
    }

    static func fallback(_ needle: [Character]) -> [Int] {
        fallback(count: needle.count) { needle[$0] == needle[$1] }
    }
}
