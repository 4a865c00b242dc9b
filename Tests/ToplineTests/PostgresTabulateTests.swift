import Foundation
import Testing
import ToplineTestSupport
@testable import Topline

/// `tabulate` on attached tables: the banner table made from the server's cells (rows, Σw, Σw²
/// per row variable × banner × stratum) must equal the in-memory one made from the rows — every
/// base, share, interval, letter and test to 1e-9 — unweighted, on a weight, with a `where` as a
/// domain, on a stratified design, on designs with clusters (one and two stages, strata, lonely
/// PSUs) and on replicate weights (15 jackknife, 80 successive-difference), with text, yes/no and
/// numeric row variables and multiple-response sets; what needs the rows (a lonely unit without
/// clusters) fetches them and gives the in-memory answer too.
///
/// Categories of text come in byte order from the server (a table in a database has no first-seen
/// order), so the in-memory side declares that order with `levels`.
@Suite(.serialized) struct PostgresTabulateTests {
    /// A session with the test server attached as `pg`, the 10,000-row microdata as `micro` (with its
    /// weight when `weighted`, and then `pg.microdata` has it too) and the `api` samples with their designs on both sides.
    static func session(weighted: Bool) throws -> Session {
        try PostgresTestServer.fixtures.get()
        let session = Session(workingDirectory: packageRoot.path)
        let setup = [
            "attach postgres \"\(try PostgresTestServer.conninfo())\" as pg",
            "load \"Examples/data/microdata-10k.csv\" as micro" + (weighted ? " weight weight" : ""),
            weighted ? "design pg.microdata weight weight" : "",
            "load \"Tests/ToplineTests/Fixtures/survey/apistrat.csv\" as apistrat",
            "design apistrat weight pw strata stype fpc fpc", "design pg.apistrat weight pw strata stype fpc fpc",
            "load \"Tests/ToplineTests/Fixtures/survey/apiclus1.csv\" as apiclus1",
            "design apiclus1 weight pw cluster dnum fpc fpc", "design pg.apiclus1 weight pw cluster dnum fpc fpc",
            "load \"Tests/ToplineTests/Fixtures/survey/apiclus2.csv\" as apiclus2",
            "design apiclus2 weight pw cluster dnum, snum fpc fpc1, fpc2", "design pg.apiclus2 weight pw cluster dnum, snum fpc fpc1, fpc2",
            "load \"Tests/ToplineTests/Fixtures/survey/apiclus1_jk1.csv\" as apiclus1_jk1",
            "design apiclus1_jk1 weight pw replicates repw1 .. repw15 method jk1", "design pg.apiclus1_jk1 weight pw replicates repw1 .. repw15 method jk1",
            "load \"Tests/ToplineTests/Fixtures/survey/sdr80.csv\" as sdr80",
            "design sdr80 weight w replicates repw1 .. repw80 method sdr", "design pg.sdr80 weight w replicates repw1 .. repw80 method sdr",
        ]
        let outcome = session.run(setup.joined(separator: "\n"), fileName: "setup.tq")
        #expect(outcome.succeeded, "\(outcome.diagnostics)")
        return session
    }

    /// (weighted, in-memory dataset, attached table, verbs, text columns to put in byte order, the verbs run on the server).
    static let cases: [(Bool, String, String, String, [String], Bool)] = [
        (false, "micro", "microdata", "tabulate role, social_media_now by region, company_size", ["role", "social_media_now", "region", "company_size"], true),
        (false, "micro", "microdata", "tabulate role", ["role"], true),
        (false, "micro", "microdata", #"where wave >= 2014 | tabulate social_media_now net any = ("yes", "no") by company_size show count"#,
         ["social_media_now", "company_size"], true),
        (false, "micro", "microdata", "tabulate social_media_future by wave show row", ["social_media_future"], true),
        (true, "micro", "microdata", "tabulate role, social_media_now by region, company_size", ["role", "social_media_now", "region", "company_size"], true),
        (true, "micro", "microdata", #"where role == "CEO" | tabulate social_media_now by region"#, ["social_media_now", "region"], true),
        (true, "micro", "microdata", "tabulate human_capital_primary by industry show count", ["human_capital_primary", "industry"], true),
        (false, "apistrat", "apistrat", "tabulate awards, both by stype", ["awards", "both", "stype"], true),
        (false, "apistrat", "apistrat", #"where api00 > 650 | tabulate awards net all = ("No", "Yes") by `sch.wide`, stype"#, ["awards", "`sch.wide`", "stype"], true),
        // Numbers: at most 20 values are categories and a mean, more only a mean.
        (false, "micro", "microdata", "tabulate wave, f2f_share_now by region", ["region"], true),
        (true, "micro", "microdata", #"where role != "CEO" | tabulate f2f_share_future, wave by company_size, role"#, ["company_size", "role"], true),
        (false, "apistrat", "apistrat", "tabulate meals, `yr.rnd` by stype show count", ["`yr.rnd`", "stype"], true),
        // Multiple-response sets: which answered, and each column's choosers.
        (true, "micro", "microdata", "tabulate mrset channels = (social_media_now, social_media_future) by role", ["role"], true),
        (false, "micro", "microdata", #"where wave > 2012 | tabulate mrset c = (collab_change, human_capital_primary), role by region"#, ["role", "region"], true),
        (false, "apistrat", "apistrat", "tabulate mrset honours = (awards, both, `sch.wide`) by stype show count", ["stype"], true),
        // Clusters: the cells are split by the design's units too.
        (false, "apiclus1", "apiclus1", "tabulate awards, both by stype", ["awards", "both", "stype"], true),
        (false, "apiclus1", "apiclus1", #"where api00 > 600 | tabulate awards net all = ("No", "Yes"), meals, `yr.rnd` by stype, `sch.wide`"#,
         ["awards", "`yr.rnd`", "stype", "`sch.wide`"], true),
        (false, "apiclus2", "apiclus2", "tabulate awards, api00, stype by both", ["awards", "stype", "both"], true),
        (false, "apiclus2", "apiclus2", "tabulate mrset honours = (awards, both, `sch.wide`), `yr.rnd` by stype show count", ["`yr.rnd`", "stype"], true),
        (false, "apiclus1", "apiclus1", "tabulate mrset honours = (awards, both) by stype", ["stype"], true),
        // Replicate weights: each cell's sums under every replicate (15, and 80 as in the ACS).
        (false, "apiclus1_jk1", "apiclus1_jk1", "tabulate awards by stype", ["awards", "stype"], true),
        (false, "apiclus1_jk1", "apiclus1_jk1", #"where api00 > 600 | tabulate awards net all = ("No", "Yes"), `yr.rnd` by stype, `sch.wide`"#,
         ["awards", "`yr.rnd`", "stype", "`sch.wide`"], true),
        (false, "sdr80", "sdr80", "tabulate item by region", ["item", "region"], true),
        (false, "sdr80", "sdr80", #"where y > 40 | tabulate region by item show count"#, ["region", "item"], true),
        // Numbers and sets on replicate weights: each cell's Σw_r·x, and Σw_r where chosen, under every replicate.
        (false, "apiclus1_jk1", "apiclus1_jk1", "tabulate awards, api00 by stype", ["awards", "stype"], true),
        (false, "apiclus1_jk1", "apiclus1_jk1", "tabulate mrset honours = (awards, both) by stype", ["stype"], true),
        (false, "apiclus1_jk1", "apiclus1_jk1", #"where api00 > 600 | tabulate meals, mrset honours = (awards, both, `sch.wide`), `yr.rnd` by stype, `sch.wide`"#,
         ["`yr.rnd`", "stype", "`sch.wide`"], true),
        (false, "sdr80", "sdr80", "tabulate y, x, item by region", ["item", "region"], true),
        (false, "sdr80", "sdr80", #"where y > 40 | tabulate mrset answers = (item, region), y by item show count"#, ["item"], true),
    ]

    @Test(arguments: cases)
    func bannerTablesEqualTheInMemoryOnes(_ weighted: Bool, _ dataset: String, _ table: String, _ verbs: String, _ ordered: [String], _ pushed: Bool) throws {
        let session = try Self.session(weighted: weighted)
        // The levels of the rows tabulated: after the verbs before `tabulate`.
        let parts = verbs.components(separatedBy: " | ")
        let start = "from \(dataset)" + parts.dropLast().map { " | " + $0 }.joined()
        let levels = try ordered.map { try Self.byteOrderLevels(session, start, $0) }.joined()
        let (x, y) = try PostgresDesignTests.tables(session, start + levels + " | " + parts.last!, "from pg.\(table) | \(verbs)")
        #expect(x.rowCount > 0)
        PostgresDesignTests.expectSameFigures(x, y, verbs)
        #expect(x.banner?.footnotes == y.banner?.footnotes, "\(verbs)")
        let explain = PostgresTests.printed(session, "explain from pg.\(table) | \(verbs)")
        let places = explain.split(separator: "\n").filter { $0.hasSuffix("postgres") || $0.hasSuffix("topline") }
        #expect(places.last?.hasSuffix(pushed ? "postgres" : "topline") == true, "\(explain)")
        #expect(explain.contains("GROUPING SETS") == pushed, "\(explain)")
    }

    /// `| levels COLUMN ("a", "b", …)` with the column's values in byte order.
    static func byteOrderLevels(_ session: Session, _ pipeline: String, _ column: String) throws -> String {
        let outcome = session.run("\(pipeline) | distinct \(column)", fileName: "l.tq")
        let distinct = try #require(outcome.tables.first).columns[0]
        let values = (0..<distinct.count).compactMap { r -> String? in
            if case .text(let t) = distinct[r] { return t } else { return nil }
        }
        let sorted = values.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        return " | levels \(column) (" + sorted.map { "\"\($0)\"" }.joined(separator: ", ") + ")"
    }

    /// (weighted, table, verbs, the SQL counting the cells it should return).
    static let cellCounts: [(Bool, String, String, String)] = [
        (false, "microdata", "tabulate role, social_media_now by region",
         "SELECT count(DISTINCT role) + count(DISTINCT (role, region)) + count(DISTINCT social_media_now) + count(DISTINCT (social_media_now, region)) FROM microdata"),
        (true, "microdata", "tabulate role, social_media_now by region",
         "SELECT count(DISTINCT role) + count(DISTINCT (role, region)) + count(DISTINCT social_media_now) + count(DISTINCT (social_media_now, region)) FROM microdata"),
        // With clusters the cells are split by unit too: a row per category × district (and per category × banner × district).
        (false, "apiclus1", "tabulate awards by stype", "SELECT count(DISTINCT (awards, dnum)) + count(DISTINCT (awards, stype, dnum)) FROM apiclus1"),
        // On replicate weights a row per category × column, each with its sums under the 80 replicates.
        (false, "sdr80", "tabulate item by region", "SELECT count(DISTINCT item) + count(DISTINCT (item, region)) FROM sdr80"),
        // A number of more than 20 values (only its mean): a cell per banner column and whether it has a value.
        (false, "sdr80", "tabulate y by region",
         "SELECT count(DISTINCT y IS NOT NULL) + count(DISTINCT (y IS NOT NULL, region)) FROM sdr80"),
    ]

    /// The cells cross the wire, not the respondents: one row per row category × (Total and each
    /// banner's categories), and with clusters × unit; fewer than the table's rows.
    @Test(arguments: cellCounts)
    func cellsArriveNotRows(_ weighted: Bool, _ table: String, _ verbs: String, _ cellsSQL: String) throws {
        let session = try Self.session(weighted: weighted)
        let connection = try #require(session.catalog.attachments["pg"]).connection
        // The table's columns are read from the catalog when it is first named.
        #expect(PostgresTests.printed(session, "explain from pg.\(table) | \(verbs)").contains("GROUPING SETS"))
        let before = connection.rowsReceived
        let text = PostgresTests.printed(session, "from pg.\(table) | \(verbs)")
        let received = connection.rowsReceived - before
        let cells = try PostgresTestServer.psql(cellsSQL), rows = try PostgresTestServer.psql("SELECT count(*) FROM \(table)")
        #expect(received == Int(cells.trimmingCharacters(in: .whitespacesAndNewlines)), "\(text)")
        #expect(received < Int(rows.trimmingCharacters(in: .whitespacesAndNewlines))!)
        #expect(text.contains("Base (n)"), "\(text)")
        if table == "microdata" { #expect(text.contains("10000"), "\(text)") }
    }

    /// A lonely unit needs the rows (the lonely-PSU rules): a stratum of one school is known when the
    /// design is declared; a weighted table of one row only from the cells, which then give way to the rows.
    @Test func aLonelyUnitTakesTheRows() throws {
        let session = try Self.session(weighted: false)
        try PostgresTestServer.psql("""
            DROP TABLE IF EXISTS lonely; CREATE TABLE lonely (s text, g text, w double precision);
            INSERT INTO lonely VALUES ('a', 'x', 1), ('a', 'y', 2), ('b', 'x', 3);
            DROP TABLE IF EXISTS single; CREATE TABLE single (g text, w double precision); INSERT INTO single VALUES ('x', 2);
            """)
        _ = session.run("detach pg\nattach postgres \"\(try PostgresTestServer.conninfo())\" as pg", fileName: "a.tq")
        let setup = session.run("""
            design pg.lonely weight w strata s
            design pg.single weight w
            set lonely_psu adjust
            """, fileName: "s.tq")
        #expect(setup.succeeded, "\(setup.diagnostics)")
        for table in ["lonely", "single"] {
            let remote = session.run("from pg.\(table) | tabulate g", fileName: "r.tq")
            #expect(remote.succeeded, "\(remote.diagnostics)")
            let dir = TemporaryDirectory()
            defer { dir.remove() }
            dir.write("\(table).csv", try PostgresTestServer.psql("COPY \(table) TO STDOUT WITH (FORMAT csv, HEADER true)"))
            // `design pg.T weight W` is the weight of `load … weight W`.
            let load = "load \"\(dir.file("\(table).csv"))\" as \(table)_here"
                + (table == "lonely" ? "\ndesign \(table)_here weight w strata s" : " weight w")
            let local = session.run(load + "\nfrom \(table)_here | tabulate g", fileName: "l.tq")
            let x = try #require(local.tables.first, "\(local.diagnostics)"), y = try #require(remote.tables.first)
            PostgresDesignTests.expectSameFigures(x, y, table)
        }
        let explain = PostgresTests.printed(session, "explain from pg.lonely | tabulate g")
        #expect(!explain.contains("GROUPING SETS"), "\(explain)")
    }

    /// A stratified design with clusters, one stratum of a single PSU: refused as in memory, and under
    /// `set lonely_psu adjust` (and `remove`, `certainty`) the same figures from the cells as from the rows.
    @Test func lonelyPSUsOfClustersFromTheCells() throws {
        let session = try Self.session(weighted: false)
        let rows = ["('a', 1, 'x', 1)", "('a', 1, 'y', 2)", "('a', 2, 'x', 1.5)", "('a', 2, 'x', 2)", "('a', 3, 'y', 1)",
                    "('b', 4, 'x', 3)", "('b', 4, 'y', 1)", "('c', 5, 'y', 2)", "('c', 6, 'x', 2)", "('c', 6, 'y', 1)"]
        try PostgresTestServer.psql("""
            DROP TABLE IF EXISTS lonely_psu; CREATE TABLE lonely_psu (s text, p bigint, g text, w double precision);
            INSERT INTO lonely_psu VALUES \(rows.joined(separator: ", "));
            """)
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        dir.write("lonely.csv", try PostgresTestServer.psql("COPY lonely_psu TO STDOUT WITH (FORMAT csv, HEADER true)"))
        let setup = session.run("""
            detach pg
            attach postgres "\(try PostgresTestServer.conninfo())" as pg
            design pg.lonely_psu weight w strata s cluster p
            load "\(dir.file("lonely.csv"))" as lonely_here
            design lonely_here weight w strata s cluster p
            """, fileName: "s.tq")
        #expect(setup.succeeded, "\(setup.diagnostics)")
        let verbs = #"levels g ("x", "y") | tabulate g by s"#
        let failed = session.run("from pg.lonely_psu | tabulate g by s", fileName: "r.tq")
        let failedHere = session.run("from lonely_here | \(verbs)", fileName: "l.tq")
        #expect(failed.diagnostics.first?.id == .runLonelyPSU && failedHere.diagnostics.first?.id == .runLonelyPSU, "\(failed.diagnostics)")
        #expect(failed.diagnostics.first?.message == failedHere.diagnostics.first?.message)
        for rule in ["adjust", "remove", "certainty"] {
            #expect(session.run("set lonely_psu \(rule)", fileName: "set.tq").succeeded)
            let (x, y) = try PostgresDesignTests.tables(session, "from lonely_here | \(verbs)", "from pg.lonely_psu | tabulate g by s")
            PostgresDesignTests.expectSameFigures(x, y, rule)
        }
        #expect(PostgresTests.printed(session, "explain from pg.lonely_psu | tabulate g by s").contains("GROUPING SETS"))
    }

    /// A category only rows of unusable weights (negative, null) have is still a category, of 0%, as in memory.
    @Test func categoriesOfUnusableWeights() throws {
        let session = try Self.session(weighted: false)
        try PostgresTestServer.psql("""
            DROP TABLE IF EXISTS odd_weights; CREATE TABLE odd_weights (g text, c text, x bigint, w double precision);
            INSERT INTO odd_weights VALUES ('x', 'a', 1, 1), ('x', 'b', 2, -1), ('y', 'a', 3, 2), ('y', 'c', 4, NULL), ('y', 'a', 1, 0.5), ('x', 'a', 3, 3);
            """)
        _ = session.run("detach pg\nattach postgres \"\(try PostgresTestServer.conninfo())\" as pg\ndesign pg.odd_weights weight w", fileName: "a.tq")
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        dir.write("odd.csv", "g,c,x,w\nx,a,1,1\nx,b,2,-1\ny,a,3,2\ny,c,4,\ny,a,1,0.5\nx,a,3,3\n")
        #expect(session.run("load \"\(dir.file("odd.csv"))\" as odd weight w", fileName: "o.tq").succeeded)
        let (x, y) = try PostgresDesignTests.tables(session, "from odd | tabulate c, x by g", "from pg.odd_weights | tabulate c, x by g")
        PostgresDesignTests.expectSameFigures(x, y, "odd weights")
        #expect(PostgresTests.printed(session, "explain from pg.odd_weights | tabulate c, x by g").contains("GROUPING SETS"))
    }
}
