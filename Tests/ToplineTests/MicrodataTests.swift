import Foundation
import Testing
@testable import Topline

/// Respondent microdata from the shared benchmark generator: loads with a
/// weight, gives weighted shares with Kish n_eff, and `compare` runs McNemar
/// with the counts an independent tally of the same rows gives.
@Suite struct MicrodataTests {
    static let generator = GoldenFile.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/bench/gen_microdata.py")

    /// Generates `rows` respondents into a temporary CSV, or nil when the
    /// generator (in ../shared) is not there.
    static func generate(rows: Int) throws -> String? {
        guard FileManager.default.fileExists(atPath: generator.path) else { return nil }
        let path = NSTemporaryDirectory() + "topline-microdata-\(rows).csv"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", generator.path, String(rows), path]
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? path : nil
    }

    @Test func weightedShareAndMcNemar() throws {
        guard let path = try Self.generate(rows: 3000) else {
            Issue.record("the shared microdata generator is missing at \(Self.generator.path)")
            return
        }
        let session = Session()
        let outcome = session.run("""
            load "\(path)" as microdata weight weight
            from microdata | summarize n = count(), now = share(social_media_now == "yes")
            from microdata | compare social_media_now == "yes" vs social_media_future == "yes"
            """, fileName: "micro.tq")
        #expect(outcome.succeeded, "\(outcome.diagnostics)")
        let table = try #require(session.dataset(named: "microdata"))
        #expect(table.rowCount == 3000)

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
        #expect(share.n == 3000)
        #expect(abs(share.effectiveN! - sumW * sumW / sumW2) < 1e-9)
        #expect(share.isWeighted)

        let comparison = outcome.tables[1]
        let chi2 = Double((b - c) * (b - c)) / Double(b + c)
        #expect(abs(comparison[0, "statistic"].numeric! - chi2) < 1e-9)
        #expect(abs(comparison[0, "difference"].numeric! - Double(c - b) / 3000) < 1e-12)
        #expect(comparison[0, "method"].textValue.hasPrefix("same respondents: McNemar"))
    }
}
