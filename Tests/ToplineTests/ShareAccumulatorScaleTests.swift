import Testing
import Topline

/// Issue 11: Σw² of weights like 1e200 overflowed to infinity, so the Kish
/// effective base (Σw)²/Σw² was ∞/∞ = NaN (and of weights like 1e-200, Σw²
/// was 0). The accumulator keeps its sums times a power of two, so a share,
/// its effective base and design effect do not depend on the weights' units:
/// weights k·w give exactly what weights w give, for k = 2^m.
@Suite struct ShareAccumulatorScaleTests {
    static let hits = [true, false, true, false, false, true, true, false, true, false]
    static let weights: [Double] = [1, 1, 1, 1, 1, 2, 2, 2, 3, 3]

    static func accumulate(_ weights: [Double], hits: [Bool] = hits) -> ShareAccumulator {
        var acc = ShareAccumulator()
        for (hit, weight) in zip(hits, weights) { acc.add(hit: hit, weight: weight) }
        return acc
    }

    /// Powers of two from tiny to astronomical, and multipliers of other digits.
    @Test(arguments: [0x1p-1000, 0x1p-700, 0x1p-401, 0x1p401, 0x1p600, 0x1p1000, 1e200, 1e-200, 1e300, 3e307])
    func theUnitsOfTheWeightsDoNotMatter(factor: Double) throws {
        let plain = Self.accumulate(Self.weights)
        let scaled = Self.accumulate(Self.weights.map { $0 * factor })
        #expect(scaled.count == 10)
        let share = try #require(scaled.share), effective = try #require(scaled.effectiveN), deff = try #require(scaled.designEffect)
        #expect(share.isFinite && effective.isFinite && deff.isFinite)
        #expect(abs(share - plain.share!) <= 1e-15)
        #expect(abs(effective - plain.effectiveN!) <= 1e-12 * plain.effectiveN!)
        #expect(abs(deff - plain.designEffect!) <= 1e-12)
        if factor.significand == 1 {
            // A power of two: exactly the same digits.
            #expect(share == plain.share && effective == plain.effectiveN && deff == plain.designEffect)
        }
        let margin = try #require(scaled.estimate(method: .wald)?.marginOfError)
        let plainMargin = try #require(plain.estimate(method: .wald)?.marginOfError)
        #expect(margin.isFinite)
        #expect(abs(margin - plainMargin) < 1e-12)
    }

    /// The reproduction: three weights of 1e200 are three equal weights.
    @Test func weightsOf1e200AreEqualWeights() throws {
        let acc = Self.accumulate([1e200, 1e200, 1e200], hits: [true, false, true])
        #expect(abs(try #require(acc.share) - 2.0 / 3) < 1e-15)
        #expect(abs(try #require(acc.effectiveN) - 3) < 1e-14)
        #expect(abs(try #require(acc.designEffect) - 1) < 1e-15)
        #expect(acc.sumW == 3e200)
        #expect(acc.sumW2 == .infinity)  // Σw² itself is beyond Double; nothing above used it
    }

    /// Weights of every size in one column: the largest dominate, as they should.
    @Test func aHugeWeightAmongOrdinaryOnesDominates() throws {
        let acc = Self.accumulate([1, 2, 1e250, 3, 1e-250], hits: [false, false, true, false, false])
        #expect(acc.share == 1)  // 1 − 6e-250
        #expect(abs(try #require(acc.effectiveN) - 1) < 1e-12)
        #expect(acc.count == 5)
        // The order in which they come does not matter (beyond rounding).
        let reversed = Self.accumulate([1e-250, 3, 1e250, 2, 1], hits: [false, false, true, false, false])
        #expect(reversed.share == acc.share)
        #expect(abs(try #require(reversed.effectiveN) - acc.effectiveN!) < 1e-15)
    }

    /// Ordinary weights keep their sums exactly as before.
    @Test func ordinaryWeightsAreUnscaled() {
        let acc = Self.accumulate(Self.weights)
        #expect(acc.sumW == 17 && acc.sumW2 == 35 && acc.sumWY == 9)
        #expect(acc.effectiveN == 17.0 * 17 / 35)
    }

    /// Through the language: a weighted share of a column of huge weights.
    @Test func aWeightedShareOfHugeWeightsIsFinite() throws {
        let session = Session()
        session.register(try Table(columns: [
            Column(name: "hit", type: .boolean, values: [.boolean(true), .boolean(false), .boolean(true), .boolean(false)]),
            Column(name: "w", type: .number, values: [.number(1e200), .number(2e200), .number(3e200), .number(2e200)]),
        ]), as: "t", weight: "w")
        let outcome = session.run("from t | summarize s = share(hit), n = neff(share(hit))", fileName: "q.tq")
        #expect(outcome.succeeded, "\(outcome.events)")
        guard case .table(let table)? = outcome.events.first(where: { if case .table = $0 { true } else { false } }) else {
            Issue.record("no table")
            return
        }
        guard case .estimate(let e) = table[0, "s"] else {
            Issue.record("not an estimate: \(table[0, "s"])")
            return
        }
        #expect(abs(e.proportion - 0.5) < 1e-15)
        #expect(table[0, "n"] == .number(64.0 / 18))
    }
}
