/// `tabulate` on an attached table as ONE aggregate query returning the banner table's cells
/// (``TabulateCells``): per row variable × banner (and stratum, or design unit) the rows, Σw and Σw², by
/// `GROUP BY GROUPING SETS ((r0, h), (r0, b0, h), (r0, b1, h), …)` — a set for each row
/// variable's Total and one for each of its banners, so that banners are not crossed with each
/// other. Topline makes the bases, shares, letters and tests from them as from the rows in
/// memory (``Tabulate``): a category's share is Σw of its cell over the column's, and on a design
/// whose units are rows its variance and the Rao–Scott matrix need only those sums. On a design with
/// clusters the cells are also split by the design's keys (strata and every stage's cluster), so that
/// each lies in one last-stage unit: its rows' linearised values add up to the cell's Σw·(a − θ)/W,
/// and the cells stand for the rows in the design's variance (``TabulateCells``).
///
/// Pushed: row variables and banners of text, yes/no, dates and numbers — a number's values are its
/// categories when it has at most 20 (the server counts them in the same query), and its mean's
/// Σwx, Σw²x and Σw²x² come per cell — unweighted, on a weight (`design pg.T weight W` or a loaded
/// weight, every row a unit), on a design of strata without clusters with no lonely stratum, or on a
/// design with clusters; multiple-response sets too (whether a row answered, and each column's Σw and
/// Σw² where chosen). On replicate weights each cell also has its Σw_r under every replicate and the
/// cross products Σw_r·w_s of its rows' replicate weights (for R's `degf`), and each number's Σw_r·x
/// and each set column's Σw_r where chosen, under every replicate (``TabulateCells``). A weights-only
/// table of one row (a lonely unit) takes the rows instead.
extension SQLCompiler {
    /// The design the cells are summed under: none, a weight (N, the table's rows, from the server),
    /// the first stage of a design without clusters (its strata by the server's text of their value),
    /// a design with clusters (its last-stage units, by the server's text of their keys: ``RemoteDesign/Structure/units(_:_:)``),
    /// or replicate weights (the replicate columns and their method).
    enum TabulateDesign: Sendable {
        case none
        case weight(String)
        case strata(RemoteDesign, DesignStage, [String?: Int])
        case units(RemoteDesign, DesignFrame, [[String?]: Int])
        case replicates(RemoteDesign, [String], ReplicateMethod)
    }

    func tabulated(_ step: TabulateStep, from: String, schema: Schema, design: TabulateDesign,
                   _ parameters: inout SQLParameters) -> Level? {
        let categorical: (ValueType) -> Bool = { $0 == .text || $0 == .boolean || $0.isTemporal }
        // GROUPING(b0, …) is a bit per banner in a 32-bit integer.
        guard step.banners.count < 31,
              step.rows.allSatisfy({ $0.set != nil || categorical(schema.columns[$0.column].type) || schema.columns[$0.column].type.isPlainNumeric }),
              step.banners.allSatisfy({ categorical(schema.columns[$0].type) || schema.columns[$0].type.isPlainNumeric }) else { return nil }
        let names = schema.columns.map { SQLText.identifier($0.name) }
        let rowNames = step.rows.indices.map { SQLText.identifier("r\($0)") }
        let bannerNames = step.banners.indices.map { SQLText.identifier("b\($0)") }
        let numeric = step.rows.indices.filter { step.rows[$0].set == nil && schema.columns[step.rows[$0].column].type.isPlainNumeric }
        let sets = step.rows.indices.filter { step.rows[$0].set != nil }
        var inner: [String] = []
        for (i, row) in step.rows.enumerated() {
            if let set = row.set {
                // A multiple-response set: whether the row answered any of its columns, and which it chose.
                inner.append("(" + set.items.map { "\(names[$0]) IS NOT NULL" }.joined(separator: " OR ") + ") AS \(rowNames[i])")
                for (j, item) in set.items.enumerated() {
                    inner.append(Self.chosen(names[item], schema.columns[item].type) + " AS " + SQLText.identifier("c\(i)_\(j)"))
                }
                continue
            }
            let x = names[row.column]
            guard numeric.contains(i) else {
                inner.append("\(x) AS \(rowNames[i])")
                continue
            }
            // A number's values are its categories when it has at most 20 (as in memory, over the rows
            // tabulated), else it has only its mean; `k` tells a row with a value from a null.
            inner.append("CASE WHEN (SELECT count(DISTINCT \(x)) \(from)) <= \(Tabulate.numericCategoryLimit) THEN \(x) END AS \(rowNames[i])")
            inner.append("\(x) IS NOT NULL AS \(SQLText.identifier("k\(i)"))")
            inner.append("CAST(\(x) AS double precision) AS \(SQLText.identifier("x\(i)"))")
        }
        inner += zip(step.banners, bannerNames).map { "\(names[$0]) AS \($1)" }
        // The design's keys each cell is split by: the stratum, or (with clusters) the strata and every stage's cluster.
        var designKeys: [String] = []
        var weight: Int?
        switch design {
        case .none:
            break
        case .weight(let w):
            weight = schema.columns.firstIndex { $0.name == w }
            guard weight != nil else { return nil }
        case .strata(let remote, let stage, _):
            // A lonely stratum's variance follows the lonely-PSU rules, which need the rows.
            guard !stage.unitCount.indices.contains(where: { stage.unitCount[$0] < 2 && stage.correction[$0] >= 0.0000001 }) else { return nil }
            weight = schema.columns.firstIndex { $0.name == remote.weight }
            guard weight != nil else { return nil }
            if let s = remote.strata {
                guard let i = schema.columns.firstIndex(where: { $0.name == s }) else { return nil }
                inner.append("\(names[i]) AS \"h\"")
                designKeys = ["\"h\""]
            }
        case .units(let remote, _, _):
            weight = schema.columns.firstIndex { $0.name == remote.weight }
            guard weight != nil else { return nil }
            for (k, key) in remote.keys.enumerated() {
                guard let i = schema.columns.firstIndex(where: { $0.name == key }) else { return nil }
                inner.append("\(names[i]) AS \(SQLText.identifier("d\(k)"))")
                designKeys.append(SQLText.identifier("d\(k)"))
            }
        case .replicates(let remote, let columns, _):
            weight = schema.columns.firstIndex { $0.name == remote.weight }
            guard let w = weight.map({ names[$0] }) else { return nil }
            for (k, column) in columns.enumerated() {
                guard let i = schema.columns.firstIndex(where: { $0.name == column }) else { return nil }
                // The rows whose weight counts nowhere leave their replicate weights out too.
                inner.append("CASE WHEN \(SufficientStatistics.usableWeight(w)) THEN CAST(\(names[i]) AS double precision) END AS \(SQLText.identifier("q\(k)"))")
            }
        }
        // A row whose weight is unusable (negative, infinite, null) counts nowhere, but its values are still
        // categories (of 0%), as in memory.
        if let weight {
            let w = names[weight]
            inner.append("CASE WHEN \(SufficientStatistics.usableWeight(w)) THEN CAST(\(w) AS double precision) END AS \"w\"")
        }
        let keys = numeric.map { SQLText.identifier("k\($0)") }
        var outer = rowNames + keys + bannerNames + designKeys
        // Which banner a cell is of: GROUPING is 1 for each banner the set leaves out (all of them: the Total).
        if !bannerNames.isEmpty { outer.append("GROUPING(\(bannerNames.joined(separator: ", ")))") }
        outer.append(weight == nil ? "count(*)" : "count(\"w\")")
        if weight != nil { outer += ["sum(\"w\")", "sum(\"w\" * \"w\")"] }
        for i in numeric {
            // A mean's Σwx, Σw²x and Σw²x² (unweighted: Σx, Σx, Σx²), in the in-memory order of the products.
            let x = SQLText.identifier("x\(i)")
            outer += weight == nil ? ["sum(\(x))", "sum(\(x))", "sum(\(x) * \(x))"]
                : ["sum(\"w\" * \(x))", "sum(\"w\" * \"w\" * \(x))", "sum(\"w\" * \"w\" * \(x) * \(x))"]
        }
        for i in sets {
            // Each column of a set: Σw and Σw² of the rows that chose it (unweighted, their count, twice).
            for j in step.rows[i].set!.items.indices {
                let c = SQLText.identifier("c\(i)_\(j)")
                outer += weight == nil ? ["count(CASE WHEN \(c) THEN 1 END)"]
                    : ["sum(CASE WHEN \(c) THEN \"w\" END)", "sum(CASE WHEN \(c) THEN \"w\" * \"w\" END)"]
            }
        }
        if case .weight = design { outer.append("(SELECT count(*) FROM \(source.sqlName))") }
        if case .replicates(_, let columns, _) = design {
            outer += Self.replicateSums(columns.count)
            // A mean's θ_r is Σw_r·x / Σw_r, a set column's Σw_r where chosen / Σw_r where answered: per cell, an array each.
            let q = (0..<columns.count).map { SQLText.identifier("q\($0)") }
            for i in numeric {
                let x = SQLText.identifier("x\(i)")
                outer.append("ARRAY[" + q.map { "sum(\($0) * \(x))" }.joined(separator: ", ") + "]")
            }
            for i in sets {
                for j in step.rows[i].set!.items.indices {
                    let c = SQLText.identifier("c\(i)_\(j)")
                    outer.append("ARRAY[" + q.map { "sum(CASE WHEN \(c) THEN \($0) END)" }.joined(separator: ", ") + "]")
                }
            }
        }
        var groupingSets: [String] = []
        for (i, r) in rowNames.enumerated() {
            let row = [r] + (numeric.contains(i) ? [SQLText.identifier("k\(i)")] : [])
            groupingSets.append("(" + (row + designKeys).joined(separator: ", ") + ")")
            for b in bannerNames { groupingSets.append("(" + (row + [b] + designKeys).joined(separator: ", ") + ")") }
        }
        let columns = step.rows.map { $0.set.map { SchemaColumn(name: $0.name, type: .boolean) } ?? schema.columns[$0.column] }
            + step.banners.map { schema.columns[$0] }
        let types = columns.map(\.type)
        let order = (bannerNames.isEmpty ? [] : ["GROUPING(\(bannerNames.joined(separator: ", ")))"])
            + zip(rowNames + bannerNames, types).map { SQLExpression.collated($0, $1) + " ASC NULLS LAST" } + keys + designKeys
        let sql = "SELECT \(outer.joined(separator: ", ")) FROM (SELECT \(inner.joined(separator: ", ")) \(from)) AS s"
            + " GROUP BY GROUPING SETS (\(groupingSets.joined(separator: ", "))) ORDER BY \(order.joined(separator: ", "))"
        let labels = Dictionary(uniqueKeysWithValues: sets.map { i in (i, step.rows[i].set!.items.map { schema.columns[$0].name }) })
        return Level(sql: sql, ordered: true, limited: true,
                     finish: .tabulate(TabulateSummary(step: step, columns: columns, numeric: numeric, sets: labels, design: design)))
    }

    /// A cell's Σw_r under each of `count` replicates and the cross products Σw_r·w_s (r ≤ s, row by row
    /// of the upper triangle) of its rows' replicate weights, as two arrays.
    private static func replicateSums(_ count: Int) -> [String] {
        let q = (0..<count).map { SQLText.identifier("q\($0)") }
        var cross: [String] = []
        for i in 0..<count {
            for j in i..<count { cross.append("sum(\(q[i]) * \(q[j]))") }
        }
        return ["ARRAY[" + q.map { "sum(\($0))" }.joined(separator: ", ") + "]", "ARRAY[" + cross.joined(separator: ", ") + "]"]
    }

    /// Whether a set's column is chosen, as ``Tabulate/isChosen(_:)`` says: true, the text yes, true or y in
    /// any case of its ASCII letters, a number other than 0; never for other types.
    private static func chosen(_ x: String, _ type: ValueType) -> String {
        switch type {
        case .boolean: return "(\(x) IS TRUE)"
        case .text: return "(lower(\(x) COLLATE \"C\") IN ('yes', 'true', 'y'))"
        case .integer, .number: return "(\(x) <> 0)"
        default: return "FALSE"
        }
    }
}

/// How a `tabulate` pushed down (``SQLCompiler/tabulated(_:from:schema:design:_:)``) turns the
/// server's cells into the banner table: the cells become a table of one row per cell and
/// ``TabulateCells``, and ``Tabulate`` runs on them.
struct TabulateSummary: Sendable {
    /// The verb as resolved on the table.
    let step: TabulateStep
    /// The row variables', then the banners' columns.
    let columns: [SchemaColumn]
    /// The row variables that are numbers (their values as categories when they have at most 20, and a mean).
    let numeric: [Int]
    /// The multiple-response sets among the row variables, with their columns' names.
    let sets: [Int: [String]]
    let design: SQLCompiler.TabulateDesign

    /// The banner table; nil when the sums are not enough (``TabulateCells/needsRows``): then the rows are fetched.
    func table(_ result: PostgresResult, context: EvaluationContext) throws(Diagnostic) -> Table? {
        let rowCount = step.rows.count, banners = step.banners.count
        // The result's columns: the row variables, each number's "has a value", the banners, the stratum
        // (or the design's keys), GROUPING, the cell's rows (Σw, Σw²), each number's three sums, N.
        let valuedAt = rowCount, bannersAt = rowCount + numeric.count
        var position = bannersAt + banners
        let stratumAt: Int? = if case .strata(let remote, _, _) = design, remote.strata != nil { position } else { nil }
        if stratumAt != nil { position += 1 }
        let keysAt = position
        if case .units(let remote, _, _) = design { position += remote.keys.count }
        // With clusters: each cell's last-stage unit (a row of the design's units).
        var unitOfCell: [Int] = []
        let groupingAt: Int? = banners > 0 ? position : nil
        if groupingAt != nil { position += 1 }
        let countAt = position
        let weighted = if case .none = design { false } else { true }
        let meansAt = countAt + (weighted ? 3 : 1)
        var cells = TabulateCells(rows: [], weight: [], weightSquared: [], stratum: [], inTotal: [], design: nil)
        for i in numeric { cells.means[i] = TabulateCells.MeanSums() }
        for (i, labels) in sets { cells.sets[i] = TabulateCells.SetSums(labels: labels) }
        let setsAt = meansAt + 3 * numeric.count, setColumns = weighted ? 2 : 1
        let setOrder = sets.keys.sorted()
        let allBanners = (1 << banners) - 1
        for row in result.rows {
            let n = Int(row[countAt] ?? "") ?? 0
            cells.rows.append(n)
            cells.weight.append(weighted ? Double(row[countAt + 1] ?? "") ?? 0 : Double(n))
            cells.weightSquared.append(weighted ? Double(row[countAt + 2] ?? "") ?? 0 : Double(n))
            cells.inTotal.append(groupingAt.map { Int(row[$0] ?? "") == allBanners } ?? true)
            switch design {
            case .strata(_, _, let groups):
                cells.stratum.append(groups[stratumAt.map { row[$0] } ?? nil] ?? 0)
            case .units(let remote, let units, let index):
                // A unit the design did not have when it was declared (the table changed since): the rows decide.
                guard let u = index[Array(row[keysAt..<(keysAt + remote.keys.count)])] else { return nil }
                unitOfCell.append(u)
                cells.stratum.append(units.stages[0].groupOfUnit.map { Int($0[units.stages[0].unitOfRow.map { Int($0[u]) } ?? u]) } ?? 0)
            default:
                cells.stratum.append(0)
            }
            for (k, i) in numeric.enumerated() {
                let sums = (0..<3).map { Double(row[meansAt + 3 * k + $0] ?? "") ?? 0 }
                cells.means[i]!.append(valued: row[valuedAt + k] == "t", weighted: sums[0], squared: sums[1], squaredTwice: sums[2])
            }
            var at = setsAt
            for i in setOrder {
                let sums = (0..<sets[i]!.count).map { j -> (Double, Double) in
                    let w = Double(row[at + setColumns * j] ?? "") ?? 0
                    return (w, weighted ? Double(row[at + setColumns * j + 1] ?? "") ?? 0 : w)
                }
                cells.sets[i]!.append(answered: row[i] == "t", chosen: sums)
                at += setColumns * sets[i]!.count
            }
        }
        // After the sets: N of a weight, or the replicates' two arrays.
        let lastAt = setsAt + setColumns * sets.values.reduce(0) { $0 + $1.count }
        switch design {
        case .none:
            break
        case .weight(let w):
            let units = result.rows.first.flatMap { Int($0[lastAt] ?? "") } ?? 0
            cells.design = .weightsOnly(cells.weight, rowCount: units, summary: "weight \(w)", declared: false)
        case .strata(let remote, let stage, _):
            let first = DesignStage(unitOfRow: nil, groupOfUnit: nil, unitCount: stage.unitCount, correction: stage.correction, groupNames: stage.groupNames)
            cells.design = DesignFrame(summary: remote.summary, declared: true, weights: cells.weight, stages: [first], replicates: nil,
                                       roles: remote.roles, origin: nil)
        case .units(let remote, let units, _):
            // The cells as the rows of the design: each in its unit at every stage, weighing its Σw.
            let stages = units.stages.map { stage in
                DesignStage(unitOfRow: unitOfCell.map { u in stage.unitOfRow.map { $0[u] } ?? Int32(u) }, groupOfUnit: stage.groupOfUnit,
                            unitCount: stage.unitCount, correction: stage.correction, groupNames: stage.groupNames)
            }
            cells.design = DesignFrame(summary: remote.summary, declared: true, weights: cells.weight, stages: stages, replicates: nil,
                                       roles: remote.roles, origin: nil)
        case .replicates(let remote, let columns, let method):
            // The cells as the rows of a replicate design: each weighing its Σw, and Σw_r under replicate r;
            // after them, a block of rows for each number's Σw·x and each set column's Σw where chosen.
            let r = columns.count
            var replicates = [[Double]](repeating: [], count: r), crossProducts: [[Double]] = []
            for row in result.rows {
                let sums = DesignSummary.numbers(row[lastAt]), cross = DesignSummary.numbers(row[lastAt + 1])
                guard sums.count == r, cross.count == r * (r + 1) / 2 else { return nil }
                for k in 0..<r { replicates[k].append(sums[k]) }
                crossProducts.append(cross)
            }
            var weights = cells.weight, block = lastAt + 2
            func appendBlock(_ fullSample: [Double]) -> Int? {
                let start = weights.count
                weights += fullSample
                for row in result.rows {
                    let sums = DesignSummary.numbers(row[block])
                    guard sums.count == r else { return nil }
                    for k in 0..<r { replicates[k].append(sums[k]) }
                }
                block += 1
                return start
            }
            for i in numeric {
                guard let start = appendBlock(cells.means[i]!.weighted) else { return nil }
                cells.means[i]!.replicateRows = start
            }
            for i in setOrder {
                for j in sets[i]!.indices {
                    guard let start = appendBlock(cells.sets[i]!.weight[j]) else { return nil }
                    cells.sets[i]!.replicateRows.append(start)
                }
            }
            let replicateWeights = ReplicateWeights(cells: replicates, method: method,
                                                    crossProducts: .init(upperTriangles: crossProducts, rows: cells.rows))
            cells.design = DesignFrame(summary: remote.summary, declared: true, weights: weights, stages: [.rowsAsUnits(weights.count)],
                                       replicates: replicateWeights, roles: remote.roles, origin: nil)
        }
        guard !cells.needsRows else { return nil }
        // One row per cell, the row variables then the banners; text in byte order (a table in a
        // database has no first-seen order), declared as the columns' levels.
        let positions = Array(0..<rowCount) + (0..<banners).map { bannersAt + $0 }
        let table = Table(unchecked: zip(columns, positions).map { c, i in
            var column = Column(name: c.name, type: c.type, values: result.rows.map { PostgresTypes.value($0[i], as: c.type) })
            if c.type == .text {
                let values = Set(result.rows.compactMap { $0[i] })
                column.levels = values.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            }
            return column
        }, rowCount: result.rows.count)
        var cellStep = step
        for i in cellStep.rows.indices { cellStep.rows[i].column = i }
        cellStep.banners = step.banners.indices.map { step.rows.count + $0 }
        cellStep.weight = nil
        return try Tabulate.apply(cellStep, to: table, cells: cells, context: context)
    }
}
