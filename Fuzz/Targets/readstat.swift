// The survey-file reader (ReadStat) on arbitrary bytes, as each of its
// formats: SPSS, Stata, SAS and SAS transport. A read ends in a table or a
// load diagnostic naming the file, never a trap; a table is well formed, and
// reading only its first column (projection pushdown) gives the same rows of
// it. As SPSS, the bytes are also read with `keep missing`, which may change
// values but never the number of rows or columns.
//
// ReadStat itself is a system library, not built with coverage, so libFuzzer
// steers by the Swift side (the handlers, the column builders, the checks of
// a file's start and end) while ReadStat parses every input.
func fuzzReadStat(_ bytes: [UInt8]) {
    for format in [DatasetReader.Format.sav, .dta, .sas7bdat, .xpt] {
        let name = "fuzz." + format.extensions[0]
        let whole = read(bytes, format, name: name)
        guard let table = whole else { continue }
        checkTable(table)
        if let first = table.columns.first {
            let context = LoadContext()
            do throws(Diagnostic) {
                let narrow = try ReadStatReader.read(MemorySource(bytes, name: name), format: format, columns: [first.name], context: context).table
                precondition(narrow.rowCount == table.rowCount && narrow.columnNames == [first.name],
                             "reading only '\(first.name)' gave \(narrow.columnNames) × \(narrow.rowCount), not 1 × \(table.rowCount)")
                precondition((0..<narrow.rowCount).allSatisfy { narrow.columns[0][$0] == first[$0] }, "reading only '\(first.name)' changed its values")
            } catch {
                preconditionFailure("the whole file loaded, but its first column alone did not: \(error.message)")
            }
        }
        if format == .sav, let kept = read(bytes, format, name: name, options: LoadOptions(keepMissing: true)) {
            checkTable(kept)
            precondition(kept.rowCount == table.rowCount && kept.columnNames == table.columnNames, "keep missing changed the table's shape")
        }
    }
}

/// The table, or nil after a load diagnostic about `name` (anything else traps).
private func read(_ bytes: [UInt8], _ format: DatasetReader.Format, name: String, options: LoadOptions = LoadOptions()) -> Table? {
    do throws(Diagnostic) {
        return try DatasetReader.readSurvey(bytes: bytes, format: format, fileName: name, options: options)
    } catch {
        precondition(error.id.domain == "load", "\(error.id): \(error.message)")
        precondition(error.file == name, "a diagnostic about '\(error.file ?? "nothing")', not '\(name)'")
        _ = DiagnosticRenderer.render(error, source: nil)
        return nil
    }
}
