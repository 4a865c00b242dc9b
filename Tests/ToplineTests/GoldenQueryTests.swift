import Foundation
import Testing
@testable import Topline

/// Every `Fixtures/queries/*.tq` runs and its transcript (results, messages,
/// diagnostics) must equal the `.out` file beside it. A first line
/// `# keep-going` runs the whole script even after errors.
@Suite struct GoldenQueryTests {
    static let queries: [String] = {
        let dir = GoldenFile.fixtures.appendingPathComponent("queries")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return files.filter { $0.hasSuffix(".tq") }.sorted()
    }()

    @Test func fixturesExist() {
        #expect(Self.queries.count >= 10)
    }

    @Test(arguments: queries)
    func query(_ name: String) throws {
        let url = GoldenFile.fixtures.appendingPathComponent("queries/\(name)")
        let source = try String(contentsOf: url, encoding: .utf8)
        let keepGoing = source.hasPrefix("# keep-going")
        let actual = GoldenFile.transcript(of: source, fileName: "queries/\(name)", keepGoing: keepGoing)
        GoldenFile.check(actual, against: url.deletingPathExtension().appendingPathExtension("out"))
    }
}
