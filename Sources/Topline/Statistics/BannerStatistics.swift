/// The sums behind a banner table's cells, and from them the figures on a
/// one-stage design whose units are its rows (weights only, or strata and fpc without clusters): for each
/// column (a banner category, or the Total) and each estimate of a row
/// variable (a category's or a net's share, or a mean), the estimate, its
/// linearised variance and the covariance between columns of one banner —
/// from sums per stratum, in one pass over the rows.
///
/// The estimates are ratios θ = Σwa/Σw over a column's rows. With every row
/// its own unit, a stratum h with n_h units and correction c_h adds
/// c_h·n_h/(n_h−1)·(Σ_i z_i z'_i − n_h·z̄_h z̄'_h), z_i = w_i(a_i − θ)/W the
/// linearised values: Σ z z' is 0 between disjoint columns, and
/// (Σw²a² − 2θΣw²a + θ²Σw²)/W² for one column. This is the same variance
/// ``DesignVariance`` computes, without a pass per estimate.
struct BannerStatistics {
    /// Columns (the last is the Total), estimates, strata.
    let columns: Int, estimates: Int, strata: Int
    private(set) var weight: [Double]        // [column][stratum]
    private(set) var weightSquared: [Double] // [column][stratum]
    private(set) var rows: [Int]             // [column][stratum]
    private(set) var weighted: [Double]      // Σwa [column][estimate][stratum]
    private(set) var squared: [Double]       // Σw²a
    private(set) var squaredTwice: [Double]  // Σw²a²

    init(columns: Int, estimates: Int, strata: Int) {
        self.columns = columns
        self.estimates = estimates
        self.strata = strata
        weight = [Double](repeating: 0, count: columns * strata)
        weightSquared = weight
        rows = [Int](repeating: 0, count: columns * strata)
        weighted = [Double](repeating: 0, count: columns * estimates * strata)
        squared = weighted
        squaredTwice = weighted
    }

    /// A row of column `c` in stratum `h` with weight `w`: its base.
    @inline(__always) mutating func addRow(column c: Int, stratum h: Int, weight w: Double) {
        addRows(column: c, stratum: h, count: 1, weight: w, weightSquared: w * w)
    }

    /// `count` rows of column `c` in stratum `h` at once, with their Σw and Σw² (a cell a server summed).
    @inline(__always) mutating func addRows(column c: Int, stratum h: Int, count: Int, weight w: Double, weightSquared w2: Double) {
        weight[c * strata + h] += w
        weightSquared[c * strata + h] += w2
        rows[c * strata + h] += count
    }

    /// The same row's value `a` of estimate `e` (1 for a category it falls in; its value for a mean).
    @inline(__always) mutating func add(column c: Int, estimate e: Int, stratum h: Int, weight w: Double, value a: Double) {
        addSums(column: c, estimate: e, stratum: h, weighted: w * a, squared: w * w * a, squaredTwice: w * w * a * a)
    }

    /// Estimate `e`'s Σwa, Σw²a and Σw²a² of rows of column `c` in stratum `h` at once.
    @inline(__always) mutating func addSums(column c: Int, estimate e: Int, stratum h: Int, weighted: Double, squared: Double, squaredTwice: Double) {
        let i = (c * estimates + e) * strata + h
        self.weighted[i] += weighted
        self.squared[i] += squared
        self.squaredTwice[i] += squaredTwice
    }

    func total(_ c: Int) -> Double { (0..<strata).reduce(0) { $0 + weight[c * strata + $1] } }
    func rowCount(_ c: Int) -> Int { (0..<strata).reduce(0) { $0 + rows[c * strata + $1] } }

    /// Σwa and Σw²a² of estimate `e` in column `c` (unweighted: Σx and Σx²).
    func sums(_ c: Int, _ e: Int) -> (weighted: Double, squares: Double) {
        var a = 0.0, b = 0.0
        for h in 0..<strata {
            a += weighted[(c * estimates + e) * strata + h]
            b += squaredTwice[(c * estimates + e) * strata + h]
        }
        return (a, b)
    }

    /// θ of estimate `e` in column `c`.
    func value(_ c: Int, _ e: Int) -> Double {
        let top = (0..<strata).reduce(0.0) { $0 + weighted[(c * estimates + e) * strata + $1] }
        return top / total(c)
    }

    /// The (co)variance of estimate `e` in columns `c` and `d` (`c == d`: its variance). `units` and
    /// `correction` are the design's units and 1 − f per stratum.
    func covariance(_ c: Int, _ d: Int, _ e: Int, units: [Int], correction: [Double]) -> Double {
        let wc = total(c), wd = total(d), tc = value(c, e), td = value(d, e)
        var v = 0.0
        for h in 0..<strata where correction[h] >= 0.0000001 && units[h] > 1 {
            guard rows[c * strata + h] > 0 || rows[d * strata + h] > 0 else { continue }
            let n = Double(units[h])
            let ic = (c * estimates + e) * strata + h, id = (d * estimates + e) * strata + h
            let meanC = (weighted[ic] - tc * weight[c * strata + h]) / (wc * n)
            let meanD = (weighted[id] - td * weight[d * strata + h]) / (wd * n)
            var products = 0.0
            if c == d {
                products = (squaredTwice[ic] - 2 * tc * squared[ic] + tc * tc * weightSquared[c * strata + h]) / (wc * wc)
            }
            v += correction[h] * n / (n - 1) * (products - n * meanC * meanD)
        }
        // A share fixed by the design (of a stratum, say) has variance 0; rounding must not make it negative.
        return c == d ? max(0, v) : v
    }

    /// R's `degf` of columns `c` and `d` together: their units (rows) minus the strata they touch.
    func degreesOfFreedom(_ c: Int, _ d: Int) -> Int {
        var units = 0, touched = 0
        for h in 0..<strata {
            let r = rows[c * strata + h] + (c == d ? 0 : rows[d * strata + h])
            units += r
            if r > 0 { touched += 1 }
        }
        return units - touched
    }

    /// Whether a stratum with rows in column `c` has a single unit (and variance): the lonely-PSU rules
    /// then apply, which ``DesignVariance`` implements.
    func touchesLonelyStratum(_ c: Int, units: [Int], correction: [Double]) -> Bool {
        (0..<strata).contains { h in rows[c * strata + h] > 0 && units[h] < 2 && correction[h] >= 0.0000001 }
    }

    /// The cell proportions of the table of `categories` (estimates 0..<K, which partition the rows)
    /// by the banner's columns `banner`, over the rows of those columns (rows vary fastest), their
    /// covariance, the rows, and the design df: what Rao–Scott needs.
    func cells(categories k: Int, columns banner: Range<Int>, units: [Int], correction: [Double])
        -> (proportions: [Double], covariance: [[Double]], rows: Int, degreesOfFreedom: Int) {
        let m = banner.count, first = banner.lowerBound
        var totalW = 0.0, n = 0
        var stratumW = [Double](repeating: 0, count: strata), stratumW2 = stratumW
        var stratumRows = [Int](repeating: 0, count: strata)
        for c in banner {
            for h in 0..<strata {
                stratumW[h] += weight[c * strata + h]
                stratumW2[h] += weightSquared[c * strata + h]
                stratumRows[h] += rows[c * strata + h]
            }
        }
        totalW = stratumW.reduce(0, +)
        n = stratumRows.reduce(0, +)
        let cellCount = k * m
        func index(_ cell: Int, _ h: Int) -> Int { ((first + cell / k) * estimates + cell % k) * strata + h }  // cell = category + k·column
        var p = [Double](repeating: 0, count: cellCount)
        for cell in 0..<cellCount { p[cell] = (0..<strata).reduce(0.0) { $0 + weighted[index(cell, $1)] } / totalW }
        var v = [[Double]](repeating: [Double](repeating: 0, count: cellCount), count: cellCount)
        for h in 0..<strata where correction[h] >= 0.0000001 && units[h] > 1 && stratumRows[h] > 0 {
            let units = Double(units[h]), scale = correction[h] * units / (units - 1)
            let means = (0..<cellCount).map { (weighted[index($0, h)] - p[$0] * stratumW[h]) / (totalW * units) }
            for a in 0..<cellCount {
                for b in a..<cellCount {
                    // Σ_i z_a z_b: a row is in one cell, so the w²·1{a}·1{b} term is there only when a == b.
                    var products = -p[b] * squared[index(a, h)] - p[a] * squared[index(b, h)] + p[a] * p[b] * stratumW2[h]
                    if a == b { products += squared[index(a, h)] }
                    v[a][b] += scale * (products / (totalW * totalW) - units * means[a] * means[b])
                }
            }
        }
        for a in 0..<cellCount { for b in 0..<a { v[a][b] = v[b][a] } }
        return (p, v, n, n - stratumRows.filter { $0 > 0 }.count)
    }
}
