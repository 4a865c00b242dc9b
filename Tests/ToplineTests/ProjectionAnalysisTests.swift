import Testing
import ToplineTestSupport
@testable import Topline

/// Which columns a script's later statements need from a loaded file.
@Suite struct ProjectionAnalysisTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var script: String
        /// nil: load every column.
        var expected: Set<String>?
        var testDescription: String { script.replacingOccurrences(of: "\n", with: " ⏎ ") }
    }

    static let cases: [Case] = [
        Case(script: "from s | where a == 1 | select b", expected: ["a", "b"]),
        Case(script: "from s | summarize n = count(), m = avg(x) by g", expected: ["x", "g"]),
        Case(script: "from s | where a == 1", expected: nil),
        Case(script: "from s", expected: nil),
        Case(script: "describe s", expected: nil),
        Case(script: "datasets", expected: nil),
        Case(script: "", expected: nil),
        Case(script: "from s | pivot k v | select k", expected: nil),
        Case(script: "from s | select a | pivot a a", expected: ["a"]),
        Case(script: "from t | join s on a | select b", expected: ["a", "b"]),
        Case(script: "from t | summarize n = count() by a | join s on a", expected: nil),
        Case(script: "from s | select e = estimate(v, n)", expected: ["v", "n", "value_type"]),
        Case(script: "from s | where a == 1 | sources", expected: ["a", "source_title", "source_url", "notes"]),
        Case(script: "let x = from s | select a\nfrom x | where a > 1", expected: ["a"]),
        Case(script: "let x = from s | where a > 1\nfrom x | select a", expected: nil),
        Case(script: "from s | select a\nload \"other.csv\" as s\nfrom s", expected: ["a"]),
        Case(script: "from s | chart bar v by l", expected: ["v", "l"]),
        // distinct without a list compares every column; append matches every column by name.
        Case(script: "from s | distinct | select a", expected: nil),
        Case(script: "from s | distinct a | select a", expected: ["a"]),
        Case(script: "from s | append t | select a", expected: nil),
        Case(script: "from t | append s | select a", expected: nil),
        Case(script: "from s | select a, b | append t", expected: ["a", "b"]),
        // select * passes the columns on; a later select narrows them.
        Case(script: "from s | select * except (c)", expected: nil),
        Case(script: "from s | select * except (c) | select a", expected: ["a", "c"]),
        // drop and rename name the columns they check.
        Case(script: "from s | drop c | select a", expected: ["a", "c"]),
        Case(script: "from s | rename x = a, b = c | select x, b", expected: ["a", "b", "c"]),
        // A window aggregate reads its argument and its groups.
        Case(script: "from s | derive p = n / sum(n), r = rank(m desc) by g | select p, r", expected: ["n", "m", "g"]),
        Case(script: "from s | sample 10 seed 1 | select a", expected: ["a"]),
    ]

    @Test(arguments: cases)
    func columnsNeeded(_ c: Case) {
        let (script, diagnostics) = Parser.parse(SourceFile(name: "t.tq", text: c.script))
        #expect(diagnostics.isEmpty)
        let needed = ProjectionAnalysis.columnsNeeded(by: "s", in: script.statements[...])
        if let expected = c.expected {
            // An over-approximation is allowed, but every expected column must be there.
            #expect(needed.map { expected.isSubset(of: $0) } == true, "got \(String(describing: needed))")
        } else {
            #expect(needed == nil)
        }
    }

    @Test func aScriptThatLoadsAndQueriesParsesOnlyItsColumnsFirst() {
        let session = Session(workingDirectory: packageRoot.path)
        let outcome = session.run("""
            load "Examples/data/ceo_study_metrics.csv" as s
            from s | where edition_year == 2012 | summarize n = count() by segment
            """, fileName: "p.tq")
        #expect(outcome.succeeded)
        #expect(outcome.events.contains { if case .message("loaded s: 60 rows × 16 columns") = $0 { true } else { false } })
        #expect(session.catalog.stored("s")?.table.columnNames == ["edition_year", "segment"])
        // Asked for, the dataset has every column: the rest is parsed then.
        #expect(session.dataset(named: "s")?.columns.count == 16)
        #expect(session.catalog.stored("s")?.deferred == nil)
    }
}
