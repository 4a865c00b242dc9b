/// Where the shell keeps its history file.
///
/// In order: `$TOPLINE_HISTORY` (an empty value turns persistence off), else
/// `$XDG_STATE_HOME/topline/history` (when that is an absolute path, as the
/// XDG spec requires), else `$HOME/.local/state/topline/history`; nil when
/// there is no home directory either.
///
/// ```swift
/// _ = HistoryLocation.path(environment: ["HOME": "/home/ana"])
/// // "/home/ana/.local/state/topline/history"
/// ```
public enum HistoryLocation {
    public static func path(environment: [String: String]) -> String? {
        if let explicit = environment["TOPLINE_HISTORY"] {
            return explicit.isEmpty ? nil : explicit
        }
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return state + "/topline/history"
        }
        if let home = environment["HOME"], !home.isEmpty {
            return home + "/.local/state/topline/history"
        }
        return nil
    }
}
