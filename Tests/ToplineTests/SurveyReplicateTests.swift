import Foundation
import Testing
import ToplineTestSupport
@testable import Topline

/// Replicate-weight designs beyond the R oracle's two: the rank behind their
/// degrees of freedom, each method's scale on a design small enough to check
/// by hand, and the diagnostics of the `replicates` clause. Every expected
/// figure was also computed by R `survey` 4.1.1 (the call is beside it).
@Suite struct SurveyReplicateTests {
    struct RankCase: CustomTestStringConvertible, Sendable {
        let name: String
        /// The columns of the matrix.
        let columns: [[Double]]
        /// R: `qr(cbind(...), tol = 1e-5)$rank`.
        let rank: Int
        var testDescription: String { name }
    }

    static let rankCases: [RankCase] = [
        RankCase(name: "independent", columns: [[1, 0, 0], [1, 1, 0], [0, 1, 1]], rank: 3),
        RankCase(name: "a repeated column", columns: [[1, 2, 3], [1, 2, 3], [0, 1, 0]], rank: 2),
        // A column whose residual is 1e-6 of its norm is set aside; one of 1e-4 is kept.
        RankCase(name: "below the tolerance", columns: [[1, 0, 0], [1, 1e-6, 0]], rank: 1),
        RankCase(name: "above the tolerance", columns: [[1, 0, 0], [1, 1e-4, 0]], rank: 2),
        RankCase(name: "a zero column", columns: [[1, 2, 3], [0, 0, 0], [3, 1, 2]], rank: 2),
        RankCase(name: "more columns than rows", columns: [[1, 2], [2, 1], [3, 0], [4, 5]], rank: 2),
        // JK1 of 4 PSUs (two rows each) on the rows of PSUs 1 and 2: the replicates deleting PSUs 3 and 4
        // are the same column there, so the rank is the PSUs in the domain, as R's degf finds (df = 1).
        RankCase(name: "a JK1 domain", columns: [[0, 0, 4, 4], [4, 4, 0, 0], [4, 4, 4, 4], [4, 4, 4, 4]], rank: 2),
    ]

    @Test(arguments: rankCases)
    func rankIsRsQR(_ c: RankCase) {
        let columns = c.columns.map { ReplicateWeights.Storage.doubles($0) }
        #expect(ReplicateWeights.rank(columns, rows: Array(c.columns[0].indices)) == c.rank)
        // The same columns stored as integers, where they are whole.
        if c.columns.joined().allSatisfy({ $0 == $0.rounded() }) {
            let integers = c.columns.map { ReplicateWeights.Storage.integers($0.map { Int64($0) }) }
            #expect(ReplicateWeights.rank(integers, rows: Array(c.columns[0].indices)) == c.rank)
        }
    }

    /// A domain's rank is the rank of its rows only: a 3-PSU JK1 whose domain is one PSU has df 0.
    @Test func rankOfARowSubset() {
        let columns: [ReplicateWeights.Storage] = [.integers([0, 3, 3]), .integers([3, 0, 3]), .integers([3, 3, 0])]
        let weights = ReplicateWeights(columns: columns, method: .jk1, rowCount: 3)
        #expect(weights.degreesOfFreedom == 2)
        #expect(weights.degreesOfFreedom(rows: [0, 1], rowCount: 3) == 1)
        #expect(weights.degreesOfFreedom(rows: [2], rowCount: 3) == 0)
    }

    struct MethodCase: CustomTestStringConvertible, Sendable {
        let clause: String
        let method: ReplicateMethod
        /// R's `svrepdesign(…)$scale` with 2 replicates.
        let scale: Double
        /// `SE(svymean(~y, d))` of the three-row design below.
        let se: Double
        var testDescription: String { clause }
    }

    /// y = 1, 2, 3 with weight 1, and two replicates (2, 1, 0) and (0, 1, 2): θ = 2, θ₁ = 4/3, θ₂ = 8/3,
    /// Σ(θ_r − θ)² = 8/9. R: `svrepdesign(data = d, weights = ~w, repweights = "r[0-9]", type = …, mse = TRUE)`.
    static let methodCases: [MethodCase] = [
        MethodCase(clause: "jk1", method: .jk1, scale: 0.5, se: 2.0 / 3),                       // (R − 1)/R
        MethodCase(clause: "brr", method: .brr, scale: 0.5, se: 2.0 / 3),                       // 1/R
        MethodCase(clause: "fay 0.5", method: .fay(rho: 0.5), scale: 2, se: 4.0 / 3),           // 1/(R(1 − ρ)²)
        MethodCase(clause: "sdr", method: .sdr, scale: 2, se: 4.0 / 3),                         // 4/R
        MethodCase(clause: "acs", method: .acs, scale: 2, se: 4.0 / 3),                         // 4/R
        MethodCase(clause: "bootstrap", method: .bootstrap, scale: 1, se: 0.94280904158206336), // 1/(R − 1)
    ]

    static func tinySession() -> Session {
        let session = Session(workingDirectory: packageRoot.path)
        let numbers: (String, [Double]) -> Column = { name, v in Column(name: name, type: .number, values: v.map(Value.number)) }
        session.register(try! Table(columns: [
            numbers("y", [1, 2, 3]), numbers("w", [1, 1, 1]), numbers("r1", [2, 1, 0]), numbers("r2", [0, 1, 2]),
            Column(name: "label", type: .text, values: [.text("a"), .text("b"), .null]),
            Column(name: "gap", type: .number, values: [.number(1), .null, .number(2)]),
        ]), as: "tiny")
        return session
    }

    @Test(arguments: methodCases)
    func eachMethodHasRsScale(_ c: MethodCase) throws {
        #expect(Swift.abs(c.method.scale(replicates: 2) - c.scale) < 1e-15)
        let session = Self.tinySession()
        let outcome = session.run("""
            design tiny weight w replicates r1 .. r2 method \(c.clause)
            from tiny | summarize m = mean(y)
            """, fileName: "m.tq")
        #expect(outcome.succeeded, "\(outcome.diagnostics.map(\.message))")
        let table = try #require(outcome.tables.last)
        guard case .estimate(let e) = table[0, "m"], let d = e.design else { Issue.record("not a design estimate"); return }
        #expect(d.value == 2)
        #expect(Swift.abs(d.standardError - c.se) < 1e-15 * c.se, "\(d.standardError)")
        #expect(d.degreesOfFreedom == 1)
        #expect(d.variance == c.method.name)
    }

    struct DiagnosticCase: CustomTestStringConvertible, Sendable {
        let statement: String
        let id: DiagnosticID
        /// The text the diagnostic points at.
        let at: String
        var testDescription: String { statement }
    }

    static let diagnosticCases: [DiagnosticCase] = [
        DiagnosticCase(statement: "design tiny weight w replicates r2 .. r1 method jk1", id: .designReplicateRange, at: "r2 .. r1"),
        DiagnosticCase(statement: "design tiny weight w replicates r1 .. r1 method jk1", id: .designReplicateRange, at: "r1 .. r1"),
        DiagnosticCase(statement: "design tiny weight w replicates r1 .. r9 method jk1", id: .designUnknownColumn, at: "r9"),
        DiagnosticCase(statement: "design tiny weight w replicates q1 .. r2 method jk1", id: .designUnknownColumn, at: "q1"),
        DiagnosticCase(statement: "design tiny weight w replicates r2 .. label method jk1", id: .designReplicateType, at: "r2 .. label"),
        DiagnosticCase(statement: "design tiny weight w replicates r1 .. r2 method fay", id: .designRhoMissing, at: "fay"),
        DiagnosticCase(statement: "design tiny weight w replicates r1 .. r2 method fay 1.5", id: .designRhoRange, at: "1.5"),
        DiagnosticCase(statement: "design tiny weight w replicates r1 .. r2 method fay -0.5", id: .designRhoRange, at: "-0.5"),
        DiagnosticCase(statement: "design tiny weight w replicates r1 .. r2 method fay 1", id: .designRhoRange, at: "1"),
        DiagnosticCase(statement: "design tiny weight w replicates r1 .. r2 method jk1 0.5", id: .designRhoUnused, at: "0.5"),
        DiagnosticCase(statement: "design tiny weight w replicates r1 .. r2 method jkn", id: .designJKnUnsupported, at: "jkn"),
        DiagnosticCase(statement: "design tiny weight w replicates r1 .. r2 method jk2", id: .designReplicateMethod, at: "jk2"),
        DiagnosticCase(statement: "design tiny weight w strata label replicates r1 .. r2 method jk1", id: .parseExpected, at: "replicates"),
        DiagnosticCase(statement: "design tiny weight w replicates r1 r2 method jk1", id: .parseExpected, at: "r2"),
        DiagnosticCase(statement: "design tiny weight w cluster y, r1 fpc r2", id: .designFPCStages, at: "r2"),
        DiagnosticCase(statement: "design tiny weight w fpc r1, r2", id: .designFPCStages, at: "r1, r2"),
    ]

    @Test(arguments: diagnosticCases)
    func replicateClauseDiagnostics(_ c: DiagnosticCase) throws {
        let outcome = Self.tinySession().run(c.statement, fileName: "d.tq")
        let d = try #require(outcome.diagnostics.first)
        #expect(d.id == c.id, "\(d.message)")
        let range = try #require(d.range)
        let bytes = Array(c.statement.utf8)
        #expect(String(decoding: bytes[range.start..<range.end], as: UTF8.self) == c.at, "\(d.message)")
    }

    /// A null in the middle of the range is named with its column and row.
    @Test func nullReplicateWeightNamesItsColumnAndRow() throws {
        let session = Self.tinySession()
        session.register(try Table(columns: [
            Column(name: "w", type: .number, values: [.number(1), .number(1)]),
            Column(name: "a", type: .integer, values: [.integer(1), .integer(2)]),
            Column(name: "b", type: .integer, values: [.integer(1), .null]),
            Column(name: "c", type: .integer, values: [.integer(2), .integer(1)]),
        ]), as: "holes")
        let outcome = session.run("design holes weight w replicates a .. c method brr", fileName: "n.tq")
        let d = try #require(outcome.diagnostics.first)
        #expect(d.id == .designReplicateNull)
        #expect(d.message == "the replicate weight column 'b' is null in row 2")
    }

    /// A load that parses only the columns a script names (the range's two ends) reads the columns between
    /// them when the design asks: the figures equal those of the whole table.
    @Test func aReplicateRangeReadsTheColumnsBetweenItsEnds() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        dir.write("rep.csv", "y,w,r1,mid,r2\n1,1,2,1,0\n2,1,1,3,1\n3,1,0,1,2\n")
        let script = "load \"rep.csv\" as d\ndesign d weight w replicates r1 .. r2 method jk1\nfrom d | summarize m = mean(y)"
        let outcome = Session(workingDirectory: dir.path).run(script, fileName: "p.tq")
        #expect(outcome.succeeded, "\(outcome.diagnostics.map(\.message))")
        let table = try #require(outcome.tables.last)
        guard case .estimate(let e) = table[0, "m"], let d = e.design else { Issue.record("not a design estimate"); return }
        // θ_r = 4/3, 2, 8/3 (mid: (1 + 6 + 3)/5); V = (2/3)·(4/9 + 0 + 4/9); rank 3.
        #expect(Swift.abs(d.standardError - (2.0 / 3 * 8 / 9).squareRoot()) < 1e-15)
        #expect(d.degreesOfFreedom == 2)
    }

    /// `describe` marks the replicate columns and `datasets` shows the design.
    @Test func describeAndDatasetsShowTheDesign() throws {
        let session = Self.tinySession()
        let outcome = session.run("design tiny weight w replicates r1 .. r2 method fay 0.3\ndescribe tiny\ndatasets", fileName: "s.tq")
        #expect(outcome.succeeded)
        let described = try #require(outcome.tables.first)
        #expect((0..<described.rowCount).map { ValueText.human(described[$0, "type"]) }
                == ["number", "number (weight)", "number (replicate weight)", "number (replicate weight)", "text", "number"])
        let datasets = try #require(outcome.tables.last)
        #expect(ValueText.human(datasets[0, "design"]) == "weight w, replicates r1 .. r2 (2 columns), method fay 0.3")
    }
}
