import Foundation
import Testing
import ToplineTestSupport

/// A debug build of product `name` next to these sources (`swift build` makes it).
func builtProduct(_ name: String) -> String? {
    let path = packageRoot.appendingPathComponent(".build/debug/\(name)").path
    return FileManager.default.isExecutableFile(atPath: path) ? path : nil
}

let toplineBinary = builtProduct("topline")

struct BinaryResult { var status: Int32; var out: String; var err: String }

/// Runs the built `topline` with `arguments` in `directory` (default: the
/// package root), `environment` added to this process's, `stdin` (text, or a
/// file such as `/dev/zero`) on standard input, and standard output to a
/// pipe, or to the file `standardOutput` (e.g. `/dev/full`). `program`
/// runs instead of `topline` (a shell that sets a limit, then runs it).
func runBinary(
    _ arguments: [String], stdin: String = "", stdinFile: String? = nil, standardOutput: String? = nil,
    environment: [String: String] = [:], directory: String? = nil, closeOutputAfter lines: Int? = nil,
    program: String? = nil
) throws -> BinaryResult {
    let binary = try program ?? #require(toplineBinary, "build the topline product first (swift build)")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = arguments
    // Always a directory of our own: CommandLineTests change this process's working
    // directory for a moment, and a child started then would inherit a folder about to go.
    process.currentDirectoryURL = directory.map { URL(fileURLWithPath: $0) } ?? packageRoot
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let input = Pipe(), output = Pipe(), error = Pipe()
    if let stdinFile {
        process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: stdinFile))
    } else {
        process.standardInput = input
    }
    if let standardOutput {
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: standardOutput))
    } else {
        process.standardOutput = output
    }
    process.standardError = error
    try process.run()
    if stdinFile == nil {
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
    }
    var out = Data()
    if standardOutput != nil {
        // Nothing to read.
    } else if let lines {
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
    return BinaryResult(status: process.terminationStatus, out: String(decoding: out, as: UTF8.self),
                        err: String(decoding: err, as: UTF8.self))
}

/// The built `topline` executable, run as a subprocess: what only the real
/// process shows (argument parsing exit codes, SIGPIPE handling).
/// A missing binary is a failure, not a skip: `scripts/test` builds it first.
@Suite(.serialized)
struct BinaryTests {

    typealias Result = BinaryResult

    func run(_ arguments: [String], stdin: String = "", closeOutputAfter lines: Int? = nil) throws -> Result {
        try runBinary(arguments, stdin: stdin, closeOutputAfter: lines)
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
        for line in ["0  success", "1  a query failed", "2  usage error", "3  unreadable input", "4  results could not be written", "TOPLINE_SCRIPT_LIMIT"] {
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
