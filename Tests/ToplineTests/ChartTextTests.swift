import Foundation
import Testing
@testable import Topline

/// Text charts of the example data, compared with golden files in
/// `Fixtures/charts/` (re-record with `TOPLINE_RECORD=1`).
@Suite struct ChartTextTests {
    @Test(arguments: [80, 40])
    func barOfSocialMediaEstimates(width: Int) throws {
        let chart = try ChartSamples.chart(ChartSamples.barQuery)
        GoldenFile.check(ChartRenderer.render(chart, width: width), against: ChartSamples.golden("bar-social-media-\(width).txt"))
    }

    @Test(arguments: [80, 40])
    func dumbbellOfChannelShift(width: Int) throws {
        let chart = try ChartSamples.chart(ChartSamples.dumbbellQuery)
        GoldenFile.check(ChartRenderer.render(chart, width: width), against: ChartSamples.golden("dumbbell-channels-\(width).txt"))
    }

    @Test(arguments: [80, 40])
    func lineOfPwCTrend(width: Int) throws {
        let chart = try ChartSamples.pwcTrend()
        GoldenFile.check(ChartRenderer.render(chart, width: width), against: ChartSamples.golden("line-pwc-trend-\(width).txt"))
    }
}

/// Behaviour of text charts beyond the golden files: widths, labels,
/// colour, small bases, negative values.
@Suite struct ChartTextLayoutTests {
    static let long = "A very long label that would never fit in a third of the width of the chart"

    @Test(arguments: [20, 40, 60, 80, 120])
    func everyLineFitsTheWidth(width: Int) throws {
        var charts = [try ChartSamples.chart(ChartSamples.barQuery), try ChartSamples.chart(ChartSamples.dumbbellQuery),
                      try ChartSamples.pwcTrend()]
        charts.append(try ChartSamples.bar([(Self.long, .percent(0.5)), ("b", .percent(0.1))], type: .percent))
        for chart in charts {
            for line in ChartRenderer.render(chart, width: width).split(separator: "\n") {
                #expect(DisplayWidth.of(String(line)) <= width, "\(chart.kind) at \(width): \(line)")
            }
        }
    }

    @Test func longLabelsAreTruncatedNotWrapped() throws {
        let chart = try ChartSamples.bar([(Self.long, .percent(0.5)), ("short", .percent(0.25))], type: .percent)
        let lines = ChartRenderer.render(chart, width: 60).split(separator: "\n").map(String.init)
        #expect(lines.count == 4, "title, two rows, axis")
        #expect(lines[1].hasPrefix("A very long label t… █"), "label cut to 60/3 = 20 columns: \(lines[1])")
        #expect(lines[2].hasPrefix("short                "))
        #expect(lines[1].hasSuffix("50.0%") && lines[2].hasSuffix("25.0%"))
    }

    @Test func eighthBlocksGiveSubCellPrecision() throws {
        // span = 40 - 1 - 5 - 2 = 32 cells for 0-100%: 50% is 16 cells, 10% is 3.2 cells → 3 full + ▏ (2/8 rounds from 1.6).
        let chart = try ChartSamples.bar([("a", .percent(0.5)), ("b", .percent(0.1)), ("c", .percent(0))], type: .percent)
        let lines = ChartRenderer.render(chart, width: 40).split(separator: "\n").map(String.init)
        #expect(lines[1] == "a " + String(repeating: "█", count: 16) + String(repeating: " ", count: 17) + "50.0%")
        #expect(lines[2] == "b ███▎" + String(repeating: " ", count: 29) + "10.0%")
        #expect(lines[3] == "c " + String(repeating: " ", count: 33) + " 0.0%")
    }

    @Test func noColourUnlessAsked() throws {
        let chart = try ChartSamples.chart(ChartSamples.dumbbellQuery)
        #expect(!ChartRenderer.render(chart).contains("\u{1B}"))
        let coloured = ChartRenderer.render(chart, color: true)
        #expect(coloured.contains("\u{1B}[36m●\u{1B}[0m"))
        #expect(coloured.contains("\u{1B}[1m"))
        // Without the escape codes the picture is the same.
        let stripped = coloured.replacing(/\u{1B}\[[0-9]+m/, with: "")
        #expect(stripped == ChartRenderer.render(chart))
    }

    @Test func smallBasesAreFlaggedAndSuppressed() throws {
        let chart = try ChartSamples.bar([
            ("big", .estimate(Estimate(proportion: 0.4, n: 1000))),
            ("flagged", .estimate(Estimate(proportion: 0.4, n: 40))),
            ("tiny", .estimate(Estimate(proportion: 0.4, n: 20))),
        ], type: .estimate)
        let lines = ChartRenderer.render(chart, width: 60).split(separator: "\n").map(String.init)
        #expect(lines[1].hasSuffix("40.0% ±3.0"))
        #expect(lines[2].hasSuffix("40.0% ±14.5*"))
        #expect(lines[2].contains("├") && lines[2].contains("┤"), "a wide interval shows both ends: \(lines[2])")
        #expect(lines[3] == "tiny    " + String(repeating: " ", count: 40) + "        n<30", "no bar: \(lines[3])")
        #expect(lines.contains("* small base (n<50) or wide CI (>20 pp)"))
        #expect(lines.contains("n<30: base too small, not shown"))
    }

    @Test func negativeValuesGrowLeftFromZero() throws {
        let chart = try ChartSamples.bar([("up", .points(0.41)), ("down", .points(-0.13))], type: .points)
        let lines = ChartRenderer.render(chart, width: 40).split(separator: "\n").map(String.init)
        // Axis -20 pp … +50 pp over 40 - 4 - 8 - 2 = 26 cells: zero at 7.43 → cell 7;
        // +41 pp ends at 22.66: 15 cells and 5/8; -13 pp starts at 2.6: 4 cells and a half.
        #expect(lines[1] == "up   " + String(repeating: " ", count: 7) + "███████████████▋" + "    +41.0 pp")
        #expect(lines[2].hasPrefix("down   ▐████ "), "\(lines[2])")
        #expect(lines[3].contains("-20 pp") && lines[3].contains("+50 pp") && lines[3].contains("0 pp"))
    }

    @Test func emptyChartSaysSo() throws {
        let chart = try ChartSamples.bar([], type: .percent)
        #expect(ChartRenderer.render(chart) == "value by label\n(no rows to chart)\n")
    }

    @Test func lineWithSeriesHasALegendPerSeries() throws {
        let data = try Table(columns: [
            Column(name: "label", type: .text, values: ["A", "B", "A", "B"].map { .text($0) }),
            Column(name: "x", type: .text, values: ["W1", "W1", "W2", "W2"].map { .text($0) }),
            Column(name: "value", type: .percent, values: [0.2, 0.6, 0.4, 0.5].map { .percent($0) }),
        ])
        let chart = Chart(kind: .line, data: data, valueTitle: "share", toTitle: nil, labelTitle: "group", xTitle: "wave",
                          title: "", table: data)
        let text = ChartRenderer.render(chart, width: 40)
        #expect(text.hasPrefix("share over wave by group\n"))
        #expect(text.contains("● A:  W1 20.0%  W2 40.0%\n"))
        #expect(text.contains("◆ B:  W1 60.0%  W2 50.0%\n"))
        #expect(text.contains("W1") && text.contains("W2"))
    }
}
