#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The intervals of a share estimated on a design (R's `svyciprop`), with
/// the design's degrees of freedom `df` and `n` rows in the domain.
enum DesignInterval {
    /// `logitStandardError` is the SE of logit p when it is not SE/(p(1−p)): under replicate weights, the
    /// replicate SE of the replicates' logits (``DesignVariance/Result/logitStandardError(_:_:)``).
    static func share(_ p: Double, standardError se: Double, df: Double, n: Int, level: Double,
                      method: DesignIntervalMethod, logitStandardError: Double? = nil) -> (low: Double, high: Double) {
        let t = StudentT.criticalValue(level: level, df: df)
        switch method {
        case .mean:
            return (p - t * se, p + t * se)
        case .logit:
            // expit(logit p ± t·SE/(p(1−p))): at p = 0 or 1 the interval is the point.
            guard p > 0, p < 1 else { return (p, p) }
            let centre = log(p / (1 - p)), half = t * (logitStandardError ?? se / (p * (1 - p)))
            return (1 / (1 + exp(-(centre - half))), 1 / (1 + exp(-(centre + half))))
        case .beta:
            // Korn–Graubard: the effective n of the design, corrected for its df, in Clopper–Pearson's bounds.
            let ratio = StudentT.criticalValue(level: level, df: Double(n - 1)) / t
            let effective = p * (1 - p) / (se * se) * ratio * ratio
            let alpha = 1 - level
            return (Beta.quantile(alpha / 2, effective * p, effective * (1 - p) + 1),
                    Beta.quantile(1 - alpha / 2, effective * p + 1, effective * (1 - p)))
        }
    }
}

/// Design effects against simple random sampling from N̂ = Σw (R's `deff = TRUE` and `deff = "replace"`).
enum DesignEffect {
    /// For a mean (or with `total`, a total) of `y` with weights `w` and design variance `variance`:
    /// (without, with replacement). V_srs = (1 − n/N̂)·s²/n without replacement, s²/n with,
    /// s² = n/(n−1)·Σw(y−ȳ)²/Σw; × N̂² for a total.
    static func of(_ y: [Double], weights w: [Double], variance: Double, total: Bool = false) -> (deff: Double, deffReplace: Double) {
        let n = Double(y.count)
        var sumW = 0.0, sumWY = 0.0
        for k in y.indices {
            sumW += w[k]
            sumWY += w[k] * y[k]
        }
        let mean = sumWY / sumW
        var spread = 0.0
        for k in y.indices { spread += w[k] * (y[k] - mean) * (y[k] - mean) }
        let s2 = n / (n - 1) * spread / sumW
        var replace = s2 / n
        if total { replace *= sumW * sumW }
        return (variance / ((1 - n / sumW) * replace), variance / replace)
    }

    /// The same from the domain's sums: n rows, Σw, Σwy and Σwy² (an attached table's, summed by the
    /// server). The spread Σw(y−ȳ)² is Σwy² − ȳ·Σwy, which loses about log₁₀(Σwy²/Σw(y−ȳ)²) digits.
    static func of(n count: Int, sumW: Double, sumWY: Double, sumWY2: Double, variance: Double,
                   total: Bool = false) -> (deff: Double, deffReplace: Double) {
        let n = Double(count)
        let mean = sumWY / sumW
        let spread = max(0, sumWY2 - mean * sumWY)
        let s2 = n / (n - 1) * spread / sumW
        var replace = s2 / n
        if total { replace *= sumW * sumW }
        return (variance / ((1 - n / sumW) * replace), variance / replace)
    }

    /// n / deff with replacement: without replacement, weights that sum to about n
    /// (N̂ ≈ n) would make the SRS variance vanish and n_eff meaningless.
    static func effectiveN(_ n: Int, deffReplace: Double) -> Double {
        deffReplace.isFinite && deffReplace > 0 ? Double(n) / deffReplace : Double(n)
    }
}
