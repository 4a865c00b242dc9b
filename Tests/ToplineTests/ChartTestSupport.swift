import Foundation
import Testing
import ToplineTestSupport
@testable import Topline

/// Charts of the bundled example data, made by running real queries.
enum ChartSamples {
    static let load = "load \"Examples/data/ceo_study_metrics.csv\" as studies\nload \"Examples/data/ceo_study_metrics_extra.csv\" as extra\n"

    /// 2012 "social media / social networks now" shares by segment, as estimates:
    /// Global n=1709, Public sector n=176, ASEAN base not published.
    static let barQuery = """
        from studies
        | where edition_year == 2012 and metric ~ "social" and horizon == "now" and value_type == "share"
        | select segment, share = estimate(value_pct, n)
        | chart bar share by segment
        """

    /// The 2012 channel shift from a pivot: social media 16% -> 57%, face-to-face 80% -> 67%.
    static let dumbbellQuery = """
        from studies
        | where edition_year == 2012 and segment == "Global" and metric ~ "customer" and horizon in ("now", "3-5 years") and value_type == "share"
        | select metric, horizon, value_pct
        | pivot horizon value_pct
        | chart dumbbell pct(now) -> pct(`3-5 years`) by metric
        """

    /// The PwC waves with a published base (2016 and 2017 are in the extra file).
    static let lineQuery = """
        from studies
        | where study ~ "PwC" and segment == "Global" and metric ~ "growth will improve"
        | select year = edition_year, share = estimate(value_pct, n)
        | chart line share over year
        """

    /// The chart that `query` ends with, after loading the example data.
    static func chart(_ query: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Chart {
        let session = Session(workingDirectory: packageRoot.path)
        let outcome = session.run(load + query, fileName: "chart.tq")
        for case .diagnostic(let d) in outcome.events {
            Issue.record("\(d.id): \(d.message)", sourceLocation: sourceLocation)
        }
        guard let chart = outcome.events.lazy.compactMap({ if case .chart(let c) = $0 { c } else { nil } }).last else { throw ChartSampleError.noChart }
        return chart
    }

    /// The whole PwC "global growth will improve" trend 2012-2018:
    /// 15, 18, 44, 37, (27), (29), 57 — the two waves from the extra file
    /// have no published base. The language has no union yet, so the two
    /// results are joined here.
    static func pwcTrend() throws -> Chart {
        var chart = try chart(lineQuery)
        let extra = try ChartSamples.chart("""
            from extra
            | where study ~ "PwC" and segment == "Global" and metric ~ "growth will improve"
            | select year = edition_year, share = estimate(value_pct, n)
            | chart line share over year
            """)
        let columns = zip(chart.data.columns, extra.data.columns).map { a, b in
            Column(name: a.name, type: a.type, values: (0..<a.count).map { a[$0] } + (0..<b.count).map { b[$0] })
        }
        chart.data = try Table(columns: columns)
        return chart
    }

    /// A chart built from values, for edge cases the example data lacks.
    static func bar(_ rows: [(String, Value)], type: ValueType, kind: Chart.Kind = .bar) throws -> Chart {
        let data = try Table(columns: [
            Column(name: "label", type: .text, values: rows.map { .text($0.0) }),
            Column(name: "value", type: type, values: rows.map(\.1)),
        ])
        return Chart(kind: kind, data: data, valueTitle: "value", toTitle: nil, labelTitle: "label", xTitle: nil,
                     title: "from t | chart bar value by label", table: data)
    }

    static func golden(_ name: String) -> URL {
        GoldenFile.fixtures.appendingPathComponent("charts/\(name)")
    }
}

enum ChartSampleError: Error { case noChart }
