/// Multiple-comparison adjustments for a family of p-values, e.g. every
/// pairwise column test of one crosstab row (SPSS offers Bonferroni; expss
/// and the IBM ColPropTest extension also offer Holm).
///
/// Adjusted p-values are returned in input order and capped at 1. NaN entries
/// (tests that could not run) stay NaN and do not count towards the family
/// size m.
///
/// ```swift
/// _ = PValueAdjustment.holm([0.01, 0.04, 0.03])        // [0.03, 0.06, 0.06]
/// _ = PValueAdjustment.bonferroni([0.01, 0.04, 0.03])  // [0.03, 0.12, 0.09]
/// ```
public enum PValueAdjustment {
    /// The adjustments `compare … by …` offers.
    public enum Method: String, Sendable, CaseIterable {
        case holm, bonferroni

        /// The name as written in output: "Holm", "Bonferroni".
        public var displayName: String { self == .holm ? "Holm" : "Bonferroni" }
    }

    /// `p` adjusted by `method`.
    public static func adjust(_ p: [Double], _ method: Method) -> [Double] {
        switch method {
        case .holm: return holm(p)
        case .bonferroni: return bonferroni(p)
        }
    }

    /// Bonferroni: min(1, m·p).
    public static func bonferroni(_ p: [Double]) -> [Double] {
        let m = Double(p.lazy.filter { !$0.isNaN }.count)
        return p.map { $0.isNaN ? $0 : min(1, $0 * m) }
    }

    /// Holm's step-down method: with p sorted ascending, the i-th (0-based)
    /// adjusted value is max over j ≤ i of min(1, (m − j)·p₍ⱼ₎), so adjusted
    /// values never decrease along the sorted order. Uniformly more powerful
    /// than Bonferroni with the same family-wise error control.
    public static func holm(_ p: [Double]) -> [Double] {
        let order = p.indices.filter { !p[$0].isNaN }.sorted { p[$0] < p[$1] }
        let m = order.count
        var adjusted = p
        var running = 0.0
        for (rank, index) in order.enumerated() {
            running = max(running, min(1, Double(m - rank) * p[index]))
            adjusted[index] = running
        }
        return adjusted
    }
}
