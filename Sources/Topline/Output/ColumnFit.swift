/// Which columns of a human table fit a terminal of a given width, and how
/// wide each may be, so that no line is longer than the terminal and none
/// wraps.
///
/// A table that fits keeps its natural widths. One that does not keeps the
/// columns from the left while they fit, its long columns cut to a cap
/// (their cells end with `…`): the widest cap from a fifth of the width
/// down to ``minimumCap`` that lets the most columns fit. The first column
/// always shows, cut to the width if need be. The room left goes back to
/// the columns it cut, the least cut first, so that as many as can be are
/// whole again.
/// The columns that did not fit are left out (the renderer says which).
///
/// ```swift
/// let layout = ColumnFit(natural: [40, 10, 30, 12], separator: 2, frame: 0, width: 40)
/// // layout.widths == [12, 10, 14]: the long columns are cut to 12, three fit,
/// // the 2 columns left over go to the third (cut by 18, the first by 28),
/// // and the fourth is left out
/// ```
struct ColumnFit: Equatable {
    /// The width of each column shown, in order; the columns after them are left out.
    let widths: [Int]

    /// No long column is cut below this many columns (the width of a date
    /// and time, or a short phrase) unless the terminal itself is narrower.
    static let minimumCap = 12

    /// - natural: each column's widest cell (header included), in display columns;
    /// - separator: the columns between two columns (`2` for table, `3` for box's ` │ `);
    /// - frame: the columns around all of them (`4` for box's `│ ` and ` │`, `0` for table);
    /// - width: the terminal's width.
    init(natural: [Int], separator: Int, frame: Int, width: Int) {
        func total(_ widths: [Int]) -> Int {
            widths.reduce(0, +) + separator * max(0, widths.count - 1) + frame
        }
        guard !natural.isEmpty, total(natural) > width else {
            widths = natural
            return
        }
        // Columns from the left, each cut to `cap`, while they fit.
        func prefix(cap: Int) -> [Int] {
            var shown: [Int] = []
            for w in natural {
                let candidate = shown + [min(w, cap)]
                guard total(candidate) <= width else { break }
                shown = candidate
            }
            return shown
        }
        // The widest cap, from a fifth of the width down to the minimum, that shows the most columns.
        var shown = prefix(cap: max(Self.minimumCap, width / 5))
        for cap in stride(from: max(Self.minimumCap, width / 5) - 1, through: Self.minimumCap, by: -1) {
            let more = prefix(cap: cap)
            if more.count > shown.count { shown = more }
        }
        if shown.isEmpty {
            // Not even the first column fits at the cap: it takes what there is.
            shown = [max(1, min(natural[0], width - frame))]
        }
        // The room left goes back to the cut columns, the least cut first:
        // as many as can be are whole again.
        var room = width - total(shown)
        let cut = shown.indices.filter { shown[$0] < natural[$0] }.sorted { natural[$0] - shown[$0] < natural[$1] - shown[$1] }
        for i in cut where room > 0 {
            let extra = min(room, natural[i] - shown[i])
            shown[i] += extra
            room -= extra
        }
        widths = shown
    }
}
