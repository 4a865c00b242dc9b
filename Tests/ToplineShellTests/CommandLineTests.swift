import Testing
import ToplineTestSupport
import Topline
@testable import ToplineShell

/// Runs the command's logic in-process with captured streams.
func runCommand(_ invocation: Invocation, stdin: String? = nil, in directory: TemporaryDirectory)
    -> (status: CommandStatus, out: String, err: String)
{
    let (out, outText) = TextOutput.capture()
    let (err, errText) = TextOutput.capture()
    let context = CommandContext(
        standardOutput: out, standardError: err, standardInputIsTerminal: stdin == nil,
        readStandardInput: { .success(Array((stdin ?? "").utf8)) }, environment: [:])
    let status = inDirectory(directory.path) { CommandLineRunner.run(invocation, in: context) }
    return (status, outText(), errText())
}

/// Runs `body` with the process's working directory set to `path` (tests using it are serialized).
func inDirectory<T>(_ path: String, _ body: () -> T) -> T {
    var buffer = [CChar](repeating: 0, count: 4096)
    let previous = String(cString: getcwd(&buffer, buffer.count))
    chdir(path)
    defer { chdir(previous) }
    return body()
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite(.serialized) struct CommandLineTests {
    static let query = "from regions | where segment == \"CEOs\" | select region"

    func fixture() -> TemporaryDirectory {
        let dir = TemporaryDirectory()
        dir.write("regions.csv", "region,segment,share\nAsia Pacific,CEOs,16%\nEurope,CEOs,57%\nNorth America,Managers,20%\n")
        dir.write("ok.tq", "from regions | select region | take 1\n")
        dir.write("bad.tq", "from regions | where regoin == 1\nfrom regions | take 1\n")
        return dir
    }

    @Test func dataFilesThenCommandsInOrder() {
        let dir = fixture()
        defer { dir.remove() }
        let r = runCommand(Invocation(files: ["regions.csv"], commands: [Self.query], format: .csv), stdin: "", in: dir)
        #expect(r.status == .success)
        #expect(r.out == "region\nAsia Pacific\nEurope\n")
        #expect(r.err == "loaded regions: 3 rows × 3 columns\n")
    }

    @Test func positionalScriptsRunInOrderAfterPrecedingData() {
        let dir = fixture()
        defer { dir.remove() }
        let r = runCommand(Invocation(files: ["regions.csv", "ok.tq"], format: .csv), stdin: "ignored", in: dir)
        #expect(r.status == .success)
        #expect(r.out == "region\nAsia Pacific\n")
    }

    @Test func queryErrorExitsOneWithFileLineColumn() {
        let dir = fixture()
        defer { dir.remove() }
        let r = runCommand(Invocation(scripts: ["bad.tq"], files: ["regions.csv"]), stdin: "", in: dir)
        #expect(r.status == .queryError)
        #expect(r.err.contains("bad.tq:1:22: error: unknown column 'regoin'"))
        #expect(r.out == "")  // stopped before the second statement
    }

    @Test func keepGoingRunsTheRestButStillFails() {
        let dir = fixture()
        defer { dir.remove() }
        let r = runCommand(
            Invocation(scripts: ["bad.tq"], files: ["regions.csv"], format: .csv, keepGoing: true), stdin: "", in: dir)
        #expect(r.status == .queryError)
        #expect(r.out.contains("Asia Pacific"))
    }

    @Test(arguments: [
        Invocation(scripts: ["missing.tq"]),
        Invocation(files: ["missing.csv"], commands: ["datasets"]),
        Invocation(scripts: ["."]),
    ])
    func unreadableInputExitsThree(invocation: Invocation) {
        let dir = fixture()
        defer { dir.remove() }
        let r = runCommand(invocation, stdin: "", in: dir)
        #expect(r.status == .unreadableInput)
        #expect(!r.err.isEmpty)
    }

    @Test(arguments: [Invocation(files: ["notes.txt"]), Invocation(commands: ["datasets"], maxRows: -1)])
    func usageErrorsExitTwo(invocation: Invocation) {
        let dir = fixture()
        defer { dir.remove() }
        let r = runCommand(invocation, stdin: "", in: dir)
        #expect(r.status == .usageError)
    }

    @Test func scriptOnStandardInputRunsWhenNothingElseDoes() {
        let dir = fixture()
        defer { dir.remove() }
        let r = runCommand(Invocation(files: ["regions.csv"], format: .csv), stdin: Self.query + "\nfrom nope\n", in: dir)
        #expect(r.status == .queryError)
        #expect(r.out == "region\nAsia Pacific\nEurope\n")
        #expect(r.err.contains("<stdin>:2:"))
    }

    @Test func maxRowsCutsHumanFormatsOnly() {
        let dir = fixture()
        defer { dir.remove() }
        let table = runCommand(Invocation(files: ["regions.csv"], commands: ["from regions"], maxRows: 1), stdin: "", in: dir)
        #expect(table.out.contains("2 more rows"))
        let csv = runCommand(
            Invocation(files: ["regions.csv"], commands: ["from regions"], format: .csv, maxRows: 1), stdin: "", in: dir)
        #expect(csv.out.split(separator: "\n").count == 4)
    }

    @Test(arguments: [("data.CSV", "csv"), ("a/b.tq", "tq"), ("a.b/c", ""), (".hidden", ""), ("x.ndjson", "ndjson")])
    func extensions(path: String, ext: String) {
        #expect(CommandLineRunner.fileExtension(path) == ext)
    }

    @Test func startupFileRules() {
        let env = ["HOME": "/h", "XDG_CONFIG_HOME": "/c"]
        #expect(ShellEnvironment.startupFile(environment: env) { $0 == "/h/.toplinerc" || $0 == "/c/topline/rc" } == "/h/.toplinerc")
        #expect(ShellEnvironment.startupFile(environment: env) { $0 == "/c/topline/rc" } == "/c/topline/rc")
        #expect(ShellEnvironment.startupFile(environment: ["HOME": "/h"]) { $0 == "/h/.config/topline/rc" } == "/h/.config/topline/rc")
        #expect(ShellEnvironment.startupFile(environment: env) { _ in false } == nil)
    }
}
