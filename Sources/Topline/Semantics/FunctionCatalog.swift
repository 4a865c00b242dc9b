/// Every function the language knows: name, arity, a one-line summary (used
/// by completion and help) and whether it aggregates rows.

/// Functions evaluated on one row at a time.
public enum ScalarFunction: String, CaseIterable, Sendable {
    case pct, round, lower, upper, abs, change, coalesce
    case estimate, value, n, neff, deff, moe, se, ci_low, ci_high

    public var summary: String {
        switch self {
        case .pct: return "pct(x): the number x as a percent (16 → 16%)"
        case .round: return "round(x, digits): x rounded; percents round in percent units"
        case .lower: return "lower(text): lower-case"
        case .upper: return "upper(text): upper-case"
        case .abs: return "abs(x): absolute value"
        case .change: return "change(a, b): relative change from a to b, as a percent"
        case .coalesce: return "coalesce(a, b, …): the first argument that is not null"
        case .estimate: return "estimate(value, n): a share with its base; value as a percent or a number 0-100"
        case .value: return "value(estimate): the share alone, as a percent (the interval dropped)"
        case .n: return "n(estimate): the base (number of respondents)"
        case .neff: return "neff(estimate): the effective base under weights (Kish)"
        case .deff: return "deff(estimate): the design effect of the weights"
        case .moe: return "moe(estimate): the margin of error, in percentage points"
        case .se: return "se(estimate): the standard error, in percentage points"
        case .ci_low: return "ci_low(estimate): the lower confidence bound"
        case .ci_high: return "ci_high(estimate): the upper confidence bound"
        }
    }

    /// Accepted argument counts.
    var arity: ClosedRange<Int> {
        switch self {
        case .pct, .lower, .upper, .abs, .value, .n, .neff, .deff, .moe, .se, .ci_low, .ci_high: return 1...1
        case .round: return 1...2
        case .change, .estimate: return 2...2
        case .coalesce: return 1...64
        }
    }
}

/// Functions that reduce the rows of a group to one value (in `summarize`).
public enum AggregateFunction: String, CaseIterable, Sendable {
    case count, count_distinct, sum, avg, min, max, median, share

    public var summary: String {
        switch self {
        case .count: return "count(): rows in the group; count(x): rows where x is not null"
        case .count_distinct: return "count_distinct(x): distinct non-null values of x"
        case .sum: return "sum(x): total of x"
        case .avg: return "avg(x): mean of x"
        case .min: return "min(x): smallest x"
        case .max: return "max(x): largest x"
        case .median: return "median(x): middle value of x"
        case .share: return "share(condition): the share of rows where the condition holds, with its margin of error"
        }
    }

    var arity: ClosedRange<Int> {
        switch self {
        case .count: return 0...1
        default: return 1...1
        }
    }
}

enum FunctionCatalog {
    /// All function names, for completion and suggestions.
    static let allNames: [String] =
        AggregateFunction.allCases.map(\.rawValue) + ScalarFunction.allCases.map(\.rawValue)
}
