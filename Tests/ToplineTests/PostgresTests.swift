import Foundation
import Synchronization
import Testing
import ToplineTestSupport
@testable import Topline

/// Pipelines over tables of a real PostgreSQL server (the tests' private one,
/// ``PostgresTestServer``), holding the same rows as the CSV files: each query must
/// print exactly what it prints on the loaded file, and its pushable verbs must have
/// run on the server.
@Suite(.serialized) struct PostgresTests {
    /// A session with the CSV fixtures loaded as `survey` and `microdata`, and the server attached as `pg`.
    static func session() throws -> Session {
        try PostgresTestServer.fixtures.get()
        let session = Session(workingDirectory: packageRoot.path)
        let outcome = session.run("""
            load "Examples/data/survey.csv" as survey
            load "Examples/data/microdata-10k.csv" as microdata
            attach postgres "\(try PostgresTestServer.conninfo())" as pg
            """, fileName: "setup.tq")
        #expect(outcome.succeeded, "\(outcome.diagnostics)")
        return session
    }

    /// What a statement printed: its tables, messages and diagnostics (by id and message).
    static func printed(_ session: Session, _ source: String, interrupt: InterruptFlag? = nil) -> String {
        var text = ""
        session.execute(source, fileName: "q.tq", options: RunOptions(stopOnError: false, interrupt: interrupt)) { event in
            switch event {
            case .table(let t): text += TableFormatter.render(t, as: .table)
            case .chart(let c): text += TableFormatter.render(c.data, as: .table)
            case .message(let m): text += "-- \(m)\n"
            case .diagnostic(let d): text += "\(d.severity.rawValue) \(d.id.rawValue): \(d.message)\n"
            case .finished: break
            }
        }
        return text
    }

    /// (dataset, the verbs after it, how many of them must run on the server).
    static let parity: [(String, String, Int)] = [
        ("survey", #"where role == "CEO" and f2f_now > 50 | select id, region, f2f_now, r = f2f_now / 3 | sort f2f_now desc, id | take 5"#, 4),
        ("survey", "summarize n = count(), m = avg(f2f_now), s = sum(f2f_now), lo = min(region), hi = max(f2f_future) by role | sort role", 1),
        ("survey", #"derive d = f2f_now - f2f_future, p = case when d > 0 then "up" else "down" end | select id, d, p | sort id | take 6"#, 4),
        ("survey", #"where region in ("Europe", "Asia Pacific") and not (industry == "Banking") | distinct region, industry | sort region, industry"#, 2),
        ("survey", #"where social_media_now ~ "YE" | summarize n = count(), c = count(comment) by region | sort n desc, region"#, 2),
        ("survey", #"where not (comment == "ok") | select id, comment | sort id"#, 3),
        ("survey", "where comment is null | summarize n = count(), k = count_distinct(industry)", 2),
        ("survey", "select id, share = f2f_now * 1%, pts = 5% - 2%, half = f2f_now / 2, z = id / (f2f_now - f2f_now) | sort id | take 4", 3),
        ("survey", "where f2f_now >= 60 and f2f_now <= 70 or id < 3 | sort f2f_future, id | select id, f2f_future", 2),
        ("survey", "summarize total = sum(weight), mean = avg(weight), low = min(weight), high = max(weight)", 1),
        ("survey", #"where region != "Europe" | derive big = f2f_now > f2f_future | summarize n = count(), any = max(big), all = min(big) by big"#, 3),
        ("survey", "count by region | sort region", 0),
        ("microdata", "summarize n = count(), m = avg(f2f_share_now), s = sum(f2f_share_now), w = sum(weight) by wave, region | sort wave, region", 1),
        ("microdata", #"where industry == "Healthcare" and company_size == "<1000" | sort respondent_id desc | take 7 | select respondent_id, role, comment"#, 3),
        ("microdata", #"where comment ~ "talent" | summarize n = count() by role | sort role"#, 2),
        ("survey", #"summarize yes = share(social_media_now == "yes"), n = count() by region | sort region"#, 1),
        ("survey", #"summarize ok = share(comment == "ok")"#, 1),
        ("microdata", #"where role == "CEO" | summarize now = share(social_media_now == "yes"), later = share(social_media_future == "yes") by wave | sort wave"#, 2),
        ("microdata", #"compare social_media_now == "yes" vs social_media_future == "yes" by role | sort role"#, 1),
        ("microdata", #"where wave == 2013 | compare collab_change == "yes" vs human_capital_primary == "yes""#, 2),
        ("survey", #"where region == "nowhere" | compare social_media_now == "yes" vs social_media_future == "yes""#, 2),
        ("survey", "summarize m = mean(f2f_now), f = mean(f2f_future) by region | sort region", 1),
        ("microdata", #"where wave == 2014 | summarize m = mean(f2f_share_now), n = count() by industry | sort industry"#, 2),
        ("microdata", "summarize m = mean(f2f_share_future)", 1),
        // Spreads and the middle value: var_samp, stddev_samp, percentile_cont(0.5).
        ("microdata", "summarize sd = stddev(f2f_share_now), v = var(f2f_share_future), md = median(f2f_share_now), mw = median(wave) by region | sort region", 1),
        ("survey", #"where region == "Europe" | summarize sd = stddev(f2f_now), v = var(weight), md = median(f2f_future), n = count() by role | sort role"#, 2),
        // Window aggregates: OVER (PARTITION BY …), the rows back in the order they came.
        ("survey", "derive regional = avg(f2f_now), deviation = f2f_now - avg(f2f_now), k = count(comment), total = sum(f2f_now) by region | take 8", 2),
        ("survey", #"derive part = f2f_now / sum(f2f_now), top = max(f2f_now), low = min(region), ok = max(comment == "ok"), n = count() | select id, part, top, low, ok, n | take 5"#, 1),
        ("microdata", "where wave == 2014 | derive s = sum(f2f_share_now), m = avg(f2f_share_future) by region, role | summarize n = count(), s = max(s), m = min(m) by region | sort region", 2),
        // Outputs computed here from the estimates' sums: nothing after them goes to the server.
        ("microdata", #"where role == "CEO" | summarize n = count(), p = value(share(social_media_now == "yes")) by region | sort region"#, 2),
        ("survey", #"summarize p = value(share(social_media_now == "yes")), m = moe(mean(f2f_now)), lo = ci_low(share(comment == "ok")) by region | sort region"#, 1),
        ("microdata", #"select industry, social_media_now, social_media_future | summarize now = value(share(social_media_now == "yes")), later = value(share(social_media_future == "yes")), gap = value(share(social_media_future == "yes")) - value(share(social_media_now == "yes")) * count() / count() by industry | derive d = later - now | sort d desc, industry"#, 2),
        ("survey", #"where region == "nowhere" | summarize p = value(share(social_media_now == "yes")), n = n(share(social_media_now == "yes"))"#, 2),
    ]

    /// The estimates of two runs, cell by cell: value, standard error, interval and design effect to 1e-9.
    static func expectSameEstimates(_ a: Table, _ b: Table, _ label: String) {
        #expect(a.rowCount == b.rowCount && a.columns.count == b.columns.count, "\(label)")
        for (x, y) in zip(a.columns, b.columns) where x.type == .estimate {
            for r in 0..<min(x.count, y.count) {
                guard case .estimate(let e) = x[r], case .estimate(let f) = y[r] else { #expect(x[r].isNull && y[r].isNull); continue }
                let pairs: [(Double?, Double?)] = [(e.proportion, f.proportion), (e.design?.standardError, f.design?.standardError),
                                                   (e.design?.ciLow, f.design?.ciLow), (e.design?.ciHigh, f.design?.ciHigh),
                                                   (e.design?.designEffectWithReplacement, f.design?.designEffectWithReplacement), (e.effectiveN, f.effectiveN)]
                for (u, v) in pairs {
                    guard let u, let v else { #expect(u == nil && v == nil, "\(label) \(x.name)[\(r)]"); continue }
                    #expect(abs(u - v) <= 1e-9 * max(1, abs(u)), "\(label) \(x.name)[\(r)]: \(u) vs \(v)")
                }
                #expect(e.n == f.n && e.design?.degreesOfFreedom == f.design?.degreesOfFreedom)
            }
        }
    }

    @Test func meansAndSharesFromSufficientStatisticsEqualTheInMemoryOnes() throws {
        let session = try Self.session()
        _ = session.run(#"load "Examples/data/microdata-10k.csv" as weighted weight weight"#, fileName: "w.tq")
        // The unweighted first: the weighted cases declare the weight on pg.microdata.
        let cases = [("microdata", "pg.microdata", #"summarize m = mean(f2f_share_now), p = share(social_media_now == "yes") by region"#),
                     ("survey", "pg.survey", "summarize t = total(f2f_now), r = ratio(f2f_now, f2f_future) by region"),
                     ("microdata", "pg.microdata", #"where wave == 2014 | summarize t = total(f2f_share_now), r = ratio(f2f_share_future, f2f_share_now) by role"#),
                     ("survey", "pg.survey", #"where role == "CEO" | summarize m = mean(f2f_now), p = share(comment == "ok") by industry"#),
                     ("weighted", "pg.microdata", #"where role == "CEO" | summarize m = mean(f2f_share_now), p = share(social_media_now == "yes"), n = count() by wave, region"#),
                     ("weighted", "pg.microdata", #"summarize p = share(collab_change == "yes"), m = mean(f2f_share_future)"#),
                     ("weighted", "pg.microdata", #"where role == "CEO" | summarize t = total(f2f_share_now), r = ratio(f2f_share_now, f2f_share_future), m = mean(f2f_share_now) by wave"#)]
        for (local, remote, verbs) in cases {
            // The weighted cases: the attached table gets the weight the loaded one has.
            if local == "weighted" { _ = session.run("design pg.microdata weight weight", fileName: "w.tq") }
            let a = session.run("from \(local) | \(verbs)", fileName: "a.tq"), b = session.run("from \(remote) | \(verbs)", fileName: "b.tq")
            let x = try #require(a.tables.first, "\(a.diagnostics)"), y = try #require(b.tables.first, "\(b.diagnostics)")
            // Groups come in key order on the server: compare them sorted.
            let keys = x.columns.filter { $0.type != .estimate && $0.name != "n" }.map(\.name)
            let sort = keys.isEmpty ? "" : " | sort " + keys.joined(separator: ", ")
            let xs = try #require(session.run("from \(local) | \(verbs)\(sort)", fileName: "a.tq").tables.first)
            let ys = try #require(session.run("from \(remote) | \(verbs)\(sort)", fileName: "b.tq").tables.first)
            Self.expectSameEstimates(xs, ys, verbs)
            _ = y
            let explain = Self.printed(session, "explain from \(remote) | \(verbs)")
            #expect(!explain.contains("topline\n"), "every verb runs on the server: \(explain)")
        }
    }

    /// Statistics by group are computed from per-group sums: one row per group crosses the wire, not 10,000.
    @Test(arguments: [#"summarize p = share(social_media_now == "yes") by region"#, "summarize m = mean(f2f_share_now) by region",
                      #"summarize n = count(), p = value(share(social_media_now == "yes")), s = se(mean(f2f_share_now)) by region"#,
                      "summarize t = total(f2f_share_now), r = ratio(f2f_share_now, f2f_share_future) by region",
                      #"compare social_media_now == "yes" vs social_media_future == "yes" by region"#])
    func statisticsByGroupFetchOneRowPerGroup(_ verbs: String) throws {
        let session = try Self.session()
        let connection = try #require(session.catalog.attachments["pg"]).connection
        _ = Self.printed(session, "describe pg.microdata")  // the catalog's rows: its columns
        let before = connection.rowsReceived
        let text = Self.printed(session, "from pg.microdata | \(verbs)")
        let groups = Int(try PostgresTestServer.psql("SELECT count(DISTINCT region) FROM microdata").trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(connection.rowsReceived - before == groups, "\(text)")
        // Estimates with their intervals, a comparison, or figures read from estimates (no error in any case).
        #expect(text.contains("±") || text.contains("McNemar") || (verbs.contains("value(") && text.contains("%")), "\(text)")
        #expect(!text.split(separator: "\n").contains { $0.hasPrefix("error ") }, "\(text)")
    }

    /// An estimate only `value()` reads comes back as the sums of its value alone (no pass over the
    /// whole table for N), with the in-memory value, and a lonely unit still refused as in memory.
    @Test func anEstimateReadOnlyByValueSendsTheSumsOfItsValue() throws {
        let session = try Self.session()
        _ = session.run("design pg.microdata weight weight\nload \"Examples/data/microdata-10k.csv\" as weighted weight weight", fileName: "w.tq")
        let verbs = #"where role == "CEO" | summarize n = count(), p = value(share(social_media_now == "yes")), m = value(mean(f2f_share_now)) by region | sort region"#
        #expect(Self.printed(session, "from pg.microdata | \(verbs)") == Self.printed(session, "from weighted | \(verbs)"))
        let explain = Self.printed(session, "explain from pg.microdata | \(verbs)")
        #expect(explain.contains("'point share '") && explain.contains("'point mean '"), "\(explain)")
        #expect(!explain.contains("(SELECT count(*) FROM \"public\".\"microdata\")"), "\(explain)")
        // Read otherwise too (its interval), the estimate needs all its sums.
        let both = Self.printed(session, #"explain from pg.microdata | summarize p = value(share(social_media_now == "yes")), e = moe(share(social_media_now == "yes"))"#)
        #expect(both.contains("'point share '") && both.contains("'share '"), "\(both)")

        let dir = TemporaryDirectory()
        defer { dir.remove() }
        dir.write("one.csv", "w,x\n2,yes\n")
        try PostgresTestServer.psql("DROP TABLE IF EXISTS one_row")
        _ = session.run("load \"\(dir.file("one.csv"))\" into pg as one_row\ndesign pg.one_row weight w\nload \"\(dir.file("one.csv"))\" as one weight w",
                        fileName: "one.tq")
        let lonely = #"summarize p = value(share(x == "yes"))"#
        let local = Self.printed(session, "from one | \(lonely)")
        #expect(local.contains("error "), "\(local)")
        #expect(Self.printed(session, "from pg.one_row | \(lonely)") == local)
    }

    /// A weight declared on the attached table gives the figures `load … weight` gives.
    @Test func aDeclaredWeightGivesTheWeightedFigures() throws {
        let session = try Self.session()
        let outcome = session.run("design pg.microdata weight weight\nload \"Examples/data/microdata-10k.csv\" as weighted weight weight",
                                  fileName: "w.tq")
        #expect(outcome.succeeded, "\(outcome.diagnostics)")
        for verbs in [#"where role == "CEO" | summarize p = share(social_media_now == "yes"), m = avg(f2f_share_now) by region | sort region"#,
                      #"where role == "CEO" | summarize n = count(), p = value(share(social_media_now == "yes")), e = neff(mean(f2f_share_now)) by region | sort region"#,
                      #"derive f = f2f_share_now > 50 | compare f vs social_media_now == "yes""#] {
            let local = Self.printed(session, "from weighted | \(verbs)")
            #expect(Self.printed(session, "from pg.microdata | \(verbs)") == local)
            #expect(local.contains("±") || (verbs.contains("value(") && local.contains("%")), "\(local)")
        }
        #expect(Self.printed(session, "describe pg.microdata").contains("number (weight)"))
    }

    @Test(arguments: parity)
    func sameOutputAsInMemory(_ dataset: String, _ verbs: String, _ pushed: Int) throws {
        let session = try Self.session()
        // Division by zero gives null on both sides, and a where may match nothing; only Topline's
        // evaluator, which sees the rows, warns of them.
        let local = Self.printed(session, "from \(dataset) | \(verbs)").split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("warning run.division-by-zero") && !$0.hasPrefix("warning run.no-match") }.joined(separator: "\n")
        let remote = Self.printed(session, "from pg.\(dataset) | \(verbs)")
        #expect(!local.split(separator: "\n").contains { $0.hasPrefix("error ") }, "\(local)")
        #expect(remote == local)
        // The explain names where each verb ran: the first `pushed` on the server.
        let explain = Self.printed(session, "explain from pg.\(dataset) | \(verbs)")
        let places = explain.split(separator: "\n").filter { $0.hasSuffix("postgres") || $0.hasSuffix("topline") }
        #expect(places.filter { $0.hasSuffix("postgres") }.count == pushed + 1, "\(explain)")
    }

    @Test func describeAndDatasets() throws {
        let session = try Self.session()
        #expect(Self.printed(session, "describe pg.survey") == Self.printed(session, "describe survey"))
        let datasets = Self.printed(session, "datasets")
        #expect(datasets.contains("pg.survey "))
        #expect(datasets.contains("pg.microdata "))
        #expect(!datasets.contains("error"))
    }

    @Test func letFetchesTheRows() throws {
        let session = try Self.session()
        let outcome = session.run(#"let ceos = from pg.survey | where role == "CEO" | select id, region"#, fileName: "q.tq")
        #expect(outcome.succeeded)
        #expect(session.dataset(named: "ceos")?.rowCount == 26)
        let chart = session.run("let c = from pg.survey | count by region | chart bar n by region", fileName: "q.tq")
        #expect(chart.diagnostics.map(\.id) == [.resolveChartLet])
    }

    @Test func explainShowsTheSQLAndItsParameters() throws {
        let session = try Self.session()
        let text = Self.printed(session, #"explain from pg.survey | where region == "Europe" | summarize n = count() by role | chart bar n by role"#)
        #expect(text.contains(#"FROM "public"."survey""#))
        #expect(text.contains(#"GROUP BY "role""#))
        #expect(text.contains(#"$1 = "Europe""#))
        #expect(text.contains("chart bar n by role") && text.contains("topline"))
        // Only the columns the pipeline reads are fetched.
        #expect(!text.contains(#""comment""#))
    }

    // MARK: - Injection

    /// Values, names and a table name that would break out of SQL if they were spliced in.
    static let hostile = [#"x'); DROP TABLE survey; --"#, #"a"b"#, #"" OR 1=1 --"#, "'; SELECT pg_sleep(5); --"]

    @Test(arguments: hostile)
    func valuesAreParameters(_ value: String) throws {
        let session = try Self.session()
        let text = Self.printed(session, "from pg.survey | where region == \(SourcePrinter.quoted(value)) or comment ~ \(SourcePrinter.quoted(value)) | count")
        #expect(text.hasSuffix("0     null     0\n"), "no row matches: \(text)")
        #expect(!text.split(separator: "\n").contains { $0.hasPrefix("error ") }, "\(text)")
        #expect(try PostgresTestServer.psql("SELECT count(*) FROM survey") == "40\n")
    }

    @Test(arguments: hostile)
    func namesAreQuoted(_ name: String) throws {
        let session = try Self.session()
        let table = "t " + name
        try PostgresTestServer.psql("""
            DROP TABLE IF EXISTS \(PostgresTestServer.quoted(table));
            CREATE TABLE \(PostgresTestServer.quoted(table)) (\(PostgresTestServer.quoted(name)) bigint, v text);
            INSERT INTO \(PostgresTestServer.quoted(table)) VALUES (1, 'one'), (2, 'two');
            """)
        _ = session.run("detach pg\nattach postgres \"\(try PostgresTestServer.conninfo())\" as pg", fileName: "a.tq")
        let column = SourcePrinter.name(name)
        let text = Self.printed(session, "from pg.\(SourcePrinter.name(table)) | where \(column) > 1 | select \(column), x = \(column) * 10, v")
        #expect(text.contains("two"), "\(text)")
        #expect(!text.contains("one"))
        #expect(text.contains("20"))
        #expect(try PostgresTestServer.psql("SELECT count(*) FROM survey") == "40\n")
    }

    @Test func connectionStringsStayConnectionStrings() throws {
        let session = try Self.session()
        let host = try PostgresTestServer.host.get()
        let text = Self.printed(session, #"attach postgres "host=\#(host) user=topline dbname='postgres'' ; DROP TABLE survey; --'" as x"#)
        #expect(text.contains("error attach.connect"), "\(text)")
        #expect(try PostgresTestServer.psql("SELECT count(*) FROM survey") == "40\n")
        // The shell is still usable.
        #expect(Self.printed(session, "from pg.survey | count").contains("40"))
    }

    // MARK: - Errors

    @Test func aServerThatIsNotThereIsAClearError() throws {
        let session = try Self.session()
        let text = Self.printed(session, #"attach postgres "host=/nonexistent-topline-socket user=topline" as down"# + "\nfrom survey | count")
        #expect(text.contains("error attach.connect: cannot connect to PostgreSQL"), "\(text)")
        #expect(text.contains("40"), "the next statement runs")
    }

    /// The source text a diagnostic points at.
    static func pointed(_ d: Diagnostic?, in source: String) -> String? {
        guard let r = d?.range else { return nil }
        return String(decoding: Array(source.utf8)[r.start..<r.end], as: UTF8.self)
    }

    @Test func theServersMessageBecomesADiagnostic() throws {
        let session = try Self.session()
        // A data error on the server (bigint out of range) is the in-memory error, at the expression.
        let overflow = "from pg.survey | where f2f_now > 0 | derive x = f2f_now * 9223372036854775807 | select x"
        let local = session.run(overflow.replacingOccurrences(of: "pg.survey", with: "survey"), fileName: "q.tq").diagnostics
        let remote = session.run(overflow, fileName: "q.tq").diagnostics
        #expect(remote.map(\.id) == [.runIntegerOverflow], "\(remote)")
        #expect(remote.map(\.message) == local.map(\.message))
        #expect(Self.pointed(remote.first, in: overflow) == "f2f_now * 9223372036854775807")

        // A column renamed since it was read: the server's error names a place in the SQL, which is the
        // first expression reading the column.
        try PostgresTestServer.psql("DROP TABLE IF EXISTS stale; CREATE TABLE stale (a bigint, b bigint); INSERT INTO stale VALUES (1, 2)")
        _ = session.run("detach pg\nattach postgres \"\(try PostgresTestServer.conninfo())\" as pg", fileName: "a.tq")
        #expect(Self.printed(session, "from pg.stale | count").contains("1"))
        try PostgresTestServer.psql("ALTER TABLE stale RENAME COLUMN b TO c")
        let query = "from pg.stale | where a > 0 | derive d = a + b * 2 | select d"
        let stale = session.run(query, fileName: "q.tq").diagnostics
        #expect(stale.map(\.id) == [.attachQuery], "\(stale)")
        #expect(stale.first?.message == #"pg: column "b" does not exist"#)
        #expect(Self.pointed(stale.first, in: query) == "b", "\(stale)")
        #expect(stale.first?.label == "the server's error is in the SQL of this")
        // Without a position (a statement the server refuses as a whole), the error stays at the table.
        try PostgresTestServer.psql("DROP TABLE stale")
        let gone = session.run(query, fileName: "q.tq").diagnostics
        #expect(gone.map(\.id) == [.attachQuery] && Self.pointed(gone.first, in: query) == "pg.stale", "\(gone)")
        let unknown = Self.printed(session, "from pg.surveys | count\nfrom nope.survey | count")
        #expect(unknown.contains("error attach.unknown-table: 'pg' has no table 'surveys'"), "\(unknown)")
        #expect(unknown.contains("error attach.unknown: no database is attached as 'nope'"), "\(unknown)")
    }

    @Test func aLostConnectionIsReportedAndTheNextQueryReconnects() throws {
        let session = try Self.session()
        _ = Self.printed(session, "from pg.survey | count")
        // Only this session's connection: the other suites' run at the same time.
        let pid = try #require(session.catalog.attachments["pg"]).connection.serverProcess
        try PostgresTestServer.psql("SELECT pg_terminate_backend(\(pid))")
        let lost = Self.printed(session, "from pg.survey | count")
        #expect(lost.contains("error attach.connect"), "\(lost)")
        #expect(Self.printed(session, "from pg.survey | count").contains("40"))
    }

    @Test func ctrlCCancelsTheServersQuery() throws {
        let session = try Self.session()
        try PostgresTestServer.psql("CREATE OR REPLACE VIEW slow AS SELECT CAST(pg_sleep(30) AS text) AS s")
        _ = session.run("detach pg\nattach postgres \"\(try PostgresTestServer.conninfo())\" as pg", fileName: "a.tq")
        let interrupt = InterruptFlag()
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.5) { interrupt.set() }
        let start = Date()
        let text = Self.printed(session, "from pg.slow | where s == \"x\" | count", interrupt: interrupt)
        #expect(text.contains("error run.cancelled"), "\(text)")
        #expect(Date().timeIntervalSince(start) < 10)
        // The connection is still good for the next query.
        #expect(Self.printed(session, "from pg.survey | count").contains("40"))
    }

    /// A large fetched result is built as its rows arrive (libpq's single-row mode), and Ctrl-C
    /// between rows stops it: rows have come in by then, and the server's query is cancelled.
    @Test func ctrlCStopsAStreamedFetch() throws {
        let session = try Self.session()
        // generate_series in the select list streams its rows (in FROM it would be materialized first).
        try PostgresTestServer.psql("DROP VIEW IF EXISTS endless; CREATE VIEW endless AS SELECT CAST(generate_series(1, 1000000000) AS bigint) AS g")
        _ = session.run("detach pg\nattach postgres \"\(try PostgresTestServer.conninfo())\" as pg", fileName: "a.tq")
        let connection = try #require(session.catalog.attachments["pg"]).connection
        let before = connection.rowsReceived
        let interrupt = InterruptFlag()
        DispatchQueue.global().asyncAfter(deadline: .now() + 1) { interrupt.set() }
        let start = Date()
        let text = Self.printed(session, "let all = from pg.endless | select g", interrupt: interrupt)
        #expect(text.contains("error run.cancelled"), "\(text)")
        #expect(Date().timeIntervalSince(start) < 20)
        #expect(connection.rowsReceived - before > 1000, "rows arrive one by one, not in one piece at the end")
        #expect(session.dataset(named: "all") == nil)
        // The connection is still good, and a whole streamed result is all there.
        #expect(Self.printed(session, "from pg.survey | count").contains("40"))
        let rows = session.run("let some = from pg.endless | take 250000", fileName: "q.tq")
        #expect(rows.succeeded, "\(rows.diagnostics)")
        #expect(session.dataset(named: "some")?.rowCount == 250_000)
    }

    /// The README's PostgreSQL examples (which ReadmeExampleTests, having no server, leaves
    /// out: they start with `attach`) run against the test server, each in a new session.
    @Test func readmeExamplesRun() throws {
        let readme = try String(contentsOf: packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.range(of: "\n## PostgreSQL\n"))
        let end = readme[section.upperBound...].range(of: "\n## ")?.lowerBound ?? readme.endIndex
        var rest = readme[section.upperBound..<end]
        var examples: [String] = []
        while let open = rest.range(of: "```\n"), let close = rest[open.upperBound...].range(of: "```\n") {
            examples.append(String(rest[open.upperBound..<close.lowerBound])
                .replacingOccurrences(of: "host=/var/run/postgresql dbname=survey", with: try PostgresTestServer.conninfo()))
            rest = rest[close.upperBound...]
        }
        // The tables each prints (explain: two).
        #expect(examples.count == 2)
        try PostgresTestServer.fixtures.get()
        for (example, tables) in zip(examples, [6, 8]) {
            #expect(example.hasPrefix("attach postgres"))
            let outcome = Session(workingDirectory: packageRoot.path).run(example, fileName: "README.md")
            #expect(outcome.succeeded, "\(outcome.diagnostics)")
            #expect(outcome.tables.count == tables)
        }
    }

    @Test func aCSVFileLoadsIntoANewTable() throws {
        let session = try Self.session()
        try PostgresTestServer.psql("DROP TABLE IF EXISTS survey_copy; DROP TABLE IF EXISTS ragged")
        let text = Self.printed(session, #"load "Examples/data/survey.csv" into pg as survey_copy"#)
        #expect(text.contains("loaded Examples/data/survey.csv into pg.survey_copy: 40 rows × 10 columns"), "\(text)")
        // Analysed, so the planner knows the table from the first query on (never analysed, reltuples is -1).
        #expect(try PostgresTestServer.psql("SELECT reltuples FROM pg_class WHERE relname = 'survey_copy'") == "40\n")
        let verbs = #"where role == "CEO" | summarize n = count(), m = mean(f2f_now) by region | sort region"#
        #expect(Self.printed(session, "from pg.survey_copy | \(verbs)") == Self.printed(session, "from survey | \(verbs)"))
        #expect(Self.printed(session, "describe pg.survey_copy") == Self.printed(session, "describe survey"))

        // A row PostgreSQL refuses (a text after the first 4 MiB had numbers) leaves no table behind.
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        dir.write("ragged.csv", "a,b\n" + String(repeating: "1,x\n", count: 1_200_000) + "oops,y\n")
        let refused = Self.printed(session, "load \"\(dir.file("ragged.csv"))\" into pg as ragged")
        #expect(refused.contains("error attach.query: pg: invalid input syntax for type bigint"), "\(refused)")
        #expect(try PostgresTestServer.psql("SELECT count(*) FROM pg_tables WHERE tablename = 'ragged'") == "0\n")
        let json = Self.printed(session, #"load "Tests/ToplineTests/Fixtures/data/x.json" into pg as j"#)
        #expect(json.contains("error load.unknown-format: only CSV files can be loaded into a database"), "\(json)")
    }

    /// A load into the server reports its progress after each megabyte it sends, up to the file's size.
    @Test func aLoadIntoTheServerReportsItsProgress() throws {
        let session = try Self.session()
        try PostgresTestServer.psql("DROP TABLE IF EXISTS progress_copy")
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let text = "a,b\n" + String(repeating: "12345,abcdefgh\n", count: 200_000)
        dir.write("big.csv", text)
        let steps = Mutex<[WorkProgress]>([])
        let options = RunOptions(progress: { p in steps.withLock { $0.append(p) } })
        let outcome = session.run("load \"\(dir.file("big.csv"))\" into pg as progress_copy", fileName: "p.tq", options: options)
        #expect(outcome.succeeded, "\(outcome.diagnostics)")
        let seen = steps.withLock { $0 }
        let size = text.utf8.count
        #expect(seen.count == (size + AttachedStatements.chunkBytes - 1) / AttachedStatements.chunkBytes)
        #expect(seen.map(\.done) == seen.map(\.done).sorted() && seen.last?.done == size)
        #expect(seen.allSatisfy { $0.total == size && $0.activity == .copying(file: dir.file("big.csv"), table: "pg.progress_copy") })
        #expect(seen.last?.fraction == 1)
    }

    // MARK: - Syntax, completion

    @Test func attachedNamesPrintBack() {
        for text in ["from pg.survey | take 1", "describe pg.`my table`", #"load "a.csv" into pg as `big t`"#, "from pg.other.t | where a == 1", "detach pg", "explain from pg.t | take 2",
                     #"attach postgres "host=db dbname=s" as pg"#] {
            let (script, diagnostics) = Parser.parse(SourceFile(name: "q", text: text))
            #expect(diagnostics.isEmpty, "\(diagnostics)")
            #expect(script.description == text)
        }
    }

    @Test func completionReadsTheCatalog() throws {
        let session = try Self.session()
        let tables = session.completions(in: "from pg.", cursor: 8).candidates.map(\.display)
        #expect(tables.contains("survey") && tables.contains("microdata"))
        let columns = session.completions(in: "from pg.survey | where ", cursor: 23).candidates.map(\.display)
        #expect(columns.contains("f2f_now"))
        let derived = session.completions(in: "from pg.survey | derive dd = 1 | where d", cursor: 40).candidates.map(\.display)
        #expect(derived.contains("dd"))
        let values = session.completions(in: "from pg.survey | where region == ", cursor: 33).candidates.map(\.insertion)
        #expect(values.contains(#""Europe" "#), "\(values)")
        #expect(session.completions(in: "from p", cursor: 6).candidates.map(\.display).contains("pg."))
    }
}

/// Passwords never stay in a connection string: refused by `attach`, cut out of history.
@Suite struct ConnectionStringTests {
    static let cases: [(String, String)] = [
        ("postgresql://ana:secret@db.example.org/survey", "postgresql://ana@db.example.org/survey"),
        ("postgres://ana:s%40c@db/survey?sslmode=require&password=x&application_name=t", "postgres://ana@db/survey?sslmode=require&application_name=t"),
        ("postgresql://db/survey", "postgresql://db/survey"),
        ("host=db password=secret dbname=survey", "host=db dbname=survey"),
        (#"host=db password = 'a b\' c' user=ana"#, "host=db user=ana"),
        ("host=db dbname=survey", "host=db dbname=survey"),
    ]

    @Test(arguments: cases)
    func redacted(_ conninfo: String, _ shown: String) {
        #expect(ConnectionString.redacted(conninfo) == shown)
    }

    @Test func historyKeepsNoPassword() {
        let typed = #"attach postgres "host=db password=hunter2 dbname=s" as pg; from pg.t | take 1"#
        let kept = ConnectionString.redactingPasswords(in: typed)
        #expect(kept == #"attach postgres "host=db dbname=s" as pg; from pg.t | take 1"#)
    }

    @Test func attachRefusesAPassword() {
        let outcome = Session().run(#"attach postgres "host=/nonexistent password=hunter2" as pg"#, fileName: "q.tq")
        #expect(outcome.diagnostics.map(\.id) == [.attachPassword])
        #expect(outcome.diagnostics.first?.range == nil, "the line holding the password is not shown again")
        #expect(!outcome.diagnostics.contains { $0.message.contains("hunter2") })
    }
}
