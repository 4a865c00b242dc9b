import Glibc

/// Locale setup libedit needs before `el_init`: without a UTF-8 `LC_CTYPE`
/// it silently drops non-ASCII keys.
enum TerminalLocale {
    /// Uses the environment's `LC_CTYPE`, falling back to `C.UTF-8` when that
    /// is not a UTF-8 codeset (e.g. `LANG` unset).
    static func prepare() {
        _ = setlocale(LC_CTYPE, "")
        let codeset = nl_langinfo(nl_item(CODESET)).map { String(cString: $0) } ?? ""
        if String(codeset.uppercased().filter { $0 != "-" }) != "UTF8" {
            _ = setlocale(LC_CTYPE, "C.UTF-8")
        }
    }
}
