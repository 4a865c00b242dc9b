import Testing
@testable import Topline

/// `compare` names its estimate columns after the two sides, so a result
/// reads without its query, and says where significance comes from.
@Suite struct CompareOutputTests {
    static func session() throws -> Session {
        try SessionTest.session([
            // Toplines of one study and edition: the same respondents.
            "t": [
                SessionTest.texts("study", ["S", "S", "S", "S"]),
                SessionTest.integers("edition_year", [2012, 2012, 2012, 2012]),
                SessionTest.texts("segment", ["Global", "Global", "Global", "Global"]),
                SessionTest.texts("horizon", ["now", "3-5 years", "p", "q"]),
                SessionTest.integers("value_pct", [16, 57, 20, 30]),
                SessionTest.integers("n", [1709, 1709, 1709, 1709]),
                SessionTest.texts("now", ["g", "g", "g", "g"]),
            ],
            // Respondent rows: two yes/no items.
            "r": [
                SessionTest.texts("social_media_now", ["yes", "no", "no", "yes"]),
                SessionTest.texts("social_media_future", ["yes", "yes", "yes", "no"]),
            ],
        ])
    }

    struct NameCase: CustomTestStringConvertible, Sendable {
        var query: String
        var names: [String]
        var testDescription: String { query }
    }

    static let names: [NameCase] = [
        // `column == literal`: the literal's text, either way round.
        NameCase(query: #"from t | compare horizon == "now" vs horizon == "3-5 years""#, names: ["now", "3-5 years"]),
        NameCase(query: #"from t | compare "now" == horizon vs horizon == "3-5 years""#, names: ["now", "3-5 years"]),
        // The same value on both sides: the columns compared.
        NameCase(query: #"from r | compare social_media_now == "yes" vs social_media_future == "yes""#,
                 names: ["social_media_now", "social_media_future"]),
        // Any other condition: its text.
        NameCase(query: #"from t | compare horizon == "now" vs value_pct > 50"#, names: ["now", "value_pct > 50"]),
        // A name a statistic has, or a `by` column, falls back to the condition.
        NameCase(query: #"from t | compare horizon == "p" vs horizon == "q""#, names: [#"horizon == "p""#, "q"]),
        NameCase(query: #"from t | compare horizon == "now" vs horizon == "3-5 years" by now"#,
                 names: ["now", #"horizon == "now""#, "3-5 years"]),
        // An empty value is no name (a missing side in a group is a row that says so).
        NameCase(query: #"from t | compare horizon == "" vs horizon == "now" by study"#,
                 names: ["study", #"horizon == """#, "now"]),
        // The same condition twice: first and second.
        NameCase(query: #"from t | compare horizon == "now" vs horizon == "now""#, names: ["first", "second"]),
    ]

    @Test(arguments: names)
    func sidesNameTheColumns(_ c: NameCase) throws {
        let table = try SessionTest.table(try Self.session(), c.query)
        #expect(Array(table.columnNames.prefix(c.names.count)) == c.names)
        #expect(Set(table.columnNames).count == table.columnNames.count, "unique: \(table.columnNames)")
        #expect(table.columnNames.dropFirst(c.names.count).first == "difference")
    }

    @Test func laterVerbsSeeTheNames() throws {
        let table = try SessionTest.table(try Self.session(), """
            from t | compare horizon == "now" vs horizon == "3-5 years" | select now, `3-5 years`, significant
            """)
        #expect(table.columnNames == ["now", "3-5 years", "significant"])
        let csv = TableFormatter.render(table, as: .csv)
        #expect(csv.hasPrefix("now,now_moe,now_ci_low,"), "\(csv)")
        #expect(csv.contains(",3-5 years_moe,"), "\(csv)")
    }

    /// Paired toplines have no test (p is null): the method says that
    /// `significant` comes from the interval.
    @Test func significanceFromAnIntervalIsSaidSo() throws {
        let table = try SessionTest.table(try Self.session(), #"from t | compare horizon == "now" vs horizon == "3-5 years""#)
        #expect(table[0, "p"] == .null)
        #expect(table[0, "significant"] == .boolean(true))
        guard case .text(let method) = table[0, "method"] else { Issue.record("no method"); return }
        #expect(method.contains("Fréchet bounds"))
        #expect(method.hasSuffix("no test without the joint table: significant means the interval (larger SE) excludes 0"), "\(method)")
        // A real test says nothing of the kind.
        let tested = try SessionTest.table(try Self.session(), #"from r | compare social_media_now == "yes" vs social_media_future == "yes""#)
        guard case .text(let mcnemar) = tested[0, "method"] else { Issue.record("no method"); return }
        #expect(!mcnemar.contains("significant means"))
    }
}
