// The delimited reader on arbitrary bytes, as CSV and as TSV: read in one
// window and in windows of a few bytes (so rows, quotes, CR LF pairs and
// characters are cut at every point), which must agree exactly; a table
// that loads must be well formed (every column as long as the row count).
func fuzzCSV(_ bytes: [UInt8]) {
    let small = 4 + bytes.count % 29
    for separator in [UInt8(ascii: ","), UInt8(ascii: "\t")] {
        let outcomes = [ByteStream.defaultChunkSize, small].map { size in
            LoadOutcome { () throws(Diagnostic) -> (Table, [Diagnostic]) in
                var warnings: [Diagnostic] = []
                let table = try DatasetReader.readDelimited(bytes: bytes, separator: separator, fileName: "fuzz.csv",
                                                            chunkSize: size, warnings: { warnings.append($0) })
                return (table, warnings)
            }
        }
        precondition(outcomes[0] == outcomes[1], "a window of \(small) bytes reads differently: \(outcomes[1]) instead of \(outcomes[0])")
        if let table = outcomes[0].table { checkTable(table) }
    }
}
