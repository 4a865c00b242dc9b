import Foundation
import Testing
import ToplineTestSupport
import Topline
@testable import ToplineShell

/// The command line as people type it from other tools: options before `run`, `--weight` for
/// the files named, `--quiet`, and standard error that is all JSON under `--errors json`.
@Suite(.serialized) struct CommandHabitTests {
    func fixture() -> TemporaryDirectory {
        let dir = TemporaryDirectory(prefix: "topline-habits")
        dir.write("s.csv", "id,w,answer\n1,1,yes\n2,3,no\n3,1,yes\n")
        dir.write("q.tq", "from s | summarize yes = share(answer == \"yes\")\n")
        return dir
    }

    @Test(arguments: [["--format", "csv", "run", "q.tq"], ["run", "--format", "csv", "q.tq"], ["run", "q.tq", "--format", "csv"]])
    func optionsGoBeforeOrAfterRun(_ arguments: [String]) throws {
        let dir = fixture()
        defer { dir.remove() }
        dir.write("q.tq", "load \"s.csv\" as s\nfrom s | select id | take 1\n")
        let r = try runBinary(arguments, directory: dir.path)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out == "id\n1\n")
    }

    @Test func runAfterDataFilesIsExplained() throws {
        let dir = fixture()
        defer { dir.remove() }
        let r = try runBinary(["s.csv", "run", "q.tq"], directory: dir.path)
        #expect(r.status == 2)
        #expect(r.err.contains("`run` comes before the scripts"))
        #expect(try runBinary(["-c", "datasets", "run", "q.tq"], directory: dir.path).status == 2)
    }

    @Test func weightAppliesToTheFilesNamed() {
        let dir = fixture()
        defer { dir.remove() }
        let r = runCommand(Invocation(files: ["s.csv", "q.tq"], format: .csv).with { $0.weight = "w" }, stdin: "", in: dir)
        #expect(r.status == .success, "\(r.err)")
        // Weighted: (1 + 1) / 5 = 40%, not 2/3.
        #expect(r.out.hasPrefix("yes,yes_moe"))
        #expect(r.out.contains("\n40,"))
        #expect(r.err == "loaded s: 3 rows × 3 columns, weighted by w\n")
        let missing = runCommand(Invocation(files: ["s.csv"], commands: ["datasets"]).with { $0.weight = "wt" }, stdin: "", in: dir)
        #expect(missing.status == .unreadableInput)
        #expect(missing.err.contains("wt"))
    }

    @Test func quietLeavesOutNoticesButNotWarnings() {
        let dir = fixture()
        defer { dir.remove() }
        let r = runCommand(Invocation(files: ["s.csv"], commands: [#"from s | where answer == "Yes""#], format: .csv).with { $0.quiet = true },
                           stdin: "", in: dir)
        #expect(r.status == .success)
        #expect(!r.err.contains("loaded"))
        #expect(r.err.contains("warning: no row matched: 'answer' has no value \"Yes\"; it has \"yes\""))
    }

    @Test func everyLineOfStandardErrorIsJSONUnderErrorsJSON() throws {
        let dir = fixture()
        defer { dir.remove() }
        let r = runCommand(Invocation(files: ["s.csv"], commands: [#"load "s.csv" as t"#, #"from s | where answer == "Yes""#, "from nowhere"],
                                      format: .csv, keepGoing: true).with { $0.errorsAsJSON = true },
                           stdin: "", in: dir)
        let lines = r.err.split(separator: "\n")
        #expect(lines.count == 4)
        var severities: [String] = []
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not JSON: \(line)")
            severities.append(object["severity"] as? String ?? "?")
        }
        #expect(severities == ["note", "note", "warning", "error"])
        #expect(lines[0] == #"{"severity":"note","id":null,"message":"loaded s: 3 rows × 3 columns"}"#)
    }

    @Test func theCommandsOwnMessagesAreJSONToo() {
        let dir = fixture()
        defer { dir.remove() }
        var invocation = Invocation(commands: ["datasets"])
        invocation.width = 5
        invocation.errorsAsJSON = true
        let r = runCommand(invocation, stdin: "", in: dir)
        #expect(r.status == .usageError)
        #expect(r.err == #"{"severity":"error","id":null,"message":"--width must be between 20 and 1000"}"# + "\n")
        invocation.errorsAsJSON = false
        #expect(runCommand(invocation, stdin: "", in: dir).err == "topline: --width must be between 20 and 1000\n")
    }
}

extension Invocation {
    /// This invocation with `change` applied (for the fields `init` does not take).
    func with(_ change: (inout Invocation) -> Void) -> Invocation {
        var copy = self
        change(&copy)
        return copy
    }
}
