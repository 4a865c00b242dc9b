#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The environment variables the shell and command consult, read once so the
/// location rules can be tested with an injected dictionary.
public enum ShellEnvironment {
    public static let variables = ["HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME", "TOPLINE_HISTORY", "NO_COLOR", "TOPLINE_PAGER", "PAGER",
                                   "TOPLINE_SCRIPT_LIMIT", "TOPLINE_HISTORY_LIMIT"]

    /// The current values of ``variables`` (unset ones are absent).
    public static func current() -> [String: String] {
        var values: [String: String] = [:]
        for name in variables {
            if let value = getenv(name) { values[name] = String(cString: value) }
        }
        return values
    }

    /// The startup file: `~/.toplinerc` when it exists, else
    /// `$XDG_CONFIG_HOME/topline/rc` (default `~/.config/topline/rc`) when it
    /// exists, else nil.
    public static func startupFile(environment: [String: String], exists: (String) -> Bool = fileExists) -> String? {
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 }
        if let home, exists(home + "/.toplinerc") { return home + "/.toplinerc" }
        let config = environment["XDG_CONFIG_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? home.map { $0 + "/.config" }
        guard let config, exists(config + "/topline/rc") else { return nil }
        return config + "/topline/rc"
    }

    /// Whether diagnostics on `output` should be coloured: a terminal, and
    /// `NO_COLOR` unset or empty (https://no-color.org).
    public static func wantsColor(_ output: TextOutput, environment: [String: String]) -> Bool {
        output.isTerminal && (environment["NO_COLOR"] ?? "").isEmpty
    }

    public static func fileExists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }
}
