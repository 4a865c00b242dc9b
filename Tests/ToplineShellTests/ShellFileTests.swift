#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
import Topline
@testable import ToplineShell

/// `.export`, `.save` and `.read` against files that cannot be written or
/// should not be read: the real reason, the old file intact, never an abort.
@Suite(.serialized) struct ShellFileTests {
    static let query = #"load "regions.csv" as r"# + "\nfrom r | select region"

    @Test func exportAndSaveReportTheRealReasonAndKeepTheOldFile() {
        let h = ShellHarness(lines: [
            #"load "regions.csv" as r"#, "from r | select region",
            ".export nowhere/out.csv",          // no such folder
            ".export regions.csv/out.csv",      // a path through a regular file
            ".export folder.csv",               // a directory in place of the file
            ".save regions.csv/session.tq",
            ".export kept.csv",
        ])
        defer { h.directory.remove() }
        mkdir(h.directory.file("folder.csv"), 0o755)
        h.directory.write("kept.csv", "old\n")
        let (out, err) = h.run()
        let errors = err.split(separator: "\n").map(String.init)
        #expect(errors.count == 4, "\(err)")
        #expect(errors.first?.hasPrefix("error: cannot write 'nowhere/out.csv': No such file or directory (creating a temporary file in '") == true)
        #expect(errors.dropFirst().first == "error: cannot write 'regions.csv/out.csv': Not a directory")
        #expect(errors.dropFirst(2).first == "error: cannot write 'folder.csv': it is a directory")
        #expect(errors.dropFirst(3).first == "error: cannot write 'regions.csv/session.tq': Not a directory")
        #expect(!err.contains("Success"))
        #expect(out.contains("wrote kept.csv"))
        #expect(h.directory.read("kept.csv") == "region\nAsia Pacific\nEurope\nNorth America\n")
        #expect(h.directory.read("regions.csv")?.hasPrefix("region,segment,share\n") == true)
    }

    @Test func saveReplacesAnExistingScriptWhole() {
        let h = ShellHarness(lines: [#"load "regions.csv" as r"#, ".save s.tq"])
        defer { h.directory.remove() }
        h.directory.write("s.tq", String(repeating: "# an older, longer session\n", count: 100))
        let (out, err) = h.run()
        #expect(err == "")
        #expect(out.contains("saved 1 statement to s.tq"))
        #expect(h.directory.read("s.tq") == #"load "regions.csv" as r"# + "\n")
    }

    /// `.read /dev/zero` once allocated until the process aborted.
    @Test func readOfAnEndlessDeviceIsRefusedAtTheLimit() {
        let h = ShellHarness(lines: [".read /dev/zero", #"load "regions.csv" as r"#, ".datasets"])
        defer { h.directory.remove() }
        h.shell.scriptLimit = ReadLimit(bytes: 1 << 20, variable: ReadLimit.scriptVariable, subject: "a script")
        let (out, err) = h.run()
        #expect(err == """
            error: cannot read '/dev/zero': it goes on past the 1 MiB limit for a script
            help: set TOPLINE_SCRIPT_LIMIT to raise the limit, e.g. TOPLINE_SCRIPT_LIMIT=4M

            """)
        #expect(out.contains("r: 3 rows × 3 columns"))
    }

    @Test func readOfAHugeSparseScriptIsRefusedBeforeReading() {
        let h = ShellHarness(lines: [".read huge.tq"])
        defer { h.directory.remove() }
        let fd = open(h.directory.file("huge.tq"), O_WRONLY | O_CREAT, 0o644)
        ftruncate(fd, 100 << 30)
        close(fd)
        let (_, err) = h.run()
        #expect(err.hasPrefix("error: cannot read 'huge.tq': it is 100 GiB, more than the 64 MiB limit for a script\n"))
        #expect(err.contains("help: set TOPLINE_SCRIPT_LIMIT to raise the limit, e.g. TOPLINE_SCRIPT_LIMIT=100G"))
    }

    /// `.read` runs the script's bytes: invalid UTF-8 is the lexer's error at
    /// its line and column, not silently replaced.
    @Test func readOfInvalidUTF8IsALexError() {
        let h = ShellHarness(lines: [".read bad.tq"])
        defer { h.directory.remove() }
        let fd = open(h.directory.file("bad.tq"), O_WRONLY | O_CREAT, 0o644)
        let bytes: [UInt8] = Array("datasets\nfrom x | where a == \"caf".utf8) + [0xE9] + Array("\"\n".utf8)
        _ = bytes.withUnsafeBytes { SystemCall.write(fd, $0.baseAddress, $0.count) }
        close(fd)
        let (_, err) = h.run()
        #expect(err.hasPrefix("bad.tq:2:25: error: invalid UTF-8 (byte 0xE9)\n 2 | from x | where a == \"caf\u{FFFD}\"\n   |"), "\(err)")
    }
}
