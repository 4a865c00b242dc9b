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
