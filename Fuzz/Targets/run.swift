// The whole path: parse, resolve, run and format, against the example
// datasets, with errors reported and rendered as diagnostics.
func fuzzRun(_ bytes: [UInt8]) {
    let session = FuzzDatasets.session()
    let options = RunOptions(stopOnError: false)
    session.execute(bytes: bytes, fileName: "fuzz.tq", options: options) { event in
        switch event {
        case .table(let table):
            _ = TableFormatter.render(table, as: .table)
            _ = TableFormatter.render(table, as: .json)
        case .chart(let chart):
            _ = TableFormatter.render(chart.table, as: .csv)
        case .diagnostic(let d):
            _ = DiagnosticRenderer.render(d, source: session.sourceFile(named: "fuzz.tq")!)
        case .message, .finished:
            break
        }
    }
}
