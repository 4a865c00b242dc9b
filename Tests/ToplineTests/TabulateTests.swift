import Foundation
import Testing
import ToplineTestSupport
@testable import Topline

/// `tabulate` beyond the R oracle (which checks its weighted and design figures):
/// SPSS's column-proportions rule on unweighted counts, the long form in every
/// format, and declared categories nobody chose.
@Suite struct TabulateTests {
    /// 300 respondents: column A says yes 60 times in 100, B 40, C 50.
    static func session() throws -> Session {
        var group: [Value] = [], answer: [Value] = []
        for (label, yes) in [("A", 60), ("B", 40), ("C", 50)] {
            for i in 0..<100 {
                group.append(.text(label))
                answer.append(.text(i < yes ? "yes" : "no"))
            }
        }
        let table = try Table(columns: [Column(name: "group", type: .text, values: group), Column(name: "answer", type: .text, values: answer)])
        let session = Session()
        session.register(table, as: "t")
        return session
    }

    static func table(_ session: Session, _ query: String) throws -> Table {
        let outcome = session.run(query, fileName: "t.tq")
        #expect(outcome.succeeded, "\(outcome.diagnostics.map(\.message))")
        return try #require(outcome.tables.last)
    }

    static func letters(_ t: Table, category: String, column: String) -> String? {
        (0..<t.rowCount).first { t[$0, "kind"] == .text("category") && t[$0, "category"] == .text(category) && t[$0, "column"] == .text(column) }
            .flatMap { r in if case .text(let l) = t[r, "letters"] { return l } else { return nil } }
    }

    /// The pooled two-proportion z of SPSS's "compare column proportions", Bonferroni over the row's three
    /// pairs: A − B: z = 0.2/√(0.5·0.5·(1/100 + 1/100)) = 2.828, p = 0.00468, × 3 = 0.014 < 0.05 → A gets B;
    /// A − C and C − B: z = 1.418 and 1.418, p = 0.156 → no letter.
    @Test func columnProportionsAsSPSS() throws {
        let t = try Self.table(try Self.session(), "from t | tabulate answer by group")
        #expect(Self.letters(t, category: "yes", column: "A") == "B")
        #expect(Self.letters(t, category: "yes", column: "B") == "")
        #expect(Self.letters(t, category: "yes", column: "C") == "")
        #expect(Self.letters(t, category: "no", column: "B") == "A")
        // Without the adjustment A − C is still not significant (p = 0.156), and A − B is.
        let unadjusted = try Self.table(try Self.session(), "set letters_adjust none\nfrom t | tabulate answer by group")
        #expect(Self.letters(unadjusted, category: "yes", column: "A") == "B")
        // At 99% the adjusted p of A − B (0.014) is not below 0.01.
        let strict = try Self.table(try Self.session(), "set level 99\nfrom t | tabulate answer by group")
        #expect(Self.letters(strict, category: "yes", column: "A") == "")
    }

    /// Pearson's X² of the 2 × 3 table: expected 50 yes and 50 no per column, X² = (100 + 100 + 0)·2/50 = 8 on 2 df.
    @Test func pearsonOfTheCounts() throws {
        let t = try Self.table(try Self.session(), "from t | tabulate answer by group")
        let test = try #require((0..<t.rowCount).first { t[$0, "kind"] == .text("test") })
        #expect(Swift.abs(t[test, "statistic"].numeric! - 8) < 1e-12)
        #expect(t[test, "ndf"].numeric == 2)
        #expect(Swift.abs(t[test, "p"].numeric! - 0.01831563888873418) < 1e-12)  // exp(-4)
    }

    @Test func longFormInMachineFormats() throws {
        let t = try Self.table(try Self.session(), "from t | tabulate answer by group")
        let csv = TableFormatter.render(t, as: .csv)
        #expect(csv.hasPrefix("variable,category,kind,banner,column,letter,value,"), "\(csv.prefix(200))")
        #expect(csv.contains("answer,yes,category,group,A,A,60,"), "\(csv)")
        let json = TableFormatter.render(t, as: .json)
        #expect(json.contains(#""letters":"B""#), "\(json.prefix(400))")
        for format in [OutputFormat.table, .box, .markdown] {
            let text = TableFormatter.render(t, as: format)
            #expect(text.contains("A (A)") && text.contains("60.0% B"), "\(format): \(text)")
            #expect(text.contains("answer × group: Pearson X² = 8 on 2 df, p = 0.01832"), "\(format): \(text)")
        }
    }

    /// A declared category no row has is a row of 0%, and the order is the declared one.
    @Test func declaredCategoriesNobodyChose() throws {
        let t = try Self.table(try Self.session(), #"from t | levels answer ("yes", "maybe", "no") | tabulate answer"#)
        let categories = (0..<t.rowCount).compactMap { r -> String? in
            guard t[r, "kind"] == .text("category"), case .text(let c) = t[r, "category"] else { return nil }
            return c
        }
        #expect(categories == ["yes", "maybe", "no"])
        let maybe = try #require((0..<t.rowCount).first { t[$0, "category"] == .text("maybe") })
        guard case .estimate(let e) = t[maybe, "value"] else { Issue.record("no estimate"); return }
        #expect(e.proportion == 0)
    }

    /// (setup, the table's verbs, the same with a category and a banner column nobody chose).
    static let emptyLevels: [(String, String, String)] = [
        ("", "tabulate answer by group", #"levels answer ("yes", "maybe", "no") | levels group ("A", "B", "Z", "C") | tabulate answer by group"#),
        ("load \"Tests/ToplineTests/Fixtures/survey/apistrat.csv\" as t\ndesign t weight pw strata stype fpc fpc",
         "tabulate awards by stype", #"levels awards ("No", "Maybe", "Yes") | levels stype ("E", "H", "M", "X") | tabulate awards by stype"#),
        ("load \"Tests/ToplineTests/Fixtures/survey/apiclus1.csv\" as t\ndesign t weight pw cluster dnum fpc fpc",
         "tabulate awards by stype", #"levels stype ("E", "H", "M", "X") | tabulate awards by stype"#),
    ]

    /// A category or banner column no row has is left out of the test of independence (as SPSS leaves
    /// empty rows and columns out of its chi-square): the same X² or Rao–Scott F on the same df, not
    /// one with a degree of freedom more per empty line.
    @Test(arguments: emptyLevels)
    func emptyCategoriesAndColumnsLeaveTheTestAsItIs(_ setup: String, _ verbs: String, _ withEmpty: String) throws {
        let session = try Self.session()
        if !setup.isEmpty { #expect(session.run(setup, fileName: "s.tq").succeeded) }
        func test(_ verbs: String) throws -> [Double] {
            let t = try Self.table(session, "from t | " + verbs)
            let row = try #require((0..<t.rowCount).first { t[$0, "kind"] == .text("test") })
            return ["statistic", "ndf", "ddf", "p"].compactMap { t[row, $0].numeric }
        }
        let plain = try test(verbs), padded = try test(withEmpty)
        #expect(plain.count >= 3)
        #expect(plain.count == padded.count)
        for (a, b) in zip(plain, padded) { #expect(Swift.abs(a - b) <= 1e-9 * Swift.max(1, Swift.abs(a)), "\(plain) vs \(padded)") }
    }
}
