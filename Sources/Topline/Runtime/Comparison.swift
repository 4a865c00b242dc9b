/// Runs `compare A vs B`: one row per `by` group with both shares, the
/// difference in pp with its interval, relative change, ratio, the test
/// statistic and p-value where a valid test exists, and the method used.
///
/// - Respondent data: A and B are two items of the same respondents →
///   McNemar's test (no continuity correction) and the paired interval.
/// - Toplines: A and B each select one row. Same study, edition and segment
///   → paired: only the Fréchet range of the standard error, never the
///   independent test. A segment against the total of the same study →
///   subgroup against the rest of the total. Otherwise (different editions
///   or groups) → independent two-proportion z-test. `as …` overrides.
/// How many respondents answered two yes/no items each way: all McNemar's test needs.
struct PairedCounts: Sendable {
    var both = 0, firstOnly = 0, secondOnly = 0, neither = 0
}

enum Comparison {
    static func apply(_ step: CompareStep, to table: Table, context: EvaluationContext) throws(Diagnostic) -> Table {
        let grouping = try Grouping(columns: step.groupBy.map { table.columns[$0] }, rowCount: table.rowCount, context: context)
            .ordered(step.groupBy.map { table.columns[$0] })
        var rowsOfGroup = [[Int]](repeating: [], count: grouping.count)
        for r in 0..<table.rowCount { rowsOfGroup[Int(grouping.groupOfRow[r])].append(r) }
        let evaluator = Evaluator(columns: table.columns, context: context)
        let first = evaluator.compile(step.first), second = evaluator.compile(step.second)
        var results: [ComparisonRow] = []
        for (g, rows) in rowsOfGroup.enumerated() {
            try context.checkInterrupt()
            switch step.data {
            case .respondents(let weight):
                if weight != nil || table.activeDesign(weightColumn: weight) != nil {
                    let frame = table.activeDesign(weightColumn: weight) ?? DesignFrame.weightsOnly(weight.map { Aggregation.weightValues(table.columns[$0]) },
                                                                        rowCount: table.rowCount,
                                                                        summary: weight.map { "weight " + table.columns[$0].name } ?? "",
                                                                        declared: false)
                    results.append(try pairedDesign(rows, first, second, frame: frame, range: step.range, context: context))
                } else {
                    results.append(try respondents(rows, first, second, context: context))
                }
            case .toplines(let columns):
                let label = step.groupBy.isEmpty ? "" : " in group " + step.groupBy.map { ValueText.human(table.columns[$0][grouping.firstRow[g]]) }.joined(separator: ", ")
                results.append(try toplines(rows, first, second, columns: columns, table: table, mode: step.mode,
                                            label: label, range: step.range, context: context))
            }
        }
        return Comparison.table(keys: step.groupBy.map { table.columns[$0].gather(grouping.firstRow) }, results: results,
                                step: step, context: context)
    }

    /// The output of `compare`: each group's keys, then its comparison (p-values adjusted across the groups).
    /// Also where the comparisons come from a database's counts (``PairedCounts``).
    static func table(keys: [Column], results: [ComparisonRow], step: CompareStep, context: EvaluationContext) -> Table {
        var results = results
        for k in results.indices { results[k].withholdSuppressed() }
        if !step.groupBy.isEmpty { adjust(&results, context.settings.adjustment, level: context.settings.confidenceLevel) }
        let columns = keys + ComparisonRow.columns(results, names: step.names, adjusted: !step.groupBy.isEmpty, measure: step.measure)
        return Table(unchecked: columns, rowCount: results.count)
    }

    /// Adjusts the p-values of several groups' tests for multiplicity, and
    /// decides significance on the adjusted values; the method says which.
    private static func adjust(_ rows: inout [ComparisonRow], _ method: PValueAdjustment.Method, level: Double) {
        let tested = rows.indices.filter { rows[$0].p != nil }
        guard !tested.isEmpty else { return }
        let adjusted = PValueAdjustment.adjust(tested.map { rows[$0].p! }, method)
        for (i, p) in zip(tested, adjusted) {
            rows[i].pAdjusted = p
            rows[i].significant = p < 1 - level
            if tested.count > 1 { rows[i].method += "; p adjusted for \(tested.count) tests (\(method.displayName))" }
        }
    }

    // MARK: - Respondent data

    private static func respondents(_ rows: [Int], _ first: RowFunction, _ second: RowFunction,
                                    context: EvaluationContext) throws(Diagnostic) -> ComparisonRow {
        var counts = PairedCounts()
        for r in rows {
            guard case .boolean(let a) = try first(r), case .boolean(let b) = try second(r) else { continue }
            switch (a, b) {
            case (true, true): counts.both += 1
            case (true, false): counts.firstOnly += 1
            case (false, true): counts.secondOnly += 1
            case (false, false): counts.neither += 1
            }
        }
        return try respondents(counts, context: context)
    }

    /// McNemar's comparison from the four counts of two yes/no items of the same respondents.
    static func respondents(_ counts: PairedCounts, context: EvaluationContext) throws(Diagnostic) -> ComparisonRow {
        let (both, firstOnly, secondOnly, neither) = (counts.both, counts.firstOnly, counts.secondOnly, counts.neither)
        let n = both + firstOnly + secondOnly + neither
        guard n > 0 else { return ComparisonRow(method: "no respondent answered both") }
        let level = context.settings.confidenceLevel
        let corrected = context.settings.continuityCorrection
        let m = try McNemar.test(bothYes: both, firstOnly: firstOnly, secondOnly: secondOnly, neither: neither,
                                 continuityCorrection: corrected, level: level)
        var row = ComparisonRow(method: "same respondents: McNemar χ²\(corrected ? " with continuity correction" : "") (n=\(n))")
        row.first = estimate(m.firstProportion, n, context)
        row.second = estimate(m.secondProportion, n, context)
        row.fill(difference: m.difference, ciLow: m.ciLow, ciHigh: m.ciHigh, p1: m.firstProportion, p2: m.secondProportion)
        row.standardError = m.standardError
        row.statistic = m.chiSquare
        row.degreesOfFreedom = 1
        row.p = m.pValue
        row.significant = m.pValue < 1 - level
        return row
    }

    // MARK: - Toplines

    private static func toplines(_ rows: [Int], _ first: RowFunction, _ second: RowFunction, columns: CompareStep.ToplineColumns,
                                 table: Table, mode: CompareStep.Mode, label: String, range: SourceRange,
                                 context: EvaluationContext) throws(Diagnostic) -> ComparisonRow {
        func pick(_ f: RowFunction, _ side: String) throws(Diagnostic) -> Int? {
            var hits: [Int] = []
            for r in rows { if case .boolean(true) = try f(r) { hits.append(r) } }
            // In a `by` group a missing side is a gap in the data, not a mistake.
            if hits.isEmpty && !label.isEmpty { return nil }
            guard hits.count == 1 else {
                throw context.error(.runCompareRows, "the \(side) condition matches \(hits.count) rows\(label); compare needs exactly one row on each side",
                                    at: range, hints: ["narrow it down with where, or add the distinguishing column to 'by'"])
            }
            return hits[0]
        }
        guard let a = try pick(first, "first") else { return ComparisonRow(method: "no row matches the first condition") }
        guard let b = try pick(second, "second") else { return ComparisonRow(method: "no row matches the second condition") }
        if mode == .auto, let m = columns.metric, case .text(let x) = table.columns[m][a], case .text(let y) = table.columns[m][b], x != y {
            let name = table.columns[m].name
            throw context.error(.runCompareMetrics, "the two rows\(label) are different metrics: \(name) '\(x)' vs '\(y)'", at: range,
                                hints: ["add \(name) to 'by' or filter it with where, to compare one metric at a time",
                                        "to compare them anyway, say how: compare … as independent | paired | subgroup"])
        }
        let e1 = try topline(a, columns, table, context, range), e2 = try topline(b, columns, table, context, range)
        if let d1 = e1.design?.domain, let d2 = e2.design?.domain {
            return try design(e1, e2, d1, d2, mode: mode, range: range, context: context)
        }
        var row = ComparisonRow(method: "")
        row.first = e1
        row.second = e2
        guard let n1 = e1.n, let n2 = e2.n else {
            row.fill(difference: e2.proportion - e1.proportion, ciLow: nil, ciHigh: nil, p1: e1.proportion, p2: e2.proportion)
            row.method = "no test: base unknown (n/a)"
            return row
        }
        let level = context.settings.confidenceLevel
        let decided = mode == .auto ? decide(a, b, columns, table) : (mode, nil)
        switch decided.0 {
        case .paired, .auto:
            let n = Double(min(n1, n2))
            let bounds = try PairedToplineBounds.compute(p1: e1.proportion, p2: e2.proportion, n: n, level: level)
            row.fill(difference: bounds.difference, ciLow: bounds.conservativeCILow, ciHigh: bounds.conservativeCIHigh,
                     p1: e1.proportion, p2: e2.proportion)
            row.significant = bounds.conservativeCILow > 0 || bounds.conservativeCIHigh < 0
            // No p-value: `significant` comes from the interval, and the method says so.
            row.method = "same respondents\(decided.1.map { " (\($0))" } ?? ""): SE \(pp(bounds.standardErrorLow))–\(pp(bounds.standardErrorHigh)) pp by Fréchet bounds; no test without the joint table: significant means the interval (larger SE) excludes 0"
        case .independent:
            let r = try TwoProportionTest.independent(p1: e1.proportion, n1: Double(n1), p2: e2.proportion, n2: Double(n2), level: level)
            row.fill(difference: r.difference, ciLow: r.ciLow, ciHigh: r.ciHigh, p1: e1.proportion, p2: e2.proportion)
            row.standardError = r.unpooledStandardError
            row.statistic = r.z
            row.p = r.pValue
            row.significant = r.pValue < 1 - level
            row.method = "independent samples\(decided.1.map { " (\($0))" } ?? ""): two-proportion z-test, pooled"
        case .subgroup:
            // The larger base is the total that contains the other.
            let subgroupFirst = n1 < n2
            let (sub, total) = subgroupFirst ? (e1, e2) : (e2, e1)
            let s = try TwoProportionTest.subgroupVersusTotal(pSub: sub.proportion, nSub: Double(sub.n!), pTotal: total.proportion,
                                                              nTotal: Double(total.n!), level: level)
            // Results are subgroup − total; flip them when the total came second.
            let sign: Double = subgroupFirst ? -1 : 1
            let low = sign * (subgroupFirst ? s.ciHighFromTotal : s.ciLowFromTotal)
            let high = sign * (subgroupFirst ? s.ciLowFromTotal : s.ciHighFromTotal)
            row.fill(difference: e2.proportion - e1.proportion, ciLow: low, ciHigh: high, p1: e1.proportion, p2: e2.proportion)
            row.standardError = s.standardErrorFromTotal
            row.statistic = sign * s.versusRest.z
            row.p = s.versusRest.pValue
            row.significant = s.versusRest.pValue < 1 - level
            row.method = "subgroup inside the total: tested against the rest (\(pct(s.restProportion)), n=\(Int(s.restN.rounded())))"
                + (decided.1.map { "; \($0)" } ?? "")
        }
        return row
    }

    /// Paired, subgroup or independent, from the rows' study metadata, and why.
    private static func decide(_ a: Int, _ b: Int, _ c: CompareStep.ToplineColumns, _ table: Table) -> (CompareStep.Mode, String?) {
        func same(_ column: Int?) -> Bool? {
            guard let column else { return nil }
            let x = table.columns[column][a], y = table.columns[column][b]
            if x.isNull || y.isNull { return nil }
            return x == y
        }
        guard c.study != nil || c.edition != nil || c.segment != nil else {
            return (.independent, "assumed: no study metadata; use 'as paired' for the same respondents")
        }
        if same(c.study) == false { return (.independent, "different studies") }
        if same(c.edition) == false { return (.independent, "different editions") }
        if same(c.segment) == false {
            if let t = c.segmentType {
                let ta = table.columns[t][a], tb = table.columns[t][b]
                if (ta == .text("total")) != (tb == .text("total")) { return (.subgroup, nil) }
            }
            return (.independent, "different segments")
        }
        return (.paired, "same study, edition and segment")
    }

    /// The share of topline row `r` as an estimate.
    private static func topline(_ r: Int, _ c: CompareStep.ToplineColumns, _ table: Table, _ context: EvaluationContext,
                                _ range: SourceRange) throws(Diagnostic) -> Estimate {
        if let kind = c.valueType.map({ table.columns[$0][r] }), case .text(let k) = kind, k != "share" {
            throw context.error(.runNotAShare, "row \(r + 1) has value_type '\(k)': only shares can be compared", at: range,
                                hints: ["\(k) values are not proportions of respondents; keep shares with where value_type == \"share\""])
        }
        if let e = c.estimate {
            guard case .estimate(let est) = table.columns[e][r] else {
                throw context.error(.runCompareNull, "row \(r + 1) has no estimate to compare", at: range)
            }
            if let design = est.design, design.domain == nil {
                // Woodruff's interval of a quantile gives no linearised values for the variance of a difference.
                throw context.error(.runNotAShare, "row \(r + 1) is a \(design.kind.rawValue): quantiles cannot be compared",
                                    at: range, hints: ["compare means, totals, ratios or shares"])
            }
            return est
        }
        let v = table.columns[c.value!][r]
        guard var p = v.numeric else { throw context.error(.runCompareNull, "row \(r + 1) has no value to compare", at: range) }
        if case .percent = v {} else { p /= 100 }
        let n = table.columns[c.base!][r].numeric.map { Int($0) }
        return context.settings.estimate(p, n: n)
    }

    private static func estimate(_ p: Double, _ n: Int, _ context: EvaluationContext) -> Estimate {
        context.settings.estimate(p, n: n)
    }

    private static func pp(_ fraction: Double) -> String { ValueText.human(.number((fraction * 10000).rounded() / 100)) }
    private static func pct(_ fraction: Double) -> String { ValueText.human(.percent(fraction)) }
}

/// One output row of `compare`.
struct ComparisonRow {
    var first: Estimate?
    var second: Estimate?
    var difference: Double?
    /// The standard error of the difference behind the interval, when there is one.
    var standardError: Double?
    var ciLow: Double?
    var ciHigh: Double?
    var relative: Double?
    var ratio: Double?
    var statistic: Double?
    /// The degrees of freedom of the statistic's reference distribution (t, χ²); nil for z.
    var degreesOfFreedom: Double?
    var p: Double?
    var pAdjusted: Double?
    var significant: Bool?
    var method: String

    init(method: String) { self.method = method }

    /// A side whose base is suppressed shows no value, so nothing derived from it is shown either:
    /// the difference, its interval and its test are withheld, and the method says why.
    mutating func withholdSuppressed() {
        for side in [first, second] {
            guard let side, case .suppressed(let reason) = side.assessment else { continue }
            let kept = (first, second)
            self = ComparisonRow(method: "no comparison: \(reason)")
            (first, second) = kept
            return
        }
    }

    mutating func fill(difference d: Double, ciLow: Double?, ciHigh: Double?, p1: Double, p2: Double) {
        difference = d
        self.ciLow = ciLow
        self.ciHigh = ciHigh
        relative = p1 > 0 ? d / p1 : nil
        ratio = p1 > 0 ? p2 / p1 : nil
    }

    /// The output columns, as ``CompareOutput`` declares them; `names` are the two sides'.
    static func columns(_ rows: [ComparisonRow], names: (first: String, second: String), adjusted: Bool, measure: Bool) -> [Column] {
        CompareOutput.columns(names: names, adjusted: adjusted, measure: measure).enumerated().map { k, c in
            func doubles(_ f: (ComparisonRow) -> Double?) -> Column {
                Column(name: c.name, type: c.type, storage: .doubles(rows.map { f($0) ?? .nan }))
            }
            switch k == 0 ? "first side" : k == 1 ? "second side" : c.name {
            case "first side": return Column(name: c.name, type: c.type, storage: .estimates(rows.map(\.first)))
            case "second side": return Column(name: c.name, type: c.type, storage: .estimates(rows.map(\.second)))
            case "difference": return doubles { $0.difference }
            case "se":
                var column = doubles { $0.standardError }
                column.magnitude = .standardError
                return column
            case "ci_low": return doubles { $0.ciLow }
            case "ci_high": return doubles { $0.ciHigh }
            case "relative": return doubles { $0.relative }
            case "ratio": return doubles { $0.ratio }
            case "statistic": return doubles { $0.statistic }
            case "df": return doubles { $0.degreesOfFreedom }
            case "p": return doubles { $0.p }
            case "p_adjusted": return doubles { $0.pAdjusted }
            case "significant": return Column(name: c.name, type: c.type, storage: .booleans(rows.map { $0.significant.map { $0 ? 1 : 0 } ?? 2 }))
            default: return Column(name: c.name, type: c.type, values: rows.map { .text($0.method) })
            }
        }
    }
}
