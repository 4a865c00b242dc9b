import Foundation
import Topline

/// Terminal control sequences an attacker can put in data, names and file
/// names, and the check that a text written to a terminal carries none.
public enum HostileText {
    /// Sets the window title, then a plain "t".
    public static let title = "\u{1B}]0;PWNED\u{07}t"
    /// Writes the clipboard (OSC 52).
    public static let clipboard = "\u{1B}]52;c;SGVsbG8=\u{07}"
    /// How `SafeText` shows them.
    public static let titleEscaped = #"\u{1B}]0;PWNED\u{7}t"#
    public static let clipboardEscaped = #"\u{1B}]52;c;SGVsbG8=\u{7}"#

    /// No byte that a terminal would act on: C0 controls (but line feeds, and
    /// tabs unless `allowingTabs` is false), DEL, C1 controls, bidi overrides;
    /// with `allowingSGR`, colour sequences are allowed.
    public static func isInert(_ text: String, allowingTabs: Bool = true, allowingSGR: Bool = false) -> Bool {
        var text = text
        if allowingSGR {
            text = text.replacingOccurrences(of: #"\u{1B}\[[0-9;]*m"#, with: "", options: .regularExpression)
        }
        return !text.unicodeScalars.contains { $0 != "\n" && !(allowingTabs && $0 == "\t") && SafeText.isUnsafe($0) }
    }
}
