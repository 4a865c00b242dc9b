import Foundation
import Testing
import ToplineTestSupport
@testable import Topline

/// `compare A vs B` of two yes/no items of weighted respondents on an attached table: the server
/// returns per group the four cells of their answers (rows, Σw, Σw²) and the design's rows, and the
/// comparison — both shares, SEs, intervals, design effects, the difference, its t test and the
/// adjusted p-values — must equal the in-memory one made from the rows (R `svyttest(I(b - a) ~ 0)`)
/// to 1e-9.
@Suite(.serialized) struct PostgresCompareTests {
    static func session() throws -> Session {
        try PostgresTestServer.fixtures.get()
        let session = Session(workingDirectory: packageRoot.path)
        let outcome = session.run("""
            attach postgres "\(try PostgresTestServer.conninfo())" as pg
            load "Examples/data/microdata-10k.csv" as micro weight weight
            design pg.microdata weight weight
            """, fileName: "setup.tq")
        #expect(outcome.succeeded, "\(outcome.diagnostics)")
        return session
    }

    static let cases = [
        #"compare social_media_now == "yes" vs social_media_future == "yes""#,
        #"compare social_media_now == "yes" vs social_media_future == "yes" by role | sort role"#,
        #"where wave == 2013 | compare collab_change == "yes" vs human_capital_primary == "yes" by region | sort region"#,
        #"where region == "nowhere" | compare social_media_now == "yes" vs social_media_future == "yes""#,
        #"derive big = company_size == "10000+" | compare big vs social_media_now == "yes" by industry | sort industry"#,
    ]

    @Test(arguments: cases)
    func weightedComparisonsEqualTheInMemoryOnes(_ verbs: String) throws {
        let session = try Self.session()
        let a = session.run("from micro | \(verbs)", fileName: "a.tq"), b = session.run("from pg.microdata | \(verbs)", fileName: "b.tq")
        let x = try #require(a.tables.first, "\(a.diagnostics)"), y = try #require(b.tables.first, "\(b.diagnostics)")
        #expect(b.diagnostics.isEmpty, "\(b.diagnostics)")
        PostgresDesignTests.expectSameFigures(x, y, verbs)
        let explain = PostgresTests.printed(session, "explain from pg.microdata | \(verbs)")
        let compareLine = explain.split(separator: "\n").first { $0.hasPrefix("compare") }
        #expect(compareLine?.hasSuffix("postgres") == true, "\(explain)")
    }

    /// One row per group crosses the wire, and the method says how the figures were made.
    @Test func oneRowPerGroup() throws {
        let session = try Self.session()
        let verbs = #"compare social_media_now == "yes" vs social_media_future == "yes" by region"#
        #expect(PostgresTests.printed(session, "explain from pg.microdata | \(verbs)").contains("sum(CASE WHEN"))
        let connection = try #require(session.catalog.attachments["pg"]).connection
        let before = connection.rowsReceived
        let outcome = session.run("from pg.microdata | \(verbs)", fileName: "c.tq")
        let table = try #require(outcome.tables.first, "\(outcome.diagnostics)")
        #expect(connection.rowsReceived - before == 8 && table.rowCount == 8)
        let method = try #require(table.column(named: "method"))
        #expect(ValueText.human(method[0]).hasPrefix("same respondents, design-based t test of the paired difference (linearization, weight weight, n="),
                "\(ValueText.human(method[0]))")
    }
}
