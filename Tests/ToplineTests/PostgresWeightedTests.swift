import Foundation
import Testing
import ToplineTestSupport
@testable import Topline

/// Weighted respondents on an attached table (`design pg.T weight W`, the weight of `load … weight W`).
///
/// `compare A vs B` of two yes/no items: the server returns per group the four cells of their
/// answers (rows, Σw, Σw²) and the design's rows, and the comparison — both shares, SEs,
/// intervals, design effects, the difference, its t test and the adjusted p-values — must equal
/// the in-memory one made from the rows (R `svyttest(I(b - a) ~ 0)`) to 1e-9.
///
/// The point estimates `sum` (Σwx), `avg` (Σwx/Σw) and `count_weighted` (Σw) are sums the server
/// adds up; a Σw of 0 under `avg` makes the server fail, and the rows then give the in-memory answer.
/// A weighted `var` or `stddev` (R's `svyvar`) is taken about the group's weighted mean, which the
/// server computes first as a window over the rows.
@Suite(.serialized) struct PostgresWeightedTests {
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
        let (x, y) = try PostgresDesignTests.tables(session, "from micro | \(verbs)", "from pg.microdata | \(verbs)")
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

    static let points = [
        "summarize s = sum(f2f_share_now), a = avg(f2f_share_now), w = count_weighted(), wx = count_weighted(f2f_share_future) by region",
        #"where role == "CEO" | summarize n = count(), a = avg(wave), s = sum(wave) by industry"#,
        "summarize a = avg(f2f_share_now), p = share(social_media_now == \"yes\"), w = count_weighted()",
        #"where region == "nowhere" | summarize s = sum(f2f_share_now), a = avg(f2f_share_now), w = count_weighted()"#,
        // Estimates only value() reads: three sums, and no rows that count is no estimate (null).
        #"summarize v = value(share(social_media_now == "yes")), m = value(mean(f2f_share_now)), t = value(total(f2f_share_now)) by region"#,
        #"where region == "nowhere" | summarize v = value(share(social_media_now == "yes")), m = value(mean(f2f_share_now)), t = value(total(f2f_share_now))"#,
        #"derive y = case when region == "Japan" then null else f2f_share_now end | summarize m = value(mean(y)), n = count() by region"#,
        // Weighted spreads: about the group's weighted mean, a window the server computes first.
        "summarize sd = stddev(f2f_share_now), v = var(f2f_share_future), a = avg(f2f_share_now) by region",
        #"where role == "CEO" | summarize v = var(wave), sd = stddev(f2f_share_now), n = count() by industry, company_size"#,
        "summarize sd = stddev(f2f_share_now), v = var(f2f_share_now - f2f_share_future)",
        #"where region == "nowhere" | summarize sd = stddev(f2f_share_now)"#,
    ]

    @Test(arguments: points)
    func weightedPointEstimatesEqualTheInMemoryOnes(_ verbs: String) throws {
        let session = try Self.session()
        let (x, y) = try PostgresDesignTests.tables(session, "from micro | \(verbs)", "from pg.microdata | \(verbs)")
        PostgresDesignTests.expectSameFigures(PostgresDesignTests.sortedByKeys(session, x, "micro", verbs),
                                              PostgresDesignTests.sortedByKeys(session, y, "pg.microdata", verbs), verbs)
        let explain = PostgresTests.printed(session, "explain from pg.microdata | \(verbs)")
        #expect(explain.split(separator: "\n").contains { $0.hasPrefix("summarize") && $0.hasSuffix("postgres") }, "\(explain)")
    }

    /// Weights that sum to 0 make `avg` a division by zero on the server; the rows are then taken, and
    /// the answer is the in-memory one.
    @Test func aZeroTotalWeightTakesTheRows() throws {
        let session = try Self.session()
        try PostgresTestServer.psql("DROP TABLE IF EXISTS zero_weights; CREATE TABLE zero_weights (g text, x double precision, w double precision); INSERT INTO zero_weights VALUES ('a', 1, 0), ('a', 2, 0), ('b', 3, 1)")
        _ = session.run("detach pg\nattach postgres \"\(try PostgresTestServer.conninfo())\" as pg\ndesign pg.zero_weights weight w", fileName: "a.tq")
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        dir.write("zero.csv", "g,x,w\na,1,0\na,2,0\nb,3,1\n")
        #expect(session.run("load \"\(dir.file("zero.csv"))\" as zero weight w", fileName: "z.tq").succeeded)
        let verbs = "summarize a = avg(x), s = sum(x) by g | sort g"
        #expect(PostgresTests.printed(session, "from pg.zero_weights | \(verbs)") == PostgresTests.printed(session, "from zero | \(verbs)"))
        // A weighted spread of a Σw of 0, or of a single row, is null on the server as in memory.
        let spreads = "summarize v = var(x), sd = stddev(x), n = count() by g | sort g"
        let remote = PostgresTests.printed(session, "from pg.zero_weights | \(spreads)")
        #expect(remote == PostgresTests.printed(session, "from zero | \(spreads)"))
        #expect(PostgresTests.printed(session, "explain from pg.zero_weights | \(spreads)").contains("OVER (PARTITION BY"), "\(remote)")
    }

    /// A weighted table of one row is a lonely unit: a value read alone (three sums, no variance) is refused
    /// under `set lonely_psu fail` as the full estimate is, on the server as in memory, and given under `adjust`.
    @Test func aLonelyUnitIsRefusedForAValueAlone() throws {
        let session = try Self.session()
        try PostgresTestServer.psql("DROP TABLE IF EXISTS one_row; CREATE TABLE one_row (x double precision, w double precision); INSERT INTO one_row VALUES (4, 2)")
        _ = session.run("detach pg\nattach postgres \"\(try PostgresTestServer.conninfo())\" as pg\ndesign pg.one_row weight w", fileName: "a.tq")
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        dir.write("one.csv", "x,w\n4,2\n")
        #expect(session.run("load \"\(dir.file("one.csv"))\" as one weight w", fileName: "o.tq").succeeded)
        for source in ["pg.one_row", "one"] {
            let refused = session.run("set lonely_psu fail\nfrom \(source) | summarize v = value(mean(x)), s = value(share(x > 1))", fileName: "q.tq")
            #expect(refused.diagnostics.map(\.id) == [.runLonelyPSU], "\(source): \(refused.diagnostics)")
            let given = session.run("set lonely_psu adjust\nfrom \(source) | summarize v = value(mean(x))", fileName: "q.tq")
            #expect(given.succeeded && given.tables.last?[0, "v"].numeric == 4, "\(source): \(given.diagnostics)")
        }
        let explain = PostgresTests.printed(session, "explain from pg.one_row | summarize v = value(mean(x))")
        #expect(explain.contains("'point mean '"), "\(explain)")
    }

    /// A column named like the window column a weighted spread would add keeps the spread here, with the same answer.
    @Test func aTakenWindowNameKeepsTheSpreadHere() throws {
        let session = try Self.session()
        let verbs = "derive `topline mean 0` = 1 | summarize v = var(f2f_share_now) by region"
        let (x, y) = try PostgresDesignTests.tables(session, "from micro | \(verbs)", "from pg.microdata | \(verbs)")
        PostgresDesignTests.expectSameFigures(PostgresDesignTests.sortedByKeys(session, x, "micro", verbs),
                                              PostgresDesignTests.sortedByKeys(session, y, "pg.microdata", verbs), verbs)
        let explain = PostgresTests.printed(session, "explain from pg.microdata | \(verbs)")
        #expect(explain.split(separator: "\n").contains { $0.hasPrefix("summarize") && $0.hasSuffix("topline") }, "\(explain)")
    }
}
