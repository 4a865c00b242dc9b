/// The parts of an ``Estimate`` that machine formats write out, in order:
/// csv/tsv columns `<name>`, `<name>_moe`, …; json keys `value`, `moe`, ….
///
/// Shares, margins and bounds are in percent units (16, 1.74), `level` too
/// (95). The interval fields (moe, ci_low, ci_high, method, level) are empty
/// when the base is unknown: Topline never invents an interval.
enum EstimateFields {
    static let keys = ["value", "moe", "ci_low", "ci_high", "n", "n_eff", "method", "level", "flag"]
    /// Column-name suffixes for csv/tsv, parallel to ``keys``.
    static let suffixes = ["", "_moe", "_ci_low", "_ci_high", "_n", "_n_eff", "_method", "_level", "_flag"]
    /// The fields that are text rather than numbers.
    static let textIndexes: Set<Int> = [6, 8]

    /// Machine text of each field, parallel to ``keys``; nil where unknown or not finite.
    static func values(_ e: Estimate) -> [String?] {
        let moe = e.marginOfError
        let interval = e.interval
        let hasInterval = moe != nil && interval != nil
        // A mean or a total is in the data's units, a share in percent units.
        let share = e.kind == .share
        func units(_ x: Double) -> String? {
            guard x.isFinite else { return nil }
            return share ? ValueText.machinePercentUnits(x) : ValueText.machineNumber(x)
        }
        return [
            units(e.design?.value ?? e.proportion),
            moe.flatMap { units($0) },
            interval.flatMap { units($0.low) },
            interval.flatMap { units($0.high) },
            e.n.map { String($0) },
            e.effectiveN.flatMap { $0.isFinite ? ValueText.machineNumber($0) : nil },
            hasInterval ? e.design?.interval ?? e.method.rawValue : nil,
            hasInterval ? percentUnits(e.level) : nil,
            flag(e.assessment),
        ]
    }

    /// The small-base verdict: ok, small-base, suppressed or unknown-base.
    /// Machine formats keep the value either way, so nothing is lost in a pipe.
    static func flag(_ assessment: BaseAssessment) -> String {
        switch assessment {
        case .ok: return "ok"
        case .flagged: return "small-base"
        case .suppressed: return "suppressed"
        case .unknownBase: return "unknown-base"
        }
    }

    private static func percentUnits(_ fraction: Double) -> String? {
        fraction.isFinite ? ValueText.machinePercentUnits(fraction) : nil
    }
}
