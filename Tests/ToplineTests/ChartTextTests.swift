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

/// Charts that must not mislead: a trend's axis fits its values, bars start
/// at zero, one number of decimals per chart, and labels stay apart when cut.
@Suite struct ChartHonestyTests {
    /// Means of a 1-10 scale over four waves, between 5.7 and 6.3.
    static func meansTrend() throws -> Chart {
        let data = try Table(columns: [
            Column(name: "x", type: .text, values: ["W1", "W2", "W3", "W4"].map { .text($0) }),
            Column(name: "value", type: .number, values: [6.0174, 5.75948, 6.3, 6].map { .number($0) }),
        ])
        return Chart(kind: .line, data: data, valueTitle: "mean", toTitle: nil, labelTitle: nil, xTitle: "wave",
                     title: "", table: data)
    }

    @Test func lineAxisFitsTheValues() throws {
        let lines = ChartRenderer.render(try Self.meansTrend(), width: 60).split(separator: "\n").map(String.init)
        // 5.7…6.3 in steps of 0.2 (not 0-10, which drew a flat line).
        #expect(lines[1].hasPrefix("6.4 ┤"), "\(lines[1])")
        #expect(lines[10].hasPrefix("5.6 ┤"), "\(lines[10])")
        // The four points are drawn on at least three different rows.
        let rowsWithPoints = lines[1...10].filter { $0.contains("●") }
        #expect(rowsWithPoints.count >= 3, "\(lines.joined(separator: "\n"))")
    }

    @Test func legendValuesShareTheirDecimals() throws {
        let text = ChartRenderer.render(try Self.meansTrend(), width: 80)
        #expect(text.contains("● mean:  W1 6.02  W2 5.76  W3 6.30  W4 6.00\n"), "\(text)")
    }

    @Test func barsKeepAZeroBaseline() throws {
        let chart = try ChartSamples.bar([("a", .number(5.7)), ("b", .number(6.3)), ("c", .number(6))], type: .number)
        let lines = ChartRenderer.render(chart, width: 40).split(separator: "\n").map(String.init)
        #expect(lines[4].drop(while: { $0 == " " }).hasPrefix("0 "), "axis from zero: \(lines[4])")
        #expect(lines[1].hasSuffix(" 5.7") && lines[2].hasSuffix(" 6.3") && lines[3].hasSuffix(" 6.0"), "\(lines)")
    }

    @Test func svgTrendTicksFitTheValues() throws {
        let svg = SVGChartRenderer.render(try Self.meansTrend())
        let texts = ChartSVGTests.parse(svg).texts["text"] ?? []
        for tick in ["5.6", "5.8", "6", "6.2", "6.4"] { #expect(texts.contains(tick), "tick \(tick): \(texts)") }
        #expect(!texts.contains("10") && !texts.contains("0"), "\(texts)")
        #expect(texts.contains("6.02") && texts.contains("5.76"), "\(texts)")
    }

    static let forces = ["Market factors", "People skills", "Technology factors"]
        .map { "External force that will impact the organization: " + $0 }

    @Test(arguments: [80, 40])
    func labelsCutToOnePrefixStayApart(width: Int) throws {
        let chart = try ChartSamples.bar(Self.forces.enumerated().map { ($1, .percent(0.2 + 0.1 * Double($0))) }, type: .percent)
        let lines = ChartRenderer.render(chart, width: width).split(separator: "\n").map(String.init)
        let labels = lines[1...3].map { String($0.prefix(width / 3)) }
        #expect(Set(labels).count == 3, "\(labels)")
        if width == 80 {
            #expect(labels.map { $0.trimmingCharacters(in: .whitespaces) } == [
                "Externa…Market factors", "Externa…People skills", "Externa…Technology factors"])
        }
        // The same in SVG.
        let texts = ChartSVGTests.parse(SVGChartRenderer.render(chart, width: width * 9)).texts["text"] ?? []
        #expect(Set(texts.filter { $0.hasPrefix("E") }).count == 3, "\(texts)")
    }

    struct LabelCase: CustomTestStringConvertible, Sendable {
        var labels: [String]
        var width: Int
        var expected: [String]
        var testDescription: String { "\(labels) in \(width)" }
    }

    static let labelCases: [LabelCase] = [
        // Labels that fit are never changed; one cut alone is cut at the end.
        LabelCase(labels: ["short", "also short"], width: 12, expected: ["short", "also short"]),
        LabelCase(labels: ["A very long label indeed", "short"], width: 12, expected: ["A very long…", "short"]),
        // Cut at the end, they still differ.
        LabelCase(labels: ["Growth in Asia Pacific", "Growth in Africa"], width: 14, expected: ["Growth in Asi…", "Growth in Afr…"]),
        // Cut at the end, they still differ.
        LabelCase(labels: ["Growth in Asia Pacific", "Growth in Asia Minor"], width: 14, expected: ["Growth…Pacific", "Growth…Minor"]),
        // The same label twice stays the same.
        LabelCase(labels: ["Identical long label", "Identical long label"], width: 10, expected: ["Identical…", "Identical…"]),
        // Differing only at the very end, in a narrow column.
        LabelCase(labels: ["Question 12 wave 2014a", "Question 12 wave 2014b"], width: 8, expected: ["Qu…2014a", "Qu…2014b"]),
        // No word of its own fits: the widest ends that differ.
        LabelCase(labels: ["Question about the weather", "Question about the wealth"], width: 10, expected: ["Ques…ather", "Ques…ealth"]),
    ]

    @Test(arguments: labelCases)
    func labelFitting(_ c: LabelCase) {
        let fitted = ChartLabels.fit(c.labels, width: c.width)
        #expect(fitted == c.expected)
        #expect(fitted.allSatisfy { DisplayWidth.of($0) <= c.width })
    }
}
