/// A problem found in source text or data, with where it happened.
///
/// The library reports every error as a `Diagnostic` and never prints:
/// render one with ``DiagnosticRenderer``.
public struct Diagnostic: Error, Hashable, Sendable, Codable {
    public enum Severity: String, Sendable, Codable {
        case error, warning, note
    }

    public var severity: Severity
    /// A stable identifier such as `parse.expected` or `resolve.unknown-column`,
    /// for tools that match on the kind of problem rather than its wording.
    public var id: DiagnosticID
    public var message: String
    /// The name of the source the range refers to (a path, `<command-line>`),
    /// or nil for problems with no source position.
    public var file: String?
    /// Byte range in the source named by `file`.
    public var range: SourceRange?
    /// A short label printed under the caret (e.g. "did you mean 'region'?").
    public var label: String?
    /// `help:` lines printed after the source excerpt.
    public var hints: [String]
    /// For data errors: the 1-based line in a data file, which has no loaded
    /// source text to show.
    public var dataLine: Int?
    /// For data errors: the 1-based column (in characters) of `dataLine`
    /// where the problem is, when the loader knows it.
    public var dataColumn: Int?

    public init(
        _ severity: Severity = .error, id: DiagnosticID, _ message: String,
        file: String? = nil, range: SourceRange? = nil, label: String? = nil,
        hints: [String] = [], dataLine: Int? = nil, dataColumn: Int? = nil
    ) {
        self.severity = severity
        self.id = id
        self.message = message
        self.file = file
        self.range = range
        self.label = label
        self.hints = hints
        self.dataLine = dataLine
        self.dataColumn = dataColumn
    }

    public static func error(
        _ id: DiagnosticID, _ message: String, at range: SourceRange? = nil,
        label: String? = nil, hints: [String] = []
    ) -> Diagnostic {
        Diagnostic(.error, id: id, message, range: range, label: label, hints: hints)
    }
}

extension Diagnostic {
    /// The "did you mean" rule of every diagnostic, for front ends that report
    /// their own unknown names (the shell's dot commands): the closest of
    /// `candidates` to `word` by edit distance, if one is close enough.
    public static func suggestion(for word: String, among candidates: [String]) -> String? {
        Suggestions.closest(to: word, in: candidates)
    }
}
