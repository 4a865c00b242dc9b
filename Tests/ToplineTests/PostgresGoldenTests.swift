import Foundation
import Testing
import ToplineTestSupport
@testable import Topline

/// The golden queries (`Fixtures/queries/*.tq`) on PostgreSQL: every dataset a script loads from a
/// CSV file is also copied into the test server, and each statement runs twice, in two sessions —
/// as written, and with `from NAME` of such a dataset rewritten to `from pg.TABLE` (a weight or a
/// `design` of the dataset declared on the table too). Both transcripts must be the same, with
/// the differences the README documents for attached tables, and only those:
///
/// - the rows of a table may come in another order (groups of `summarize … by` and rows of
///   `distinct` come in key order from the server; ties of a `sort` fall as the rows came), so the
///   lines under a table's header are compared as a multiset;
/// - `run.division-by-zero` and `run.no-match` warnings need the rows and are not given for what
///   ran on the server;
/// - `datasets` lists the attached tables too, so its output is not compared;
/// - a diagnostic is compared by severity, id, message, label and hints, not by its column, which the
///   rewrite shifts (nor by the columns its hints name);
/// - a statement whose output depends on the order groups come in (``differing``) is not compared.
///
/// A script that cannot run this way is in ``excluded`` with the reason; the test checks that each
/// exclusion still holds.
@Suite(.serialized) struct PostgresGoldenTests {
    /// Scripts that cannot be compared, and why.
    static let excluded: [String: String] = [
        "28-error-drop.tq": "both its pipelines are syntax errors: nothing reads a table",
    ]

    /// Statements (golden, the start of the statement, why) whose output differs as the README says it
    /// may: they run on both sides, but their outputs are not compared.
    static let differing: [(String, String, String)] = [
        ("40-window-aggregates.tq", "from survey | summarize n = count() by region, industry\n| derive overall = rank(n desc), row = row_number()",
         "row_number() numbers the groups in the order they come: by their keys from the server, first seen in memory"),
        // PostgresTabulateTests compares these banner tables with the in-memory ones in byte order (`levels`).
        ("33-tabulate.tq", "from micro | where wave >= 2014 | tabulate social_media_now, wave by company_size",
         "a banner's columns come in byte order from the server (1000-9999, 10000+, <1000), first seen in memory (<1000 first)"),
        ("33-tabulate.tq", "from micro | tabulate f2f_share_now by role",
         "a banner's columns come in byte order from the server (CEO, CFO, CHRO, CMO), first seen in memory (CMO first)"),
        ("33-tabulate.tq", "from micro | tabulate mrset channels = (social_media_now, social_media_future, human_capital_primary), role by company_size",
         "a banner's columns come in byte order from the server (1000-9999, 10000+, <1000), first seen in memory (<1000 first)"),
    ]

    static let queries = GoldenQueryTests.queries

    @Test func exclusionsAreReal() throws {
        for (name, _) in Self.excluded {
            #expect(Self.queries.contains(name), "\(name) is no golden query")
            let source = try String(contentsOf: GoldenFile.fixtures.appendingPathComponent("queries/\(name)"), encoding: .utf8)
            #expect(!Parser.parse(SourceFile(name: name, text: source)).1.isEmpty, "\(name) parses: compare it")
        }
    }

    @Test(arguments: queries.filter { excluded[$0] == nil })
    func sameTranscriptOnPostgres(_ name: String) throws {
        try PostgresTestServer.fixtures.get()
        let source = try String(contentsOf: GoldenFile.fixtures.appendingPathComponent("queries/\(name)"), encoding: .utf8)
        let keepGoing = source.hasPrefix("# keep-going")
        let file = SourceFile(name: name, text: source)
        // Statements with syntax errors are left out of the script on both sides alike.
        let (script, _) = Parser.parse(file)
        let bytes = Array(source.utf8)
        let statements = script.statements.map { s in
            (s, String(decoding: bytes[s.range.start..<min(s.range.end, bytes.count)], as: UTF8.self))
        }

        let local = Session(workingDirectory: packageRoot.path), remote = Session(workingDirectory: packageRoot.path)
        #expect(remote.run("attach postgres \"\(try PostgresTestServer.conninfo())\" as pg", fileName: "attach.tq").succeeded)
        var memory = "", server = ""
        var tables: [String: String] = [:]  // dataset → its table on the server
        var remoteRewrites = 0, differingSeen = 0
        for (statement, text) in statements {
            let a = Self.transcript(local, text, name)
            var rewritten = text
            switch statement.kind {
            case .pipeline, .let:
                for (dataset, table) in tables { rewritten = Self.rewrite(rewritten, word: "from", dataset, to: "pg." + table) }
            case .describe:
                for (dataset, table) in tables { rewritten = Self.rewrite(rewritten, word: "describe", dataset, to: "pg." + table) }
            default:
                break
            }
            if rewritten != text { remoteRewrites += 1 }
            // `datasets` lists the attached tables too: the one statement whose output differs by design.
            var b = Self.transcript(remote, rewritten, name)
            if case .datasets = statement.kind { b = a }
            if let reason = Self.differing.first(where: { $0.0 == name && text.hasPrefix($0.1) })?.2 {
                // Documented: the statement's output depends on what the README says differs.
                #expect(!reason.isEmpty)
                differingSeen += 1
                b = a
            }
            memory += a.text
            server += b.text
            switch statement.kind {
            case .load(let clauses):
                // A CSV file that loaded goes to the server too, under a name for the file and its weight.
                guard let dataset = clauses.name?.text, clauses.path.hasSuffix(".csv"), remote.dataset(named: dataset) != nil else { break }
                let table = "golden_" + Self.sqlName((clauses.path as NSString).lastPathComponent.replacingOccurrences(of: ".csv", with: ""))
                    + (clauses.weight.map { "_w_" + Self.sqlName($0.text) } ?? "")
                try Self.copy(clauses.path, as: table)
                tables[dataset] = table
                try #require(remote.catalog.attachments["pg"]).refreshTables(interrupt: nil)
                if let weight = clauses.weight { _ = remote.run("design pg.\(table) weight \(weight.text)", fileName: "design.tq") }
            case .design(let clauses):
                // The same design on the table (its errors are the loaded dataset's, reported above).
                if let table = tables[clauses.dataset.text], a.succeeded {
                    let rest = text.utf8.dropFirst(clauses.dataset.range.end - statement.range.start)
                    let outcome = remote.run("design pg.\(table)" + String(decoding: Array(rest), as: UTF8.self), fileName: "design.tq")
                    #expect(outcome.succeeded, "\(name): \(outcome.diagnostics)")
                }
            case .let(let dataset, _):
                // From here on the name is the `let`'s rows (fetched from the server when they came from it).
                tables[dataset.text] = nil
            default:
                break
            }
            if !keepGoing, !a.succeeded { break }
        }
        let (x, y) = (Self.normalised(memory), Self.normalised(server))
        let first = zip(x, y).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(x.count, y.count)
        #expect(x == y, "\(name) differs at line \(first):\nmemory:   \(x[min(first, x.count)...].prefix(4))\npostgres: \(y[min(first, y.count)...].prefix(4))")
        if !tables.isEmpty { #expect(remoteRewrites > 0, "\(name) reads no table from the server") }
        #expect(differingSeen == Self.differing.filter { $0.0 == name }.count, "each statement of `differing` is in \(name)")
    }

    /// Where a script's rewritten `from` names live on the server.
    static func sqlName(_ text: String) -> String {
        String(text.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }

    nonisolated(unsafe) private static var copied: Set<String> = []

    /// Copies a CSV file into a table once per process.
    static func copy(_ path: String, as table: String) throws {
        guard !copied.contains(table) else { return }
        try PostgresTestServer.loadCSV(packagePath(path), as: table)
        copied.insert(table)
    }

    /// `from NAME` (not `from NAME.x`, not `from NAMEx`) → `from pg.TABLE`; the same after `describe`.
    static func rewrite(_ text: String, word: String, _ dataset: String, to table: String) -> String {
        let escaped = NSRegularExpression.escapedPattern(for: dataset)
        guard let regex = try? NSRegularExpression(pattern: #"(?<![\w.`])"# + word + #"(\s+)"# + escaped + #"(?![\w.`])"#) else { return text }
        return regex.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text),
                                              withTemplate: word + "$1" + NSRegularExpression.escapedTemplate(for: table))
    }

    /// One statement's transcript: as the golden tests write it, a diagnostic without its position.
    static func transcript(_ session: Session, _ text: String, _ name: String) -> (text: String, succeeded: Bool) {
        var out = ""
        var failed = false
        session.execute(text, fileName: name, options: RunOptions(stopOnError: false)) { event in
            switch event {
            case .table(let t): out += "<table>\n" + TableFormatter.render(t, as: .table) + "</table>\n"
            case .chart(let c): out += "<table>\n" + ChartRenderer.render(c, width: 80) + "</table>\n"
            case .message(let m): out += "-- \(m)\n"
            case .diagnostic(let d):
                if d.severity == .error { failed = true }
                guard d.id != .runDivisionByZero, d.id != .runNoMatch else { return }
                // A place named in a hint ("at 1:49") is a column the rewrite moved.
                let hints = d.hints.map { $0.replacingOccurrences(of: #"\b(\d+):\d+\b"#, with: "$1:…", options: .regularExpression) }
                out += "\(d.severity.rawValue) \(d.id.rawValue): \(d.message) [\(d.label ?? "")] \(hints)\n"
            case .finished: break
            }
        }
        return (out, !failed)
    }

    /// Each table's lines after its header sorted: the order of rows is the one documented difference.
    static func normalised(_ transcript: String) -> [String] {
        var out: [String] = []
        var table: [String]? = nil
        for line in transcript.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line == "<table>" { table = []; continue }
            if line == "</table>", let t = table {
                out += t.prefix(2) + t.dropFirst(2).sorted()
                table = nil
                continue
            }
            if table != nil { table!.append(line) } else { out.append(line) }
        }
        return out
    }
}
