/// Chart labels cut to a width without losing what tells them apart.
///
/// A label too wide is cut at the end with `…`. When several labels would
/// then read the same (`External force that will…` three times), those are
/// cut in the middle instead: a common head, `…`, and each one's
/// distinguishing end from the start of the word where it differs
/// (`Externa…Market factors`, `Externa…People skills`,
/// `Externa…Technology factors`). Labels that fit are never changed.
enum ChartLabels {
    /// `labels` cut to `width` display columns; labels that differ stay different
    /// wherever the width allows it.
    static func fit(_ labels: [String], width: Int) -> [String] {
        var out = labels.map { DisplayWidth.truncate($0, to: width) }
        var groups: [String: [String]] = [:]
        var order: [String] = []
        for (label, cut) in zip(labels, out) where label != cut {
            if groups[cut] == nil { order.append(cut) }
            if !(groups[cut]?.contains(label) ?? false) { groups[cut, default: []].append(label) }
        }
        for cut in order {
            guard let group = groups[cut], group.count > 1, let fitted = distinct(group, width: width) else { continue }
            for i in out.indices where out[i] == cut { out[i] = fitted[labels[i]] ?? out[i] }
        }
        return out
    }

    /// Middle cuts of `group` (labels that differ but share a cut end) that
    /// are all different, or nil when none fits `width`.
    private static func distinct(_ group: [String], width: Int) -> [String: String]? {
        let room = width - 1  // the columns left beside the `…`
        guard room >= 2 else { return nil }
        let labels = group.map { Array($0) }
        func allDifferent(_ cuts: [String]) -> [String: String]? {
            Set(cuts).count == cuts.count ? Dictionary(uniqueKeysWithValues: zip(group, cuts)) : nil
        }
        // First choice: one head for the whole group, and each label's end
        // from the start of the word where it differs from the others.
        let minimumHead = min(4, max(1, room / 3))
        let tails = labels.indices.map { i in
            Array(labels[i][wordStart(labels[i], before: distinguishingIndex(i, labels))...])
        }
        let head = tails.map { room - columns(of: $0) }.min() ?? 0
        if head >= minimumHead, let cuts = allDifferent(labels.indices.map { cut(labels[$0], head: head, tail: columns(of: tails[$0])) }) {
            return cuts
        }
        // Otherwise the widest ends that make them differ, from half the room up, then down.
        let half = room - room / 2
        for tail in Array(half..<room) + Array((1..<half).reversed()) {
            if let cuts = allDifferent(labels.map { cut($0, head: room - tail, tail: tail) }) { return cuts }
        }
        return nil
    }

    /// Where label `i` first differs from the label of the group most like it.
    private static func distinguishingIndex(_ i: Int, _ labels: [[Character]]) -> Int {
        var index = 0
        for (j, other) in labels.enumerated() where j != i {
            var k = 0
            while k < labels[i].count, k < other.count, labels[i][k] == other[k] { k += 1 }
            index = max(index, k)
        }
        return min(index, max(labels[i].count - 1, 0))
    }

    /// The start of the word holding index `i`: after a space or `:`, `/`, `-`, `(`, `,`, `;`.
    private static func wordStart(_ label: [Character], before i: Int) -> Int {
        var k = i
        while k > 0, !label[k - 1].isWhitespace, !":/-(,;".contains(label[k - 1]) { k -= 1 }
        return k
    }

    /// The first `head` and last `tail` columns of `label` around `…`.
    private static func cut(_ label: [Character], head: Int, tail: Int) -> String {
        var front = "", used = 0
        for ch in label {
            let w = DisplayWidth.of(String(ch))
            if used + w > head { break }
            front.append(ch)
            used += w
        }
        var back: [Character] = []
        used = 0
        for ch in label.reversed() {
            let w = DisplayWidth.of(String(ch))
            if used + w > tail { break }
            back.append(ch)
            used += w
        }
        while front.last?.isWhitespace == true { front.removeLast() }
        return front + "…" + String(back.reversed())
    }

    private static func columns(of characters: [Character]) -> Int { DisplayWidth.of(String(characters)) }
}
