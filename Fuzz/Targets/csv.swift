// The delimited reader on arbitrary bytes, as CSV and as TSV; a table that
// loads must be well formed (every column as long as the row count).
func fuzzCSV(_ bytes: [UInt8]) {
    for separator in [UInt8(ascii: ","), UInt8(ascii: "\t")] {
        if let table = try? DatasetReader.readDelimited(bytes: bytes, separator: separator, fileName: "fuzz.csv") {
            checkTable(table)
        }
    }
}
