/// The expressions with words of their own rather than a function's call:
/// `case when … end` and `recode(…)`. Each is defined once here — its syntax,
/// help and an example that a test runs — and `.help`, completion and the
/// README read these; the parser (`Parser.parseCase`, `Parser.parseRecode`),
/// the resolver and the evaluator implement them.
struct ExpressionForm: Sendable {
    let name: String
    /// How it is written.
    let syntax: String
    /// One line for `.help`.
    let summary: String
    /// An expression that uses it, run by a test (in `derive`).
    let example: String
    /// What completion inserts where an expression may start.
    let insertion: String
}

enum ExpressionForms {
    static let all: [ExpressionForm] = [caseWhen, recode]

    static let caseWhen = ExpressionForm(
        name: "case", syntax: "case when CONDITION then VALUE [when …] [else VALUE] end",
        summary: "the VALUE of the first CONDITION that is true (null counts as false); null when none is and there is no else",
        example: #"case when value_pct >= 50 then "majority" when value_pct >= 25 then "a quarter or more" else "fewer" end"#,
        insertion: "case when ")

    static let recode = ExpressionForm(
        name: "recode", syntax: #"recode(x, "a" -> "A", ("b", "c") -> "BC", … [, else VALUE])"#,
        summary: "new values for the values listed (constants); the others stay as they are, or take else; null stays null unless listed",
        example: #"recode(horizon, "now" -> "today", ("3-5 years", "in 3-5 years") -> "later")"#,
        insertion: "recode(")

    static func named(_ name: String) -> ExpressionForm? { all.first { $0.name == name } }
}
