import Foundation
import Testing
import ToplineTestSupport
@testable import Topline

/// The completion engine, one case per context. The cursor is where `‸` is.
@Suite struct CompletionTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var input: String
        /// Insertions expected among the candidates (all of them, when `exact`).
        var expected: [String]
        var exact = false
        /// Insertions that must not be offered.
        var absent: [String] = []
        var testDescription: String { input }
    }

    static func session() -> Session {
        let s = Session(workingDirectory: packageRoot.path)
        s.register(try! Table(columns: [
            Column(name: "region", type: .text, values: ["Asia Pacific", "Europe", "North America", "Asia Pacific"].map { .text($0) }),
            Column(name: "3-5 years", type: .percent, values: [.percent(0.5), .percent(0.2), .null, .percent(0.1)]),
            Column(name: "wave", type: .integer, values: [.integer(2014), .integer(2015), .integer(2014), .null]),
            Column(name: "say \"hi\"", type: .text, values: [.text("a\"b"), .null, .null, .null]),
        ]), as: "survey")
        s.register(try! Table(columns: [Column(name: "x", type: .integer, values: [.integer(1)])]), as: "studies")
        return s
    }

    static let cases: [Case] = [
        Case(input: "‸", expected: ["load ", "design ", "let ", "describe ", "datasets ", "from ", "set ", "attach ", "detach ", "explain "], exact: true),
        Case(input: "fr‸", expected: ["from "], exact: true),
        Case(input: "from ‸", expected: ["survey ", "studies "], exact: true),
        Case(input: "from su‸", expected: ["survey "], exact: true),
        Case(input: "describe st‸", expected: ["studies "], exact: true),
        Case(input: "from survey | wh‸", expected: ["where "], exact: true),
        Case(input: "from survey | ‸", expected: ["where ", "select ", "summarize ", "compare ", "chart ", "sources ", "left join "], absent: ["from "]),
        Case(input: "from survey\n| so‸", expected: ["sort ", "sources "], exact: true),
        Case(input: "from survey | where reg‸", expected: ["region "], exact: true),
        Case(input: "from survey | where ‸", expected: ["region ", "`3-5 years` ", "wave ", "lower(", "not "], absent: ["count("]),
        Case(input: "from survey | where `3‸", expected: ["`3-5 years` "], exact: true),
        Case(input: "from survey | select 3‸", expected: [], absent: ["`3-5 years` "]),
        Case(input: "from survey | where region == ‸", expected: ["\"Asia Pacific\" ", "\"Europe\" ", "\"North America\" "], exact: true),
        Case(input: "from survey | where region == \"As‸", expected: ["\"Asia Pacific\" "], exact: true),
        Case(input: "from survey | where region == \"as‸", expected: ["\"Asia Pacific\" "], exact: true),
        Case(input: "from survey | where region == No‸", expected: ["\"North America\" "], exact: true),
        // An item of `in (…)` is followed by `,` or `)`, not by a space.
        Case(input: "from survey | where region in (\"Europe\", ‸", expected: ["\"Asia Pacific\"", "\"North America\""],
             absent: ["\"Asia Pacific\" "]),
        Case(input: "from survey | where region in (\"Eu‸", expected: ["\"Europe\""], exact: true),
        Case(input: "from survey | where wave not in (2014, ‸", expected: ["2015"], absent: ["2015 "]),
        Case(input: "from survey | where region == \"Eu‸", expected: ["\"Europe\" "], exact: true),
        Case(input: "from survey | where wave == ‸", expected: ["2014 ", "2015 "], exact: true),
        Case(input: "from survey | where `say \"hi\"` != ‸", expected: ["\"a\\\"b\" "], exact: true),
        Case(input: "from survey | summarize n = co‸", expected: ["count(", "count_weighted(", "count_distinct(", "coalesce(", "contains(", "concat("], exact: true),
        Case(input: "from survey | summarize n = count() b‸", expected: ["by "], exact: true),
        Case(input: "from survey | summarize n = count() by ‸", expected: ["region ", "wave "], absent: ["count("]),
        Case(input: "from survey | derive w2 = wave * 2 | select ‸", expected: ["w2 ", "region "]),
        Case(input: "from survey | select region | where ‸", expected: ["region "], absent: ["wave "]),
        Case(input: "from survey | sort wave d‸", expected: ["desc "], exact: true),
        Case(input: "from survey | join ‸", expected: ["survey ", "studies "], exact: true),
        Case(input: "set ‸", expected: ["level ", "interval ", "lonely_psu ", "adjust ", "letters_adjust ", "continuity ", "suppress_below ", "flag_below ", "flag_ci_width "], exact: true),
        Case(input: "set level ‸", expected: ["90 ", "95 ", "99 "], exact: true),
        Case(input: "load \"Examples/da‸", expected: ["Examples/data/"], exact: true),
        Case(input: "load \"Examples/data/ceo_study_metrics_e‸", expected: ["Examples/data/ceo_study_metrics_extra.csv\" "], exact: true),
        Case(input: "load \"Examples/data/‸", expected: ["Examples/data/ceo_study_metrics.csv\" ", "Examples/data/ceo_study_metrics_extra.csv\" "]),
        Case(input: "load \"Examples/data/ceo.csv\" ‸", expected: ["into ", "as ", "weight ", "format ", "delimiter ", "encoding ", "keep "], exact: true),
        Case(input: "from studies | take 1; from su‸", expected: ["survey "], exact: true),
        Case(input: "from studies\nfrom su‸", expected: ["survey "], exact: true),
        Case(input: ".mo‸", expected: [".mode "], exact: true),
        Case(input: ".‸", expected: [".mode ", ".help "], exact: true),
        Case(input: "from nosuch | where ‸", expected: [], absent: ["region "]),
        // Clause words come from the parser's state, including the words read only in one place.
        Case(input: "from survey | compare region == \"Europe\" ‸", expected: ["vs "]),
        Case(input: "from survey | compare region == \"Europe\" vs region == \"Asia Pacific\" ‸", expected: ["by ", "as "]),
        Case(input: "from survey | compare region == \"Europe\" vs wave == 2014 as ‸", expected: ["paired ", "independent ", "subgroup "], exact: true),
        Case(input: "from survey | chart ‸", expected: ["bar ", "dumbbell ", "line "], exact: true),
        Case(input: "from survey | chart line wave ‸", expected: ["over ", "by "]),
        Case(input: "from survey | chart line wave over ‸", expected: ["region ", "wave "], absent: ["lower("]),
        Case(input: "set interval ‸", expected: ["wald ", "wilson ", "logit ", "beta ", "mean "], exact: true),
        Case(input: "set lonely_psu ‸", expected: ["fail ", "remove ", "adjust ", "certainty ", "average "], exact: true),
        // design: the dataset, the clause words, and the dataset's columns after each.
        Case(input: "design ‸", expected: ["survey ", "studies "], exact: true),
        Case(input: "design survey ‸", expected: ["weight "], exact: true),
        Case(input: "design survey weight ‸", expected: ["region ", "wave "]),
        Case(input: "design survey weight wave ‸", expected: ["replicates ", "strata ", "cluster ", "fpc "], exact: true),
        Case(input: "design survey weight wave strata ‸", expected: ["region ", "wave "]),
        Case(input: "design survey weight wave strata region ‸", expected: ["cluster ", "fpc "], exact: true),
        Case(input: "design survey weight wave cluster region, wave ‸", expected: ["fpc "], exact: true),
        Case(input: "design survey weight wave cluster region, ‸", expected: ["region ", "wave "]),
        // A replicate design: the range's columns, `method`, then the methods.
        Case(input: "design survey weight wave rep‸", expected: ["replicates "], exact: true),
        Case(input: "design survey weight wave replicates ‸", expected: ["region ", "wave "]),
        Case(input: "design survey weight wave replicates region .. ‸", expected: ["region ", "wave "]),
        Case(input: "design survey weight wave replicates region .. wave ‸", expected: ["method "], exact: true),
        Case(input: "design survey weight wave replicates region .. wave method ‸",
             expected: ["jk1 ", "brr ", "fay ", "sdr ", "acs ", "bootstrap "], exact: true),
        Case(input: "design survey weight wave replicates region .. wave method b‸", expected: ["brr ", "bootstrap "], exact: true),
        Case(input: "set continuity ‸", expected: ["on ", "off "], exact: true),
        Case(input: "set suppress_below ‸", expected: [], exact: true),
        Case(input: "from survey | le‸", expected: ["levels ", "left join "], exact: true),
        Case(input: "from survey | join studies on region = ‸", expected: ["x "], exact: true),
        Case(input: "from survey | distinct ‸", expected: ["region ", "wave "], absent: ["lower("]),
        // The verbs of issue 13 come from the catalog; their clause words from the parser.
        Case(input: "from survey | ‸", expected: ["sample ", "rename ", "append ", "distinct ", "drop "]),
        Case(input: "from survey | sa‸", expected: ["sample "], exact: true),
        Case(input: "from survey | sample 5 ‸", expected: ["seed "]),
        Case(input: "from survey | sample 5 se‸", expected: ["seed "], exact: true),
        Case(input: "from survey | append ‸", expected: ["survey ", "studies "], exact: true),
        Case(input: "from survey | rename r = ‸", expected: ["region ", "wave "], absent: ["lower("]),
        Case(input: "from survey | select * ‸", expected: ["except "], exact: true),
        Case(input: "from survey | select * except (‸", expected: ["region ", "wave "]),
        Case(input: "from survey | select * except (region, ‸", expected: ["wave "]),
        // Aggregates and window functions in derive; no window functions in summarize.
        Case(input: "from survey | derive r = ra‸", expected: ["ratio(", "rank("], exact: true),
        Case(input: "from survey | derive r = ro‸", expected: ["row_number(", "round("], exact: true),
        Case(input: "from survey | derive p = wave / su‸", expected: ["sum(", "substr("], exact: true),
        Case(input: "from survey | summarize r = ra‸", expected: ["ratio("], exact: true),
        Case(input: "from survey | derive r = rank(wave ‸", expected: ["desc ", "asc "]),
        Case(input: "from survey | derive r = rank(wave desc) ‸", expected: ["by "]),
        Case(input: "from survey | derive r = rank(wave desc) by ‸", expected: ["region ", "wave "], absent: ["rank("]),
        Case(input: "from survey | where s‸", expected: [], absent: ["sum(", "stddev("]),
        Case(input: "from survey\n  | where region == \"Europe\"\n    and ‸", expected: ["region ", "not "]),
        // case … end: its words where the parser expects them; recode: the recoded column's values.
        Case(input: "from survey | derive x = ‸", expected: ["case when ", "recode(", "if(", "floor(", "matches("]),
        Case(input: "from survey | derive x = ca‸", expected: ["case when "], exact: true),
        Case(input: "from survey | derive x = case ‸", expected: ["when "], exact: true),
        Case(input: "from survey | derive x = case when wave > 2014 ‸", expected: ["then ", "and ", "or "]),
        Case(input: "from survey | derive x = case when wave > 2014 then 1 ‸", expected: ["when ", "else ", "end ", "and "], absent: ["then "]),
        Case(input: "from survey | derive x = case\n  when wave > 2014 then 1\n  else 2 ‸", expected: ["end "], absent: ["when ", "else "]),
        Case(input: "from survey | derive x = case when wave > 2014 then ‸", expected: ["region ", "case when "], absent: ["end "]),
        Case(input: "from survey | derive x = case when region == ‸", expected: ["\"Europe\" "]),
        Case(input: "from survey | derive x = recode(region, ‸", expected: ["\"Europe\" ", "else "], absent: ["lower("]),
        Case(input: "from survey | derive x = recode(region, (\"Europe\", ‸", expected: ["\"Asia Pacific\""], absent: ["\"Asia Pacific\" "]),
        Case(input: "from survey | derive x = recode(region, \"Europe\" -> ‸", expected: ["region ", "lower("]),
    ]

    /// Values cached for completion belong to one definition of a name: after
    /// `.clear` and a new dataset of the same name, the new values are offered.
    @Test func valuesFollowARedefinedDataset() throws {
        let session = Session()
        session.register(try Table(columns: [Column(name: "r", type: .text, values: [.text("old")])]), as: "d")
        let text = "from d | where r == "
        #expect(session.completions(in: text, cursor: text.utf8.count).candidates.map(\.insertion) == ["\"old\" "])
        session.removeAllDatasets()
        session.register(try Table(columns: [Column(name: "r", type: .text, values: [.text("new")])]), as: "d")
        #expect(session.completions(in: text, cursor: text.utf8.count).candidates.map(\.insertion) == ["\"new\" "])
    }

    /// After a pivot, the columns at the cursor are the pivoted ones (the
    /// stage before is run to learn them), not the columns before it.
    @Test func columnsAfterPivotAreThePivotedOnes() {
        let session = Session(workingDirectory: packageRoot.path)
        #expect(session.run("load \"Examples/data/ceo_study_metrics.csv\" as s", fileName: "l.tq").succeeded)
        let text = "from s | where edition_year == 2012 and segment == \"Global\" and value_type == \"share\" "
            + "and horizon in (\"now\", \"3-5 years\") | select metric, horizon, value_pct | pivot horizon value_pct | derive x = pct("
        let got = session.completions(in: text, cursor: text.utf8.count).candidates.map(\.insertion)
        #expect(got.contains("now "), "\(got)")
        #expect(got.contains("`3-5 years` "), "\(got)")
        #expect(!got.contains("value_pct ") && !got.contains("horizon "), "\(got)")
        // Picking one resolves.
        #expect(session.run(text + "now)", fileName: "p.tq").succeeded)
    }

    @Test(arguments: cases)
    func completes(_ c: Case) {
        let marker = c.input.range(of: "‸")!
        let text = c.input.replacingCharacters(in: marker, with: "")
        let cursor = c.input[..<marker.lowerBound].utf8.count
        let result = Self.session().completions(in: text, cursor: cursor, dotCommands: [".mode", ".help"])
        let got = result.candidates.map(\.insertion)
        if c.exact {
            #expect(got == c.expected)
        } else {
            for e in c.expected { #expect(got.contains(e), "missing \(e) in \(got)") }
        }
        for a in c.absent { #expect(!got.contains(a), "unexpected \(a)") }
    }

    @Test func replacementRangeCoversTheQuote() {
        let text = "from survey | where region == \"As"
        let result = Self.session().completions(in: text, cursor: text.utf8.count)
        #expect(result.range == 30..<33)
    }

    @Test func commonPrefix() {
        let c = Completions(range: 0..<0, candidates: [
            CompletionCandidate(insertion: "count(", display: "count()", kind: .function),
            CompletionCandidate(insertion: "count_distinct(", display: "count_distinct()", kind: .function),
        ])
        #expect(c.commonPrefix == "count")
    }

    struct CompletenessCase: CustomTestStringConvertible, Sendable {
        var text: String
        var complete: Bool
        var testDescription: String { text.replacingOccurrences(of: "\n", with: "⏎") }
    }

    static let completeness: [CompletenessCase] = [
        .init(text: "", complete: true),
        .init(text: "datasets", complete: true),
        .init(text: "from s", complete: true),
        .init(text: "from s |", complete: false),
        .init(text: "from s | where", complete: false),
        .init(text: "from s | where a ==", complete: false),
        .init(text: "from s | where a == \"x", complete: false),
        .init(text: "from s | where a == \"x\"", complete: true),
        .init(text: "from s | where (a == 1", complete: false),
        .init(text: "from s | where (a == 1)", complete: true),
        .init(text: "from s | select `3-5", complete: false),
        .init(text: "from s | select a,", complete: false),
        .init(text: "from s | summarize n = count() by", complete: false),
        .init(text: "from s | where a and", complete: false),
        .init(text: "from s | sort a desc", complete: true),
        .init(text: "from s # a comment |", complete: true),
        .init(text: "let x =", complete: false),
        .init(text: "from s | take", complete: false),
        .init(text: "from s | compare a vs", complete: false),
        .init(text: "from s | chart bar v by", complete: false),
        // A case goes on over lines until its end.
        .init(text: "from s | derive x = case", complete: false),
        .init(text: "from s | derive x = case when a > 1 then 1", complete: false),
        .init(text: "from s | derive x = case\n  when a > 1 then 1\n  else 2", complete: false),
        .init(text: "from s | derive x = case when a > 1 then 1 end", complete: true),
        .init(text: "from s | derive x = a ||", complete: false),
        // A verb that may stand alone ends at the line break; one that needs more goes on.
        .init(text: "from s | distinct", complete: true),
        .init(text: "from s | count", complete: true),
        .init(text: "from s | count by", complete: false),
        .init(text: "from s | sample", complete: false),
        .init(text: "from s | sample 5", complete: true),
        .init(text: "from s | sample 5 seed", complete: false),
        .init(text: "from s | select *", complete: true),
        .init(text: "from s | select * except (a,", complete: false),
        .init(text: "from s | rename", complete: false),
        .init(text: "from s | append", complete: false),
        .init(text: "from s | derive p = n / sum(n) by", complete: false),
        // No further line can finish these: they are complete, and wrong, at once.
        .init(text: "load", complete: true),
        .init(text: "describe", complete: true),
        .init(text: "let x", complete: true),
        .init(text: "from", complete: true),
        .init(text: "from s\n| take 3", complete: true),
        .init(text: "from s | take 3;", complete: true),
    ]

    @Test(arguments: completeness)
    func statementCompleteness(_ c: CompletenessCase) {
        #expect(Session.isComplete(c.text) == c.complete)
    }
}

/// Distinct integers for value completion, by bitmap or by hashing.
@Suite struct DistinctIntegerTests {
    @Test(arguments: [
        ([2014, 2012, 2014, 2016], [false, false, false, false], [2012, 2014, 2016]),
        ([5, 3, 9], [false, true, false], [5, 9]),
        ([Int64.min, Int64.max, 0], [false, false, false], [Int64.min, 0, Int64.max]),
        ([], [], []),
    ] as [([Int64], [Bool], [Int64])])
    func distinct(values: [Int64], isNull: [Bool], expected: [Int64]) {
        #expect(CompletionIndex.distinctIntegers(values, isNull: isNull) == expected)
    }
}
