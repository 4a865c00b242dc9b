/// The parts of an ``Estimate`` that machine formats write out, in order:
/// csv/tsv columns `<name>`, `<name>_moe`, …; json keys `value`, `moe`, ….
///
/// Shares, margins and bounds are in percent units (16, 1.74), `level` too
/// (95). The interval fields (moe, ci_low, ci_high, method, level) are empty
/// when the base is unknown: Topline never invents an interval.
enum EstimateFields {
    static let keys = ["value", "moe", "ci_low", "ci_high", "n", "n_eff", "method", "level"]
    /// Column-name suffixes for csv/tsv, parallel to ``keys``.
    static let suffixes = ["", "_moe", "_ci_low", "_ci_high", "_n", "_n_eff", "_method", "_level"]
    /// The one field that is text rather than a number.
    static let methodIndex = 6

    /// Machine text of each field, parallel to ``keys``; nil where unknown or not finite.
    static func values(_ e: Estimate) -> [String?] {
        let moe = e.marginOfError
        let interval = e.interval
        let hasInterval = moe != nil && interval != nil
        return [
            percentUnits(e.proportion),
            moe.flatMap(percentUnits),
            interval.flatMap { percentUnits($0.low) },
            interval.flatMap { percentUnits($0.high) },
            e.n.map { String($0) },
            e.effectiveN.flatMap { $0.isFinite ? ValueText.machineNumber($0) : nil },
            hasInterval ? e.method.rawValue : nil,
            hasInterval ? percentUnits(e.level) : nil,
        ]
    }

    private static func percentUnits(_ fraction: Double) -> String? {
        fraction.isFinite ? ValueText.machinePercentUnits(fraction) : nil
    }
}
