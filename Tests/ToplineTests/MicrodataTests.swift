import Foundation
import Testing
import ToplineTestSupport
@testable import Topline

/// Respondent microdata from the benchmark's generator: loads with a weight,
/// gives weighted shares with their design SE (weights only: R's
/// `svydesign(ids = ~1, weights = ~w)`), and `compare` of two items tests the
/// weighted paired difference by design; unweighted, it runs McNemar with the
/// counts an independent tally of the same rows gives.
///
/// The data is a committed fixture (Fixtures/microdata/, with a note on how it
/// was made), so the test needs nothing outside the repository.
@Suite struct MicrodataTests {
    static let rows = 1000
    static let fixture = packagePath("Tests/ToplineTests/Fixtures/microdata/microdata-1000.csv")
    static let generator = packagePath("Benchmarks/workload/gen_microdata.py")

    /// The fixture is exactly what the in-repository generator writes for
    /// 1,000 rows with its default seed (python3: `scripts/install-deps --test`).
    @Test func fixtureIsWhatTheGeneratorMakes() throws {
        let dir = TemporaryDirectory(prefix: "topline-microdata")
        defer { dir.remove() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.generator, String(Self.rows), dir.file("generated.csv")]
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "python3 \(Self.generator) failed (status \(process.terminationStatus)); scripts/install-deps --test installs python3")
        let generated = try #require(FileManager.default.contents(atPath: dir.file("generated.csv")))
        let committed = try #require(FileManager.default.contents(atPath: Self.fixture))
        #expect(generated == committed, "regenerate the fixture as Fixtures/microdata/README.md says")
    }

    /// The linearised SE of a weighted mean of `y` on a weights-only design: √(n/(n−1) Σ zᵢ²),
    /// zᵢ = wᵢ(yᵢ − ȳ)/Σw — written out here, independently of the library's routine.
    static func weightsOnlySE(_ y: [Double], _ w: [Double]) -> (mean: Double, se: Double) {
        let total = w.reduce(0, +)
        let mean = zip(y, w).reduce(0) { $0 + $1.0 * $1.1 } / total
        let squares = zip(y, w).reduce(0.0) { s, p in let z = p.1 * (p.0 - mean) / total; return s + z * z }
        let n = Double(y.count)
        return (mean, (n / (n - 1) * squares).squareRoot())
    }

    @Test func weightedShareAndPairedDesignCompare() throws {
        let session = Session()
        let outcome = session.run("""
            load "\(Self.fixture)" as microdata weight weight
            from microdata | summarize n = count(), now = share(social_media_now == "yes")
            from microdata | compare social_media_now == "yes" vs social_media_future == "yes"
            """, fileName: "micro.tq")
        #expect(outcome.succeeded, "\(outcome.diagnostics)")
        let table = try #require(session.dataset(named: "microdata"))
        var now: [Double] = [], future: [Double] = [], weights: [Double] = []
        for r in 0..<table.rowCount {
            now.append(table[r, "social_media_now"] == .text("yes") ? 1 : 0)
            future.append(table[r, "social_media_future"] == .text("yes") ? 1 : 0)
            weights.append(table[r, "weight"].numeric!)
        }
        guard case .estimate(let share) = outcome.tables[0][0, "now"] else { Issue.record("share() did not return an estimate"); return }
        let expected = Self.weightsOnlySE(now, weights)
        #expect(abs(share.proportion - expected.mean) < 1e-12)
        #expect(abs(share.design!.standardError - expected.se) < 1e-12)
        #expect(share.n == Self.rows)
        #expect(share.design?.degreesOfFreedom == Double(Self.rows - 1))

        let comparison = outcome.tables[1]
        let paired = Self.weightsOnlySE(zip(now, future).map { $1 - $0 }, weights)
        #expect(abs(comparison[0, "difference"].numeric! - paired.mean) < 1e-12)
        #expect(abs(comparison[0, "se"].numeric! - paired.se) < 1e-12)
        #expect(abs(comparison[0, "statistic"].numeric! - paired.mean / paired.se) < 1e-9)
        #expect(comparison[0, "df"].numeric == Double(Self.rows - 2))
        #expect(comparison[0, "method"].textValue.hasPrefix("same respondents, design-based t test"))
    }

    @Test func unweightedPairedCompareIsMcNemar() throws {
        let session = Session()
        let outcome = session.run("""
            load "\(Self.fixture)" as microdata
            from microdata | compare social_media_now == "yes" vs social_media_future == "yes"
            """, fileName: "micro.tq")
        #expect(outcome.succeeded, "\(outcome.diagnostics)")
        let table = try #require(session.dataset(named: "microdata"))
        var b = 0, c = 0
        for r in 0..<table.rowCount {
            let now = table[r, "social_media_now"] == .text("yes")
            let future = table[r, "social_media_future"] == .text("yes")
            if now && !future { b += 1 }
            if !now && future { c += 1 }
        }
        let comparison = outcome.tables[0]
        let chi2 = Double((b - c) * (b - c)) / Double(b + c)
        #expect(abs(comparison[0, "statistic"].numeric! - chi2) < 1e-9)
        #expect(abs(comparison[0, "difference"].numeric! - Double(c - b) / Double(Self.rows)) < 1e-12)
        #expect(comparison[0, "method"].textValue.hasPrefix("same respondents: McNemar"))
    }
}
