/// The syntax tree produced by the ``Parser``. Every node carries its source range.

/// A name as written: a plain identifier or a back-quoted one.
public struct Name: Hashable, Sendable {
    public var text: String
    public var range: SourceRange
    public init(_ text: String, _ range: SourceRange) {
        self.text = text
        self.range = range
    }
}

/// A parsed script: statements in order.
public struct Script: Sendable {
    public var statements: [Statement]
}

public struct Statement: Sendable {
    public enum Kind: Sendable {
        /// `load "path" [as name] [weight column]`
        case load(path: String, pathRange: SourceRange, name: Name?, weight: Name?)
        /// `let name = pipeline`
        case `let`(Name, Pipeline)
        /// `describe name`
        case describe(Name)
        /// `datasets`
        case datasets
        /// `set option value`, e.g. `set level 90`
        case set(option: Name, value: Expr)
        case pipeline(Pipeline)
    }

    public var kind: Kind
    public var range: SourceRange
}

/// `from name | verb | verb …`
public struct Pipeline: Sendable {
    public var source: Name
    public var verbs: [Verb]
    public var range: SourceRange
}

public struct Verb: Sendable {
    public enum Kind: Sendable {
        case `where`(Expr)
        case select([SelectItem])
        case derive([Assignment])
        case summarize([Assignment], by: [Name])
        case sort([SortKey])
        case take(Expr)
        case pivot(key: Name, value: Name)
        case join(JoinKind, other: Name, leftKey: Name, rightKey: Name?)
        /// `compare A vs B [by …] [as paired|independent|subgroup]`
        case compare(first: Expr, second: Expr, by: [Name], mode: Name?)
        /// `sources`: the sources cited by the rows so far.
        case sources
        /// `chart KIND value [-> to] [over x] [by label]`
        case chart(ChartSyntax)
    }

    public var kind: Kind
    /// The verb keyword's range, for messages about the verb as a whole.
    public var keywordRange: SourceRange
    public var range: SourceRange

    /// The verb's keyword as written.
    public var keyword: Keyword {
        switch kind {
        case .where: return .where
        case .select: return .select
        case .derive: return .derive
        case .summarize: return .summarize
        case .sort: return .sort
        case .take: return .take
        case .pivot: return .pivot
        case .join: return .join
        case .compare: return .compare
        case .sources: return .sources
        case .chart: return .chart
        }
    }
}

public enum JoinKind: String, Sendable { case inner, left }

/// `chart bar VALUE by LABEL`, `chart dumbbell FROM -> TO by LABEL`,
/// `chart line VALUE over X [by SERIES]`. `bar`, `dumbbell`, `line` and
/// `over` are words only here.
public struct ChartSyntax: Sendable {
    public var kind: Name
    public var value: Expr
    public var to: Expr?
    public var over: Name?
    public var by: Name?
}

/// `column` or `name = expr` in `select`.
public enum SelectItem: Sendable {
    case column(Name)
    case assignment(Assignment)
}

/// `name = expr`
public struct Assignment: Sendable {
    public var name: Name
    public var value: Expr
}

public struct SortKey: Sendable {
    public var expr: Expr
    public var descending: Bool
}

public indirect enum ExprKind: Sendable {
    case integer(Int64)
    case number(Double)
    /// A percent literal as written: `16%` holds 16.
    case percent(Double)
    /// A percentage-points literal as written: `5pp` holds 5.
    case points(Double)
    case string(String)
    case boolean(Bool)
    case null
    case column(Name)
    case unary(UnaryOperator, Expr)
    case binary(BinaryOperator, Expr, Expr)
    case call(Name, [Expr])
    /// `x in (a, b)`, `x not in (a, b)`
    case inList(Expr, [Expr], negated: Bool)
    /// `x is null`, `x is not null`
    case isNull(Expr, negated: Bool)
}

public struct Expr: Sendable {
    public var kind: ExprKind
    public var range: SourceRange
    public init(_ kind: ExprKind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}

public enum UnaryOperator: String, Sendable {
    case negate = "-"
    case not = "not"
}

public enum BinaryOperator: String, Sendable, CaseIterable {
    case or, and
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case contains = "~"
    case add = "+", subtract = "-", multiply = "*", divide = "/"

    /// Binding strength: higher binds tighter.
    var precedence: Int {
        switch self {
        case .or: return 1
        case .and: return 2
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .contains: return 4
        case .add, .subtract: return 5
        case .multiply, .divide: return 6
        }
    }

    var isComparison: Bool { precedence == 4 }
}
