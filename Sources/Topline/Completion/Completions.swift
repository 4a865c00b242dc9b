/// What Tab offers at a cursor position: candidates and the byte range of the
/// text they replace.
public struct Completions: Sendable, Equatable {
    /// The byte range of the input that a chosen candidate replaces.
    public var range: Range<Int>
    public var candidates: [CompletionCandidate]

    public init(range: Range<Int>, candidates: [CompletionCandidate]) {
        self.range = range
        self.candidates = candidates
    }

    /// The longest insertion prefix all candidates share (for partial completion).
    public var commonPrefix: String {
        guard var prefix = candidates.first?.insertion else { return "" }
        for c in candidates.dropFirst() {
            while !c.insertion.hasPrefix(prefix) { prefix.removeLast() }
        }
        return prefix
    }
}

/// One completion.
public struct CompletionCandidate: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case keyword, verb, dataset, column, function, value, path, dotCommand, setting
    }

    /// The full replacement text, with quotes or back-quotes as needed and a
    /// trailing space (or closing quote) when the item is finished.
    public var insertion: String
    /// What to show in a list of candidates (a column with a variable label
    /// shows it: `q1 — Satisfaction with the service`).
    public var display: String
    public var kind: Kind
    /// A column's variable label (from a survey file), which what is typed
    /// may match too: `satis` offers `q1`.
    public var detail: String?

    public init(insertion: String, display: String, kind: Kind, detail: String? = nil) {
        self.insertion = insertion
        self.display = display
        self.kind = kind
        self.detail = detail
    }
}
