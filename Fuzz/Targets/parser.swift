// Lexer + parser on arbitrary bytes: must return tokens, a script and
// diagnostics, never trap; every diagnostic range must lie inside the source.
func fuzzParser(_ bytes: [UInt8]) {
    let file = SourceFile(name: "fuzz.tq", bytes: bytes)
    var lexer = Lexer(file)
    _ = lexer.tokenize()
    let (_, diagnostics) = Parser.parse(file)
    for d in diagnostics {
        if let r = d.range { precondition(r.start >= 0 && r.start <= r.end && r.end <= bytes.count, "diagnostic range out of source") }
        _ = DiagnosticRenderer.render(d, source: file)
    }
}
