// The delimited reader on arbitrary bytes, as CSV and as TSV: read in one
// window on one thread, in windows of a few bytes (so rows, quotes, CR LF
// pairs and characters are cut at every point), and in about five windows
// each cut into up to 12 chunks, of a byte or more, that 2 or 3 threads scan
// at once (DelimitedChunks; threads start once per window, and windows of a
// few bytes made the fuzzer 15 times slower), which must all agree exactly;
// a table that loads must be well formed (every column as long as the row count).
func fuzzCSV(_ bytes: [UInt8]) {
    let small = 4 + bytes.count % 29
    let window = 4 * small + bytes.count / 4
    let parallel = LoadParallelism(threads: 2 + bytes.count % 2, minimumFileSize: 0, minimumChunk: 1 + bytes.count % 3)
    for separator in [UInt8(ascii: ","), UInt8(ascii: "\t")] {
        let reads = [(ByteStream.defaultChunkSize, LoadParallelism.sequential), (small, .sequential), (window, parallel)]
        let outcomes = reads.map { (size, parallelism) in
            LoadOutcome { () throws(Diagnostic) -> (Table, [Diagnostic]) in
                var warnings: [Diagnostic] = []
                let table = try DatasetReader.readDelimited(bytes: bytes, separator: separator, fileName: "fuzz.csv",
                                                            chunkSize: size, parallelism: parallelism,
                                                            warnings: { warnings.append($0) })
                return (table, warnings)
            }
        }
        precondition(outcomes[0] == outcomes[1], "a window of \(small) bytes reads differently: \(outcomes[1]) instead of \(outcomes[0])")
        precondition(outcomes[0] == outcomes[2],
                     "\(parallel.threads) threads in windows of \(window) bytes read differently: \(outcomes[2]) instead of \(outcomes[0])")
        if let table = outcomes[0].table { checkTable(table) }
    }
}
