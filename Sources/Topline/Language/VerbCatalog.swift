/// The verbs of the language, in the order help and the README list them.
enum VerbCatalog {
    /// Every verb. A new verb is one file in `Language/Verbs/` and one line here.
    static let all: [VerbDefinition] = [
        WhereVerb.definition,
        SelectVerb.definition,
        DeriveVerb.definition,
        SummarizeVerb.definition,
        CountVerb.definition,
        SortVerb.definition,
        TakeVerb.definition,
        SampleVerb.definition,
        DistinctVerb.definition,
        LevelsVerb.definition,
        DropVerb.definition,
        RenameVerb.definition,
        PivotVerb.definition,
        JoinVerb.definition,
        AppendVerb.definition,
        CompareVerb.definition,
        CrosstabVerb.definition,
        TabulateVerb.definition,
        SourcesVerb.definition,
        ChartVerb.definition,
    ]

    private static let byWord: [String: VerbDefinition] = {
        var table: [String: VerbDefinition] = [:]
        for d in all { table[d.keyword.rawValue] = d }
        return table
    }()

    /// The verb whose keyword is `word`.
    static func definition(named word: String) -> VerbDefinition? { byWord[word] }

    /// The verb a word starts after `|`: its keyword or one of its prefixes (`left`).
    static func definition(startingWith word: String) -> VerbDefinition? {
        byWord[word] ?? all.first { $0.alsoStartsWith.contains { $0.rawValue == word } }
    }

    /// Every way of starting a verb, for hints and completion.
    static var spellings: [String] { all.flatMap(\.spellings) }
}
