/// Runs `tabulate` (see ``TabulateVerb``) into the long form of a banner
/// table — one row per cell, in the order the banner shows them — and marks
/// the table as a banner for the human formats (``BannerNotes``).
///
/// Estimates: on a weighted or design dataset each cell is a design
/// estimate over the column's rows as a domain (R: `svyby(~I(row == k),
/// ~banner, design, svymean)`; the Total: `svymean`); unweighted, a share
/// with the Wilson interval. Letters: within a row, for each pair of columns
/// of one banner variable with unsuppressed bases, the difference is tested —
/// unweighted shares by the pooled two-proportion z-test (SPSS's column
/// proportions), unweighted means by the pooled-variance t-test, weighted or
/// design estimates by the design t of their difference, covariance included,
/// on R `svyttest`'s df — and p-values are adjusted over the row's pairs
/// (`set letters_adjust`); a significant pair puts the letter of the smaller
/// column in the larger one's cell. Each row × banner variable gets Pearson's
/// X² (unweighted) or Rao–Scott's F (R `svychisq`).
enum Tabulate {
    /// At most this many categories in a row variable or a banner variable.
    static let categoryLimit = 200
    /// A numeric row variable with at most this many values has them as categories (and a mean); with more, only the mean.
    static let numericCategoryLimit = 20

    /// The value of a row variable that an estimate counts (a category, a net, a mean).
    private enum Measure {
        case category(Int)
        case net(Set<Int>)
        case mean
    }

    private struct Estimate1 {
        var label: String
        var kind: String
        var measure: Measure
    }

    /// The banner table of `step` over `table`'s rows, or over the cells a server summed (`cells`:
    /// then `table` holds one row per cell, and `step` names its columns).
    static func apply(_ step: TabulateStep, to table: Table, cells: TabulateCells? = nil, context: EvaluationContext) throws(Diagnostic) -> Table {
        let frame: DesignFrame? = cells != nil ? cells!.design : table.activeDesign(weightColumn: step.weight) ?? step.weight.map { w in
            DesignFrame.weightsOnly(Aggregation.weightValues(table.columns[w]).map { $0 >= 0 && $0.isFinite ? $0 : .nan },
                                    rowCount: table.rowCount, summary: "weight " + table.columns[w].name, declared: false)
        }
        // The banner columns: the Total, then each banner variable's categories in their order.
        var bannerColumns: [(banner: String, label: String, letter: String?)] = [("Total", "Total", nil)]
        var columnOfRow: [[Int32]] = []
        var bannerRanges: [Range<Int>] = []
        for b in step.banners {
            let column = table.columns[b]
            let (codes, labels) = try categories(of: column, rowCount: table.rowCount, context: context)
            guard labels.count <= categoryLimit else {
                throw context.error(.runTabulate, "'\(column.name)' has \(labels.count) categories: a banner shows at most \(categoryLimit)", at: step.range)
            }
            let first = bannerColumns.count
            for (k, label) in labels.enumerated() { bannerColumns.append((column.name, label, letter(k))) }
            columnOfRow.append(codes.map { $0 < 0 ? -1 : Int32(first) + $0 })
            bannerRanges.append(first..<bannerColumns.count)
        }
        var out = LongForm()
        for (i, spec) in step.rows.enumerated() {
            try context.checkInterrupt()
            try tabulate(spec, table: table, cells: cells, means: cells?.means[i], setSums: cells?.sets[i], frame: frame, step: step, bannerColumns: bannerColumns, columnOfRow: columnOfRow,
                         bannerRanges: bannerRanges, context: context, into: &out)
        }
        var result = out.table()
        var notes: [String] = []
        let level = "\(Int((context.settings.confidenceLevel * 100).rounded()))%"
        if step.show == .column && !step.banners.isEmpty {
            let adjustment = context.settings.lettersAdjustment.map { "\($0.displayName)-adjusted over the pairs of a row" } ?? "not adjusted"
            let test = frame == nil
                ? "pooled two-proportion z-tests (means: pooled-variance t-tests)"
                : "design-based t-tests of the differences (covariance included, svyttest's df)"
            notes.append("letters: the column is larger than the lettered columns of its banner at the \(level) level: \(test), p \(adjustment); columns with suppressed bases are not tested")
        }
        if let frame { notes.append("weighted: \(frame.declared ? "design " + frame.summary : frame.summary); bases unweighted") }
        result.banner = BannerNotes(footnotes: notes)
        return result
    }

    /// Letters A … Z, then AA, AB, ….
    static func letter(_ k: Int) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        return k < 26 ? String(alphabet[k]) : String(alphabet[k / 26 - 1]) + String(alphabet[k % 26])
    }

    /// Each row's category code (−1 for null) and the categories' labels, in the column's order
    /// (``Grouping/ordered(_:)``: declared levels, numbers ascending, false before true, else first seen).
    static func categories(of column: Column, rowCount: Int, context: EvaluationContext) throws(Diagnostic) -> (codes: [Int32], labels: [String]) {
        let grouping = try Grouping(columns: [column], rowCount: rowCount, context: context).ordered([column])
        var code = [Int32](repeating: -1, count: grouping.count)
        var labels: [String] = []
        for g in 0..<grouping.count {
            let v = column[grouping.firstRow[g]]
            if v.isNull { continue }
            code[g] = Int32(labels.count)
            labels.append(ValueText.human(v))
        }
        // Declared levels no row has are categories too (a scale point nobody chose shows as 0%).
        if let levels = column.levels {
            let present = Set(labels)
            for (i, level) in levels.enumerated() where !present.contains(level) {
                labels.insert(level, at: min(i, labels.count))
                for g in code.indices where code[g] >= Int32(i) { code[g] += 1 }
            }
        }
        return (grouping.groupOfRow.map { code[Int($0)] }, labels)
    }

    private static func tabulate(_ spec: TabulateStep.Row, table: Table, cells: TabulateCells?, means: TabulateCells.MeanSums?,
                                 setSums: TabulateCells.SetSums?, frame: DesignFrame?, step: TabulateStep,
                                 bannerColumns: [(banner: String, label: String, letter: String?)], columnOfRow: [[Int32]],
                                 bannerRanges: [Range<Int>], context: EvaluationContext, into out: inout LongForm) throws(Diagnostic) {
        let column = table.columns[spec.column]
        let numeric = spec.set == nil && column.type.isPlainNumeric
        var (codes, labels) = try categories(of: column, rowCount: table.rowCount, context: context)
        // A multiple-response set: each of its columns is a "category" a row may choose with others;
        // the base is the rows that answered any of them.
        var chosen: [[Bool]] = []
        if let setSums {
            // From a server's cells: which answered the set, and what each chose (``TabulateCells/SetSums``).
            labels = setSums.labels
            codes = setSums.answered.map { $0 ? Int32(labels.count) : -1 }
        } else if let set = spec.set {
            labels = set.items.map { table.columns[$0].name }
            chosen = set.items.map { i in (0..<table.rowCount).map { Self.isChosen(table.columns[i][$0]) } }
            let answered = (0..<table.rowCount).map { r in set.items.contains { !table.columns[$0][r].isNull } }
            codes = answered.map { $0 ? Int32(labels.count) : -1 }  // a code past the items: in the base, no single category
        }
        let name = spec.set?.name ?? column.name
        var estimates: [Estimate1] = []
        if spec.set != nil {
            estimates = labels.enumerated().map { Estimate1(label: $1, kind: "category", measure: .category($0)) }
        } else if !numeric || labels.count <= numericCategoryLimit {
            guard labels.count <= categoryLimit else {
                throw context.error(.runTabulate, "'\(column.name)' has \(labels.count) categories: a banner table shows at most \(categoryLimit)", at: step.range)
            }
            estimates = labels.enumerated().map { Estimate1(label: $1, kind: "category", measure: .category($0)) }
        }
        let categoryCount = spec.set == nil ? estimates.count : 0  // a set's columns overlap: no test of independence
        for net in spec.nets {
            var members = Set<Int>()
            for c in net.categories {
                guard let k = labels.firstIndex(of: c) else {
                    throw context.error(.runTabulate, "net '\(net.name)' names \(SourcePrinter.quoted(c)), which '\(column.name)' does not have", at: step.range,
                                        hints: ["categories: " + labels.prefix(12).map(SourcePrinter.quoted).joined(separator: ", ")])
                }
                members.insert(k)
            }
            estimates.append(Estimate1(label: net.name, kind: "net", measure: .net(members)))
        }
        if numeric { estimates.append(Estimate1(label: "Mean", kind: "mean", measure: .mean)) }

        // Sums per column (banner columns and the Total) and stratum, in one pass.
        let stage = frame?.stages.first
        let strata = stage?.unitCount.count ?? 1
        let units = stage?.unitCount ?? [table.rowCount]
        let correction = stage?.correction ?? [1]
        var stats = BannerStatistics(columns: bannerColumns.count, estimates: estimates.count, strata: strata)
        var rowsOfColumn = [[Int]](repeating: [], count: bannerColumns.count)
        // A number's value in each row; in each cell, its rows' mean Σwx/Σw (what the cell stands for as a row of a design).
        let values: [Double] = !numeric ? [] : means.map { m in cells!.weight.indices.map { cells!.weight[$0] > 0 ? m.weighted[$0] / cells!.weight[$0] : 0 } }
            ?? (0..<table.rowCount).map { column[$0].numeric ?? .nan }
        // The estimates each category counts in (its own, and the nets that hold it), and the mean's.
        let estimatesOfCategory: [[Int]] = spec.set != nil ? [[Int]](repeating: [], count: labels.count + 1) : labels.indices.map { k in
            estimates.indices.filter { e in
                switch estimates[e].measure {
                case .category(let j): return j == k
                case .net(let members): return members.contains(k)
                case .mean: return false
                }
            }
        }
        let meanEstimate = estimates.firstIndex { if case .mean = $0.measure { return true } else { return false } }
        // Rows as the units of a one-stage design: the sums alone give the figures, no rows need keeping.
        let rowsAsUnits = frame.map { $0.replicates == nil && $0.stages.count == 1 && $0.stages[0].unitOfRow == nil } ?? true
        let groupOfUnit = stage?.groupOfUnit, unitOfRow = stage?.unitOfRow
        func collect(rows: Bool, sums: Bool, into stats: inout BannerStatistics, _ rowsOfColumn: inout [[Int]]) throws(Diagnostic) {
            for r in 0..<table.rowCount {
                if r & 0xFFFF == 0 { try context.checkInterrupt() }
                let k = Int(codes[r])
                guard k >= 0 || (numeric && (means?.valued[r] ?? !values[r].isNaN)) else { continue }
                let original = frame?.originalRow(r) ?? r
                // A row, or a cell of `count` rows with their Σw and Σw² (a category's value is 1: Σwa = Σw, Σw²a = Σw²a² = Σw²).
                let w = cells?.weight[r] ?? frame?.weights[original] ?? 1
                guard !w.isNaN else { continue }
                let count = cells?.rows[r] ?? 1, w2 = cells?.weightSquared[r] ?? w * w
                let h = cells?.stratum[r] ?? groupOfUnit.map { Int($0[unitOfRow.map { Int($0[original]) } ?? original]) } ?? 0
                var b = cells?.inTotal[r] == false ? 0 : -1  // the Total, then each banner's column of the row
                while b < columnOfRow.count {
                    let c = b < 0 ? 0 : Int(columnOfRow[b][r])
                    b += 1
                    guard c >= 0 else { continue }
                    if rows { rowsOfColumn[c].append(r) }
                    guard sums else { continue }
                    stats.addRows(column: c, stratum: h, count: count, weight: w, weightSquared: w2)
                    if k >= 0 { for e in estimatesOfCategory[k] { stats.addSums(column: c, estimate: e, stratum: h, weighted: w, squared: w2, squaredTwice: w2) } }
                    for (i, picks) in chosen.enumerated() where picks[r] { stats.add(column: c, estimate: i, stratum: h, weight: w, value: 1) }
                    if let setSums {
                        for i in setSums.labels.indices {
                            stats.addSums(column: c, estimate: i, stratum: h, weighted: setSums.weight[i][r], squared: setSums.weightSquared[i][r],
                                          squaredTwice: setSums.weightSquared[i][r])
                        }
                    }
                    if let m = meanEstimate {
                        if let means {
                            stats.addSums(column: c, estimate: m, stratum: h, weighted: means.weighted[r], squared: means.squared[r],
                                          squaredTwice: means.squaredTwice[r])
                        } else {
                            stats.add(column: c, estimate: m, stratum: h, weight: w, value: values[r])
                        }
                    }
                }
            }
        }
        try collect(rows: !rowsAsUnits, sums: true, into: &stats, &rowsOfColumn)
        let fast = rowsAsUnits && !(frame != nil && (0..<bannerColumns.count).contains { stats.touchesLonelyStratum($0, units: units, correction: correction) })
        // A lonely PSU: the general path, which needs the rows.
        if !fast && rowsAsUnits { try collect(rows: true, sums: false, into: &stats, &rowsOfColumn) }
        let infos = estimates.map { e -> Estimate1Info in
            switch e.measure {
            case .category(let j):
                if let setSums {
                    // A cell's share of Σw that chose the set's column j.
                    let picked = setSums.weight[j].indices.map { cells!.weight[$0] > 0 ? setSums.weight[j][$0] / cells!.weight[$0] : 0 }
                    return Estimate1Info(isMean: false, categories: [], chosen: picked, weightedRows: setSums.replicateRows.isEmpty ? nil : setSums.replicateRows[j])
                }
                return Estimate1Info(isMean: false, categories: chosen.isEmpty ? [j] : [], chosen: chosen.isEmpty ? nil : chosen[j].map { $0 ? 1 : 0 })
            case .net(let members): return Estimate1Info(isMean: false, categories: members)
            case .mean: return Estimate1Info(isMean: true, categories: [], weightedRows: means?.replicateRows)
            }
        }
        let figures = try Figures(stats: stats, fast: fast, frame: frame, estimates: infos, values: values, codes: codes,
                                  rowsOfColumn: rowsOfColumn, units: units, correction: correction, range: step.range, context: context)

        let settings = context.settings
        // Base rows.
        for (c, col) in bannerColumns.enumerated() {
            out.append(variable: name, category: "Base", kind: "base", column: col, value: nil, count: nil,
                       n: stats.rowCount(c), weighted: frame == nil ? nil : stats.total(c), letters: nil)
        }
        // Letters: per banner, per estimate, the pairs of its columns.
        var letters = [[String]](repeating: [String](repeating: "", count: bannerColumns.count), count: estimates.count)
        if step.show == .column {
            for range in bannerRanges {
                for e in estimates.indices {
                    var pairs: [(Int, Int, Double, Double)] = []  // larger, smaller, p
                    for i in range {
                        for j in range where j > i {
                            guard !suppressed(stats.rowCount(i), settings), !suppressed(stats.rowCount(j), settings),
                                  let test = try figures.test(i, j, e, estimate: infos[e]) else { continue }
                            pairs.append(test.difference > 0 ? (i, j, test.p, test.difference) : (j, i, test.p, test.difference))
                        }
                    }
                    guard !pairs.isEmpty else { continue }
                    let adjusted = settings.lettersAdjustment.map { PValueAdjustment.adjust(pairs.map(\.2), $0) } ?? pairs.map(\.2)
                    for (pair, p) in zip(pairs, adjusted) where p < 1 - settings.confidenceLevel && pair.3 != 0 {
                        letters[e][pair.0] += bannerColumns[pair.1].letter ?? ""
                    }
                }
            }
        }
        for (e, estimate) in estimates.enumerated() {
            for (c, col) in bannerColumns.enumerated() {
                let n = stats.rowCount(c)
                var value: Estimate?
                var count: Double?
                switch step.show {
                case .column: value = n > 0 ? try figures.estimate(c, e, estimate: infos[e], n: n, settings: settings) : nil
                case .count: count = estimate.kind == "mean" ? nil : stats.value(c, e) * stats.total(c)
                case .row:
                    // The share of the row's Total that falls in the column (a Total column of 100%).
                    if estimate.kind != "mean" {
                        let inRow = stats.value(c, e) * stats.total(c), ofRow = stats.value(0, e) * stats.total(0)
                        if ofRow > 0 { value = settings.estimate(inRow / ofRow, n: nil) }
                    }
                }
                out.append(variable: name, category: estimate.label, kind: estimate.kind, column: col, value: value, count: count,
                           n: n, weighted: frame == nil ? nil : stats.total(c), letters: step.show == .column && c > 0 ? String(letters[e][c].sorted()) : nil)
            }
        }
        // A test of independence per banner variable, on the categories.
        for range in bannerRanges where categoryCount >= 2 && range.count >= 2 {
            guard let test = try figures.independence(categories: categoryCount, columns: range) else { continue }
            out.appendTest(variable: name, banner: bannerColumns[range.lowerBound].banner, test: test)
        }
    }

    private static func suppressed(_ n: Int, _ settings: SessionSettings) -> Bool { n < settings.smallBase.suppressBelow }

    /// Whether an answer to a set's column chooses it: true, a text "yes" or "true" (any case), a number other than 0.
    static func isChosen(_ v: Value) -> Bool {
        switch v {
        case .boolean(let b): return b
        case .text(let t): return ["yes", "true", "y"].contains(t.lowercased())
        case .integer(let i): return i != 0
        case .number(let d): return d != 0
        default: return false
        }
    }
}

/// A banner table's human layout notes: the footnotes under it. A table
/// carrying them is drawn as a banner by the table, box and markdown formats.
struct BannerNotes: Sendable {
    var footnotes: [String]
}
