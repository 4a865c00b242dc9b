/// The parts of an ``Estimate`` that machine formats write out, in order:
/// csv/tsv columns `<name>`, `<name>_moe`, …; json keys `value`, `moe`, …;
/// a spreadsheet's columns (``SheetLayout``) named as csv's.
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

    /// One field of an estimate, before it is written as text or as a cell.
    enum Field: Equatable {
        /// A fraction shown in percent units (a share, its bounds, the level): 0.16 for 16.
        case fraction(Double)
        /// A number in the data's units (a mean or a total, its bounds; the effective base).
        case number(Double)
        case count(Int)
        case text(String)
    }

    /// Each field, parallel to ``keys``; nil where unknown or not finite.
    static func fields(_ e: Estimate) -> [Field?] {
        let moe = e.marginOfError
        let interval = e.interval
        let hasInterval = moe != nil && interval != nil
        // A mean or a total is in the data's units, a share in percent units.
        let share = e.kind == .share
        func units(_ x: Double) -> Field? {
            guard x.isFinite else { return nil }
            return share ? .fraction(x) : .number(x)
        }
        return [
            units(e.design?.value ?? e.proportion),
            moe.flatMap { units($0) },
            interval.flatMap { units($0.low) },
            interval.flatMap { units($0.high) },
            e.n.map { .count($0) },
            e.effectiveN.flatMap { $0.isFinite ? .number($0) : nil },
            hasInterval ? .text(e.design?.interval ?? e.method.rawValue) : nil,
            hasInterval && e.level.isFinite ? .fraction(e.level) : nil,
            .text(flag(e.assessment)),
        ]
    }

    /// Machine text of each field, parallel to ``keys``; nil where unknown or not finite.
    static func values(_ e: Estimate) -> [String?] {
        fields(e).map { field in
            switch field {
            case .fraction(let x): return ValueText.machinePercentUnits(x)
            case .number(let x): return ValueText.machineNumber(x)
            case .count(let n): return String(n)
            case .text(let s): return s
            case nil: return nil
            }
        }
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
}
