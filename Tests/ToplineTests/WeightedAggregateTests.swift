import Foundation
import Testing
import ToplineTestSupport
@testable import Topline

/// `avg`, `sum` and `count_weighted` on weighted and design datasets are the
/// weighted point estimates (R: `coef(svymean(…))`, `coef(svytotal(…))`,
/// `sum(weights(design))`); unweighted they are the plain ones.
@Suite struct WeightedAggregateTests {
    static func table(_ setup: String, _ query: String) throws -> Table {
        let session = Session(workingDirectory: packageRoot.path)
        let outcome = session.run(setup + "\n" + query, fileName: "w.tq")
        #expect(outcome.succeeded, "\(outcome.diagnostics.map(\.message))")
        return try #require(outcome.tables.last)
    }

    static let data = #"load "Tests/ToplineTests/Fixtures/survey/apistrat.csv" as d"#

    struct Case: Sendable, CustomTestStringConvertible {
        let setup: String
        let column: String
        let expected: Double
        var testDescription: String { "\(setup.split(separator: "\n").last ?? "") → \(column)" }
    }

    /// R survey 4.1.1 (printed with digits = 17): coef(svytotal(~enroll, dstrat)) = 3687177.5324382782,
    /// sum(weights(dstrat)) = 6193.9999580383301, coef(svymean(~api00, dstrat)) = 662.28736315932076;
    /// unweighted: sum(apistrat$enroll) = 149337, mean(apistrat$api00) = 652.82.
    static let cases: [Case] = [
        Case(setup: data + "\ndesign d weight pw strata stype fpc fpc", column: "s", expected: 3687177.5324382782),
        Case(setup: data + "\ndesign d weight pw strata stype fpc fpc", column: "w", expected: 6193.9999580383301),
        Case(setup: data + "\ndesign d weight pw strata stype fpc fpc", column: "a", expected: 662.28736315932076),
        Case(setup: #"load "Tests/ToplineTests/Fixtures/survey/apistrat.csv" as d weight pw"#, column: "s", expected: 3687177.5324382782),
        Case(setup: #"load "Tests/ToplineTests/Fixtures/survey/apistrat.csv" as d weight pw"#, column: "w", expected: 6193.9999580383301),
        Case(setup: data, column: "s", expected: 149337),
        Case(setup: data, column: "w", expected: 200),
        Case(setup: data, column: "a", expected: 652.82),
    ]

    @Test(arguments: cases)
    func pointEstimates(_ c: Case) throws {
        let t = try Self.table(c.setup, "from d | summarize a = avg(api00), s = sum(enroll), w = count_weighted()")
        let value = try #require(t[0, c.column].numeric)
        #expect(Swift.abs(value - c.expected) <= 1e-9 * c.expected, "\(value)")
    }

    /// The weighted avg and sum are exactly the values of the design's mean and total, group by group.
    @Test func avgAndSumAreTheDesignsPointEstimates() throws {
        let t = try Self.table(Self.data + "\ndesign d weight pw strata stype fpc fpc",
                               "from d | summarize a = avg(api00), m = mean(api00), s = sum(enroll), t = total(enroll) by stype")
        #expect(t.rowCount == 3)
        for r in 0..<t.rowCount {
            guard case .estimate(let m) = t[r, "m"], case .estimate(let total) = t[r, "t"] else {
                Issue.record("row \(r): no estimates")
                continue
            }
            #expect(Swift.abs(t[r, "a"].numeric! - m.design!.value) <= 1e-12 * m.design!.value)
            #expect(Swift.abs(t[r, "s"].numeric! - total.design!.value) <= 1e-12 * total.design!.value)
        }
    }

    /// An integer column's weighted sum is a number; count_weighted(x) leaves out the rows where x is null.
    @Test func typesAndNulls() throws {
        let t = try Self.table(#"load "Tests/ToplineTests/Fixtures/survey/apiclus2.csv" as d weight pw"#,
                               "from d | summarize s = sum(enroll), all = count_weighted(), known = count_weighted(enroll)")
        #expect(t.columns[0].type == .number)
        #expect(t[0, "known"].numeric! < t[0, "all"].numeric!)
    }
}
