@testable import Topline

/// The table every format test renders: text needing quoting and escaping,
/// wide characters, every value type, nulls and three kinds of estimate.
enum OutputFixture {
    static let weighted = Estimate(proportion: 0.529, n: 100, effectiveN: 83, method: .wald)

    static let table: Table = {
        do {
            return try Table(columns: [
                Column(name: "label", type: .text, values: [
                    .text("Acme, Inc."), .text("say \"hi\""), .text("two\nlines"), .text("日本 a|b"),
                ]),
                Column(name: "n", type: .integer, values: [.integer(1709), .integer(42), .null, .integer(7)]),
                Column(name: "share", type: .percent, values: [.percent(0.16), .percent(0.575), .null, .percent(1)]),
                Column(name: "change", type: .points, values: [.points(0.41), .points(-0.13), .null, .points(0)]),
                Column(name: "lift", type: .ratio, values: [.ratio(3.5625), .ratio(1.3), .null, .ratio(2)]),
                Column(name: "ok", type: .boolean, values: [.boolean(true), .boolean(false), .null, .boolean(true)]),
                Column(name: "est", type: .estimate, values: [
                    .estimate(Estimate(proportion: 0.16, n: 1709)),
                    .estimate(Estimate(proportion: 0.16, n: nil)),
                    .null,
                    .estimate(weighted),
                ]),
            ])
        } catch {
            fatalError("fixture table: \(error)")
        }
    }()
}
