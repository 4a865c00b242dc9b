import CLibPQ

/// The connection strings of `attach postgres "…"`: libpq's `key=value` form or a
/// `postgresql://` URI, read by libpq itself.
///
/// A password never belongs in one: scripts, history and `.save` would keep it. libpq
/// takes it from `PGPASSWORD` or `~/.pgpass`, so `attach` refuses a connection string
/// that states one, and the shell's history keeps `attach` statements with the password
/// part cut out (``redactingPasswords(in:)``).
///
/// ```swift
/// _ = ConnectionString.redacted("postgresql://ana:secret@db/survey")   // "postgresql://ana@db/survey"
/// _ = ConnectionString.redacted("host=db password='a b' dbname=s")    // "host=db dbname=s"
/// ```
public enum ConnectionString {
    /// Whether libpq reads a password out of `conninfo` (nil when libpq cannot parse it:
    /// connecting then reports libpq's own message).
    static func statesPassword(_ conninfo: String) -> Bool? {
        var error: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(conninfo, &error) else {
            if let error { PQfreemem(error) }
            return nil
        }
        defer { PQconninfoFree(options) }
        var option = options
        while let keyword = option.pointee.keyword {
            if String(cString: keyword) == "password", let value = option.pointee.val, value.pointee != 0 { return true }
            option += 1
        }
        return false
    }

    /// `conninfo` without its password: the `:password` of a URI's user, a `password=`
    /// query parameter, or a `password=value` pair.
    public static func redacted(_ conninfo: String) -> String {
        let text = Array(conninfo.unicodeScalars)
        if conninfo.hasPrefix("postgresql://") || conninfo.hasPrefix("postgres://") {
            return redactedURI(text)
        }
        return redactedPairs(text)
    }

    /// `source` with the connection string of every `attach … "…"` statement redacted:
    /// what the shell's history and a transcript keep.
    public static func redactingPasswords(in source: String) -> String {
        var lexer = Lexer(SourceFile(name: "", text: source))
        let tokens = lexer.tokenize().tokens
        var bytes = Array(source.utf8)
        // From the end, so earlier ranges stay valid.
        for i in stride(from: tokens.count - 1, through: 2, by: -1) {
            guard case .string(let conninfo) = tokens[i].kind, case .identifier("attach") = tokens[i - 2].kind else { continue }
            let shown = redacted(conninfo)
            guard shown != conninfo else { continue }
            let range = tokens[i].range
            bytes.replaceSubrange(range.start..<range.end, with: Array(SourcePrinter.quoted(shown).utf8))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func redactedURI(_ s: [Unicode.Scalar]) -> String {
        var out = String.UnicodeScalarView()
        var i = 0
        // scheme://
        while i < s.count, s[i] != "/" { out.append(s[i]); i += 1 }
        while i < s.count, s[i] == "/" { out.append(s[i]); i += 1 }
        // user[:password]@ — the authority ends at '/', '?' or the end.
        var end = i
        while end < s.count, s[end] != "/", s[end] != "?" { end += 1 }
        if let at = s[i..<end].lastIndex(of: "@") {
            let user = s[i..<at]
            let colon = user.firstIndex(of: ":") ?? at
            out.append(contentsOf: s[i..<colon])
            i = at
        }
        while i < s.count, s[i] != "?" { out.append(s[i]); i += 1 }
        guard i < s.count else { return String(out) }
        // ?a=1&password=x&b=2
        let query = String(String.UnicodeScalarView(s[(i + 1)...]))
        let kept = query.split(separator: "&", omittingEmptySubsequences: false).filter { !$0.hasPrefix("password=") }
        if !kept.isEmpty { out.append(contentsOf: ("?" + kept.joined(separator: "&")).unicodeScalars) }
        return String(out)
    }

    /// `key = value` pairs, a value plain or single-quoted with backslash escapes, as libpq reads them.
    private static func redactedPairs(_ s: [Unicode.Scalar]) -> String {
        var pairs: [String] = []
        var i = 0
        func skipSpace() { while i < s.count, s[i] == " " || s[i] == "\t" || s[i] == "\n" || s[i] == "\r" { i += 1 } }
        while true {
            skipSpace()
            guard i < s.count else { break }
            let start = i
            var key = String.UnicodeScalarView()
            while i < s.count, s[i] != "=", s[i] != " ", s[i] != "\t" { key.append(s[i]); i += 1 }
            skipSpace()
            if i < s.count, s[i] == "=" { i += 1 }
            skipSpace()
            if i < s.count, s[i] == "'" {
                i += 1
                while i < s.count, s[i] != "'" { i += s[i] == "\\" ? 2 : 1 }
                i = min(i + 1, s.count)
            } else {
                while i < s.count, s[i] != " ", s[i] != "\t", s[i] != "\n", s[i] != "\r" { i += 1 }
            }
            if String(key) != "password" { pairs.append(String(String.UnicodeScalarView(s[start..<i]))) }
        }
        return pairs.joined(separator: " ")
    }
}
