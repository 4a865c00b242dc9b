import Testing
import Topline

/// Weighted shares, Kish effective n and design effect: survey-statistics.md B.6.
@Suite struct StatisticsWeightingTests {
    static let weights: [Double] = [1, 1, 1, 1, 1, 2, 2, 2, 3, 3]
    static let hits = [true, false, true, false, false, true, true, false, true, false]

    static func accumulate(_ hits: [Bool?], _ weights: [Double?]) -> ShareAccumulator {
        var acc = ShareAccumulator()
        for (hit, weight) in zip(hits, weights) { acc.add(hit: hit, weight: weight) }
        return acc
    }

    @Test func workedExample() throws {
        let acc = Self.accumulate(Self.hits, Self.weights)
        #expect(acc.count == 10 && acc.skipped == 0)
        #expect(acc.sumW == 17 && acc.sumW2 == 35 && acc.sumWY == 9)
        expectNear(acc.share, 9.0 / 17, tolerance: 1e-15)
        expectNear(acc.share, 0.5294117647, tolerance: 1e-10)
        expectNear(acc.effectiveN, 8.2571428571, tolerance: 1e-10)
        expectNear(acc.designEffect, 1.2110726644, tolerance: 1e-10)
        let e = try #require(acc.estimate(method: .wald))
        #expect(e.n == 10 && e.isWeighted)
        expectNear(e.designEffect, 350.0 / 289, tolerance: 1e-14)
        expectNear(e.marginOfError, 0.3404477895, tolerance: 1e-10)
    }

    @Test func designEffectIsOnePlusSquaredCV() throws {
        let acc = Self.accumulate(Self.hits, Self.weights)
        let mean = Self.weights.reduce(0, +) / 10
        let variance = Self.weights.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 10  // population variance
        expectNear(acc.designEffect, 1 + variance / (mean * mean), tolerance: 1e-14)
    }

    @Test func unweightedIsWeightOne() throws {
        var acc = ShareAccumulator()
        for hit in Self.hits { acc.add(hit: hit) }
        #expect(acc.share == 0.5)
        #expect(acc.effectiveN == 10 && acc.designEffect == 1)
        let e = try #require(acc.estimate(level: 0.99))
        #expect(!e.isWeighted && e.n == 10 && e.level == 0.99 && e.method == .wilson)
    }

    @Test(arguments: [
        (Bool?.none, Double?.some(1)), (true, nil), (true, .nan), (true, -1), (false, 0), (true, .infinity),
    ])
    func unusableRowsAreSkipped(hit: Bool?, weight: Double?) {
        var acc = Self.accumulate(Self.hits, Self.weights)
        acc.add(hit: hit, weight: weight)
        #expect(acc.skipped == 1 && acc.count == 10)
        #expect(acc.sumW == 17 && acc.sumW2 == 35 && acc.sumWY == 9)
    }

    @Test func emptyAccumulatorHasNoShare() {
        var acc = ShareAccumulator()
        acc.add(hit: nil)
        #expect(acc.share == nil && acc.effectiveN == nil && acc.designEffect == nil)
        #expect(acc.estimate() == nil)
    }

    @Test func oneRespondentIsAFullShare() throws {
        var acc = ShareAccumulator()
        acc.add(hit: true, weight: 2.5)
        let e = try #require(acc.estimate())
        #expect(e.proportion == 1 && e.n == 1 && e.effectiveN == 1)
        #expect(e.ciHigh == 1)
    }
}
