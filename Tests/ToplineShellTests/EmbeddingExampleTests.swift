import Foundation
import Testing
import ToplineTestSupport

/// `Examples/Embedding` (the `embed-example` product) embeds the library:
/// it must build, run from the package root and print the typed answer.
@Suite struct EmbeddingExampleTests {
    @Test func runsAndPrintsTheAnswer() throws {
        let binary = try #require(builtProduct("embed-example"), "build the embed-example product first (swift build)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.currentDirectoryURL = packageRoot
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(text.contains("now               16"))
        #expect(text.contains("3-5 years         57"))
        #expect(text.hasSuffix("now: 16\n"))
    }
}
