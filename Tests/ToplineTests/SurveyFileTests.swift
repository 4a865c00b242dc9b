import Foundation
import Testing
import ToplineTestSupport
@testable import Topline

/// What a survey file's labels do in the language: comparisons by label or
/// code, category order, `describe`, completion; and the `load` clauses.
@Suite struct SurveyFileTests {
    static let fixtures = packageRoot.appendingPathComponent("Tests/ToplineTests/Fixtures/readstat").path

    /// A session with the SPSS fixture loaded as `s` (and with its user-missing codes kept as `k`).
    static func session() -> Session {
        let session = Session(workingDirectory: fixtures)
        let outcome = session.run("load \"survey.sav\" as s\nload \"survey.sav\" as k keep missing", fileName: "setup.tq")
        precondition(outcome.succeeded, "\(outcome.diagnostics.map(\.message))")
        return session
    }

    struct Query: Sendable, CustomTestStringConvertible {
        var query: String
        /// The ids of the rows it keeps.
        var ids: [Int64]
        var testDescription: String { query }
    }

    static let queries: [Query] = [
        Query(query: "from s | where q1 == 4", ids: [1, 5]),
        Query(query: #"from s | where q1 == "Agree""#, ids: [1, 5]),
        Query(query: "from s | where 4 == q1", ids: [1, 5]),
        Query(query: "from s | where q1 != 4", ids: [2, 3, 6, 8]),
        // An order of a column of labels follows its codes.
        Query(query: "from s | where q1 >= 4", ids: [1, 2, 5]),
        Query(query: "from s | where 2 > q1", ids: [6]),
        Query(query: "from s | where q1 < 3", ids: [3, 6]),
        Query(query: #"from s | where q1 in (1, "Agree")"#, ids: [1, 5, 6]),
        Query(query: "from s | where q1 not in (4, 5)", ids: [3, 6, 8]),
        Query(query: "from s | where q1 is null", ids: [4, 7]),
        // A column of codes compares with its labels.
        Query(query: #"from k | where age == "Refused""#, ids: [5]),
        Query(query: #"from k | where age in ("Not asked", 34)"#, ids: [1, 3]),
        Query(query: "from s | where age > 50", ids: [2, 6]),
        // Kept user-missing codes are values, and their labels too.
        Query(query: "from k | where q1 == 98", ids: [4]),
        Query(query: #"from k | where q1 == "Refused""#, ids: [7]),
        Query(query: "from k | where q1 > 5", ids: [4, 7]),
        Query(query: #"from s | where gender == "Female""#, ids: [1, 3, 6]),
        Query(query: #"from s | where born < "1980-01-01""#, ids: [2, 5]),
        Query(query: #"from s | derive top = recode(q1, (4, 5) -> "top", else "rest") | where top == "top""#, ids: [1, 2, 5]),
    ]

    @Test(arguments: queries)
    func comparisonsByLabelOrCode(_ q: Query) throws {
        let outcome = Self.session().run(q.query + " | select id", fileName: "q.tq")
        #expect(outcome.succeeded, "\(outcome.diagnostics.map(\.message))")
        let table = try #require(outcome.tables.first)
        #expect((0..<table.rowCount).map { table[$0, "id"] } == q.ids.map(Value.integer))
    }

    struct Failure: Sendable, CustomTestStringConvertible {
        var query: String
        var message: String
        /// The 1-based column of the error in the query.
        var column: Int
        var testDescription: String { query }
    }

    static let failures: [Failure] = [
        Failure(query: "from s | where q1 == 7", message: "'q1' has no label for the code 7", column: 22),
        Failure(query: "from s | where q1 == 98", message: #"98 ("Don't know") is a missing code of 'q1': its rows are null"#, column: 22),
        Failure(query: #"from s | where q1 == "Don't know""#, message: #"98 ("Don't know") is a missing code of 'q1': its rows are null"#, column: 22),
        Failure(query: #"from s | where q1 == "Agre""#, message: #"'q1' has no value labelled "Agre""#, column: 22),
        Failure(query: "from s | where q1 > 5", message: "no labelled code of 'q1' is > 5", column: 21),
        Failure(query: "from s | where q1 in (2, 7)", message: "'q1' has no label for the code 7", column: 26),
        Failure(query: #"from s | where age == "Refused""#, message: #"99 ("Refused") is a missing code of 'age': its rows are null"#, column: 23),
        Failure(query: #"from s | where age == "refused""#, message: #"'age' has no value labelled "refused""#, column: 23),
        Failure(query: #"from s | derive x = recode(q1, 9 -> "nine")"#, message: "'q1' has no label for the code 9", column: 32),
    ]

    @Test(arguments: failures)
    func codesAndLabelsTheColumnLacksAreErrors(_ f: Failure) throws {
        let outcome = Self.session().run(f.query, fileName: "q.tq")
        let d = try #require(outcome.diagnostics.first)
        #expect(d.id == .resolveValueLabel)
        #expect(d.message == f.message)
        let range = try #require(d.range)
        #expect(outcome.source.location(of: range.start).column == f.column)
    }

    @Test func groupsAndTablesFollowTheCodes() throws {
        let outcome = Self.session().run("from s | summarize n = count() by sat", fileName: "q.tq")
        let table = try #require(outcome.tables.first)
        #expect((0..<table.rowCount).map { table[$0, "sat"] } == ["Très satisfait", "Plutôt satisfait", "Pas du tout satisfait"].map(Value.text))
        let sorted = Self.session().run("from s | sort q1 desc | select q1 | take 2", fileName: "q.tq")
        #expect(sorted.tables.first?.rows == [[.text("Strongly agree")], [.text("Agree")]])
    }

    @Test func describeShowsLabelsAndMissingCodes() throws {
        let session = Self.session()
        let table = try #require(session.schema(of: "s"))
        #expect(Array(table.columnNames.suffix(3)) == ["label", "value labels", "missing"])
        func row(_ name: String) -> [String: Value] {
            let r = (0..<table.rowCount).first { table[$0, "column"] == .text(name) }!
            return Dictionary(uniqueKeysWithValues: table.columnNames.map { ($0, table[r, $0]) })
        }
        #expect(row("q1")["label"] == .text("Satisfaction with the service"))
        #expect(row("q1")["value labels"] == .text(#"1 "Strongly disagree", 2 "Disagree", 3 "Neither", 4 "Agree", 5 "Strongly agree", 98 "Don't know", 99 "Refused""#))
        #expect(row("q1")["missing"] == .text(#"98 "Don't know" (1 row), 99 "Refused" (1 row)"#))
        #expect(row("age")["missing"] == .text("97–99 (2 rows)"))
        #expect(row("gender")["value labels"] == .text(#""f" "Female", "m" "Male", "x" "Diverse""#))
        #expect(row("weight")["missing"] == .null)
        let kept = try #require(session.schema(of: "k"))
        #expect(kept.column(named: "missing")?[2] == .text(#"98 "Don't know" (1 row, kept), 99 "Refused" (1 row, kept)"#))
        // A CSV has none of these columns.
        let csv = Session(workingDirectory: packageRoot.path)
        try csv.load(path: "Examples/data/survey.csv", as: "c")
        #expect(csv.schema(of: "c")?.column(named: "label") == nil)
    }

    @Test func completionShowsAndSearchesVariableLabels() {
        let session = Self.session()
        let text = "from s | where satis"
        let c = session.completions(in: text, cursor: text.utf8.count)
        #expect(c.candidates.map(\.insertion) == ["q1 ", "sat "])
        #expect(c.candidates.map(\.display) == ["q1 — Satisfaction with the service", "sat — Satisfaction générale"])
        let byName = session.completions(in: "from s | select ag", cursor: 18)
        #expect(byName.candidates.map(\.display) == ["age — Age in years"])
        // Values: a column of labels offers its labels; a column of codes its codes and its labels.
        let labels = session.completions(in: "from s | where q1 == \"Str", cursor: 25)
        #expect(labels.candidates.map(\.display) == ["Strongly agree", "Strongly disagree"])
        let codes = session.completions(in: "from k | where age == ", cursor: 22)
        #expect(codes.candidates.map(\.insertion).contains(#""Not asked" "#))
        #expect(codes.candidates.map(\.insertion).contains(#""Refused" "#))
        #expect(codes.candidates.map(\.insertion).contains("97 "))
    }

    @Test func ctrlCStopsASurveyLoad() throws {
        let interrupt = InterruptFlag()
        interrupt.set()
        let session = Session(workingDirectory: Self.fixtures)
        for file in ["survey.sav", "survey.zsav", "survey.dta", "survey.xpt", "survey.sas7bdat"] {
            let outcome = session.run("load \"\(file)\" as x", fileName: "q.tq", options: RunOptions(interrupt: interrupt))
            #expect(outcome.diagnostics.map(\.id) == [.runCancelled], "\(file)")
        }
        #expect(session.datasetNames.isEmpty)
    }

    /// `load … weight w` gives a survey file the weights-only design, as it does a CSV.
    @Test func aWeightedSurveyFileEstimatesWithItsWeights() throws {
        let session = Session(workingDirectory: Self.fixtures)
        let outcome = session.run("load \"survey.sav\" as w weight weight\nfrom w | summarize s = sum(age)", fileName: "q.tq")
        #expect(outcome.succeeded, "\(outcome.diagnostics.map(\.message))")
        #expect(session.datasetInfo(named: "w")?.weightColumn == "weight")
        // Σ w·age over the rows whose age is not declared missing.
        let ages: [(Double, Double)] = [(34, 1.2), (51, 0.8), (28, 1.5), (63, 1.1), (45, 0.7), (19, 1.3)]
        let total = ages.reduce(0) { $0 + $1.0 * $1.1 }
        let sum = try #require(outcome.tables.first?[0, "s"].numeric)
        #expect(abs(sum - total) < 1e-9)
        let refused = session.run("load \"survey.sav\" as v weight region", fileName: "r.tq")
        #expect(refused.diagnostics.map(\.id) == [.loadWeightType])
    }

    // MARK: load clauses

    struct Clauses: Sendable, CustomTestStringConvertible {
        var files: [String: [UInt8]]
        var script: String
        /// The loaded table's rows, as machine text joined by "|".
        var rows: [String]
        var testDescription: String { script }
    }

    static let clauses: [Clauses] = [
        Clauses(files: ["eu.txt": Array("id;name;city\n1;Ana;Lyon\n".utf8)], script: #"load "eu.txt" as d format csv delimiter ";""#,
                rows: ["1|Ana|Lyon"]),
        // Latin-1: ü is 0xFC, é 0xE9; decoded to UTF-8.
        Clauses(files: ["l1.csv": [0x6E, 0x0A, 0x4D, 0xFC, 0x6C, 0x6C, 0x65, 0x72, 0x0A, 0x52, 0x65, 0x6E, 0xE9, 0x65, 0x0A]],
                script: #"load "l1.csv" as d encoding "latin1""#, rows: ["Müller", "Renée"]),
        // Windows-1252: 0x80 is €, 0x93 and 0x94 are curly quotes (Latin-1 would give C1 controls).
        Clauses(files: ["w.csv": [0x70, 0x0A, 0x31, 0x30, 0x80, 0x0A, 0x93, 0x6F, 0x6B, 0x94, 0x0A]],
                script: #"load "w.csv" as d encoding "windows-1252""#, rows: ["10€", "“ok”"]),
        Clauses(files: ["w.csv": [0x70, 0x3B, 0x71, 0x0A, 0x80, 0x3B, 0xE9, 0x0A]],
                script: #"load "w.csv" as d delimiter ";" encoding "cp1252""#, rows: ["€|é"]),
        Clauses(files: ["t.dat": Array("a\tb\n1\tx\\ty\n".utf8)], script: #"load "t.dat" as d format tsv"#, rows: ["1|x\ty"]),
        Clauses(files: ["p.txt": Array("a|b\n1|2\n".utf8)], script: #"load "p.txt" format csv delimiter "|" as d"#, rows: ["1|2"]),
        Clauses(files: ["j.txt": Array("{\"a\": 1}\n{\"a\": 2}\n".utf8)], script: #"load "j.txt" as d format ndjson"#, rows: ["1", "2"]),
        Clauses(files: ["w.csv": Array("w,v\n2,1\n".utf8)], script: #"load "w.csv" delimiter "," weight w as d"#, rows: ["2|1"]),
    ]

    @Test(arguments: clauses)
    func loadClausesReadTheFile(_ c: Clauses) throws {
        let dir = TemporaryDirectory(prefix: "topline-load-clauses")
        defer { dir.remove() }
        for (name, bytes) in c.files {
            try #require(FileManager.default.createFile(atPath: dir.path + "/" + name, contents: Data(bytes)))
        }
        let session = Session(workingDirectory: dir.path)
        let outcome = session.run(c.script + "\nfrom d", fileName: "q.tq")
        #expect(outcome.succeeded, "\(outcome.diagnostics.map(\.message))")
        let table = try #require(outcome.tables.first)
        #expect(table.rows.map { $0.map(ValueText.machine).joined(separator: "|") } == c.rows)
    }

    @Test func deferredColumnsOfADecodedFileAreReadAlike() throws {
        let dir = TemporaryDirectory(prefix: "topline-load-deferred")
        defer { dir.remove() }
        try #require(FileManager.default.createFile(atPath: dir.path + "/eu.csv", contents: Data([0x61, 0x3B, 0x62, 0x0A, 0x31, 0x3B, 0xE9, 0x0A])))
        let session = Session(workingDirectory: dir.path)
        let first = session.run("load \"eu.csv\" as d delimiter \";\" encoding \"latin1\"\nfrom d | select a", fileName: "q.tq")
        #expect(first.succeeded)
        #expect(session.catalog.stored("d")?.deferred != nil)
        let later = session.run("from d | select b", fileName: "r.tq")
        #expect(later.tables.first?.rows == [[.text("é")]])
    }

    struct ClauseError: Sendable, CustomTestStringConvertible {
        var script: String
        var id: DiagnosticID
        /// The 1-based column of the error.
        var column: Int
        var testDescription: String { script }
    }

    static let clauseErrors: [ClauseError] = [
        ClauseError(script: #"load "survey.sav" delimiter ";""#, id: .loadOption, column: 19),
        ClauseError(script: #"load "survey.sav" as d format dta"#, id: .loadCorrupt, column: 6),
        ClauseError(script: #"load "survey.dta" keep missing"#, id: .loadOption, column: 19),
        ClauseError(script: #"load "readstat.json" encoding "latin1""#, id: .loadOption, column: 22),
        ClauseError(script: #"load "survey.sav" format xslx"#, id: .loadOption, column: 26),
        ClauseError(script: #"load "survey.sav" format"#, id: .parseExpected, column: 25),
        ClauseError(script: #"load "x.csv" delimiter ";;""#, id: .loadOption, column: 24),
        ClauseError(script: #"load "x.csv" delimiter """#, id: .loadOption, column: 24),
        ClauseError(script: #"load "x.csv" encoding "koi8-r""#, id: .loadOption, column: 23),
        ClauseError(script: #"load "x.csv" encoding latin1"#, id: .parseExpected, column: 23),
        ClauseError(script: #"load "x.csv" keep"#, id: .parseExpected, column: 18),
        ClauseError(script: #"load "x.csv" format csv format tsv"#, id: .parseExpected, column: 25),
        ClauseError(script: #"load "x.csv" as a weight w as b"#, id: .parseExpected, column: 28),
        ClauseError(script: #"load "x.csv" delimeter ";""#, id: .parseExpected, column: 14),
    ]

    @Test(arguments: clauseErrors)
    func loadClauseErrorsHavePositions(_ c: ClauseError) throws {
        let session = Session(workingDirectory: Self.fixtures)
        let outcome = session.run(c.script, fileName: "q.tq")
        let d = try #require(outcome.diagnostics.first)
        #expect(d.id == c.id, "\(d.message)")
        let range = try #require(d.range, "\(d.message)")
        #expect(outcome.source.location(of: range.start).column == c.column, "\(d.message)")
    }

    @Test func aMisspeltClauseSaysWhatLoadTakes() throws {
        let outcome = Session().run(#"load "x.csv" delimeter ";""#, fileName: "q.tq")
        let d = try #require(outcome.diagnostics.first)
        #expect(d.message == "'delimeter' is not a clause of load")
        #expect(d.label == "did you mean 'delimiter'?")
        #expect(d.hints == ["write: " + LoadStatement.syntax])
    }

    @Test func loadPrintsAndParsesBack() throws {
        let source = #"load "x.txt" as d weight w format csv delimiter ";" encoding "latin1" keep missing"#
        let (script, diagnostics) = Parser.parse(SourceFile(name: "q.tq", text: source))
        #expect(diagnostics.isEmpty)
        #expect(script.statements.first?.description == source)
        let reordered = Parser.parse(SourceFile(name: "q.tq", text: #"load "x.txt" keep missing encoding "latin1" delimiter ";" format csv weight w as d"#))
        #expect(reordered.script.statements.first?.description == source)
    }

    @Test func completionOffersTheClausesAndTheirValues() {
        let session = Session()
        func offered(_ text: String) -> [String] { session.completions(in: text, cursor: text.utf8.count).candidates.map(\.insertion) }
        #expect(offered(#"load "x.csv" "#) == ["into ", "as ", "weight ", "format ", "delimiter ", "encoding ", "keep "])
        #expect(offered(#"load "x.csv" format "#) == DatasetReader.Format.names.map { $0 + " " })
        #expect(offered(#"load "x.csv" format s"#) == ["sav ", "sas7bdat "])
        #expect(offered(#"load "x.csv" encoding "#) == [#""utf-8" "#, #""latin1" "#, #""windows-1252" "#])
        #expect(offered(#"load "x.csv" keep "#) == ["missing "])
        #expect(offered(#"load "x.csv" as d format csv "#) == ["weight ", "delimiter ", "encoding ", "keep "])
    }

    /// The grammar states the load rule as its definition does, and the README's table lists its clauses.
    @Test func grammarAndReadmeFollowTheDefinition() throws {
        let grammar = try String(contentsOf: packageRoot.appendingPathComponent("Grammar/topline.ebnf"), encoding: .utf8)
        #expect(grammar.contains(LoadStatement.grammar), "Grammar/topline.ebnf should state:\n\(LoadStatement.grammar)")
        let readme = try String(contentsOf: packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let table = "| clause | what it does |\n| --- | --- |\n" + LoadStatement.clauses.map { clause in
            "| `\(clause.syntax.replacingOccurrences(of: "|", with: "\\|"))` | \(clause.summary.replacingOccurrences(of: "|", with: "\\|")) |\n"
        }.joined()
        #expect(readme.contains(table), "the README's table of load clauses should read:\n\(table)")
    }
}
