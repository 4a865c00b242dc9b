// The JSON and NDJSON readers on arbitrary bytes, in one window and in
// windows of a few bytes, which must agree exactly (a JSON array is read
// whole either way; NDJSON streams).
func fuzzJSON(_ bytes: [UInt8]) {
    let small = 4 + bytes.count % 29
    for lines in [false, true] {
        let outcomes = [ByteStream.defaultChunkSize, small].map { size in
            LoadOutcome { () throws(Diagnostic) -> (Table, [Diagnostic]) in
                var warnings: [Diagnostic] = []
                let table = try DatasetReader.readJSON(bytes: bytes, fileName: lines ? "fuzz.ndjson" : "fuzz.json", lines: lines,
                                                       chunkSize: size, warnings: { warnings.append($0) })
                return (table, warnings)
            }
        }
        precondition(outcomes[0] == outcomes[1], "a window of \(small) bytes reads differently: \(outcomes[1]) instead of \(outcomes[0])")
        if let table = outcomes[0].table { checkTable(table) }
    }
}
