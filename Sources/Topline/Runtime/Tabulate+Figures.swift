#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Tabulate {
    /// The figures of one row variable's cells: from ``BannerStatistics`` on
    /// unweighted data and on one-stage designs whose units are rows (`fast`),
    /// from ``DesignVariance`` on other designs (clusters, several stages,
    /// replicate weights, lonely PSUs).
    struct Figures {
        let stats: BannerStatistics
        let fast: Bool
        let frame: DesignFrame?
        let estimands: [[DesignEstimand]]   // [column][estimate], on the general path
        let units: [Int]
        let correction: [Double]
        let range: SourceRange
        let context: EvaluationContext
        /// Per column: the rows' categories (for Rao–Scott on the general path).
        let cellEstimandRows: [[Int]]
        let codes: [Int32]

        init(stats: BannerStatistics, fast: Bool, frame: DesignFrame?, estimates: [Estimate1Info], values: [Double], codes: [Int32],
             rowsOfColumn: [[Int]], units: [Int], correction: [Double], range: SourceRange, context: EvaluationContext) throws(Diagnostic) {
            self.stats = stats
            self.fast = fast
            self.frame = frame
            self.units = units
            self.correction = correction
            self.range = range
            self.context = context
            self.codes = codes
            cellEstimandRows = rowsOfColumn
            guard !fast, let frame else { estimands = []; return }
            estimands = rowsOfColumn.map { rows in
                let original = rows.map(frame.originalRow)
                let ones = [Double](repeating: 1, count: rows.count)
                return estimates.map { estimate in
                    if let block = estimate.weightedRows {
                        // Σw·a / Σw with Σw·a on the design's rows of the block (``TabulateCells``).
                        let zeros = [Double](repeating: 0, count: rows.count)
                        return DesignEstimand(rows: original + original.map { block + $0 }, numerator: zeros + ones, denominator: ones + zeros)
                    }
                    return DesignEstimand(rows: original, numerator: rows.map { estimate.value(row: $0, code: Int(codes[$0]), x: values.isEmpty ? .nan : values[$0]) },
                                          denominator: ones)
                }
            }
        }

        /// The cell of estimate `e` in column `c` (`n` rows) as an estimate.
        func estimate(_ c: Int, _ e: Int, estimate: Estimate1Info, n: Int, settings: SessionSettings) throws(Diagnostic) -> Estimate {
            let level = settings.confidenceLevel
            guard let frame else {
                if estimate.isMean {
                    let (sum, squares) = stats.sums(c, e)
                    let mean = sum / Double(n)
                    let variance = n > 1 ? max(0, (squares - Double(n) * mean * mean) / Double(n - 1)) : .nan
                    return Self.mean(mean, se: (variance / Double(n)).squareRoot(), df: Double(n - 1), n: n, settings: settings, variance: "srs")
                }
                return settings.estimate(stats.value(c, e), n: n)
            }
            let (value, variance, df) = try figures(c, e)
            if estimate.isMean { return Self.mean(value, se: variance.squareRoot(), df: Double(df), n: n, settings: settings, variance: frame.varianceMethod) }
            let se = variance.squareRoot()
            let interval = DesignInterval.share(value, standardError: se, df: Double(df), n: n, level: level, method: settings.designInterval)
            var out = Estimate(proportion: value, n: n, level: level, method: settings.intervalMethod, policy: settings.smallBase)
            out.design = DesignFigures(kind: .share, value: value, standardError: se, degreesOfFreedom: Double(df), ciLow: interval.low,
                                       ciHigh: interval.high, designEffect: nil, designEffectWithReplacement: nil,
                                       interval: settings.designInterval.rawValue, variance: frame.varianceMethod)
            return out
        }

        private static func mean(_ value: Double, se: Double, df: Double, n: Int, settings: SessionSettings, variance: String) -> Estimate {
            let t = StudentT.criticalValue(level: settings.confidenceLevel, df: df)
            var out = Estimate(proportion: value, n: n, level: settings.confidenceLevel, method: settings.intervalMethod, policy: settings.smallBase)
            out.design = DesignFigures(kind: .mean, value: value, standardError: se, degreesOfFreedom: df, ciLow: value - t * se,
                                       ciHigh: value + t * se, designEffect: nil, designEffectWithReplacement: nil, interval: "t", variance: variance)
            return out
        }

        /// θ, its variance and df for estimate `e` in column `c` on a design.
        private func figures(_ c: Int, _ e: Int) throws(Diagnostic) -> (Double, Double, Int) {
            if fast {
                return (stats.value(c, e), stats.covariance(c, c, e, units: units, correction: correction), stats.degreesOfFreedom(c, c))
            }
            let result = try Aggregation.designVariance(frame!, [estimands[c][e]], context, at: range)
            return (result.values[0], result.variance, result.degreesOfFreedom)
        }

        /// The test of estimate `e` between columns `i` and `j` of one banner: θ_i − θ_j and its p.
        func test(_ i: Int, _ j: Int, _ e: Int, estimate: Estimate1Info) throws(Diagnostic) -> (difference: Double, p: Double)? {
            let ni = stats.rowCount(i), nj = stats.rowCount(j)
            guard ni > 1, nj > 1 else { return nil }
            guard frame != nil else {
                if estimate.isMean {
                    // Pooled-variance t-test, as SPSS's column means.
                    let (si, qi) = stats.sums(i, e), (sj, qj) = stats.sums(j, e)
                    let mi = si / Double(ni), mj = sj / Double(nj)
                    let pooled = (qi - Double(ni) * mi * mi + qj - Double(nj) * mj * mj) / Double(ni + nj - 2)
                    let se = (pooled * (1 / Double(ni) + 1 / Double(nj))).squareRoot()
                    guard se > 0 else { return nil }
                    return (mi - mj, min(1, 2 * StudentT.upperTail(abs(mi - mj) / se, df: Double(ni + nj - 2))))
                }
                let pi = stats.value(i, e), pj = stats.value(j, e)
                let pooled = (pi * Double(ni) + pj * Double(nj)) / Double(ni + nj)
                let se = (pooled * (1 - pooled) * (1 / Double(ni) + 1 / Double(nj))).squareRoot()
                guard se > 0 else { return nil }
                return (pi - pj, erfc(abs(pi - pj) / se / 2.0.squareRoot()))
            }
            let difference: Double, variance: Double, df: Int
            if fast {
                difference = stats.value(i, e) - stats.value(j, e)
                variance = stats.covariance(i, i, e, units: units, correction: correction) + stats.covariance(j, j, e, units: units, correction: correction)
                    - 2 * stats.covariance(i, j, e, units: units, correction: correction)
                df = stats.degreesOfFreedom(i, j) - 1
            } else {
                let result = try Aggregation.designVariance(frame!, [estimands[i][e], estimands[j][e]], context, at: range)
                difference = result.values[0] - result.values[1]
                variance = result.covariance[0][0] + result.covariance[1][1] - 2 * result.covariance[0][1]
                df = result.degreesOfFreedom - 1
            }
            guard variance > 0, df >= 1 else { return nil }
            return (difference, min(1, 2 * StudentT.upperTail(abs(difference) / variance.squareRoot(), df: Double(df))))
        }

        /// Pearson's X² (unweighted) or Rao–Scott's F of the `categories` by the banner's `columns`.
        ///
        /// A category or column without rows (a level declared with `levels` that no row has, or a banner
        /// column of no row with a value here) is left out, as SPSS leaves empty rows and columns out of
        /// its chi-square: its cells are all 0, so they would add degrees of freedom and nothing else.
        func independence(categories k: Int, columns: Range<Int>) throws(Diagnostic) -> IndependenceTest.Result? {
            var categoryTotal = [Double](repeating: 0, count: k), columnTotal = [Double](repeating: 0, count: columns.count)
            for (m, c) in columns.enumerated() {
                for e in 0..<k {
                    let w = stats.sums(c, e).weighted
                    categoryTotal[e] += w
                    columnTotal[m] += w
                }
            }
            let categories = (0..<k).filter { categoryTotal[$0] > 0 }, kept = columnTotal.indices.filter { columnTotal[$0] > 0 }
            guard categories.count > 1, kept.count > 1 else { return nil }
            // Cell `e + k·m` of the whole table, for category e and column m of those kept (rows fastest).
            let cells = kept.flatMap { m in categories.map { e in e + k * m } }
            guard let frame else {
                let counts = cells.map { stats.sums(columns.lowerBound + $0 / k, $0 % k).weighted }
                return IndependenceTest.pearsonTest(counts: counts, rows: categories.count, columns: kept.count)
            }
            let proportions: [Double], covariance: [[Double]], n: Int, df: Int
            if fast {
                (proportions, covariance, n, df) = stats.cells(categories: k, columns: columns, units: units, correction: correction)
            } else {
                var rows: [Int] = [], cellOfRow: [Int] = []
                for (m, c) in columns.enumerated() {
                    for r in cellEstimandRows[c] where codes[r] >= 0 && Int(codes[r]) < k {
                        rows.append(frame.originalRow(r))
                        cellOfRow.append(Int(codes[r]) + k * m)
                    }
                }
                let ones = [Double](repeating: 1, count: rows.count)
                let estimands = (0..<(k * columns.count)).map { cell in
                    DesignEstimand(rows: rows, numerator: cellOfRow.map { $0 == cell ? 1 : 0 }, denominator: ones)
                }
                let result = try Aggregation.designVariance(frame, estimands, context, at: range)
                (proportions, covariance, n, df) = (result.values, result.covariance, rows.count, result.degreesOfFreedom)
            }
            return IndependenceTest.raoScott(cells.map { proportions[$0] }, covariance: cells.map { a in cells.map { covariance[a][$0] } },
                                             rows: categories.count, columns: kept.count, n: Double(n), designDF: Double(df)).first
        }
    }

    /// What the figures need to know of an estimate of a row variable.
    struct Estimate1Info {
        var isMean: Bool
        var categories: Set<Int>
        /// A set's column: whether each row chose it (1 or 0); of a server's cell, the share of its Σw that did.
        var chosen: [Double]? = nil
        /// Of a server's cells on replicate weights: where the design's rows of each cell's Σw·a begin (a mean's
        /// Σw·x, a set column's Σw where chosen), cell k's at this + k (``TabulateCells``).
        var weightedRows: Int? = nil

        func value(row: Int, code: Int, x: Double) -> Double {
            if let chosen { return chosen[row] }
            return isMean ? x : (categories.contains(code) ? 1 : 0)
        }
    }
}

/// The long form being built: one row per cell.
struct LongForm {
    private var variable: [Value] = [], category: [Value] = [], kind: [Value] = [], banner: [Value] = [], column: [Value] = []
    private var letter: [Value] = [], value: [Estimate?] = [], count: [Double] = [], n: [Value] = [], weighted: [Double] = []
    private var letters: [Value] = [], statistic: [Double] = [], ndf: [Double] = [], ddf: [Double] = [], p: [Double] = []

    mutating func append(variable v: String, category c: String, kind k: String, column col: (banner: String, label: String, letter: String?),
                         value e: Estimate?, count x: Double?, n rows: Int, weighted w: Double?, letters l: String?) {
        variable.append(.text(v)); category.append(.text(c)); kind.append(.text(k))
        banner.append(.text(col.banner)); column.append(.text(col.label)); letter.append(col.letter.map(Value.text) ?? .null)
        value.append(e); count.append(x ?? .nan); n.append(.integer(Int64(rows))); weighted.append(w ?? .nan)
        letters.append(l.map(Value.text) ?? .null); statistic.append(.nan); ndf.append(.nan); ddf.append(.nan); p.append(.nan)
    }

    mutating func appendTest(variable v: String, banner b: String, test: IndependenceTest.Result) {
        variable.append(.text(v)); category.append(.text(test.test == "F" ? "Rao–Scott F" : "Pearson X²")); kind.append(.text("test"))
        banner.append(.text(b)); column.append(.null); letter.append(.null)
        value.append(nil); count.append(.nan); n.append(.null); weighted.append(.nan)
        letters.append(.null); statistic.append(test.statistic); ndf.append(test.ndf); ddf.append(test.ddf ?? .nan); p.append(test.p)
    }

    func table() -> Table {
        let columns = TabulateOutput.columns
        func text(_ i: Int, _ values: [Value]) -> Column { Column(name: columns[i].name, type: .text, values: values) }
        func doubles(_ i: Int, _ values: [Double]) -> Column { Column(name: columns[i].name, type: columns[i].type, storage: .doubles(values)) }
        return Table(unchecked: [
            text(0, variable), text(1, category), text(2, kind), text(3, banner), text(4, column), text(5, letter),
            Column(name: columns[6].name, type: .estimate, storage: .estimates(value)), doubles(7, count),
            Column(name: columns[8].name, type: .integer, values: n), doubles(9, weighted), text(10, letters),
            doubles(11, statistic), doubles(12, ndf), doubles(13, ddf), doubles(14, p),
        ], rowCount: variable.count)
    }
}
