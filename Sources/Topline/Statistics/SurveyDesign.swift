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

/// Taylor-linearised variance of an estimate over a domain of a ``DesignFrame``:
/// with-replacement first stage, strata, fpc, lonely PSUs as R does them.
enum DesignVariance {
    struct Result {
        var variance: Double
        /// PSUs with a row in the domain minus strata with a row in it (R's `degf` of the domain).
        var degreesOfFreedom: Int
    }

    /// The lonely stratum that fails the estimate.
    struct LonelyStratum: Error {
        let name: String
    }

    /// `rows` are rows of the full design (distinct), `z` their linearised values.
    static func compute(_ frame: DesignFrame, rows: [Int], z: [Double], lonely: LonelyPSU) throws(LonelyStratum) -> Result {
        let strata = frame.psuCount.count
        // The total of z in each PSU with a row in the domain.
        var psuOf: [Int] = []
        var totals: [Double] = []
        if let psuOfRow = frame.psuOfRow {
            var slot = [Int32](repeating: -1, count: frame.psuTotal)
            for (k, r) in rows.enumerated() {
                let j = Int(psuOfRow[r])
                if slot[j] < 0 {
                    slot[j] = Int32(psuOf.count)
                    psuOf.append(j)
                    totals.append(0)
                }
                totals[Int(slot[j])] += z[k]
            }
        } else {
            psuOf = rows
            totals = z
        }
        let stratumOf: (Int) -> Int = { j in frame.stratumOfPSU.map { Int($0[j]) } ?? 0 }
        var sums = [Double](repeating: 0, count: strata)
        var touched = [Int](repeating: 0, count: strata)
        for (k, j) in psuOf.enumerated() {
            let h = stratumOf(j)
            sums[h] += totals[k]
            touched[h] += 1
        }
        // Deviations from the stratum mean; a lonely PSU's total stays as it is (the linearised
        // values are already centred at the estimate, R's `adjust`).
        var squares = [Double](repeating: 0, count: strata)
        for (k, j) in psuOf.enumerated() {
            let h = stratumOf(j)
            let n = frame.psuCount[h]
            let d = n > 1 ? totals[k] - sums[h] / Double(n) : totals[k]
            squares[h] += d * d
        }
        var variance = 0.0
        var inEstimate = 0, lonelyInEstimate = 0
        for h in 0..<strata where touched[h] > 0 {
            inEstimate += 1
            let n = frame.psuCount[h], c = frame.correction[h]
            if c < 0.0000001 { continue }  // a self-representing stratum adds nothing
            if n > 1 {
                let mean = sums[h] / Double(n)
                // The PSUs of the stratum outside the domain count as zeros.
                let ss = squares[h] + Double(n - touched[h]) * mean * mean
                variance += c * Double(n) / Double(n - 1) * ss
                continue
            }
            lonelyInEstimate += 1
            switch lonely {
            case .fail: throw LonelyStratum(name: frame.strataNames[h])
            case .remove, .certainty, .average: break
            case .adjust: variance += c * squares[h]
            }
        }
        if lonely == .average, lonelyInEstimate > 0, inEstimate > lonelyInEstimate {
            variance *= Double(inEstimate) / Double(inEstimate - lonelyInEstimate)
        }
        return Result(variance: variance, degreesOfFreedom: psuOf.count - touched.filter { $0 > 0 }.count)
    }
}
