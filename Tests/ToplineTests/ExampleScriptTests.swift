import Foundation
import Testing
import ToplineTestSupport
@testable import Topline

/// Every `Examples/*.tq` script runs without errors and prints exactly its
/// golden output in `Fixtures/examples/NAME.out`.
@Suite struct ExampleScriptTests {
    static let scripts: [String] = {
        let dir = packageRoot.appendingPathComponent("Examples")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return files.filter { $0.hasSuffix(".tq") }.sorted()
    }()

    @Test func examplesExist() {
        #expect(Self.scripts.contains("ceo-study-2012.tq"))
        #expect(Self.scripts.contains("pwc-growth-trend.tq"))
    }

    @Test(arguments: scripts)
    func example(_ name: String) throws {
        let source = try String(contentsOf: packageRoot.appendingPathComponent("Examples/\(name)"), encoding: .utf8)
        let session = Session(workingDirectory: packageRoot.path)
        let transcript = GoldenFile.transcript(of: source, fileName: "Examples/\(name)", session: session)
        #expect(!transcript.contains("[exit: error]") && !transcript.contains(": error: "), "the example must run cleanly")
        GoldenFile.check(transcript, against: GoldenFile.fixtures.appendingPathComponent("examples/\(name.dropLast(3)).out"))
    }
}
