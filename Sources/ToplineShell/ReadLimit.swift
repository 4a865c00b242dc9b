import Topline

/// The most bytes the shell and command read from one file of a kind, so a
/// huge or endless input (`/dev/zero`, a sparse 100 GB file) is refused with
/// a diagnostic instead of exhausting memory. Each limit can be changed with
/// an environment variable holding a size (`256M`, `1G`, a number of bytes);
/// a value that is not a size is ignored.
///
/// | what | default | variable |
/// | --- | --- | --- |
/// | scripts (`topline run`, `.tq` arguments, `.read`, standard input, the startup file) | 64 MiB | `TOPLINE_SCRIPT_LIMIT` |
/// | the history file | 16 MiB | `TOPLINE_HISTORY_LIMIT` |
///
/// Data files have the library's limit (``DataFileLimit``, `TOPLINE_DATA_LIMIT`).
public struct ReadLimit: Sendable, Equatable {
    public static let scriptVariable = "TOPLINE_SCRIPT_LIMIT"
    public static let historyVariable = "TOPLINE_HISTORY_LIMIT"
    public static let defaultScriptBytes = 64 << 20
    public static let defaultHistoryBytes = 16 << 20

    public var bytes: Int
    /// The environment variable that changes it.
    public var variable: String
    /// What the limit applies to, for messages ("a script").
    public var subject: String

    public init(bytes: Int, variable: String, subject: String) {
        // Kept far from Int.max so "one byte past the limit" never overflows.
        self.bytes = min(max(bytes, 0), Int.max / 4)
        self.variable = variable
        self.subject = subject
    }

    public static func script(environment: [String: String]) -> ReadLimit {
        ReadLimit(
            bytes: environment[scriptVariable].flatMap(ByteSize.parse) ?? defaultScriptBytes,
            variable: scriptVariable, subject: "a script")
    }

    public static func history(environment: [String: String]) -> ReadLimit {
        ReadLimit(
            bytes: environment[historyVariable].flatMap(ByteSize.parse) ?? defaultHistoryBytes,
            variable: historyVariable, subject: "the history file")
    }

    /// Why a file is refused (`size` bytes, or nil for a stream that went on
    /// past the limit), naming the limit: "it is 100 GiB, more than the 64 MiB
    /// limit for a script".
    func refusal(size: Int?) -> String {
        let what = size.map { "it is \(ByteSize.describe($0)), more than" } ?? "it goes on past"
        return "\(what) the \(ByteSize.describe(bytes)) limit for \(subject)"
    }

    /// How to raise the limit, with a value that would admit `size`.
    func howToRaise(size: Int?) -> String {
        let wanted = max(size ?? 0, bytes > Int.max / 4 ? bytes : bytes * 4)
        let mib = 1 << 20, gib = 1 << 30
        let value = wanted >= gib
            ? "\(wanted / gib + (wanted % gib == 0 ? 0 : 1))G" : "\(wanted / mib + (wanted % mib == 0 ? 0 : 1))M"
        return "set \(variable) to raise the limit, e.g. \(variable)=\(value)"
    }
}
