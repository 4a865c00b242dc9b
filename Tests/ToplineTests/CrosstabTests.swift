import Foundation
import Testing
import ToplineTestSupport
@testable import Topline

/// `crosstab ROW by COLUMN` beyond the R oracle's Rao–Scott cases: Pearson's
/// X² on unweighted rows, the distributions behind the p-values, and the errors.
@Suite struct CrosstabTests {
    static func run(_ script: String) -> RunOutcome {
        Session(workingDirectory: packageRoot.path).run(script, fileName: "x.tq")
    }

    static let strat = #"load "Tests/ToplineTests/Fixtures/survey/apistrat.csv" as d"#

    /// R: chisq.test(table(apistrat$awards, apistrat$stype), correct = FALSE).
    @Test func pearsonOnUnweightedRows() throws {
        let outcome = Self.run(Self.strat + "\nfrom d | crosstab awards by stype")
        let t = try #require(outcome.tables.last)
        #expect(t.rowCount == 1)
        #expect(t[0, "test"] == .text("Pearson"))
        #expect(Swift.abs(t[0, "statistic"].numeric! - 24.758417251551215) < 1e-9 * 24.76)
        #expect(t[0, "ndf"].numeric == 2)
        #expect(t[0, "ddf"] == .null)
        #expect(Swift.abs(t[0, "p"].numeric! - 4.2051162226077076e-06) < 1e-9 * 4.2e-06)
        #expect(t.columns[4].type == .probability)
    }

    struct Tail: Sendable, CustomTestStringConvertible {
        let x: Double, df: Double, expected: Double
        var testDescription: String { "P(χ²(\(df)) > \(x))" }
    }

    /// R's pchisq(x, df, lower.tail = FALSE), printed with 17 digits: the series and the continued fraction.
    @Test(arguments: [
        Tail(x: 3.5, df: 1, expected: 0.061368829139401948), Tail(x: 19.47, df: 2, expected: 5.9175674750585072e-05),
        Tail(x: 0.5, df: 3, expected: 0.91889141165467592), Tail(x: 40, df: 5, expected: 1.4933679000503954e-07),
        Tail(x: 250, df: 4, expected: 6.5096899973757052e-53), Tail(x: 1e-3, df: 7, expected: 0.99999999999975986),
    ])
    func chiSquareUpperTail(_ c: Tail) {
        #expect(Swift.abs(ChiSquare.upperTail(c.x, df: c.df) - c.expected) <= 1e-9 * c.expected)
    }

    /// R: pf(14.169408118007809, 1.885135885034614, 371.37176935181895, lower.tail = FALSE).
    @Test func fUpperTail() {
        let p = FDistribution.upperTail(14.169408118007809, 1.885135885034614, 371.37176935181895)
        #expect(Swift.abs(p - 2.0821086764284022e-06) <= 1e-9 * 2.08e-06)
    }

    /// The interaction contrasts are orthogonal to the main effects, whatever the table's shape.
    @Test(arguments: [(2, 2), (2, 3), (4, 3), (5, 5)])
    func contrastsAreResidualised(_ shape: (Int, Int)) {
        let (r, c) = shape
        let contrasts = IndependenceTest.interactionContrasts(rows: r, columns: c)
        #expect(contrasts.count == (r - 1) * (c - 1))
        for column in contrasts {
            for i in 0..<r {
                let rowSum = (0..<c).reduce(0.0) { $0 + column[i + r * $1] }
                #expect(Swift.abs(rowSum) < 1e-12)
            }
            for j in 0..<c {
                let columnSum = (0..<r).reduce(0.0) { $0 + column[$1 + r * j] }
                #expect(Swift.abs(columnSum) < 1e-12)
            }
        }
    }

    struct Failure: Sendable, CustomTestStringConvertible {
        let query: String, id: DiagnosticID, fragment: String
        var testDescription: String { query }
    }

    @Test(arguments: [
        Failure(query: "from d | crosstab stype by stype", id: .resolveCrosstab, fragment: "two different columns"),
        Failure(query: #"from d | where stype == "E" | crosstab awards by stype"#, id: .runCrosstab, fragment: "'stype' has 1"),
        Failure(query: "from d | crosstab snum by dnum", id: .runCrosstab, fragment: "at most 400 cells"),
        Failure(query: "from d | crosstab awards", id: .parseExpected, fragment: "expected 'by'"),
        Failure(query: "from d | summarize m = mean(api00) by stype | crosstab m by stype", id: .resolveCrosstab, fragment: "holds estimates"),
    ])
    func errors(_ c: Failure) throws {
        let outcome = Self.run(Self.strat + "\n" + c.query)
        let d = try #require(outcome.diagnostics.first, "no diagnostic")
        #expect(d.id == c.id, "\(d.id)")
        #expect(d.message.contains(c.fragment), "\(d.message)")
        #expect(d.range != nil)
    }
}
