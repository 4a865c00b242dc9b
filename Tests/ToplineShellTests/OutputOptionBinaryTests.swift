import Foundation
import Testing
import ToplineTestSupport

/// `--output` and `--format xlsx` as the real `topline` parses them: the
/// option's spellings, the exit statuses of its errors, and a workbook on
/// disk (its content is read back by ToplineExcelTests).
@Suite struct OutputOptionBinaryTests {
    func fixture() -> TemporaryDirectory {
        let dir = TemporaryDirectory(prefix: "topline-output")
        dir.write("regions.csv", "region,share\nAsia Pacific,16%\nEurope,57%\n")
        dir.write("q.tq", "load \"regions.csv\" as r\nfrom r | select region, share\nfrom r | take 1\n")
        return dir
    }

    func contents(_ path: String) -> [UInt8] {
        FileManager.default.contents(atPath: path).map { Array($0) } ?? []
    }

    @Test(arguments: [["run", "q.tq", "--output", "report.xlsx"], ["run", "q.tq", "-o", "report.xlsx"],
                      ["run", "q.tq", "--format", "xlsx", "--output", "report.xlsx"], ["q.tq", "-o", "report.xlsx"]])
    func writesAWorkbook(arguments: [String]) throws {
        let dir = fixture()
        defer { dir.remove() }
        let r = try runBinary(arguments, directory: dir.path)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.isEmpty)
        #expect(r.err == "loaded r: 2 rows × 2 columns\n")
        // A zip archive: the local file header's signature.
        #expect(contents(dir.file("report.xlsx")).prefix(4) == [0x50, 0x4B, 0x03, 0x04])
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: dir.path)) == ["regions.csv", "q.tq", "report.xlsx"])
    }

    @Test func writesTextWhatStandardOutputGets() throws {
        let dir = fixture()
        defer { dir.remove() }
        let printed = try runBinary(["run", "q.tq", "--format", "json"], directory: dir.path)
        let r = try runBinary(["run", "q.tq", "-o", "out.json"], directory: dir.path)
        #expect(r.status == 0 && r.out.isEmpty)
        #expect(String(decoding: contents(dir.file("out.json")), as: UTF8.self) == printed.out)
    }

    @Test func errorsExitWithTheirStatus() throws {
        let dir = fixture()
        defer { dir.remove() }
        let noFolder = try runBinary(["run", "q.tq", "--output", "missing/out.csv"], directory: dir.path)
        #expect(noFolder.status == 4)
        #expect(noFolder.err.hasPrefix("topline: cannot write 'missing/out.csv': No such file or directory"))
        let noExtension = try runBinary(["run", "q.tq", "--output", "results"], directory: dir.path)
        #expect(noExtension.status == 2)
        #expect(noExtension.err.hasPrefix("topline: cannot tell the format of 'results' from its extension"))
        let noOutput = try runBinary(["run", "q.tq", "--format", "xlsx"], directory: dir.path)
        #expect(noOutput.status == 2)
        #expect(noOutput.err == "topline: --format xlsx writes a workbook: give --output FILE.xlsx\n")
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: dir.path)) == ["regions.csv", "q.tq"])
    }

    /// Killed by Ctrl-C (or SIGTERM, SIGHUP) while it runs, the command removes its temporary
    /// file: FILE keeps its old content and nothing is left beside it. It still dies of the signal.
    /// (the signal, whether it is ignored when the command starts, as SIGHUP under `nohup`: then it
    /// stays ignored and the run ends as usual).
    @Test(arguments: [(SIGINT, false), (SIGTERM, false), (SIGHUP, false), (SIGHUP, true)])
    func aSignalLeavesNoTemporaryFile(_ signal: Int32, ignored: Bool) throws {
        let dir = fixture()
        defer { dir.remove() }
        dir.write("big.csv", "id,comment\n" + (0..<1_000_000).map { "\($0),c\($0)\n" }.joined())
        // Slow on purpose: the signal comes while the query runs.
        let slow = "lower(upper(" + String(repeating: "lower(upper(", count: 3) + "comment" + String(repeating: "))", count: 4) + #" ~ "zzz""#
        dir.write("slow.tq", "load \"\(dir.file("big.csv"))\" as big\nfrom big | where \(slow)\nfrom big | where \(slow)\nfrom big | where \(slow)\n")
        dir.write("out.csv", "the old output\n")
        // Spawned with no signal blocked and every signal at its default: a child of the test
        // runner would otherwise inherit its mask, and the signal would wait until the run ended.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd in Int32(0)...2 { posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0) }
        let binary = try #require(toplineBinary, "build the topline product first (swift build)")
        var words: [String] = [binary, "run", dir.file("slow.tq"), "--output", dir.file("out.csv")]
        // An ignored signal stays ignored across exec: the shell ignores it, then becomes topline.
        if ignored { words = ["/bin/sh", "-c", "trap '' \(signal); exec \"$0\" \"$@\""] + words }
        let argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
        defer { for a in argv { free(a) } }
        var pid: pid_t = 0
        #expect(posix_spawn(&pid, words[0], &actions, &attributes, argv, environ) == 0)
        // The temporary file is made before anything runs; the load of a million rows and three slow
        // queries take seconds after it.
        let temporary = { (try? FileManager.default.contentsOfDirectory(atPath: dir.path))?.filter { $0.hasSuffix(".tmp") } ?? [] }
        let deadline = Date().addingTimeInterval(30)
        var status: Int32 = 0
        var exited = false
        while temporary().isEmpty && Date() < deadline {
            if waitpid(pid, &status, WNOHANG) == pid { exited = true; break }
            usleep(10_000)
        }
        #expect(!temporary().isEmpty && !exited, "the run made its temporary file and is still going when the signal comes")
        kill(pid, signal)
        if !exited { while waitpid(pid, &status, 0) < 0 && errno == EINTR {} }
        if ignored {
            // Not stopped: the run went to its end and replaced the file.
            #expect(status == 0, "wait status \(status)")
            #expect(String(decoding: contents(dir.file("out.csv")), as: UTF8.self).hasPrefix("id,comment\n"))
        } else {
            // Killed by the signal (WIFSIGNALED, WTERMSIG), as without a file to clean up.
            #expect(status & 0x7f == signal, "wait status \(status)")
            #expect(String(decoding: contents(dir.file("out.csv")), as: UTF8.self) == "the old output\n")
        }
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: dir.path)) == ["regions.csv", "q.tq", "big.csv", "slow.tq", "out.csv"])
    }

    @Test func helpNamesTheOption() throws {
        let r = try runBinary(["--help"])
        #expect(r.status == 0)
        #expect(r.out.contains("-o, --output <file>"))
        #expect(r.out.contains("xlsx"))
    }
}
