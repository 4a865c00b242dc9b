#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An estimate over a domain of a design written as a ratio of weighted sums,
/// θ = Σ wᵢaᵢ / Σ wᵢbᵢ over the domain's rows, or θ = Σ wᵢaᵢ (a total) when
/// there is no denominator. Means (b = 1), totals, shares (a = 0/1, b = 1),
/// ratios (a = y, b = x), the cells of a crosstab and Woodruff's share below a
/// quantile all have this form, which is what lets one routine give their
/// values, their linearised values and the covariance of several of them.
struct DesignEstimand: Sendable {
    /// Rows of the full design in the domain (distinct).
    var rows: [Int]
    /// aᵢ, one per row of `rows`.
    var numerator: [Double]
    /// bᵢ, one per row of `rows`; nil for a total.
    var denominator: [Double]?

    /// θ under the full-sample weights.
    func value(weights: [Double]) -> Double {
        value { weights[rows[$0]] }
    }

    /// θ under the weights `gathered[k]` of `rows[k]` (one replicate's).
    func value(gathered: UnsafePointer<Double>) -> Double {
        value { gathered[$0] }
    }

    @inline(__always) private func value(_ weight: (Int) -> Double) -> Double {
        var top = 0.0, bottom = 0.0
        for k in rows.indices {
            let w = weight(k)
            top += w * numerator[k]
            if let denominator { bottom += w * denominator[k] }
        }
        return denominator == nil ? top : top / bottom
    }

    /// The linearised values wᵢ(aᵢ − θbᵢ)/Σwb (wᵢaᵢ for a total), aligned with `rows`.
    func linearised(weights: [Double], value θ: Double) -> [Double] {
        guard let denominator else { return rows.indices.map { weights[rows[$0]] * numerator[$0] } }
        var bottom = 0.0
        for (k, r) in rows.enumerated() { bottom += weights[r] * denominator[k] }
        return rows.indices.map { weights[rows[$0]] * (numerator[$0] - θ * denominator[$0]) / bottom }
    }
}

/// The variance of estimates over domains of a ``DesignFrame``: Taylor
/// linearisation through every sampling stage (with-replacement first stage,
/// strata, fpc, lonely PSUs as R does them), or the replicate variance of a
/// replicate-weight design.
enum DesignVariance {
    struct Result {
        /// The estimates under the full-sample weights, in the order asked.
        var values: [Double]
        /// Their covariance matrix.
        var covariance: [[Double]]
        /// R's `degf` of the union of the domains: under linearisation, PSUs with a row in any of them minus
        /// strata with a row in them; under replicate weights, the rank of the replicate weights of their rows, minus 1.
        var degreesOfFreedom: Int
        /// Under replicate weights, each estimate under each replicate's weights (θ_r), in the order asked;
        /// nil under linearisation. A transformed estimate's variance comes from them (the logit of a share).
        var replicateValues: [[Double]]?

        var variance: Double { covariance[0][0] }

        /// The SE of logit θ_k under replicate weights: the replicate variance of the replicates' logits about
        /// the full sample's (the R oracle's closed form of `svyciprop`'s logit interval); nil under
        /// linearisation, where it is SE/(θ(1 − θ)).
        func logitStandardError(_ k: Int, _ frame: DesignFrame) -> Double? {
            guard let replicates = frame.replicates, let thetas = replicateValues?[k] else { return nil }
            func logit(_ p: Double) -> Double { log(p / (1 - p)) }
            return replicates.variance(thetas.map { logit($0) }, about: logit(values[k])).squareRoot()
        }
    }

    /// The lonely stratum that fails the estimate: under `fail`, or under `average` when no stratum of
    /// the estimate has two or more PSUs to average (R's variance is then NaN).
    struct LonelyStratum: Error {
        /// The stratum, or at a later stage the unit of the stage before (`dnum 15`).
        let name: String
        /// The stage where it has a single unit: 1 for a stratum with a single PSU.
        var stage = 1
        /// True under `average` with nothing to average.
        var nothingToAverage = false
    }

    /// The estimates and their covariance (R: `svyby(…, covmat = TRUE)`).
    static func estimate(_ frame: DesignFrame, _ estimands: [DesignEstimand], lonely: LonelyPSU) throws(LonelyStratum) -> Result {
        let values = estimands.map { $0.value(weights: frame.weights) }
        if let replicates = frame.replicates { return replicated(frame, replicates, estimands, values) }
        let z = zip(estimands, values).map { $0.linearised(weights: frame.weights, value: $1) }
        let (covariance, df) = try linearisedCovariance(frame, estimands.map(\.rows), z, lonely: lonely)
        return Result(values: values, covariance: covariance, degreesOfFreedom: df)
    }

    /// V = c·Σ_r (θ_r − θ)(θ_r − θ)' about the full-sample estimates (R's `svrVar` with `mse = TRUE`),
    /// leaving out a replicate under which some estimate is undefined, as R's `na.omit` does.
    private static func replicated(_ frame: DesignFrame, _ replicates: ReplicateWeights, _ estimands: [DesignEstimand],
                                   _ values: [Double]) -> Result {
        let count = estimands.count
        var thetas = [[Double]](repeating: [], count: count)
        for (k, e) in estimands.enumerated() {
            var buffer = [Double](repeating: 0, count: e.rows.count)
            thetas[k] = buffer.withUnsafeMutableBufferPointer { b in
                (0..<replicates.count).map { r in
                    replicates.gather(r, e.rows[...], into: b.baseAddress!)
                    return e.value(gathered: b.baseAddress!)
                }
            }
        }
        let kept = (0..<replicates.count).filter { r in thetas.allSatisfy { !$0[r].isNaN } }
        var covariance = [[Double]](repeating: [Double](repeating: 0, count: count), count: count)
        for k in 0..<count {
            for l in k..<count {
                var sum = 0.0
                for r in kept { sum += (thetas[k][r] - values[k]) * (thetas[l][r] - values[l]) }
                covariance[k][l] = replicates.scale * sum
                covariance[l][k] = covariance[k][l]
            }
        }
        var rows = estimands.first?.rows ?? []
        if count > 1 {
            var inAny = [Bool](repeating: false, count: frame.rowCount)
            for e in estimands { for r in e.rows { inAny[r] = true } }
            rows = inAny.indices.filter { inAny[$0] }
        }
        return Result(values: values, covariance: covariance,
                      degreesOfFreedom: replicates.degreesOfFreedom(rows: rows, rowCount: frame.rowCount), replicateValues: thetas)
    }

    /// The covariance of the totals of the linearised values `z[k]` on the rows `rows[k]` (rows of the full
    /// design), through every stage of the design, and the first stage's degrees of freedom.
    static func linearisedCovariance(_ frame: DesignFrame, _ rows: [[Int]], _ z: [[Double]],
                                     lonely: LonelyPSU) throws(LonelyStratum) -> (covariance: [[Double]], degreesOfFreedom: Int) {
        let count = rows.count
        var walk = StageWalk(frame: frame, count: count, lonely: lonely)
        for k in 0..<count {
            walk.row += rows[k]
            walk.value += z[k]
            walk.estimand += repeatElement(Int32(k), count: rows[k].count)
        }
        var flat = [Double](repeating: 0, count: count * count)
        let df = try walk.add(stage: 0, entries: Array(0..<walk.row.count), into: &flat)
        var covariance = [[Double]](repeating: [Double](repeating: 0, count: count), count: count)
        for k in 0..<count {
            for l in 0..<count { covariance[k][l] = flat[min(k, l) * count + max(k, l)] }
        }
        return (covariance, df)
    }
}

extension DesignVariance {
    /// One stratum's sums of an estimate's linearised values zᵢ over its rows in a domain, for a
    /// one-stage design whose units are rows (strata, no clusters): what an attached table's server
    /// adds up instead of sending the rows.
    struct StratumSums: Sendable {
        /// The stratum (a group of the design's first stage).
        var stratum: Int
        /// Its rows in the domain: the units with an entry.
        var rows: Int
        /// Σz and Σz² over them.
        var sum: Double
        var squares: Double
    }

    /// The variance and degrees of freedom of one estimate of a design whose units are rows, from each
    /// stratum's sums (one per stratum with a row in the domain): the same stage formula as the rows
    /// give (``StageWalk``), since Σ_j (z_j − S/n)² over the k units with an entry is Σz² − (2 − k/n)·S²/n.
    static func rowUnits(_ stage: DesignStage, cells: [StratumSums], lonely: LonelyPSU) throws(LonelyStratum)
        -> (variance: Double, degreesOfFreedom: Int) {
        let crossed = cells.map { StratumCrossSums(stratum: $0.stratum, rows: $0.rows, sums: [$0.sum], products: [$0.squares]) }
        let (covariance, df) = try rowUnits(stage, cells: crossed, count: 1, lonely: lonely)
        return (covariance[0][0], df)
    }

    /// One stratum's sums of several estimates' linearised values over the same rows of a domain:
    /// Σz_k, and Σz_k·z_l (row-major, count × count).
    struct StratumCrossSums: Sendable {
        var stratum: Int
        var rows: Int
        var sums: [Double]
        var products: [Double]
    }

    /// The covariance of `count` estimates on the same rows of a design whose units are rows, and its
    /// degrees of freedom, from each stratum's sums: Σ_j (z_jk − S_k/n)(z_jl − S_l/n) over the units
    /// with an entry is Σz_k·z_l − (2 − k/n)·S_k·S_l/n, as for one estimate.
    static func rowUnits(_ stage: DesignStage, cells: [StratumCrossSums], count: Int, lonely: LonelyPSU) throws(LonelyStratum)
        -> (covariance: [[Double]], degreesOfFreedom: Int) {
        var products: [Double] = []
        for c in cells {
            let n = Double(stage.unitCount[c.stratum])
            for k in 0..<count {
                for l in 0..<count {
                    products.append(n > 1 ? c.products[k * count + l] - (2 - Double(c.rows) / n) * c.sums[k] * c.sums[l] / n : c.products[k * count + l])
                }
            }
        }
        let part = try StageWalk.between(stage, 0, groups: cells.map(\.stratum), touched: cells.map(\.rows),
                                         sums: cells.flatMap(\.sums), products: products, count: count, lonely: lonely)
        var covariance = [[Double]](repeating: [Double](repeating: 0, count: count), count: count)
        for k in 0..<count {
            for l in 0..<count { covariance[k][l] = part[min(k, l) * count + max(k, l)] }
        }
        return (covariance, cells.reduce(0) { $0 + $1.rows } - cells.count)
    }
}

/// The recursion of R's `multistage`: a stage's variance between its units
/// within each group (`onestage`), plus, for each unit, the variance of the
/// next stage within it scaled by the unit's sampling fraction f = n/N — so
/// with no fpc (f = 0) a later stage adds nothing.
private struct StageWalk {
    let frame: DesignFrame
    /// The number of estimates.
    let count: Int
    let lonely: LonelyPSU
    /// One entry per row of each estimate: its row of the full design, its linearised value, its estimate.
    var row: [Int] = []
    var value: [Double] = []
    var estimand: [Int32] = []
    /// Per stage, the local index of each unit and group while a call runs (−1 otherwise), so that a call
    /// costs its entries, not the stage's units.
    private var unitSlot: [[Int32]]
    private var groupSlot: [[Int32]]

    init(frame: DesignFrame, count: Int, lonely: LonelyPSU) {
        self.frame = frame
        self.count = count
        self.lonely = lonely
        unitSlot = [[Int32]](repeating: [], count: frame.stages.count)
        groupSlot = [[Int32]](repeating: [], count: frame.stages.count)
    }

    /// Adds the covariance of `entries` at stage `s` and the stages after it to `covariance` (the upper
    /// triangle of a count × count matrix, row-major), and returns the stage's units with an entry minus
    /// its groups with an entry (R's `degf` at the first stage).
    mutating func add(stage s: Int, entries: [Int], into covariance: inout [Double]) throws(DesignVariance.LonelyStratum) -> Int {
        let stage = frame.stages[s]
        if groupSlot[s].isEmpty { groupSlot[s] = [Int32](repeating: -1, count: stage.unitCount.count) }
        // The units with an entry, and each one's totals of the linearised values.
        var units: [Int] = []
        var unitOfEntry: [Int32]
        if stage.unitOfRow == nil && count == 1 {
            // Every row its own unit, one estimate: its rows are distinct, so each entry is a unit. (The
            // slots below would cost a pass over every row of the design per call: per group of a
            // `summarize … by`, 4 MB written for a million rows.)
            units = entries.map { row[$0] }
            unitOfEntry = (0..<Int32(entries.count)).map { $0 }
        } else {
            if unitSlot[s].isEmpty { unitSlot[s] = [Int32](repeating: -1, count: stage.unitTotal) }
            unitOfEntry = [Int32](repeating: 0, count: entries.count)
            for (i, e) in entries.enumerated() {
                let j = stage.unitOfRow.map { Int($0[row[e]]) } ?? row[e]
                if unitSlot[s][j] < 0 {
                    unitSlot[s][j] = Int32(units.count)
                    units.append(j)
                }
                unitOfEntry[i] = unitSlot[s][j]
            }
            for j in units { unitSlot[s][j] = -1 }
        }
        var totals = [Double](repeating: 0, count: units.count * count)
        for (i, e) in entries.enumerated() { totals[Int(unitOfEntry[i]) * count + Int(estimand[e])] += value[e] }

        // The groups (strata) with a unit, each one's sums of the unit totals and its units with an entry.
        var groups: [Int] = []
        var groupOfUnit = [Int](repeating: 0, count: units.count)
        for (u, j) in units.enumerated() {
            let g = stage.groupOfUnit.map { Int($0[j]) } ?? 0
            if groupSlot[s][g] < 0 {
                groupSlot[s][g] = Int32(groups.count)
                groups.append(g)
            }
            groupOfUnit[u] = Int(groupSlot[s][g])
        }
        for g in groups { groupSlot[s][g] = -1 }
        var sums = [Double](repeating: 0, count: groups.count * count)
        var touched = [Int](repeating: 0, count: groups.count)
        for u in units.indices {
            let g = groupOfUnit[u]
            for k in 0..<count { sums[g * count + k] += totals[u * count + k] }
            touched[g] += 1
        }
        // Cross products of the deviations from the group means; a lonely unit's totals stay as they are
        // (the linearised values are already centred at the estimate, R's `adjust`).
        var products = [Double](repeating: 0, count: groups.count * count * count)
        var d = [Double](repeating: 0, count: count)
        for u in units.indices {
            let g = groupOfUnit[u], n = stage.unitCount[groups[g]]
            for k in 0..<count { d[k] = n > 1 ? totals[u * count + k] - sums[g * count + k] / Double(n) : totals[u * count + k] }
            for k in 0..<count {
                for l in k..<count { products[(g * count + k) * count + l] += d[k] * d[l] }
            }
        }
        let part = try StageWalk.between(stage, s, groups: groups, touched: touched, sums: sums, products: products,
                                         count: count, lonely: lonely)
        for i in part.indices { covariance[i] += part[i] }

        // The next stage within each unit, scaled by the unit's group's sampling fraction.
        if s + 1 < frame.stages.count {
            var start = [Int](repeating: 0, count: units.count + 1)
            for u in unitOfEntry { start[Int(u) + 1] += 1 }
            for u in units.indices { start[u + 1] += start[u] }
            var next = start
            var byUnit = [Int](repeating: 0, count: entries.count)
            for (i, e) in entries.enumerated() {
                byUnit[next[Int(unitOfEntry[i])]] = e
                next[Int(unitOfEntry[i])] += 1
            }
            for u in units.indices {
                let f = 1 - stage.correction[groups[groupOfUnit[u]]]
                guard f > 0 else { continue }
                var within = [Double](repeating: 0, count: count * count)
                _ = try add(stage: s + 1, entries: Array(byUnit[start[u]..<start[u + 1]]), into: &within)
                for i in within.indices { covariance[i] += f * within[i] }
            }
        }
        return units.count - groups.count
    }

    /// One stage's covariance between its units within each group, from each group's sums of its units'
    /// totals (`sums`), their cross products about the group mean (`products`: d = total − sum/n, or the
    /// total itself for a lonely unit) and its units with an entry (`touched`): R's `onestage`, with the
    /// units of a group that have no entry counting as zeros, the fpc, and lonely PSUs. Sums of an
    /// attached table's rows (``DesignVariance/rowUnits(_:cells:lonely:)``) come here too.
    static func between(_ stage: DesignStage, _ s: Int, groups: [Int], touched: [Int], sums: [Double], products: [Double],
                        count: Int, lonely: LonelyPSU) throws(DesignVariance.LonelyStratum) -> [Double] {
        var part = [Double](repeating: 0, count: count * count)
        var lonelyGroups = 0
        for (g, group) in groups.enumerated() {
            let n = stage.unitCount[group], c = stage.correction[group]
            if c < 0.0000001 { continue }  // a self-representing group adds nothing at this stage
            if n > 1 {
                // The units of the group without an entry count as zeros.
                let outside = Double(n - touched[g]), scale = c * Double(n) / Double(n - 1)
                for k in 0..<count {
                    for l in k..<count {
                        let mk = sums[g * count + k] / Double(n), ml = sums[g * count + l] / Double(n)
                        part[k * count + l] += scale * (products[(g * count + k) * count + l] + outside * mk * ml)
                    }
                }
                continue
            }
            lonelyGroups += 1
            switch lonely {
            case .fail: throw DesignVariance.LonelyStratum(name: stage.groupNames[group], stage: s + 1)
            case .remove, .certainty, .average: break
            case .adjust:
                for k in 0..<count {
                    for l in k..<count { part[k * count + l] += c * products[(g * count + k) * count + l] }
                }
            }
        }
        if lonely == .average, lonelyGroups > 0, lonelyGroups == groups.count {
            let group = groups.first { stage.unitCount[$0] == 1 && stage.correction[$0] >= 0.0000001 } ?? groups[0]
            throw DesignVariance.LonelyStratum(name: stage.groupNames[group], stage: s + 1, nothingToAverage: true)
        }
        let factor = lonely == .average && lonelyGroups > 0 ? Double(groups.count) / Double(groups.count - lonelyGroups) : 1
        for i in part.indices { part[i] *= factor }
        return part

    }
}
