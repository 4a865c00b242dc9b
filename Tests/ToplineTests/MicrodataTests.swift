import Foundation
import Testing
import ToplineTestSupport
@testable import Topline

/// Respondent microdata from the benchmark's generator: loads with a weight,
/// gives weighted shares with Kish n_eff, and `compare` runs McNemar with the
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

    @Test func weightedShareAndMcNemar() throws {
        let path = Self.fixture
        let session = Session()
        let outcome = session.run("""
            load "\(path)" as microdata weight weight
            from microdata | summarize n = count(), now = share(social_media_now == "yes")
            from microdata | compare social_media_now == "yes" vs social_media_future == "yes"
            """, fileName: "micro.tq")
        #expect(outcome.succeeded, "\(outcome.diagnostics)")
        let table = try #require(session.dataset(named: "microdata"))
        #expect(table.rowCount == Self.rows)

        // An independent tally of the same rows.
        var b = 0, c = 0, sumW = 0.0, sumW2 = 0.0, sumWY = 0.0
        for r in 0..<table.rowCount {
            let now = table[r, "social_media_now"] == .text("yes")
            let future = table[r, "social_media_future"] == .text("yes")
            if now && !future { b += 1 }
            if !now && future { c += 1 }
            let w = table[r, "weight"].numeric!
            sumW += w; sumW2 += w * w
            if now { sumWY += w }
        }

        guard case .estimate(let share) = outcome.tables[0][0, "now"] else {
            Issue.record("share() did not return an estimate")
            return
        }
        #expect(abs(share.proportion - sumWY / sumW) < 1e-12)
        #expect(share.n == Self.rows)
        #expect(abs(share.effectiveN! - sumW * sumW / sumW2) < 1e-9)
        #expect(share.isWeighted)

        let comparison = outcome.tables[1]
        let chi2 = Double((b - c) * (b - c)) / Double(b + c)
        #expect(abs(comparison[0, "statistic"].numeric! - chi2) < 1e-9)
        #expect(abs(comparison[0, "difference"].numeric! - Double(c - b) / Double(Self.rows)) < 1e-12)
        #expect(comparison[0, "method"].textValue.hasPrefix("same respondents: McNemar"))
    }
}
