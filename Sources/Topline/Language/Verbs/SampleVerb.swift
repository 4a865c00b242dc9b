/// `sample N [seed S]` (or `sample P%`): N rows drawn at random without
/// replacement, in the table's order; the same seed draws the same rows.
struct SampleVerb: VerbSyntax {
    /// The seed when none is written: a sample is reproducible by default.
    static let defaultSeed: Int64 = 0

    static let definition = VerbDefinition(
        keyword: Keyword("sample"),
        // Not reserved: columns may still be called sample.
        reserved: false,
        summary: "N rows (sample 10% for a share of them) at random without replacement, kept in the table's order; the same seed (0 unless given) draws the same rows (SplitMix64, selection sampling); never changes the columns",
        syntax: "sample N [seed S]",
        example: "from ceo_study_metrics | sample 5 seed 42",
        grammar: #"sample = "sample" , ( integer | percent ) , [ "seed" , [ "-" ] , integer ] ;"#,
        columns: .passes,
        parse: { p in
            p.advanceKeyword()
            guard let count = p.parseExpression() else { return nil }
            // `seed` is a word only here: columns may still be called seed.
            guard p.acceptWord(.seed) else { return SampleVerb(count: count, seed: nil) }
            return p.parseExpression().map { SampleVerb(count: count, seed: $0) }
        })

    var count: Expr
    var seed: Expr?

    var sourceText: String { "sample \(count)" + (seed.map { " seed \($0)" } ?? "") }
    func dump(_ tree: inout TreeDump) {
        tree.expr(count)
        if let seed {
            tree.line("Seed", seed.range)
            tree.nested { $0.expr(seed) }
        }
    }
    func columnNames(into names: inout Set<String>) {
        count.columnNames(into: &names)
        seed?.columnNames(into: &names)
    }

    func resolve(_ site: VerbSite, _ resolver: Resolver, _ schema: inout Schema) throws(Diagnostic) -> any PlanStep {
        let size: SampleStep.Size
        switch count.kind {
        case .integer(let n) where n >= 0: size = .rows(Int(clamping: n))
        case .percent(let p) where p >= 0 && p <= 100: size = .fraction(p / 100)
        default:
            throw resolver.error(.resolveSample, "'sample' needs a whole number of rows (sample 100) or a percent of them (sample 10%)",
                                 at: count.range)
        }
        var seedValue = Self.defaultSeed
        if let seed {
            guard let s = Self.wholeNumber(seed) else {
                throw resolver.error(.resolveSample, "a seed is a whole number, such as seed 42", at: seed.range)
            }
            seedValue = s
        }
        return SampleStep(size: size, seed: seedValue)
    }

    /// An integer literal, or one with a minus sign.
    private static func wholeNumber(_ e: Expr) -> Int64? {
        switch e.kind {
        case .integer(let i): return i
        case .unary(.negate, let x):
            guard case .integer(let i) = x.kind else { return nil }
            return 0 &- i
        default: return nil
        }
    }
}

/// Keeps the rows ``Sampling/rows(choosing:of:seed:)`` picks; a table of `size` rows or fewer stays whole.
struct SampleStep: PlanStep {
    enum Size: Sendable {
        case rows(Int)
        /// A share of the rows, rounded to the nearest row (halves up).
        case fraction(Double)
    }

    var size: Size
    var seed: Int64

    func run(_ state: inout PipelineState, _ context: EvaluationContext) throws(Diagnostic) {
        let total = state.table.rowCount
        let n: Int
        switch size {
        case .rows(let rows): n = rows
        case .fraction(let p): n = Int((Double(total) * p).rounded(.toNearestOrAwayFromZero))
        }
        guard n < total else { return }
        state.table = state.table.gather(try Sampling.rows(choosing: n, of: total, seed: seed, context: context))
    }
}
