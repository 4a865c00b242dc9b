/// Runs `crosstab ROW by COLUMN` (see ``CrosstabVerb``): rows with a null in
/// either column are left out, as R's `svychisq` leaves them out.
enum Crosstab {
    static func apply(_ table: Table, row: Int, column: Int, weight: Int?, range: SourceRange,
                      context: EvaluationContext) throws(Diagnostic) -> Table {
        let rowColumn = table.columns[row], columnColumn = table.columns[column]
        let frame: DesignFrame? = table.activeDesign(weightColumn: weight) ?? weight.map { w in
            DesignFrame.weightsOnly(Aggregation.weightValues(table.columns[w]), rowCount: table.rowCount,
                                    summary: "weight " + table.columns[w].name, declared: false)
        }
        // Categories in order of first appearance, and each kept row's cell.
        var rowIndex: [Value: Int] = [:], columnIndex: [Value: Int] = [:]
        var kept: [Int] = [], cells: [Int] = []
        var pairs: [(Int, Int)] = []
        for r in 0..<table.rowCount {
            if r & 0xFFFF == 0 { try context.checkInterrupt() }
            let a = rowColumn[r], b = columnColumn[r]
            if a.isNull || b.isNull { continue }
            if let frame, frame.weights[frame.originalRow(r)].isNaN { continue }
            let i = rowIndex[a] ?? { let k = rowIndex.count; rowIndex[a] = k; return k }()
            let j = columnIndex[b] ?? { let k = columnIndex.count; columnIndex[b] = k; return k }()
            kept.append(r)
            pairs.append((i, j))
        }
        let (nr, nc) = (rowIndex.count, columnIndex.count)
        guard nr >= 2, nc >= 2 else {
            throw context.error(.runCrosstab, "crosstab needs at least two categories in each column: '\(rowColumn.name)' has \(nr), '\(columnColumn.name)' has \(nc)",
                                at: range)
        }
        let cellCount = nr * nc
        guard cellCount <= 400 else {
            throw context.error(.runCrosstab, "crosstab of \(nr) × \(nc) categories: at most 400 cells are tested", at: range,
                                hints: ["group the categories first (derive with a condition) to test fewer cells"])
        }
        for (i, j) in pairs { cells.append(i + nr * j) }
        let names = "\(rowColumn.name) × \(columnColumn.name)"
        var results: [IndependenceTest.Result]
        var method: String
        if let frame {
            let rows = kept.map(frame.originalRow)
            let ones = [Double](repeating: 1, count: rows.count)
            let estimands = (0..<cellCount).map { k in DesignEstimand(rows: rows, numerator: cells.map { $0 == k ? 1 : 0 }, denominator: ones) }
            let estimate = try Aggregation.designVariance(frame, estimands, context, at: range)
            results = IndependenceTest.raoScott(estimate.values, covariance: estimate.covariance, rows: nr, columns: nc,
                                                n: Double(rows.count), designDF: Double(estimate.degreesOfFreedom))
            let design = frame.declared ? "design \(frame.summary)" : frame.summary
            method = "Rao–Scott (\(design), n=\(rows.count)), \(names)"
            if results.isEmpty { method = "no test: the cell proportions' covariance is singular, \(names)" }
        } else {
            var counts = [Double](repeating: 0, count: cellCount)
            for k in cells { counts[k] += 1 }
            results = [IndependenceTest.pearsonTest(counts: counts, rows: nr, columns: nc)]
            method = "Pearson X² without continuity correction (n=\(kept.count)), \(names)"
        }
        let methods: [String] = results.map { r in
            switch r.test {
            case "F": return "second-order " + method
            case "Chisq": return "first-order " + method
            default: return method
            }
        }
        return Table(unchecked: [
            Column(name: "test", type: .text, values: results.map { .text($0.test) }),
            Column(name: "statistic", type: .number, storage: .doubles(results.map(\.statistic))),
            Column(name: "ndf", type: .number, storage: .doubles(results.map(\.ndf))),
            Column(name: "ddf", type: .number, storage: .doubles(results.map { $0.ddf ?? .nan })),
            Column(name: "p", type: .probability, storage: .doubles(results.map(\.p))),
            Column(name: "method", type: .text, values: methods.map(Value.text)),
        ], rowCount: results.count)
    }
}
