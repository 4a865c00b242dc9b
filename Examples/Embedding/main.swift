// A tiny program that embeds Topline: it loads the bundled study figures,
// asks one question and prints the answer. Run it from the package root:
//
//     swift run embed-example
//
// The Topline library does no printing of its own; this program decides
// what to show and how.
import Topline

let session = Session()
let outcome = session.run("""
    load "Examples/data/ceo_study_metrics.csv" as studies
    from studies
    | where edition_year == 2012 and metric ~ "social media" and segment == "Global" and value_type == "share"
    | select horizon, value_pct
    """, fileName: "embedded.tq")

for event in outcome.events {
    switch event {
    case .table(let table):
        print(TableFormatter.render(table, as: .table), terminator: "")
    case .chart(let chart):
        print(TableFormatter.render(chart.data, as: .table), terminator: "")
    case .message(let text):
        print(text)
    case .diagnostic(let diagnostic):
        print(DiagnosticRenderer.render(diagnostic, source: outcome.source), terminator: "")
    case .finished:
        break  // a statement ran; its source text is there for a transcript
    }
}
// The typed values are there for programs to use, not just to print.
if let table = outcome.tables.first, case .integer(let now) = table[0, "value_pct"] {
    print("now: \(now)")
}
