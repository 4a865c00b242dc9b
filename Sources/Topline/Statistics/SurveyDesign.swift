/// A survey design attached to a dataset (`design NAME weight W [strata S]
/// [cluster C] [fpc F]`), or the weights-only design of `load … weight w`:
/// for every row of the full design its weight and first-stage PSU, for every
/// PSU its stratum, for every stratum its number of PSUs and its finite
/// population correction.
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
    /// The PSU of each row of the full design; nil when every row is its own PSU.
    let psuOfRow: [Int32]?
    /// The stratum of each PSU; nil when there is one stratum.
    let stratumOfPSU: [Int32]?
    /// n_h: the PSUs of each stratum in the full design.
    let psuCount: [Int]
    /// 1 − f_h, the finite population correction of each stratum (1 without fpc).
    let correction: [Double]
    /// How each stratum is named in messages.
    let strataNames: [String]
    /// The role of each design column (`weight`, `strata`, `cluster`, `fpc`), for `describe`.
    var roles: [String: String] = [:]
    /// For each row of the current table, its row in the full design; nil when they are the same rows.
    var origin: [Int]?

    var rowCount: Int { weights.count }
    var psuTotal: Int { psuOfRow == nil ? weights.count : psuCount.reduce(0, +) }

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
        DesignFrame(summary: summary, declared: declared, weights: weights ?? [Double](repeating: 1, count: rowCount), psuOfRow: nil,
                    stratumOfPSU: nil, psuCount: [rowCount], correction: [1], strataNames: [""], origin: nil)
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

