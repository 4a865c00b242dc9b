/// A survey design attached to a dataset (`design NAME weight W [strata S]
/// [cluster C, …] [fpc F, …]` or `design NAME weight W replicates FIRST ..
/// LAST method M`), or the weights-only design of `load … weight w`: for
/// every row of the full design its weight, and either the sampling stages
/// (linearisation) or the replicate weights.
///
/// The rows of a table that came from a design keep pointing at it
/// (``origin``): `where` makes a domain, as R's `subset(design, …)` does —
/// the PSUs outside stay in the variance with zero contributions, and n_h and
/// f_h stay those of the full design.
struct DesignFrame: Sendable {
    /// What `describe` and `datasets` show, e.g. `weight pw, strata stype, cluster dnum, fpc fpc`.
    let summary: String
    /// Declared with `design`; false for the weights-only design of `load … weight` (whose shares keep Kish's n_eff).
    let declared: Bool
    /// The weight of each row of the full design, NaN where unusable.
    let weights: [Double]
    /// The sampling stages, the first (PSUs within strata) first. A replicate design, whose variance
    /// ignores them, has the one stage of its rows.
    let stages: [DesignStage]
    /// The replicate weights of a design declared with `replicates`; nil under linearisation.
    let replicates: ReplicateWeights?
    /// The role of each design column (`weight`, `strata`, `cluster`, `fpc`, `replicate weight`), for `describe`.
    var roles: [String: String] = [:]
    /// For each row of the current table, its row in the full design; nil when they are the same rows.
    var origin: [Int]?

    var rowCount: Int { weights.count }

    /// How the variance is estimated, as design-based estimates name it: `linearization`,
    /// `linearization-2-stage` when a later stage adds its variance (it does only with an fpc), or the
    /// replicate method (`jk1`, `sdr`, …).
    var varianceMethod: String {
        if let replicates { return replicates.method.name }
        let counted = stages.count > 1 && stages[0].correction.contains { $0 < 1 }
        return counted ? "linearization-\(stages.count)-stage" : "linearization"
    }

    /// The row of the full design behind row `row` of the current table.
    @inline(__always) func originalRow(_ row: Int) -> Int { origin?[row] ?? row }

    /// The frame after the current rows are replaced by `rows` (a filter, a sort, a `take`).
    func gathered(_ rows: [Int]) -> DesignFrame {
        var frame = self
        frame.origin = origin.map { o in rows.map { o[$0] } } ?? rows
        return frame
    }

    /// The weights-only design of a table's rows: weights (1 when nil), every row a PSU, one stratum, no fpc.
    static func weightsOnly(_ weights: [Double]?, rowCount: Int, summary: String, declared: Bool) -> DesignFrame {
        DesignFrame(summary: summary, declared: declared, weights: weights ?? [Double](repeating: 1, count: rowCount),
                    stages: [.rowsAsUnits(rowCount)], replicates: nil, origin: nil)
    }
}

/// One sampling stage of a linearised design: its units (PSUs at the first
/// stage), each in a group — its stratum at the first stage, its unit of the
/// stage before at later ones (units are numbered within it: R's
/// `nest = TRUE`) — and for each group its number of units and its finite
/// population correction.
struct DesignStage: Sendable {
    /// The unit of each row of the full design; nil when every row is its own unit.
    let unitOfRow: [Int32]?
    /// The group of each unit; nil when there is one group.
    let groupOfUnit: [Int32]?
    /// n: the units of each group in the full design.
    let unitCount: [Int]
    /// 1 − f with f = n/N, for each group (1 without an fpc, so that a later stage adds nothing).
    let correction: [Double]
    /// How each group is named in messages.
    let groupNames: GroupNames

    /// The units of the stage.
    var unitTotal: Int { unitCount.reduce(0, +) }

    /// The stage of a design without clusters or strata: every row a unit, one group, no fpc.
    static func rowsAsUnits(_ rowCount: Int) -> DesignStage {
        DesignStage(unitOfRow: nil, groupOfUnit: nil, unitCount: [rowCount], correction: [1], groupNames: .strata([""]))
    }
}

/// How the groups of a stage are named in messages: strata by their values; the units of the stage
/// before (the groups of a later stage) as `dnum 15`, written only when a message needs one.
struct GroupNames: Sendable {
    private let names: [String]
    /// The cluster column of the stage before, and each of its units' value.
    private let column: String?
    private let values: [Value]

    /// Strata, by name (one empty name for a design without strata).
    static func strata(_ names: [String]) -> GroupNames { GroupNames(names: names, column: nil, values: []) }

    /// The units of the stage before: `column`'s value of each.
    static func units(of column: String, _ values: [Value]) -> GroupNames { GroupNames(names: [], column: column, values: values) }

    subscript(group: Int) -> String {
        column.map { "\($0) \(ValueText.human(values[group]))" } ?? names[group]
    }
}

/// How the replicates of a replicate-weight design were made, which fixes
/// the factor c of the variance c·Σ_r (θ_r − θ)² (R's `svrepdesign` `scale`;
/// every `rscales` is 1 for these types).
enum ReplicateMethod: Sendable, Hashable {
    /// Delete-one-PSU jackknife: c = (R − 1)/R (`type = "JK1"`).
    case jk1
    /// Balanced repeated replication: c = 1/R (`type = "BRR"`).
    case brr
    /// Fay's BRR with perturbation ρ: c = 1/(R(1 − ρ)²) (`type = "Fay", rho = ρ`).
    case fay(rho: Double)
    /// Successive difference replication: c = 4/R (`type = "successive-difference"`).
    case sdr
    /// The American Community Survey's successive difference replicates: c = 4/R (`type = "ACS"`).
    case acs
    /// Bootstrap replicates: c = 1/(R − 1) (`type = "bootstrap"`).
    case bootstrap

    /// The words of `method …` that Topline estimates with (`jkn` is recognised only to be refused).
    static let words = ["jk1", "brr", "fay", "sdr", "acs", "bootstrap"]

    /// The words as the syntax shows them: `jk1|brr|fay RHO|sdr|acs|bootstrap`.
    static let syntax = words.map { $0 == "fay" ? "fay RHO" : $0 }.joined(separator: "|")

    /// The method's word, as design-based estimates name their variance.
    var name: String {
        switch self {
        case .jk1: return "jk1"
        case .brr: return "brr"
        case .fay: return "fay"
        case .sdr: return "sdr"
        case .acs: return "acs"
        case .bootstrap: return "bootstrap"
        }
    }

    /// c for `replicates` replicates, as R's `svrepdesign` sets it.
    func scale(replicates: Int) -> Double {
        let r = Double(replicates)
        switch self {
        case .jk1: return (r - 1) / r
        case .brr: return 1 / r
        case .fay(let rho): return 1 / (r * (1 - rho) * (1 - rho))
        case .sdr, .acs: return 4 / r
        case .bootstrap: return 1 / (r - 1)
        }
    }
}

/// The replicate weights of a design: R columns of full weights (R's
/// `combined.weights = TRUE`), each an estimate's weights under one replicate.
struct ReplicateWeights: Sendable {
    /// One replicate's weights, as the dataset's column stores them: they are
    /// shared, not copied (80 replicates of a million rows are 640 MB as doubles).
    enum Storage: Sendable {
        case integers([Int64])
        case doubles([Double])
    }

    let columns: [Storage]
    let method: ReplicateMethod
    /// R's `degf` of the full design: the rank of the replicate weights of all rows, minus 1.
    let degreesOfFreedom: Int
    /// Of a design whose rows are an attached table's cells (``TabulateCells``): what the rank of
    /// the replicate weights of their respondents needs; nil when the rows are respondents.
    let cells: CellCrossProducts?

    /// Each cell's X'X of its respondents' replicate weights (its upper triangle's entries row by row,
    /// r ≤ s, as the server sends them) and how many respondents it has. X'X of a union of cells is the
    /// sum of theirs, and its rank the rank of their respondents' replicate weights: R's `degf` of those
    /// respondents, as from the rows.
    struct CellCrossProducts: Sendable {
        let upperTriangles: [[Double]]
        let rows: [Int]

        /// The rank of the replicate weights of the respondents of `cells`. Rows of the design past the
        /// cells (which stand for a cell's Σw·x, ``TabulateCells``) have no respondents of their own.
        func rank(_ cells: [Int], count: Int) -> Int {
            var sum = [Double](repeating: 0, count: count * (count + 1) / 2)
            var respondents = 0
            for c in cells where c < rows.count {
                respondents += rows[c]
                for (i, x) in upperTriangles[c].enumerated() { sum[i] += x }
            }
            guard let gram = ReplicateWeights.gram(upperTriangle: sum, count: count) else { return 0 }
            return ReplicateWeights.rank(gram: gram, count: count, rows: respondents)
        }
    }

    /// Tolerance of R's `degf`: `qr(weights, tol = 1e-5)$rank`.
    static let rankTolerance = 1e-5

    /// The replicates `columns` of a design of `rowCount` rows; finds their rank, R's `degf` of the design.
    init(columns: [Storage], method: ReplicateMethod, rowCount: Int) {
        self.columns = columns
        self.method = method
        cells = nil
        degreesOfFreedom = ReplicateWeights.rank(columns, rows: Array(0..<rowCount)) - 1
    }

    /// The replicates of a design whose rows are cells: each replicate's Σw_r per cell (`columns`) and
    /// the cells' cross products; `degreesOfFreedom` is that of all the cells' respondents.
    init(cells columns: [[Double]], method: ReplicateMethod, crossProducts: CellCrossProducts) {
        self.columns = columns.map(Storage.doubles)
        self.method = method
        cells = crossProducts
        degreesOfFreedom = crossProducts.rank(Array(crossProducts.rows.indices), count: columns.count) - 1
    }

    /// R: the number of replicates.
    var count: Int { columns.count }

    /// c of V = c·Σ_r (θ_r − θ)².
    var scale: Double { method.scale(replicates: count) }

    /// Writes replicate `r`'s weights of `rows` (rows of the full design) to `out`.
    func gather(_ r: Int, _ rows: ArraySlice<Int>, into out: UnsafeMutablePointer<Double>) {
        Self.gather(columns[r], rows, into: out)
    }

    private static func gather(_ column: Storage, _ rows: ArraySlice<Int>, into out: UnsafeMutablePointer<Double>) {
        switch column {
        case .integers(let values):
            values.withUnsafeBufferPointer { v in
                for (i, row) in rows.enumerated() { out[i] = Double(v[row]) }
            }
        case .doubles(let values):
            values.withUnsafeBufferPointer { v in
                for (i, row) in rows.enumerated() { out[i] = v[row] }
            }
        }
    }

    /// c·Σ_r (θ_r − θ)² about the full-sample θ (R's `mse = TRUE`); replicates whose estimate is
    /// undefined (NaN: no weight in the domain) are left out, as R's `svrVar` leaves out NA replicates.
    func variance(_ thetas: [Double], about centre: Double) -> Double {
        Self.variance(thetas, about: centre, scale: scale)
    }

    /// The same with the factor c given (an attached table's replicates, summed by the server).
    static func variance(_ thetas: [Double], about centre: Double, scale: Double) -> Double {
        var sum = 0.0
        for t in thetas where !t.isNaN { sum += (t - centre) * (t - centre) }
        return scale * sum
    }

    /// The degrees of freedom of estimates over `rows` (distinct rows of the full design): R's `degf` of
    /// the design restricted to them.
    func degreesOfFreedom(rows: [Int], rowCount: Int) -> Int {
        if let cells { return cells.rank(rows, count: count) - 1 }
        return rows.count == rowCount ? degreesOfFreedom : ReplicateWeights.rank(columns, rows: rows) - 1
    }

    /// The rank of the rows × R matrix of replicate weights on `rows`, as R's `qr(X, tol = 1e-5)$rank`
    /// finds it. LINPACK's `dqrdc2` takes the columns left to right and sets aside a column whose norm,
    /// once the columns kept before it are projected out, is below tol times its own norm. The same
    /// test is made here on the R × R Gram matrix X'X by a Cholesky factorisation in that order: the
    /// squared residual norm of column j is G_jj minus its squared coefficients on the columns kept, which
    /// is accurate enough for tol² = 1e-10, and X'X costs one pass over the rows.
    static func rank(_ columns: [Storage], rows: [Int]) -> Int {
        let r = columns.count
        guard r > 0, !rows.isEmpty else { return 0 }
        return rank(gram: Self.gram(columns, rows: rows), count: r, rows: rows.count)
    }

    /// The `count` × `count` matrix (its upper triangle, row-major) of the upper triangle's entries
    /// listed row by row (r ≤ s), as an attached table's server sends X'X.
    static func gram(upperTriangle entries: [Double], count r: Int) -> [Double]? {
        guard entries.count == r * (r + 1) / 2 else { return nil }
        var gram = [Double](repeating: 0, count: r * r), next = 0
        for i in 0..<r {
            for j in i..<r {
                gram[i * r + j] = entries[next]
                next += 1
            }
        }
        return gram
    }

    /// The same from X'X (`gram`: the upper triangle of the `count` × `count` matrix, row-major) of
    /// `rows` rows: an attached table's server sums it.
    static func rank(gram: [Double], count r: Int, rows: Int) -> Int {
        guard r > 0, rows > 0 else { return 0 }
        var kept: [Int] = []
        // factor[j * r + i]: column j's coefficient on the i-th kept column's orthonormal direction.
        var factor = [Double](repeating: 0, count: r * r)
        for j in 0..<r {
            let norm2 = gram[j * r + j]
            var residual = norm2
            for (i, a) in kept.enumerated() {
                var s = gram[min(a, j) * r + max(a, j)]
                for m in 0..<i { s -= factor[j * r + m] * factor[a * r + m] }
                let c = s / factor[a * r + i]
                factor[j * r + i] = c
                residual -= c * c
            }
            guard norm2 > 0, residual > 0, residual >= rankTolerance * rankTolerance * norm2 else { continue }
            factor[j * r + kept.count] = residual.squareRoot()
            kept.append(j)
            if kept.count == rows { break }
        }
        return kept.count
    }

    /// X'X of the replicate weights on `rows` (the upper triangle, row-major R × R), summed over blocks
    /// of rows gathered column by column so that every product is a dot product of contiguous memory.
    private static func gram(_ columns: [Storage], rows: [Int]) -> [Double] {
        let r = columns.count, block = 1024
        var gram = [Double](repeating: 0, count: r * r)
        var buffer = [Double](repeating: 0, count: block * r)
        buffer.withUnsafeMutableBufferPointer { b in
            gram.withUnsafeMutableBufferPointer { g in
                let base = b.baseAddress!
                var start = 0
                while start < rows.count {
                    let m = min(block, rows.count - start)
                    for c in 0..<r { gather(columns[c], rows[start..<(start + m)], into: base + c * block) }
                    for i in 0..<r {
                        for j in i..<r { g[i * r + j] += dot(base + i * block, base + j * block, m) }
                    }
                    start += m
                }
            }
        }
        return gram
    }

    private static func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ n: Int) -> Double {
        var s0 = SIMD4<Double>(), s1 = SIMD4<Double>()
        var i = 0
        while i + 8 <= n {
            s0 += SIMD4(a[i], a[i + 1], a[i + 2], a[i + 3]) * SIMD4(b[i], b[i + 1], b[i + 2], b[i + 3])
            s1 += SIMD4(a[i + 4], a[i + 5], a[i + 6], a[i + 7]) * SIMD4(b[i + 4], b[i + 5], b[i + 6], b[i + 7])
            i += 8
        }
        var s = (s0 + s1).sum()
        while i < n {
            s += a[i] * b[i]
            i += 1
        }
        return s
    }
}

/// How a stratum with a single PSU is treated (R's `survey.lonely.psu`).
public enum LonelyPSU: String, Sendable, CaseIterable {
    /// Refuse the estimate, naming the stratum (the default).
    case fail
    /// The stratum adds no variance.
    case remove
    /// The stratum adds (1 − f)·z², z its PSU's total of the linearised values.
    case adjust
    /// The stratum is a certainty stratum: it adds no variance.
    case certainty
    /// The stratum adds the average variance of the others.
    case average
}

/// The interval of a share on a design (R's `svyciprop` methods).
public enum DesignIntervalMethod: String, Sendable, CaseIterable {
    case logit, beta, mean
}
