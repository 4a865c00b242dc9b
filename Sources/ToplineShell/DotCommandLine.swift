/// A typed dot command split into its name and arguments.
///
/// Arguments are separated by spaces; a double-quoted argument may contain
/// spaces (`.read "my script.tq"`), with `\"` and `\\` escapes.
///
/// ```swift
/// _ = DotCommandLine(parsing: ".mode csv")   // name "mode", arguments ["csv"]
/// ```
public struct DotCommandLine: Equatable, Sendable {
    /// The name typed after the dot, possibly an abbreviation (`mo`).
    public var name: String
    public var arguments: [String]

    public init(name: String, arguments: [String]) {
        self.name = name
        self.arguments = arguments
    }

    /// Nil unless `line` (after leading blanks) starts with a dot.
    public init?(parsing line: String) {
        let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
        guard trimmed.first == "." else { return nil }
        var words: [String] = []
        var current = ""
        var inWord = false
        var quoted = false
        var escaped = false
        for ch in trimmed.dropFirst() {
            if escaped {
                current.append(ch)
                escaped = false
            } else if quoted {
                if ch == "\\" { escaped = true } else if ch == "\"" { quoted = false } else { current.append(ch) }
            } else if ch == " " || ch == "\t" {
                if inWord { words.append(current); current = ""; inWord = false }
            } else if ch == "\"" {
                quoted = true
                inWord = true
            } else {
                current.append(ch)
                inWord = true
            }
        }
        if inWord { words.append(current) }
        self.name = words.first ?? ""
        self.arguments = Array(words.dropFirst())
    }
}
