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
}
