import Foundation
import Testing
import ToplineTestSupport

/// A debug build of product `name` next to these sources (`swift build` makes it).
func builtProduct(_ name: String) -> String? {
    let path = packageRoot.appendingPathComponent(".build/debug/\(name)").path
    return FileManager.default.isExecutableFile(atPath: path) ? path : nil
}

let toplineBinary = builtProduct("topline")

/// The built `topline` executable, run as a subprocess: what only the real
/// process shows (argument parsing exit codes, SIGPIPE handling).
/// A missing binary is a failure, not a skip: `scripts/test` builds it first.
@Suite(.serialized)
struct BinaryTests {

    struct Result { var status: Int32; var out: String; var err: String }

    func run(_ arguments: [String], stdin: String = "", closeOutputAfter lines: Int? = nil) throws -> Result {
        let binary = try #require(toplineBinary, "build the topline product first (swift build)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        let input = Pipe(), output = Pipe(), error = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = error
        try process.run()
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
        var out = Data()
        if let lines {
            // Read a little, then close: the writer must exit quietly on EPIPE.
            while out.filter({ $0 == 10 }).count < lines, let chunk = try output.fileHandleForReading.read(upToCount: 64) {
                out += chunk
            }
            try output.fileHandleForReading.close()
        } else {
            out = output.fileHandleForReading.readDataToEndOfFile()
        }
        let err = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, out: String(decoding: out, as: UTF8.self),
                      err: String(decoding: err, as: UTF8.self))
    }

    @Test(arguments: [["--bogus"], ["--format", "xml", "-c", "datasets"], ["run"], ["--max-rows", "x"], ["notes.txt"]])
    func argumentErrorsExitTwo(arguments: [String]) throws {
        let r = try run(arguments)
        #expect(r.status == 2)
        #expect(!r.err.isEmpty)
        #expect(r.out.isEmpty)
    }

    @Test func helpDocumentsExitStatusesAndExitsZero() throws {
        let r = try run(["--help"])
        #expect(r.status == 0)
        for line in ["0  success", "1  a query failed", "2  usage error", "3  unreadable input"] {
            #expect(r.out.contains(line))
        }
        #expect(r.out.contains("topline run SCRIPT"))
    }

    @Test func versionExitsZero() throws {
        let r = try run(["--version"])
        #expect(r.status == 0)
        #expect(r.out == "0.1.0\n")
    }

    @Test func runSubcommandStatuses() throws {
        #expect(try run(["run", "/nonexistent/script.tq"]).status == 3)
        let dir = TemporaryDirectory(prefix: "topline-binary")
        defer { dir.remove() }
        dir.write("script.tq", "from nowhere\n")
        let r = try run(["run", dir.file("script.tq")])
        #expect(r.status == 1)
        #expect(r.err.contains(dir.file("script.tq") + ":1:6: error:"))
    }

    @Test func closedOutputPipeExitsQuietly() throws {
        let statements = String(repeating: "datasets\n", count: 20000)
        let r = try run(["--format", "csv"], stdin: statements, closeOutputAfter: 2)
        #expect(r.status == 0)
        #expect(r.err.isEmpty)
    }
}
