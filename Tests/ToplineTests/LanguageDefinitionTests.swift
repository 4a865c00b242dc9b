import Foundation
import Testing
import ToplineTestSupport
@testable import Topline

/// The verb, function and setting definitions are the language's single
/// source of truth: their examples run, their help is complete, and the
/// README's verb table is theirs.
@Suite struct LanguageDefinitionTests {
    /// A session with the bundled example data: the studies (as the shell
    /// preloads them) and the respondent survey, weighted.
    static func session() -> Session {
        let session = Session(workingDirectory: packageRoot.path)
        let setup = session.run("""
            load "Examples/data/ceo_study_metrics.csv"
            load "Examples/data/ceo_study_metrics_extra.csv"
            load "Examples/data/survey.csv" as survey weight weight
            """, fileName: "setup.tq")
        #expect(setup.succeeded)
        return session
    }

    static func runs(_ source: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let outcome = session().run(source, fileName: "example.tq")
        #expect(outcome.diagnostics.filter { $0.severity == .error }.map(\.message) == [], "\(source)", sourceLocation: sourceLocation)
        #expect(outcome.succeeded, "\(source)", sourceLocation: sourceLocation)
        #expect(!outcome.tables.isEmpty, "\(source)", sourceLocation: sourceLocation)
    }

    @Test(arguments: VerbCatalog.all.map(\.keyword.rawValue))
    func verbExampleRuns(_ keyword: String) throws {
        let verb = try #require(VerbCatalog.definition(named: keyword))
        #expect(verb.spellings.contains { verb.example.contains("| \($0)") }, "the example of '\(keyword)' uses it")
        Self.runs(verb.example)
    }

    @Test(arguments: FunctionCatalog.scalars.map(\.name))
    func scalarFunctionExampleRuns(_ name: String) throws {
        let function = try #require(FunctionCatalog.scalar(named: name))
        #expect(function.example.contains("\(name)("))
        Self.runs("from ceo_study_metrics | where value_type == \"share\" | derive x = \(function.example) | select x")
    }

    @Test(arguments: ExpressionForms.all.map(\.name))
    func expressionFormExampleRuns(_ name: String) throws {
        let form = try #require(ExpressionForms.named(name))
        #expect(form.example.hasPrefix(name))
        Self.runs("from ceo_study_metrics | where value_type == \"share\" | derive x = \(form.example) | select x")
        #expect(LanguageHelp.topic(name)?.kind == .expression)
    }

    /// The README's function table is the catalog's: a row per scalar function, then `case` and `recode`.
    /// `TOPLINE_RECORD=1` writes it from the catalog.
    @Test func readmeFunctionTableIsTheCatalog() throws {
        let url = packageRoot.appendingPathComponent("README.md")
        let readme = try String(contentsOf: url, encoding: .utf8)
        let header = "| function | what it does |\n| --- | --- |\n"
        func cell(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }
        let rows = FunctionCatalog.scalars.map { ($0.syntax, $0.summary) } + ExpressionForms.all.map { ($0.syntax, $0.summary) }
        let table = header + rows.map { "| `\(cell($0.0))` | \(cell($0.1)) |\n" }.joined()
        if GoldenFile.recording, !readme.contains(table) {
            let start = try #require(readme.range(of: header)).lowerBound
            let end = try #require(readme[start...].range(of: "\n\n")).lowerBound
            try (readme[..<start] + table.dropLast() + readme[end...]).write(to: url, atomically: true, encoding: .utf8)
        }
        #expect(readme.contains(table), "the README's function table should read (TOPLINE_RECORD=1 writes it):\n\(table)")
    }

    @Test(arguments: FunctionCatalog.aggregates.filter { !$0.window }.map(\.name))
    func aggregateExampleRuns(_ name: String) throws {
        let function = try #require(FunctionCatalog.aggregate(named: name))
        #expect(function.example.contains("\(name)("))
        Self.runs("from survey | summarize \(function.example) by region")
    }

    /// An aggregate in `derive` gives each row its group's value; a window function (`rank`) works only there.
    @Test(arguments: FunctionCatalog.aggregates.map(\.name))
    func aggregateExampleRunsInDerive(_ name: String) throws {
        let function = try #require(FunctionCatalog.aggregate(named: name))
        Self.runs("from survey | derive \(function.example) by region")
        Self.runs("from survey | derive \(function.example)")
    }

    @Test(arguments: LanguageHelp.settings.map(\.name))
    func settingExampleApplies(_ name: String) throws {
        let topic = try #require(LanguageHelp.topic(name))
        #expect(Self.session().run(topic.example, fileName: "set.tq").succeeded, "\(topic.example)")
    }

    @Test func everyNameHasHelpWithSyntaxAndExample() {
        for name in LanguageHelp.topicNames {
            guard let topic = LanguageHelp.topic(name) else { Issue.record("no help on \(name)"); continue }
            #expect(!topic.summary.isEmpty && !topic.syntax.isEmpty && !topic.example.isEmpty, "\(name)")
            #expect(LanguageHelp.render(topic).contains(topic.example))
        }
        #expect(LanguageHelp.topic("share()")?.kind == .aggregate)
        #expect(LanguageHelp.topic("left join")?.syntax == "[left] join OTHER on COLUMN [= OTHER_COLUMN]")
        #expect(LanguageHelp.topic("nosuch") == nil)
    }

    /// The README's verb table is the catalog's: one row per verb, its syntax
    /// and summary. `TOPLINE_RECORD=1` writes it from the catalog.
    @Test func readmeVerbTableIsTheCatalog() throws {
        let url = packageRoot.appendingPathComponent("README.md")
        let readme = try String(contentsOf: url, encoding: .utf8)
        let header = "| verb | what it does |\n| --- | --- |\n"
        let table = header + VerbCatalog.all.map { verb in
            "| `\(verb.syntax.replacingOccurrences(of: "|", with: "\\|"))` | \(verb.summary) |\n"
        }.joined()
        if GoldenFile.recording, !readme.contains(table) {
            // The table runs from its header to the first blank line.
            let start = try #require(readme.range(of: header)).lowerBound
            let end = try #require(readme[start...].range(of: "\n\n")).lowerBound
            try (readme[..<start] + table.dropLast() + readme[end...]).write(to: url, atomically: true, encoding: .utf8)
        }
        #expect(readme.contains(table), "the README's verb table should read (TOPLINE_RECORD=1 writes it):\n\(table)")
    }

    /// `Grammar/topline.ebnf` states each verb's rules as its definition does,
    /// and `verb = …` lists the catalog. `TOPLINE_RECORD=1` writes that section.
    @Test func grammarVerbSectionIsTheCatalog() throws {
        let url = packageRoot.appendingPathComponent("Grammar/topline.ebnf")
        let grammar = try String(contentsOf: url, encoding: .utf8)
        let section = "verb = " + VerbCatalog.all.map(\.keyword.rawValue).joined(separator: " | ") + " ;\n\n"
            + "(* Each verb's rules are stated by its definition in Sources/Topline/Language/Verbs/;\n"
            + "   a test checks that they stand here word for word (TOPLINE_RECORD=1 writes them). *)\n"
            + VerbCatalog.all.map { $0.grammar + "\n" }.joined()
        let start = try #require(grammar.range(of: "verb = "))
        let end = try #require(grammar.range(of: "(* ---------- Expressions"))
        let current = String(grammar[start.lowerBound..<end.lowerBound])
        let expected = section + "(* Words read only in one place, and unreserved verbs, stay usable as names: "
            + (VerbCatalog.all.filter { !$0.reserved }.map { "\"\($0.keyword.rawValue)\"" } + ["\"bar\"", "\"dumbbell\"", "\"line\"", "\"over\"", "\"weight\"", "\"strata\"", "\"cluster\"", "\"fpc\"", "\"replicates\"", "\"method\"", "\"seed\"", "\"except\""])
                .joined(separator: ", ") + ". *)\n\n"
        if GoldenFile.recording, current != expected {
            try (grammar[..<start.lowerBound] + expected + grammar[end.lowerBound...]).write(to: url, atomically: true, encoding: .utf8)
        }
        #expect(current == expected, "Grammar/topline.ebnf's verb section should read (TOPLINE_RECORD=1 writes it):\n\(expected)")
    }

    /// Adding a verb is a definition and one catalog line: every stage finds it.
    @Test func distinctIsAVerbEverywhere() throws {
        let session = Self.session()
        let outcome = session.run("from ceo_study_metrics | distinct study, edition_year | sort edition_year", fileName: "d.tq")
        let table = try #require(outcome.tables.first)
        #expect(table.columnNames == ["study", "edition_year"])
        #expect(table.rowCount == Set((0..<table.rowCount).map { "\(table[$0, "study"])|\(table[$0, "edition_year"])" }).count)
        // Not reserved: a column may still be called distinct.
        session.register(try Table(columns: [Column(name: "distinct", type: .integer, values: [.integer(1), .integer(1)])]), as: "d")
        let all = session.run("from d | select distinct | distinct", fileName: "e.tq")
        #expect(all.tables.first?.rowCount == 1)
        let completions = session.completions(in: "from d | dis", cursor: 12).candidates.map(\.insertion)
        #expect(completions == ["distinct "])
        #expect(LanguageHelp.topic("distinct")?.syntax == "distinct [COLUMN, …]")
    }
}
