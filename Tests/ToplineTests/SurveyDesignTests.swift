import Foundation
import Testing
import ToplineTestSupport
@testable import Topline

/// `design` statements and design-based estimates beyond the R oracle:
/// machine formats, domains kept through verbs, the distributions behind the intervals.
@Suite struct SurveyDesignTests {
    static func session() -> Session {
        let session = Session(workingDirectory: packageRoot.path)
        let outcome = session.run("""
            load "Tests/ToplineTests/Fixtures/survey/apiclus1.csv" as clus
            design clus weight pw cluster dnum fpc fpc
            """, fileName: "setup.tq")
        #expect(outcome.succeeded, "\(outcome.diagnostics.map(\.message))")
        return session
    }

    static func estimate(_ session: Session, _ query: String) throws -> Estimate {
        let outcome = session.run(query, fileName: "q.tq")
        #expect(outcome.succeeded, "\(outcome.diagnostics.map(\.message))")
        let table = try #require(outcome.tables.last)
        guard case .estimate(let e) = table[0, table.columnNames.last!] else { throw CancellationError() }
        return e
    }

    @Test func jsonCarriesTheDesignFigures() throws {
        let session = Self.session()
        let table = try #require(session.run("from clus | summarize m = mean(api00)", fileName: "q.tq").tables.last)
        let json = TableFormatter.render(table, as: .json)
        #expect(json.contains(#""value":644.16939890710"#), "\(json)")
        #expect(json.contains(#""n":183"#), "\(json)")
        #expect(json.contains(#""df":14"#), "\(json)")
        #expect(json.contains(#""method":"t""#), "\(json)")
        #expect(json.contains(#""variance":"linearization""#), "\(json)")
        let csv = TableFormatter.render(table, as: .csv)
        #expect(csv.hasPrefix("m,m_moe,m_ci_low,m_ci_high,m_n"), "\(csv)")
    }

    /// Verbs that keep rows keep the domain: a sort, a take, a select and a derive before
    /// `where` change nothing; the same rows after a `let` give the same figures.
    @Test func domainsSurviveRowKeepingVerbs() throws {
        let session = Self.session()
        let direct = try Self.estimate(session, #"from clus | where stype == "H" | summarize m = mean(api00)"#)
        let through = try Self.estimate(session, #"from clus | sort api00 desc | select stype, api00 | derive y = api00 | where stype == "H" | drop y | summarize m = mean(api00)"#)
        let (d, t) = (try #require(direct.design), try #require(through.design))
        for (a, b) in [(d.value, t.value), (d.standardError, t.standardError), (d.ciLow, t.ciLow), (d.designEffect ?? 0, t.designEffect ?? 1)] {
            #expect(Swift.abs(a - b) <= 1e-12 * Swift.abs(a))
        }
        #expect(direct.design?.degreesOfFreedom == 7)
        #expect(session.run(#"let high = from clus | where stype == "H""#, fileName: "l.tq").succeeded)
        let stored = try Self.estimate(session, "from high | summarize m = mean(api00)")
        #expect(stored.design?.standardError == direct.design?.standardError)
        // A join drops the design: the rows are then a plain weighted sample.
        #expect(session.run("from clus | take 3 | join clus on snum | summarize m = mean(api00)", fileName: "j.tq").succeeded)
    }

    /// A side with a suppressed base (H: 14 schools) shows no difference; with the threshold lowered
    /// the design-based difference is R's (`svyby` + `svycontrast`, `svyttest` df).
    @Test func compareOfDesignDomains() throws {
        let session = Self.session()
        let query = #"from clus | summarize m = share(awards == "Yes") by stype | compare stype == "E" vs stype == "H""#
        let withheld = try #require(session.run(query, fileName: "c.tq").tables.last)
        #expect(withheld[0, "difference"] == .null)
        #expect(withheld[0, "method"].textValue == "no comparison: base n=14 is below 30")
        let shown = try #require(session.run("set suppress_below 0\n" + query, fileName: "c.tq").tables.last)
        // apiclus1/compare-stype/share-awards of the oracle, as H − E.
        #expect(Swift.abs(shown[0, "difference"].numeric! + 0.3422619047619047) < 1e-12)
        #expect(Swift.abs(shown[0, "se"].numeric! - 0.13216814351894568) < 1e-12)
        #expect(shown[0, "df"].numeric == 13)
        #expect(Swift.abs(shown[0, "p"].numeric! - 0.022444636049421374) < 1e-12)
        #expect(ValueText.human(shown[0, "p"]) == "0.02244")
    }

    @Test func distributionsMatchR() {
        // qt(0.975, c(14, 1, 199)) (the oracle's intervals check them to 1e-9 through every t interval),
        // and each quantile gives back its tail.
        #expect(Swift.abs(StudentT.criticalValue(level: 0.95, df: 14) - 2.1447866879169273) < 1e-9)
        #expect(Swift.abs(StudentT.criticalValue(level: 0.95, df: 1) - 12.706204736174694) < 1e-9)
        #expect(Swift.abs(StudentT.criticalValue(level: 0.95, df: 199) - 1.971956544249395) < 1e-9)
        for df in [1.0, 2, 7, 14, 168, 199] {
            let t = StudentT.criticalValue(level: 0.95, df: df)
            #expect(Swift.abs(StudentT.upperTail(t, df: df) - 0.025) < 1e-15, "df \(df)")
        }
        #expect(StudentT.criticalValue(level: 0.95, df: 0).isNaN)
        #expect(Beta.quantile(0.3, 0, 5) == 0)
        #expect(Beta.quantile(0.3, 5, 0) == 1)
        let x = Beta.quantile(0.025, 10.5, 30.25)
        #expect(Swift.abs(Beta.regularized(x, 10.5, 30.25) - 0.025) < 1e-14)
    }

    @Test func fpcAsFractionEqualsFpcAsCount() throws {
        let session = Session(workingDirectory: packageRoot.path)
        #expect(session.run("""
            load "Tests/ToplineTests/Fixtures/survey/fpc.csv" as a
            load "Tests/ToplineTests/Fixtures/survey/fpc.csv" as b
            design a weight weight strata stratid cluster psuid fpc Nh
            design b weight weight strata stratid cluster psuid fpc frac
            """, fileName: "f.tq").succeeded)
        let a = try Self.estimate(session, "from a | summarize m = mean(x)")
        let b = try Self.estimate(session, "from b | summarize m = mean(x)")
        let sa = try #require(a.design?.standardError)
        let sb = try #require(b.design?.standardError)
        #expect(Swift.abs(sa - sb) <= 1e-12 * sa)
    }

    /// Three stages with strata and an fpc at each: R's multistage recursion. The data and the figures are R's:
    /// `svydesign(id = ~p + s + u, strata = ~h, fpc = ~N1 + N2 + N3, weights = ~w, nest = TRUE)`.
    @Test func threeStagesMatchR() throws {
        let h = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2]
        let p = [1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2]
        let s = [1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 1, 1, 2, 2, 1, 1, 2, 2, 3, 3]
        let y = [50, 26, 15, 13, 20, 42, 24, 49, 17, 28, 17, 19, 41, 14, 28, 13, 32, 10, 49, 23, 36, 22, 50, 46]
        let w = [20, 6, 14, 12, 20, 10, 15, 9, 8, 8, 11, 18, 12, 17, 18, 12, 17, 11, 16, 12, 19, 10, 6, 17]
        let integers: (String, [Int]) -> Column = { name, v in Column(name: name, type: .integer, values: v.map { .integer(Int64($0)) }) }
        let session = Session(workingDirectory: packageRoot.path)
        session.register(try Table(columns: [
            integers("h", h), integers("p", p), integers("s", s), integers("u", h.indices.map { $0 % 2 + 1 }), integers("y", y), integers("w", w),
            integers("N1", h.map { $0 == 1 ? 10 : 6 }), integers("N2", p.map { 5 + $0 }), integers("N3", h.map { _ in 4 }),
        ]), as: "three")
        #expect(session.run("""
            design three weight w strata h cluster p, s, u fpc N1, N2, N3
            let two = from three
            design two weight w strata h cluster p, s fpc N1, N2
            """, fileName: "t.tq").succeeded)
        let figures: [(String, Double, Double)] = [
            ("from three | summarize m = mean(y)", 28.685534591194969, 3.3451468947446208),
            ("from three | summarize m = total(y)", 9122, 1600.6384482028036),
            ("from three | where s == 1 | summarize m = mean(y)", .nan, 5.0467586309924135),
            ("from two | summarize m = mean(y)", 28.685534591194969, 3.2733714527898004),  // svydesign(id = ~p + s, fpc = ~N1 + N2, …)
        ]
        for (query, value, se) in figures {
            let d = try #require(try Self.estimate(session, query).design)
            if !value.isNaN { #expect(Swift.abs(d.value - value) <= 1e-12 * value, "\(query)") }
            #expect(Swift.abs(d.standardError - se) <= 1e-12 * se, "\(query): \(d.standardError)")
            #expect(d.degreesOfFreedom == 3)
        }
        #expect(try Self.estimate(session, "from three | summarize m = mean(y)").design?.variance == "linearization-3-stage")
    }

    /// A district with one school sampled out of two (apiclus2 with fpc2 + 1) is lonely at the second stage:
    /// R fails under "fail" ("Stratum (1.15) has only one PSU at stage 2"), gives NaN under "average", and
    /// these SEs under the others (`svydesign(id = ~dnum + snum, fpc = ~fpc1 + f2, weights = ~pw)`).
    @Test func lonelyUnitsAtTheSecondStage() throws {
        let session = Session(workingDirectory: packageRoot.path)
        #expect(session.run("""
            load "Tests/ToplineTests/Fixtures/survey/apiclus2.csv" as clus2
            let more = from clus2 | derive f2 = fpc2 + 1
            design more weight pw cluster dnum, snum fpc fpc1, f2
            """, fileName: "l.tq").succeeded)
        for (setting, se) in [("remove", 30.099715391334126), ("certainty", 30.099715391334126), ("adjust", 30.100636667547029)] {
            let d = try #require(try Self.estimate(session, "set lonely_psu \(setting); from more | summarize m = mean(api00)").design)
            #expect(Swift.abs(d.standardError - se) <= 1e-9 * se, "\(setting): \(d.standardError)")
        }
        for (setting, fragment) in [("fail", "dnum 15 has only one sampled unit at stage 2"), ("average", "no stratum with two or more to average")] {
            let outcome = session.run("set lonely_psu \(setting); from more | summarize m = mean(api00)", fileName: "f.tq")
            #expect(outcome.diagnostics.first?.id == .runLonelyPSU)
            #expect(outcome.diagnostics.first?.message.contains(fragment) == true, "\(outcome.diagnostics.map(\.message))")
        }
    }

    /// A design without strata is one stratum (R numbers it 1): with a single row, or a single PSU,
    /// the message says so instead of naming a stratum with no name.
    @Test func aSingleUnitWithoutStrataIsNamedAsR() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        dir.write("one.csv", "w,x\n2,yes\n")
        dir.write("two.csv", "w,x,c\n2,yes,1\n3,no,1\n")
        for setup in ["load \"one.csv\" as d weight w", "load \"two.csv\" as d\ndesign d weight w cluster c"] {
            let session = Session(workingDirectory: dir.path)
            #expect(session.run(setup, fileName: "s.tq").succeeded)
            let outcome = session.run(#"from d | summarize p = share(x == "yes")"#, fileName: "q.tq")
            let d = try #require(outcome.diagnostics.first)
            #expect(d.id == .runLonelyPSU)
            #expect(d.message == "the design has only one PSU (without strata it is a single stratum)")
            #expect(d.hints.first == "R: Stratum (1) has only one PSU at stage 1")
        }
    }
}
