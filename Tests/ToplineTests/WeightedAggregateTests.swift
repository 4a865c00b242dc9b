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

    /// (setup, aggregate): estimates that `value()` alone reads are computed as point estimates on designs
    /// whose units are rows (``ResolvedAggregate/valueOnly``), and the others in full.
    static let valueOnlyCases: [(String, String)] = [
        (#"load "Tests/ToplineTests/Fixtures/survey/apistrat.csv" as d weight pw"#, "share(meals > 40)"),
        (#"load "Tests/ToplineTests/Fixtures/survey/apistrat.csv" as d weight pw"#, "mean(api00)"),
        (#"load "Tests/ToplineTests/Fixtures/survey/apistrat.csv" as d weight pw"#, "total(enroll)"),
        (#"load "Tests/ToplineTests/Fixtures/survey/apistrat.csv" as d weight pw"#, "ratio(api00, api99)"),
        (data + "\ndesign d weight pw", "mean(api00)"),
        (data + "\ndesign d weight pw strata stype fpc fpc", "share(meals > 40)"),
        (#"load "Tests/ToplineTests/Fixtures/survey/apiclus1.csv" as d"# + "\ndesign d weight pw cluster dnum fpc fpc", "mean(api00)"),
        (#"load "Tests/ToplineTests/Fixtures/survey/apiclus1_jk1.csv" as d"# + "\ndesign d weight pw replicates repw1 .. repw15 method jk1", "total(enroll)"),
    ]

    /// `value(AGG)` is the value of the full estimate `AGG`, to the last bit, group by group, domains
    /// of a `where` included; and the full estimate read otherwise keeps its SE.
    @Test(arguments: valueOnlyCases)
    func valueOfAnEstimateIsItsFullValue(_ setup: String, _ aggregate: String) throws {
        let query = "where api00 > 550 | summarize v = value(\(aggregate)), e = \(aggregate), n = count() by `sch.wide`"
        let t = try Self.table(setup, "from d | " + query)
        #expect(t.rowCount == 2)
        for r in 0..<t.rowCount {
            guard case .estimate(let e) = t[r, "e"], let v = t[r, "v"].numeric else {
                Issue.record("row \(r): \(t[r, "e"]), \(t[r, "v"])")
                continue
            }
            #expect(v == (e.design?.value ?? e.proportion) && v.bitPattern == (e.design?.value ?? e.proportion).bitPattern, "\(aggregate)")
            #expect(e.design?.standardError.isFinite == true && e.design!.standardError > 0, "\(aggregate)")
        }
    }

    /// Only an aggregate that every output reads through `value()` alone is marked a point estimate.
    @Test func onlyAggregatesReadByValueAloneArePointEstimates() throws {
        let session = Session(workingDirectory: packageRoot.path)
        #expect(session.run(#"load "Tests/ToplineTests/Fixtures/survey/apistrat.csv" as d weight pw"#, fileName: "s.tq").succeeded)
        let source = SourceFile(name: "q.tq", text: #"from d | summarize v = value(mean(api00)), e = mean(api00), m = moe(share(awards == "Yes")) + value(share(awards == "No")), k = round(value(mean(api00)), 1)"#)
        let (script, diagnostics) = Parser.parse(source)
        #expect(diagnostics.isEmpty)
        guard case .pipeline(let pipeline) = try #require(script.statements.first).kind else { Issue.record("not a pipeline"); return }
        let resolver = Resolver(fileName: "q.tq", source: source, catalog: session.catalog, settings: session.settings)
        let step = try #require(try resolver.resolve(pipeline).steps.last as? AggregateStep)
        #expect(step.aggregates.map(\.valueOnly) == [true, false, false, true, true])
    }

    /// A weighted dataset of one row is a lonely unit: under `set lonely_psu fail` its estimate is refused,
    /// read by `value()` alone or not; under `adjust` both give the value.
    @Test(arguments: ["value(share(x == 1))", "share(x == 1)", "value(mean(x))"])
    func aLonelyUnitIsRefusedForItsValueToo(_ item: String) throws {
        let session = try SessionTest.session(["one": [SessionTest.integers("x", [1]), SessionTest.integers("w", [3])]])
        #expect(session.run("design one weight w", fileName: "d.tq").succeeded)
        let failed = session.run("set lonely_psu fail\nfrom one | summarize s = \(item)", fileName: "f.tq")
        #expect(!failed.succeeded && failed.diagnostics.contains { $0.message.contains("only one PSU") }, "\(failed.diagnostics.map(\.message))")
        let adjusted = session.run("set lonely_psu adjust\nfrom one | summarize s = \(item)", fileName: "a.tq")
        #expect(adjusted.succeeded, "\(adjusted.diagnostics.map(\.message))")
    }
}
