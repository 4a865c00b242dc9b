#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Locale setup libedit needs before `el_init`: without a UTF-8 `LC_CTYPE`
/// it silently drops non-ASCII keys.
enum TerminalLocale {
    /// Uses the environment's `LC_CTYPE`, falling back to a UTF-8 one when that
    /// is not a UTF-8 codeset (e.g. `LANG` unset): `C.UTF-8` (glibc), else
    /// `en_US.UTF-8` or `UTF-8` (the names macOS has).
    static func prepare() {
        _ = setlocale(LC_CTYPE, "")
        let codeset = nl_langinfo(nl_item(CODESET)).map { String(cString: $0) } ?? ""
        guard String(codeset.uppercased().filter { $0 != "-" }) != "UTF8" else { return }
        for name in ["C.UTF-8", "en_US.UTF-8", "UTF-8"] where setlocale(LC_CTYPE, name) != nil { return }
    }
}
