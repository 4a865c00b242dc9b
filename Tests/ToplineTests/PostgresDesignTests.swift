import Foundation
import Testing
import ToplineTestSupport
@testable import Topline

/// Survey designs on attached tables: R's `api` samples in the test server, with the designs the
/// in-memory datasets have; each estimate must equal the in-memory one (value, SE, interval, df,
/// design effects) to 1e-9, and what can be summed on the server must arrive as sums per unit.
@Suite(.serialized) struct PostgresDesignTests {
    static let designs = [("apistrat", "weight pw strata stype fpc fpc"),
                          ("apiclus1", "weight pw cluster dnum fpc fpc"),
                          ("apiclus2", "weight pw cluster dnum, snum fpc fpc1, fpc2"),
                          ("apiclus1_jk1", "weight pw replicates repw1 .. repw15 method jk1")]

    /// The `api` files loaded under their own names and attached as `pg`, each with its design on both sides.
    static func session() throws -> Session {
        try PostgresTestServer.fixtures.get()
        let session = Session(workingDirectory: packageRoot.path)
        var setup = ["attach postgres \"\(try PostgresTestServer.conninfo())\" as pg"]
        for (name, design) in designs {
            setup += ["load \"Tests/ToplineTests/Fixtures/survey/\(name).csv\" as \(name)", "design \(name) \(design)", "design pg.\(name) \(design)"]
        }
        let outcome = session.run(setup.joined(separator: "\n"), fileName: "setup.tq")
        #expect(outcome.succeeded, "\(outcome.diagnostics)")
        return session
    }

    /// (table, verbs, whether the server computes the sums: every verb then runs there).
    static let cases: [(String, String, Bool)] = [
        ("apistrat", #"summarize m = mean(api00), t = total(enroll), p = share(awards == "Yes"), r = ratio(api00, api99), n = count() by stype"#, true),
        ("apistrat", #"summarize m = mean(api00), t = total(enroll), p = share(awards == "Yes"), r = ratio(api00, api99)"#, true),
        ("apistrat", #"where api00 > 700 | summarize m = mean(api00), p = share(awards == "Yes"), n = count(enroll) by stype"#, true),
        ("apistrat", #"where meals > 50 | derive big = enroll > 500 | summarize p = share(big), t = total(enroll) by awards"#, true),
        ("apiclus1", #"summarize m = mean(api00), t = total(enroll), p = share(awards == "Yes"), r = ratio(api00, api99), n = count() by stype"#, true),
        ("apiclus1", #"where stype == "H" | summarize m = mean(api00), t = total(enroll)"#, true),
        ("apiclus1", #"where api99 < 600 | summarize p = share(both == "Yes") by awards, stype"#, true),
        ("apiclus2", #"summarize m = mean(api00), t = total(enroll), p = share(awards == "Yes") by stype"#, true),
        ("apiclus2", #"where stype != "E" | summarize r = ratio(api00, api99)"#, true),
        // Fetched and computed here, as in memory.
        ("apiclus1", #"summarize q = median(api00), m = mean(api00) by stype"#, false),
        ("apistrat", #"where stype == "M" | summarize q = quantile(api00, 0.25)"#, false),
        ("apiclus1_jk1", #"summarize m = mean(api00), p = share(awards == "Yes"), t = total(enroll), r = ratio(api00, api99), n = count() by stype"#, true),
        ("apiclus1_jk1", #"where api00 > 600 | summarize p = share(awards == "Yes")"#, true),
        ("apiclus1_jk1", #"summarize q = median(api00) by stype"#, false),
        ("apiclus1", #"summarize m = mean(api00), s = sum(enroll) by stype"#, false),
    ]

    @Test(arguments: cases)
    func designEstimatesEqualTheInMemoryOnes(_ table: String, _ verbs: String, _ pushed: Bool) throws {
        let session = try Self.session()
        let (x, y) = try Self.tables(session, "from \(table) | \(verbs)", "from pg.\(table) | \(verbs)")
        Self.expectSameFigures(Self.sortedByKeys(session, x, table, verbs), Self.sortedByKeys(session, y, "pg.\(table)", verbs), verbs)
        #expect(x.columns.contains { $0.type == .estimate })
        let explain = PostgresTests.printed(session, "explain from pg.\(table) | \(verbs)")
        let verbCount = verbs.split(separator: "|").count
        let places = explain.split(separator: "\n").filter { $0.hasSuffix("postgres") || $0.hasSuffix("topline") }
        #expect(places.filter { $0.hasSuffix("postgres") }.count == (pushed ? verbCount + 1 : 1), "\(explain)")
    }

    /// The first table each of two statements makes in `session`: in memory, then on the server
    /// (which must give no diagnostic).
    static func tables(_ session: Session, _ local: String, _ remote: String) throws -> (Table, Table) {
        let a = session.run(local, fileName: "a.tq"), b = session.run(remote, fileName: "b.tq")
        let x = try #require(a.tables.first, "\(a.diagnostics)"), y = try #require(b.tables.first, "\(b.diagnostics)")
        #expect(b.diagnostics.isEmpty, "\(b.diagnostics)")
        return (x, y)
    }

    /// The same summarize sorted by its keys (the server's groups come in key order, memory's in first-seen order).
    static func sortedByKeys(_ session: Session, _ table: Table, _ source: String, _ verbs: String) -> Table {
        let keys = table.columns.filter { $0.type != .estimate && $0.type != .integer }.map(\.name)
        guard !keys.isEmpty else { return table }
        let outcome = session.run("from \(source) | \(verbs) | sort \(keys.joined(separator: ", "))", fileName: "s.tq")
        return outcome.tables.first ?? table
    }

    /// Two tables cell by cell: estimates by their figures, numbers (of every unit) to 1e-9 (relative), the rest exactly.
    static func expectSameFigures(_ a: Table, _ b: Table, _ label: String) {
        #expect(a.rowCount == b.rowCount && a.columns.map(\.name) == b.columns.map(\.name), "\(label)")
        for (x, y) in zip(a.columns, b.columns) {
            for r in 0..<min(x.count, y.count) {
                switch (x[r], y[r]) {
                case (.estimate(let e), .estimate(let f)):
                    let pairs: [(String, Double?, Double?)] = [
                        ("value", e.proportion, f.proportion), ("se", e.design?.standardError, f.design?.standardError),
                        ("low", e.design?.ciLow, f.design?.ciLow), ("high", e.design?.ciHigh, f.design?.ciHigh),
                        ("deff", e.design?.designEffect, f.design?.designEffect),
                        ("deff replace", e.design?.designEffectWithReplacement, f.design?.designEffectWithReplacement),
                        ("n_eff", e.effectiveN, f.effectiveN)]
                    for (what, u, v) in pairs {
                        guard let u, let v else { #expect(u == nil && v == nil, "\(label) \(x.name)[\(r)] \(what)"); continue }
                        // An undefined figure (the Woodruff interval of a small group, NaN in memory) must be undefined on both sides.
                        #expect(abs(u - v) <= 1e-9 * max(1, abs(u)) || (u.isNaN && v.isNaN), "\(label) \(x.name)[\(r)] \(what): \(u) vs \(v)")
                    }
                    #expect(e.n == f.n && e.design?.degreesOfFreedom == f.design?.degreesOfFreedom, "\(label) \(x.name)[\(r)] n, df")
                    #expect(e.design?.variance == f.design?.variance && e.design?.interval == f.design?.interval, "\(label) \(x.name)[\(r)]")
                case (.number(let u), .number(let v)), (.probability(let u), .probability(let v)), (.percent(let u), .percent(let v)),
                     (.points(let u), .points(let v)), (.ratio(let u), .ratio(let v)):
                    #expect(abs(u - v) <= 1e-9 * max(1, abs(u)), "\(label) \(x.name)[\(r)]: \(u) vs \(v)")
                default:
                    #expect(x[r] == y[r], "\(label) \(x.name)[\(r)]")
                }
            }
        }
    }

    /// What crosses the wire for a design summarize: one row per group × unit of the design (PSU with
    /// clusters, stratum when the units are rows, the group with replicate weights), never the respondents' rows.
    @Test(arguments: [("apiclus1", #"summarize m = mean(api00), p = share(awards == "Yes") by stype"#, "SELECT count(DISTINCT (stype, dnum)) FROM apiclus1"),
                      ("apiclus1", #"where stype == "E" | summarize t = total(enroll)"#, "SELECT count(DISTINCT dnum) FROM apiclus1 WHERE stype = 'E'"),
                      ("apiclus2", "summarize m = mean(api00) by stype", "SELECT count(DISTINCT (stype, dnum, snum)) FROM apiclus2"),
                      ("apistrat", #"where stype == "E" | summarize m = mean(api00), n = count()"#, "SELECT 1"),
                      ("apiclus1_jk1", #"summarize m = mean(api00) by stype"#, "SELECT count(DISTINCT stype) FROM apiclus1_jk1"),
                      ("apistrat", #"summarize m = mean(api00) by awards"#, "SELECT count(DISTINCT (awards, stype)) FROM apistrat")])
    func designSumsArriveOneRowPerUnit(_ table: String, _ verbs: String, _ units: String) throws {
        let session = try Self.session()
        let connection = try #require(session.catalog.attachments["pg"]).connection
        let before = connection.rowsReceived
        let text = PostgresTests.printed(session, "from pg.\(table) | \(verbs)")
        let expected = try #require(Int(try PostgresTestServer.psql(units).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(connection.rowsReceived - before == expected, "\(text)")
        let rows = try #require(Int(try PostgresTestServer.psql("SELECT count(*) FROM \(table)").trimmingCharacters(in: .whitespacesAndNewlines)))
        // apiclus2's last-stage units are its schools, one row each: its sums are per school.
        #expect(table == "apiclus2" ? expected == rows : expected < rows)
        #expect(text.contains("±"), "\(text)")
    }

    /// `compare` of two estimates made from the server's sums takes their covariance from the same units.
    @Test func compareOfServerEstimates() throws {
        let session = try Self.session()
        let verbs = #"summarize m = mean(api00) by stype | compare stype == "E" vs stype == "H""#
        for table in ["apiclus1", "apistrat", "apiclus1_jk1"] {
            let a = session.run("from \(table) | \(verbs)", fileName: "a.tq"), b = session.run("from pg.\(table) | \(verbs)", fileName: "b.tq")
            let x = try #require(a.tables.first, "\(a.diagnostics)"), y = try #require(b.tables.first, "\(b.diagnostics)")
            Self.expectSameFigures(x, y, table)
        }
    }

    /// `datasets` and `describe` show an attached table's design as a loaded dataset's.
    @Test func datasetsAndDescribeShowTheDesign() throws {
        let session = try Self.session()
        let datasets = PostgresTests.printed(session, "datasets")
        #expect(datasets.contains("weight pw, cluster dnum, fpc fpc"), "\(datasets)")
        #expect(datasets.contains("weight pw, replicates repw1 .. repw15 (15 columns), method jk1"), "\(datasets)")
        for table in ["apiclus1", "apistrat", "apiclus1_jk1"] {
            #expect(PostgresTests.printed(session, "describe pg.\(table)") == PostgresTests.printed(session, "describe \(table)"), "\(table)")
        }
    }

    /// The design's checks on the server's rows are those of a loaded dataset.
    @Test func designsAreCheckedAsInMemory() throws {
        let session = try Self.session()
        try PostgresTestServer.psql("""
            DROP TABLE IF EXISTS odd; CREATE TABLE odd (s text, c bigint, f double precision, w double precision);
            INSERT INTO odd VALUES ('a', 1, 10, 1), ('a', 2, 12, 1), ('b', 3, 0.5, 2), ('b', null, 0.5, 2);
            """)
        _ = session.run("detach pg\nattach postgres \"\(try PostgresTestServer.conninfo())\" as pg", fileName: "a.tq")
        let cases: [(String, DiagnosticID)] = [("design pg.odd weight w strata s fpc f", .designFPCMixed),
                                               ("design pg.odd weight w strata s cluster c", .designNull),
                                               ("design pg.odd weight w strata nope", .designUnknownColumn),
                                               ("design pg.odd weight s strata c", .designColumnType)]
        for (statement, id) in cases {
            #expect(session.run(statement, fileName: "d.tq").diagnostics.map(\.id) == [id], "\(statement)")
        }
        // One PSU in a stratum: `set lonely_psu` decides, as in memory.
        try PostgresTestServer.psql("DELETE FROM odd WHERE c IS NULL OR c = 2")
        #expect(session.run("design pg.odd weight w strata s cluster c", fileName: "d.tq").succeeded)
        let lonely = session.run("from pg.odd | summarize m = mean(f)", fileName: "q.tq")
        #expect(lonely.diagnostics.map(\.id) == [.runLonelyPSU], "\(lonely.diagnostics)")
        #expect(session.run("set lonely_psu remove\nfrom pg.odd | summarize m = mean(f)", fileName: "q.tq").succeeded)
    }
}
