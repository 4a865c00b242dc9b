/// The aggregate functions: one entry each, with its help, type rule and
/// implementation (the loops are in ``Aggregation``).
enum AggregateFunctions {
    static let all: [AggregateFunction] = [count, countWeighted, countDistinct, sum, avg, min, max, median, stddev, variance, mode, first, last,
                                           share, mean, total, ratio, quantile, rank, rowNumber]

    static let count = AggregateFunction(
        name: "count", arity: 0...1, syntax: "count() | count(x)", summary: "rows in the group; count(x): rows where x is not null",
        example: "n = count()",
        type: { _ in .integer },
        compute: { input throws(Diagnostic) in try Aggregation.count(input) })

    static let countWeighted = AggregateFunction(
        name: "count_weighted", arity: 0...1, syntax: "count_weighted() | count_weighted(x)",
        summary: "the sum of the weights of the group's rows (of its rows where x is not null); the row count on unweighted data",
        example: "population = count_weighted()",
        type: { _ in .number },
        weighted: true,
        compute: { input throws(Diagnostic) in try Aggregation.countWeighted(input) })

    static let countDistinct = AggregateFunction(
        name: "count_distinct", arity: 1...1, syntax: "count_distinct(x)", summary: "distinct non-null values of x",
        example: "regions = count_distinct(region)",
        type: { _ in .integer },
        compute: { input throws(Diagnostic) in try Aggregation.countDistinct(input) })

    static let sum = numeric("sum", "total of x; weighted (Σwx) on a dataset with a weight or a design", example: "total = sum(f2f_now)", averaging: false)
    static let avg = numeric("avg", "mean of x; weighted (Σwx/Σw) on a dataset with a weight or a design", example: "mean = avg(f2f_now)", averaging: true)
    static let median = numeric("median", "middle value of x; on a dataset with a weight or a design, the weighted quantile(x, 0.5) with its Woodruff interval",
                                example: "middle = median(f2f_now)", averaging: true)

    /// `sum`, `avg`, `median`: numbers in, the same kind out (an integer
    /// mean is a number); a sum of shares is refused.
    private static func numeric(_ name: String, _ summary: String, example: String, averaging: Bool) -> AggregateFunction {
        AggregateFunction(
            name: name, arity: 1...1, syntax: "\(name)(x)", summary: summary, example: example,
            type: { t throws(Diagnostic) in
                let type = t.types[0]
                try t.need(type.isNumeric || type == .null, "\(name)() needs numbers, not \(type.rawValue)",
                           type == .boolean ? ["for the share of rows where a condition holds, use share(condition)"] : [])
                try t.need(averaging || type != .estimate, "cannot add up shares with sum(); use avg() or share()")
                // Weighted or on a design, the median of numbers is R's svyquantile(…, 0.5): an estimate.
                if name == "median", t.schema.hasDesign || t.weighted, type == .integer || type == .number || type == .null { return .estimate }
                // Weighted, a sum of integers is a sum of products with weights: a number.
                return (averaging || t.weighted) && t.first == .integer ? .number : t.first
            },
            weighted: true,
            compute: { input throws(Diagnostic) in
                if name == "median", input.aggregate.type == .estimate { return try Aggregation.designQuantile(input) }
                return name == "median" ? try Aggregation.median(input) : try Aggregation.sumOrMean(input, mean: averaging)
            })
    }

    static let min = extreme("min", "smallest x", example: "lowest = min(f2f_now)", smallest: true)
    static let max = extreme("max", "largest x", example: "highest = max(f2f_now)", smallest: false)

    private static func extreme(_ name: String, _ summary: String, example: String, smallest: Bool) -> AggregateFunction {
        AggregateFunction(
            name: name, arity: 1...1, syntax: "\(name)(x)", summary: summary, example: example,
            type: { t in t.first },
            compute: { input throws(Diagnostic) in try Aggregation.extreme(input, smallest: smallest) })
    }

    static let stddev = spread("stddev", "the sample standard deviation of x (n − 1); on a dataset with a weight or a design, "
                               + "the square root of R's svyvar: Σw(x − x̄)²/Σw · n/(n − 1)", example: "sd = stddev(f2f_now)", squared: false)
    static let variance = spread("var", "the sample variance of x (n − 1, as SQL's var_samp); on a dataset with a weight or a design, "
                                 + "R's svyvar: Σw(x − x̄)²/Σw · n/(n − 1), x̄ the weighted mean, n the rows with a weight", example: "v = var(f2f_now)", squared: true)

    /// `stddev` and `var`: numbers in, a number out; the standard deviation of percents or points keeps their unit.
    private static func spread(_ name: String, _ summary: String, example: String, squared: Bool) -> AggregateFunction {
        AggregateFunction(
            name: name, arity: 1...1, syntax: "\(name)(x)", summary: summary, example: example,
            type: { t throws(Diagnostic) in
                let type = t.types[0]
                let units: Set<ValueType> = squared ? [.integer, .number, .null] : [.integer, .number, .null, .percent, .points]
                try t.need(units.contains(type), "\(name)() needs numbers, not \(type.rawValue)",
                           squared && (type == .percent || type == .points) ? ["a variance of \(type.rawValue)s has no unit of its own: stddev(x) keeps the unit"]
                               : type == .boolean ? ["for the share of rows where a condition holds, use share(condition)"] : [])
                return type == .percent || type == .points ? type : .number
            },
            weighted: true,
            compute: { input throws(Diagnostic) in try Aggregation.spread(input, squared: squared) })
    }

    static let mode = AggregateFunction(
        name: "mode", arity: 1...1, syntax: "mode(x)",
        summary: "the most frequent non-null x; on a dataset with a weight or a design, the x with the largest sum of weights; a tie goes to the value seen first",
        example: "usual = mode(industry)",
        type: { t throws(Diagnostic) in try plainValue(t, "mode") },
        weighted: true,
        compute: { input throws(Diagnostic) in try Aggregation.mode(input) })

    static let first = AggregateFunction(
        name: "first", arity: 1...1, syntax: "first(x)", summary: "the first non-null x in the table's order (sort first to choose it)",
        example: "earliest = first(id)",
        type: { t throws(Diagnostic) in try plainValue(t, "first") },
        compute: { input throws(Diagnostic) in try Aggregation.firstOrLast(input, last: false) })

    static let last = AggregateFunction(
        name: "last", arity: 1...1, syntax: "last(x)", summary: "the last non-null x in the table's order (sort first to choose it)",
        example: "latest = last(id)",
        type: { t throws(Diagnostic) in try plainValue(t, "last") },
        compute: { input throws(Diagnostic) in try Aggregation.firstOrLast(input, last: true) })

    /// `mode`, `first`, `last`: one of the group's values, of the argument's type (a share's estimate
    /// as its percent, as `min` and `max` give it); an estimate of a mean, total, ratio or quantile is refused.
    private static func plainValue(_ t: FunctionTyping, _ name: String) throws(Diagnostic) -> ValueType {
        if case .column(let i) = t.arguments[0].kind {
            try t.need(!t.schema.columns[i].measure, "\(name)() of an estimate of a mean, total, ratio or quantile would read it as a percentage",
                       ["read its figures first, e.g. \(name)(value(x))"])
        }
        return t.first
    }

    static let rank = AggregateFunction(
        name: "rank", arity: 1...1, syntax: "rank(x [desc])",
        summary: "window function (derive only): each row's rank by x within its group, as SQL's RANK (ties share a rank, then a gap); nulls rank last",
        example: "place = rank(f2f_now desc)",
        type: { _ in .integer },
        window: true,
        ordersRows: true,
        compute: { input throws(Diagnostic) in try Aggregation.rank(input) })

    static let rowNumber = AggregateFunction(
        name: "row_number", arity: 0...0, syntax: "row_number()",
        summary: "window function (derive only): 1, 2, 3, … for the rows of each group, in the table's order",
        example: "row = row_number()",
        type: { _ in .integer },
        window: true,
        compute: { input throws(Diagnostic) in try Aggregation.rowNumber(input) })

    static let share = AggregateFunction(
        name: "share", arity: 1...1, syntax: "share(condition)",
        summary: "the share of rows where the condition holds, with its margin of error (weighted when the dataset has a weight)",
        example: #"yes = share(social_media_now == "yes")"#,
        type: { t throws(Diagnostic) in
            try t.need(t.types[0] == .boolean, "share() needs a condition that is true or false for each row, not \(t.types[0].rawValue)",
                       ["e.g. share(social_media_now == \"yes\")"])
            return .estimate
        },
        weighted: true,
        compute: { input throws(Diagnostic) in
            // Weighted shares are design estimates (R: svydesign(ids = ~1, weights = ~w) for `load … weight`), so that a
            // later compare has the covariance of its two domains; unweighted shares keep Wilson's interval.
            if input.table.activeDesign(weightColumn: input.aggregate.weight) != nil || input.aggregate.weight != nil { return try Aggregation.designShare(input) }
            var builder = ColumnBuilder(type: .estimate, capacity: input.grouping.count)
            for a in try Aggregation.shares(input) {
                guard a.count > 0, let p = a.share else { builder.append(.null); continue }
                builder.append(.estimate(input.context.settings.estimate(p, n: a.count, effectiveN: a.effectiveN)))
            }
            return builder.finish(name: "")
        })

    /// The aggregates whose estimates are in the data's units, not shares.
    static let measures: Set<String> = ["mean", "total", "ratio", "quantile", "median"]

    /// Whether `aggregate` gives an estimate in the data's units: a mean, total, ratio or quantile, or a median on a design.
    static func isMeasure(_ aggregate: ResolvedAggregate) -> Bool {
        aggregate.type == .estimate && measures.contains(aggregate.function.name)
    }

    static let mean = measure("mean", .mean, "the mean of x with its standard error and interval (on a survey design, Taylor-linearised: R's svymean)",
                              example: "m = mean(f2f_now)")
    static let total = measure("total", .total, "the total of x with its standard error and interval (on a survey design, Taylor-linearised: R's svytotal)",
                               example: "t = total(f2f_now)")

    static let ratio = AggregateFunction(
        name: "ratio", arity: 2...2, syntax: "ratio(y, x)",
        summary: "the ratio Σwy/Σwx with its standard error and interval (on a survey design, Taylor-linearised: R's svyratio)",
        example: "r = ratio(f2f_future, f2f_now)",
        type: { t throws(Diagnostic) in
            for type in t.types {
                try t.need(type == .integer || type == .number || type == .null, "ratio() needs numbers, not \(type.rawValue)")
            }
            return .estimate
        },
        weighted: true,
        compute: { input throws(Diagnostic) in try Aggregation.designMeasure(input, kind: .ratio) })

    static let quantile = AggregateFunction(
        name: "quantile", arity: 2...2, syntax: "quantile(x, p)",
        summary: "the p-quantile of x (weighted, R's qrule \"math\") with its Woodruff interval (R's svyquantile)",
        example: "q = quantile(f2f_now, 0.25)",
        type: { t throws(Diagnostic) in
            try t.need(t.types[0] == .integer || t.types[0] == .number || t.types[0] == .null, "quantile() needs numbers, not \(t.types[0].rawValue)")
            let p: Double?
            switch t.arguments[1].kind {
            case .literal(.number(let d)), .literal(.percent(let d)): p = d
            case .literal(.integer(let i)): p = Double(i)
            default: p = nil
            }
            try t.need(p.map { $0 > 0 && $0 < 1 } ?? false, "quantile() needs a probability between 0 and 1 written as a number, e.g. 0.25")
            return .estimate
        },
        weighted: true,
        compute: { input throws(Diagnostic) in try Aggregation.designQuantile(input) })

    /// `mean` and `total`: an estimate of numbers, weighted by the design or the dataset's weight.
    private static func measure(_ name: String, _ kind: EstimateKind, _ summary: String, example: String) -> AggregateFunction {
        AggregateFunction(
            name: name, arity: 1...1, syntax: "\(name)(x)", summary: summary, example: example,
            type: { t throws(Diagnostic) in
                let type = t.types[0]
                try t.need(type == .integer || type == .number || type == .null, "\(name)() needs numbers, not \(type.rawValue)",
                           type == .boolean ? ["for the share of rows where a condition holds, use share(condition)"] : [])
                return .estimate
            },
            weighted: true,
            compute: { input throws(Diagnostic) in try Aggregation.designMeasure(input, kind: kind) })
    }
}
