import Foundation
import Testing
import ToplineTestSupport
@testable import Topline

/// `join` with a table of an attached database: two tables of one database join on the server
/// (`[LEFT] JOIN … ON`), anything else joins here on the fetched rows; every answer must be the
/// in-memory join's (null keys never match, integers and numbers by value, a taken name suffixed
/// with the other table's name). Rows of a join come in the server's order, so the pipelines sort.
@Suite(.serialized) struct PostgresJoinTests {
    /// `regions` both in the server and in memory, the survey in both.
    static func session() throws -> (Session, TemporaryDirectory) {
        try PostgresTestServer.fixtures.get()
        try PostgresTestServer.psql("DROP TABLE IF EXISTS regions")
        let dir = TemporaryDirectory()
        dir.write("regions.csv", """
            region,continent,n,code
            Japan,Asia,1,1.0
            North America,America,2,2.5
            North America,Americas,3,3.0
            Atlantis,Sea,4,40.0
            ,none,5,5.0

            """)
        let session = Session(workingDirectory: packageRoot.path)
        let outcome = session.run("""
            attach postgres "\(try PostgresTestServer.conninfo())" as pg
            load "\(dir.file("regions.csv"))" into pg as regions
            load "\(dir.file("regions.csv"))" as regions
            load "Examples/data/survey.csv" as survey
            """, fileName: "setup.tq")
        #expect(outcome.succeeded, "\(outcome.diagnostics)")
        return (session, dir)
    }

    /// (verbs after the source and its join's `OTHER` spelled `@`, whether the join runs on the server for pg.survey | … pg.regions).
    static let cases: [(String, Bool)] = [
        ("left join @ on region | select id, region, continent, n | sort id, continent", true),
        ("join @ on region | summarize k = count(), m = avg(n) by continent | sort continent", true),
        ("join @ on id = n | sort id", true),
        ("join @ on id = code | select id, region, region_regions, n | sort id", true),
        ("left join @ on industry = continent | where n is null | summarize k = count()", true),
        ("where role == \"CEO\" | join @ on region | derive big = n > 2 | sort id, continent", true),
    ]

    @Test(arguments: cases)
    func joinsEqualTheInMemoryOnes(_ verbs: String, _ pushed: Bool) throws {
        let (session, dir) = try Self.session()
        defer { dir.remove() }
        let expected = PostgresTests.printed(session, "from survey | " + verbs.replacingOccurrences(of: "@", with: "regions"))
        #expect(expected.contains("--"), "\(expected)")
        // Both sides attached, one side attached, and the other side loaded: the same rows.
        for (source, other) in [("pg.survey", "pg.regions"), ("survey", "pg.regions"), ("pg.survey", "regions")] {
            let text = "from \(source) | " + verbs.replacingOccurrences(of: "@", with: other)
            #expect(PostgresTests.printed(session, text) == expected, "\(text)")
        }
        let explain = PostgresTests.printed(session, "explain from pg.survey | " + verbs.replacingOccurrences(of: "@", with: "pg.regions"))
        let join = explain.split(separator: "\n").first { $0.contains("join pg.regions") }
        #expect(join?.hasSuffix(pushed ? "postgres" : "topline") == true, "\(explain)")
        #expect(explain.contains(" JOIN ") == pushed, "\(explain)")
    }

    /// The join's keys and names are SQL identifiers, never text of the query: a table and columns with
    /// quotes and semicolons in their names join as any other.
    @Test func oddNamesAreQuoted() throws {
        let (session, dir) = try Self.session()
        defer { dir.remove() }
        try PostgresTestServer.psql(#"""
            DROP TABLE IF EXISTS "we""ird; table"; CREATE TABLE "we""ird; table" ("re'gion""; --" text, "x; DROP TABLE survey" bigint);
            INSERT INTO "we""ird; table" VALUES ('Japan', 7), ('Europe', 8);
            """#)
        _ = session.run("detach pg\nattach postgres \"\(try PostgresTestServer.conninfo())\" as pg", fileName: "a.tq")
        dir.write("weird.csv", "\"re'gion\"\"; --\",x; DROP TABLE survey\nJapan,7\nEurope,8\n")
        #expect(session.run("load \"\(dir.file("weird.csv"))\" as weird", fileName: "w.tq").succeeded)
        let verbs = #"on region = `re'gion"; --` | summarize k = count(), s = sum(`x; DROP TABLE survey`)"#
        let remote = PostgresTests.printed(session, "from pg.survey | join pg.`we\"ird; table` " + verbs)
        #expect(remote == PostgresTests.printed(session, "from survey | join weird " + verbs), "\(remote)")
        #expect(remote.contains("x; DROP TABLE survey") == false && remote.contains(" s"), "\(remote)")
        #expect(PostgresTests.printed(session, "explain from pg.survey | join pg.`we\"ird; table` " + verbs).contains(" JOIN "))
        #expect(try PostgresTestServer.psql("SELECT count(*) FROM survey") == "40\n")
    }
}
