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
        var top = 0.0, bottom = 0.0
        for (k, r) in rows.enumerated() {
            top += weights[r] * numerator[k]
            if let denominator { bottom += weights[r] * denominator[k] }
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

/// Taylor-linearised variance of estimates over domains of a ``DesignFrame``:
/// with-replacement first stage, strata, fpc, lonely PSUs as R does them.
enum DesignVariance {
    struct Result {
        /// The estimates under the full-sample weights, in the order asked.
        var values: [Double]
        /// Their covariance matrix.
        var covariance: [[Double]]
        /// PSUs with a row in any of the domains minus strata with a row in them (R's `degf` of the union of the domains).
        var degreesOfFreedom: Int

        var variance: Double { covariance[0][0] }
    }

    /// The lonely stratum that fails the estimate.
    struct LonelyStratum: Error {
        let name: String
    }

    /// The estimates and their covariance (R: `svyby(…, covmat = TRUE)`).
    static func estimate(_ frame: DesignFrame, _ estimands: [DesignEstimand], lonely: LonelyPSU) throws(LonelyStratum) -> Result {
        let values = estimands.map { $0.value(weights: frame.weights) }
        let z = zip(estimands, values).map { $0.linearised(weights: frame.weights, value: $1) }
        let (covariance, df) = try linearisedCovariance(frame, estimands.map(\.rows), z, lonely: lonely)
        return Result(values: values, covariance: covariance, degreesOfFreedom: df)
    }

    /// The covariance of the totals of the linearised values `z[k]` on the rows `rows[k]` (rows of the full design).
    static func linearisedCovariance(_ frame: DesignFrame, _ rows: [[Int]], _ z: [[Double]],
                                     lonely: LonelyPSU) throws(LonelyStratum) -> (covariance: [[Double]], degreesOfFreedom: Int) {
        let count = rows.count
        // The totals of each estimate's z in each PSU with a row in any domain.
        var psuOf: [Int] = []
        var totals: [[Double]] = []
        var slot = [Int32](repeating: -1, count: frame.psuTotal)
        for k in 0..<count {
            for (i, r) in rows[k].enumerated() {
                let j = frame.psuOfRow.map { Int($0[r]) } ?? r
                if slot[j] < 0 {
                    slot[j] = Int32(psuOf.count)
                    psuOf.append(j)
                    totals.append([Double](repeating: 0, count: count))
                }
                totals[Int(slot[j])][k] += z[k][i]
            }
        }
        let strata = frame.psuCount.count
        let stratumOf: (Int) -> Int = { j in frame.stratumOfPSU.map { Int($0[j]) } ?? 0 }
        var sums = [[Double]](repeating: [Double](repeating: 0, count: count), count: strata)
        var touched = [Int](repeating: 0, count: strata)
        for (i, j) in psuOf.enumerated() {
            let h = stratumOf(j)
            for k in 0..<count { sums[h][k] += totals[i][k] }
            touched[h] += 1
        }
        // Cross products of the deviations from the stratum means; a lonely PSU's totals stay as they
        // are (the linearised values are already centred at the estimate, R's `adjust`).
        var products = [[[Double]]](repeating: [[Double]](repeating: [Double](repeating: 0, count: count), count: count), count: strata)
        for (i, j) in psuOf.enumerated() {
            let h = stratumOf(j)
            let n = Double(frame.psuCount[h])
            let d = (0..<count).map { k in frame.psuCount[h] > 1 ? totals[i][k] - sums[h][k] / n : totals[i][k] }
            for k in 0..<count {
                for l in k..<count { products[h][k][l] += d[k] * d[l] }
            }
        }
        var covariance = [[Double]](repeating: [Double](repeating: 0, count: count), count: count)
        var inEstimate = 0, lonelyInEstimate = 0
        for h in 0..<strata where touched[h] > 0 {
            inEstimate += 1
            let n = frame.psuCount[h], c = frame.correction[h]
            if c < 0.0000001 { continue }  // a self-representing stratum adds nothing
            if n > 1 {
                // The PSUs of the stratum outside the domains count as zeros.
                let outside = Double(n - touched[h]), scale = c * Double(n) / Double(n - 1)
                for k in 0..<count {
                    for l in k..<count {
                        let mk = sums[h][k] / Double(n), ml = sums[h][l] / Double(n)
                        covariance[k][l] += scale * (products[h][k][l] + outside * mk * ml)
                    }
                }
                continue
            }
            lonelyInEstimate += 1
            switch lonely {
            case .fail: throw LonelyStratum(name: frame.strataNames[h])
            case .remove, .certainty, .average: break
            case .adjust:
                for k in 0..<count {
                    for l in k..<count { covariance[k][l] += c * products[h][k][l] }
                }
            }
        }
        if lonely == .average, lonelyInEstimate > 0, inEstimate > lonelyInEstimate {
            let factor = Double(inEstimate) / Double(inEstimate - lonelyInEstimate)
            for k in 0..<count {
                for l in k..<count { covariance[k][l] *= factor }
            }
        }
        for k in 0..<count {
            for l in 0..<k { covariance[k][l] = covariance[l][k] }
        }
        return (covariance, psuOf.count - touched.filter { $0 > 0 }.count)
    }
}
