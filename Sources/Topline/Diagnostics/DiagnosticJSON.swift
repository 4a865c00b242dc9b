/// Diagnostics as JSON, one object per line, for editors and other programs:
///
/// ```json
/// {"severity":"error","id":.resolveUnknownColumn,"message":"unknown column 'regoin'",
///  "file":"report.tq","line":3,"column":9,"end_line":3,"end_column":15,
///  "byte_start":57,"byte_end":63,"label":"did you mean 'region'?","hints":[]}
/// ```
///
/// Lines and columns are 1-based (columns count characters, as the text
/// rendering does); byte offsets are 0-based and half-open. Fields that do
/// not apply are null (`line` and `column` are the data-file line and
/// column for data errors, where the loader knows them).
public enum DiagnosticJSON {
    public static func encode(_ d: Diagnostic, source: SourceFile?) -> String {
        var fields: [(String, String)] = [
            ("severity", string(d.severity.rawValue)),
            ("id", string(d.id.rawValue)),
            ("message", string(d.message)),
            ("file", d.file.map(string) ?? "null"),
        ]
        if let range = d.range, let source, d.file == nil || d.file == source.name {
            let start = position(range.start, in: source), end = position(range.end, in: source)
            fields += [("line", "\(start.line)"), ("column", "\(start.column)"),
                       ("end_line", "\(end.line)"), ("end_column", "\(end.column)"),
                       ("byte_start", "\(range.start)"), ("byte_end", "\(range.end)")]
        } else {
            fields += [("line", d.dataLine.map(String.init) ?? "null"), ("column", d.dataColumn.map(String.init) ?? "null"),
                       ("end_line", "null"), ("end_column", "null"),
                       ("byte_start", d.range.map { "\($0.start)" } ?? "null"),
                       ("byte_end", d.range.map { "\($0.end)" } ?? "null")]
        }
        fields.append(("label", d.label.map(string) ?? "null"))
        fields.append(("hints", "[" + d.hints.map(string).joined(separator: ",") + "]"))
        return "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }

    /// A notice (`loaded survey: 60 rows × 16 columns`) as a JSON line of the same shape, so that
    /// with `--errors json` every line on standard error parses: `{"severity":"note","id":null,"message":…}`.
    public static func note(_ message: String) -> String {
        line(message, severity: "note")
    }

    /// A message of the command itself (a usage error, a file it cannot write) as a JSON line:
    /// `{"severity":"error","id":null,"message":"--width must be between 20 and 1000"}`.
    public static func commandError(_ message: String) -> String {
        line(message, severity: "error")
    }

    private static func line(_ message: String, severity: String) -> String {
        "{\"severity\":\"\(severity)\",\"id\":null,\"message\":\(string(message))}"
    }

    /// Line and character column (1-based) of a byte offset.
    private static func position(_ offset: Int, in source: SourceFile) -> (line: Int, column: Int) {
        let (line, byteColumn) = source.location(of: offset)
        let lineStart = offset - (byteColumn - 1)
        return (line, source.text(in: SourceRange(lineStart, offset)).count + 1)
    }

    /// A JSON string literal (the escaping the json output format uses).
    static func string(_ s: String) -> String {
        String(decoding: JSONRenderer.quoted(s), as: UTF8.self)
    }
}
