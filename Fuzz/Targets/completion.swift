// The completion engine: the first two bytes pick the cursor, the rest is the
// text being edited. Completions must replace a range inside the text.
func fuzzCompletion(_ bytes: [UInt8]) {
    guard bytes.count >= 2 else { return }
    let text = String(decoding: bytes[2...], as: UTF8.self)
    let length = text.utf8.count
    let cursor = (Int(bytes[0]) << 8 | Int(bytes[1])) % (length + 3) - 1  // includes -1 and past the end
    let session = FuzzDatasets.session()
    let result = session.completions(in: text, cursor: cursor, dotCommands: [".help", ".mode", ".read", ".quit"])
    precondition(result.range.lowerBound >= 0 && result.range.upperBound <= length, "completion range outside the text")
    _ = result.commonPrefix
    _ = Session.isComplete(text)
}
