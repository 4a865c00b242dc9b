/// Tests of independence for an r × c table: Pearson's X² for counts, and
/// Rao and Scott's corrections of it for a weighted or design-based table
/// (R `svychisq`, statistics `"F"` and `"Chisq"`).
enum IndependenceTest {
    struct Result: Sendable {
        /// `F` (Rao–Scott second-order, as an F), `Chisq` (first-order) or `Pearson`.
        var test: String
        var statistic: Double
        /// Numerator degrees of freedom (for Chisq and Pearson, the χ² df).
        var ndf: Double
        /// Denominator degrees of freedom of the F; nil for χ² tests.
        var ddf: Double?
        var p: Double
    }

    /// Pearson's X² (no continuity correction) of `table` (cells with rows varying fastest),
    /// scaled so that its cells sum to `total`.
    static func pearson(_ cells: [Double], rows r: Int, columns c: Int, total: Double) -> Double {
        let sum = cells.reduce(0, +)
        let scaled = cells.map { $0 / sum * total }
        var rowTotals = [Double](repeating: 0, count: r), columnTotals = [Double](repeating: 0, count: c)
        for j in 0..<c {
            for i in 0..<r {
                rowTotals[i] += scaled[i + r * j]
                columnTotals[j] += scaled[i + r * j]
            }
        }
        var x2 = 0.0
        for j in 0..<c {
            for i in 0..<r {
                let expected = rowTotals[i] * columnTotals[j] / total
                if expected > 0 { x2 += (scaled[i + r * j] - expected) * (scaled[i + r * j] - expected) / expected }
            }
        }
        return x2
    }

    /// Pearson's test of unweighted counts.
    static func pearsonTest(counts: [Double], rows r: Int, columns c: Int) -> Result {
        let total = counts.reduce(0, +)
        let x2 = pearson(counts, rows: r, columns: c, total: total)
        let df = Double((r - 1) * (c - 1))
        return Result(test: "Pearson", statistic: x2, ndf: df, ddf: nil, p: ChiSquare.upperTail(x2, df: df))
    }

    /// Rao–Scott: `p` the estimated cell proportions (rows fastest), `v` their design covariance,
    /// `n` the rows of the table, `designDF` the design's degrees of freedom.
    ///
    /// Δ = (C'(D⁻¹/n)C)⁻¹ C'D⁻¹VD⁻¹C, with D = diag(p) and C the interaction
    /// columns of the cells' design matrix residualised on the main effects.
    /// `F` = X²/tr Δ on (d₀, d₀·df) degrees of freedom, d₀ = (tr Δ)²/tr Δ²;
    /// `Chisq` is X² itself, with p = P(χ²((r−1)(c−1)) > X²/mean diag Δ).
    static func raoScott(_ p: [Double], covariance v: [[Double]], rows r: Int, columns c: Int, n: Double,
                         designDF: Double) -> [Result] {
        let k = r * c, m = (r - 1) * (c - 1)
        let inverse = p.map { $0 == 0 ? 0 : 1 / $0 }
        let contrasts = interactionContrasts(rows: r, columns: c)
        // denominator = C'(D⁻¹/n)C, numerator = C'D⁻¹VD⁻¹C.
        var denominator = [[Double]](repeating: [Double](repeating: 0, count: m), count: m)
        var numerator = denominator
        let scaled = contrasts.map { column in (0..<k).map { column[$0] * inverse[$0] } }
        for a in 0..<m {
            for b in 0..<m {
                var d = 0.0, u = 0.0
                for i in 0..<k {
                    d += scaled[a][i] * contrasts[b][i] / n
                    var vi = 0.0
                    for j in 0..<k { vi += v[i][j] * scaled[b][j] }
                    u += scaled[a][i] * vi
                }
                denominator[a][b] = d
                numerator[a][b] = u
            }
        }
        guard let delta = Matrix.solve(denominator, numerator) else { return [] }
        var trace = 0.0, traceOfSquare = 0.0
        for a in 0..<m {
            trace += delta[a][a]
            for b in 0..<m { traceOfSquare += delta[a][b] * delta[b][a] }
        }
        let x2 = pearson(p, rows: r, columns: c, total: n)
        let d0 = trace * trace / traceOfSquare
        let f = x2 / trace
        let df = Double(m)
        return [Result(test: "F", statistic: f, ndf: d0, ddf: d0 * designDF, p: FDistribution.upperTail(f, d0, d0 * designDF)),
                Result(test: "Chisq", statistic: x2, ndf: df, ddf: nil, p: ChiSquare.upperTail(x2 / (trace / df), df: df))]
    }

    /// The (r−1)(c−1) interaction columns of the r·c cells (treatment coding, rows fastest),
    /// each made orthogonal to the intercept, row and column effects (R's `qr.resid`).
    static func interactionContrasts(rows r: Int, columns c: Int) -> [[Double]] {
        let k = r * c
        var main: [[Double]] = [[Double](repeating: 1, count: k)]
        for i in 1..<r { main.append((0..<k).map { $0 % r == i ? 1 : 0 }) }
        for j in 1..<c { main.append((0..<k).map { $0 / r == j ? 1 : 0 }) }
        // Gram–Schmidt on the main effects, then the interactions projected off them.
        var basis: [[Double]] = []
        for column in main {
            var v = column
            for b in basis {
                let dot = zip(v, b).reduce(0) { $0 + $1.0 * $1.1 }
                for i in 0..<k { v[i] -= dot * b[i] }
            }
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            if norm > 1e-12 { basis.append(v.map { $0 / norm }) }
        }
        var out: [[Double]] = []
        for j in 1..<c {
            for i in 1..<r {
                var v = (0..<k).map { $0 == i + r * j ? 1.0 : 0 }
                for b in basis {
                    let dot = zip(v, b).reduce(0) { $0 + $1.0 * $1.1 }
                    for t in 0..<k { v[t] -= dot * b[t] }
                }
                out.append(v)
            }
        }
        return out
    }
}

/// Small dense matrices.
enum Matrix {
    /// X with A·X = B by Gaussian elimination with partial pivoting; nil when A is singular.
    static func solve(_ a: [[Double]], _ b: [[Double]]) -> [[Double]]? {
        let n = a.count
        var a = a, b = b
        for col in 0..<n {
            let pivot = (col..<n).max { abs(a[$0][col]) < abs(a[$1][col]) }!
            guard abs(a[pivot][col]) > 1e-300 else { return nil }
            a.swapAt(col, pivot)
            b.swapAt(col, pivot)
            for row in 0..<n where row != col {
                let factor = a[row][col] / a[col][col]
                if factor == 0 { continue }
                for t in col..<n { a[row][t] -= factor * a[col][t] }
                for t in 0..<b[row].count { b[row][t] -= factor * b[col][t] }
            }
        }
        return (0..<n).map { row in b[row].map { $0 / a[row][row] } }
    }
}

/// The F distribution's upper tail, through the regularised incomplete beta function.
enum FDistribution {
    /// P(F(d1, d2) > f).
    static func upperTail(_ f: Double, _ d1: Double, _ d2: Double) -> Double {
        guard f > 0 else { return 1 }
        return Beta.regularized(d2 / (d2 + d1 * f), d2 / 2, d1 / 2)
    }
}
