// The JSON and NDJSON readers on arbitrary bytes.
func fuzzJSON(_ bytes: [UInt8]) {
    if let table = try? DatasetReader.readJSON(bytes: bytes, fileName: "fuzz.json") { checkTable(table) }
    if let table = try? DatasetReader.readNDJSON(bytes: bytes, fileName: "fuzz.ndjson") { checkTable(table) }
}
