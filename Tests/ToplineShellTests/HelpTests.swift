import Testing
import ToplineTestSupport
import Topline
@testable import ToplineShell

/// `.help` on the language: verbs, functions and settings, from their definitions.
@Suite(.serialized) struct HelpTests {
    @Test(arguments: [
        ("where", ["where CONDITION", "example: from ceo_study_metrics | where edition_year == 2012"]),
        ("share", ["share(condition)", "aggregate function", #"example: yes = share(social_media_now == "yes")"#]),
        ("round", ["round(x, digits)", "example: round(value_pct / 3, 1)"]),
        ("distinct", ["distinct [COLUMN, …]"]),
        ("level", ["set level 90|95|99"]),
    ])
    func helpOnATopic(topic: String, expected: [String]) {
        let h = ShellHarness(lines: [".help \(topic)"])
        defer { h.directory.remove() }
        let (out, err) = h.run()
        #expect(err == "")
        for e in expected { #expect(out.contains(e), "\(e) in\n\(out)") }
    }

    @Test func helpListsEveryFunctionAndVerb() {
        let h = ShellHarness(lines: [".help functions", ".help verbs"])
        defer { h.directory.remove() }
        let (out, _) = h.run()
        for f in ["pct(x)", "coalesce(a, b, …)", "count() | count(x)", "median(x)", "ci_high(estimate)"] {
            #expect(out.contains(f), "\(f)")
        }
        for v in LanguageHelp.verbs { #expect(out.contains(v.syntax), "\(v.syntax)") }
    }

    @Test func unknownTopicSuggests() {
        let h = ShellHarness(lines: [".help summarise"])
        defer { h.directory.remove() }
        let (_, err) = h.run()
        #expect(err.contains("no help on 'summarise'; did you mean 'summarize'?"), "\(err)")
    }
}
