import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
import Topline
import ToplineShell

/// The built binary against outputs that fail and inputs that never end or
/// are too large to read: a clear message and a non-zero status, never an
/// abort, a hang or a silent success.
extension CommandLineTests {
    static func sparseFile(_ path: String, size: Int) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        precondition(fd >= 0)
        ftruncate(fd, off_t(size))
        close(fd)
    }

    static func writeBytes(_ path: String, _ bytes: [UInt8]) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        precondition(fd >= 0)
        _ = bytes.withUnsafeBytes { SystemCall.write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }

    /// `topline big.csv -c 'from big' --format csv > /dev/full` exited 0.
    @Test func aFullStandardOutputExitsFourWithTheReason() throws {
        let dir = fixture()
        defer { dir.remove() }
        let r = try runBinary(["regions.csv", "-c", "from regions", "--format", "csv"], standardOutput: "/dev/full", directory: dir.path)
        #expect(r.status == 4)
        #expect(r.err == "loaded regions: 3 rows × 3 columns\ntopline: cannot write standard output: No space left on device\n")
    }

    /// `| head -1`: the reader going away is not an error.
    @Test func aReaderThatGoesAwayStaysQuiet() throws {
        let dir = fixture()
        defer { dir.remove() }
        dir.write("big.csv", "n,label\n" + (1...20000).map { "\($0),row\($0)\n" }.joined())
        let r = try runBinary(["big.csv", "-c", "from big", "--format", "csv"], directory: dir.path, closeOutputAfter: 1)
        #expect(r.status == 0)
        #expect(r.err == "loaded big: 20000 rows × 2 columns\n")
    }

    /// `topline run /dev/zero` allocated until it aborted.
    @Test func runOfAnEndlessDeviceStopsAtTheScriptLimit() throws {
        let r = try runBinary(["run", "/dev/zero"])
        #expect(r.status == 3)
        #expect(r.err == """
            error: cannot read '/dev/zero': it goes on past the 64 MiB limit for a script
            help: set TOPLINE_SCRIPT_LIMIT to raise the limit, e.g. TOPLINE_SCRIPT_LIMIT=256M

            """)
    }

    @Test func anEndlessStandardInputStopsAtTheScriptLimit() throws {
        let r = try runBinary([], stdinFile: "/dev/zero", environment: ["TOPLINE_SCRIPT_LIMIT": "1M"])
        #expect(r.status == 3)
        #expect(r.err == """
            error: cannot read '<stdin>': it goes on past the 1 MiB limit for a script
            help: set TOPLINE_SCRIPT_LIMIT to raise the limit, e.g. TOPLINE_SCRIPT_LIMIT=4M

            """)
    }

    @Test func aHugeScriptIsRefusedBeforeItIsRead() throws {
        let dir = fixture()
        defer { dir.remove() }
        Self.sparseFile(dir.file("s.tq"), size: 100 << 30)
        for arguments in [["run", "s.tq"], ["s.tq"]] {
            let r = try runBinary(arguments, directory: dir.path)
            #expect(r.status == 3)
            #expect(r.err == """
                error: cannot read 's.tq': it is 100 GiB, more than the 64 MiB limit for a script
                help: set TOPLINE_SCRIPT_LIMIT to raise the limit, e.g. TOPLINE_SCRIPT_LIMIT=100G

                """)
        }
    }

    /// `truncate -s 100G s.csv; topline -c 'load "s.csv" as s'` died with
    /// "Fatal error: failed to allocate 107374182433 bytes" (SIGABRT).
    @Test func aDataFileLargerThanMemoryIsRefused() throws {
        let dir = fixture()
        defer { dir.remove() }
        Self.sparseFile(dir.file("s.csv"), size: 100 << 30)
        let r = try runBinary(["-c", #"load "s.csv" as s"#, "-c", "datasets"], directory: dir.path)
        #expect(r.status == 1)
        #expect(r.err.hasPrefix("<command-line>:1:6: error: 's.csv' is 100 GiB, more than the "))
        #expect(r.err.contains(" of memory available to load it\n"))
        #expect(r.err.contains("help: the limit is the memory available (MemAvailable in /proc/meminfo); set TOPLINE_DATA_LIMIT to change it (e.g. TOPLINE_DATA_LIMIT=100G), or load a smaller file\n"))
        let positional = try runBinary(["s.csv", "-c", "datasets"], directory: dir.path)
        #expect(positional.status == 3)
        #expect(positional.err.contains("'s.csv' is 100 GiB"))
    }

    /// `ulimit -v 600000` with a 300 MB CSV died with SIGABRT (rc 134): the
    /// address-space limit bounds what a load may read, with a clear refusal.
    @Test func anAddressSpaceLimitRefusesTheFileInsteadOfAborting() throws {
        let dir = fixture()
        defer { dir.remove() }
        Self.sparseFile(dir.file("s.csv"), size: 300_000_000)
        dir.write("small.csv", "a,b\n1,2\n")
        let binary = try #require(toplineBinary)
        let r = try runBinary(["-c", "ulimit -v 600000; exec '\(binary)' -c 'load \"s.csv\" as s'"], directory: dir.path, program: "/bin/sh")
        #expect(r.status == 1, "\(r.err)")
        #expect(r.err.hasPrefix("<command-line>:1:6: error: 's.csv' is 286.1 MiB, more than the 195.3 MiB a process limited to 585.9 MiB of address space can load\n"), "\(r.err)")
        #expect(r.err.contains("help: a load needs about 3 times the file's size; raise the limit (ulimit -v), or set TOPLINE_DATA_LIMIT"), "\(r.err)")
        let small = try runBinary(["-c", "ulimit -v 600000; exec '\(binary)' -c 'load \"small.csv\" as s'"], directory: dir.path, program: "/bin/sh")
        #expect(small.status == 0, "\(small.err)")
        #expect(small.err == "loaded s: 1 row × 2 columns\n")
    }

    @Test func theDataLimitCanBeSet() throws {
        let dir = fixture()
        defer { dir.remove() }
        dir.write("wide.csv", "n,label\n" + (1...200).map { "\($0),row\($0)\n" }.joined())
        let refused = try runBinary(["wide.csv", "-c", "datasets"], environment: ["TOPLINE_DATA_LIMIT": "1K"], directory: dir.path)
        #expect(refused.status == 3)
        #expect(refused.err == """
            wide.csv: error: 'wide.csv' is 1.9 KiB, more than the limit of 1 KiB set by TOPLINE_DATA_LIMIT
            help: raise the limit with TOPLINE_DATA_LIMIT=1M

            """)
        let loaded = try runBinary(["wide.csv", "-c", "datasets"], environment: ["TOPLINE_DATA_LIMIT": "1M"], directory: dir.path)
        #expect(loaded.status == 0)
        #expect(loaded.err == "loaded wide: 200 rows × 2 columns\n")
    }

    /// Script files, `.tq` arguments and standard input reach the lexer as
    /// bytes: invalid UTF-8 is `lex.invalid-utf8` at its line and column (it
    /// was replaced by U+FFFD and never reported).
    @Test func invalidUTF8InAScriptIsALexErrorWithItsPosition() throws {
        let dir = fixture()
        defer { dir.remove() }
        Self.writeBytes(dir.file("bad.tq"), Array("datasets\nfrom regions | where region == \"Caf".utf8) + [0xE9] + Array("\"\n".utf8))
        let expected = """
            :2:36: error: invalid UTF-8 (byte 0xE9)
             2 | from regions | where region == "Caf\u{FFFD}"
               |                                    ^
            help: scripts must be UTF-8 text

            """
        for (arguments, name) in [(["run", "bad.tq"], "bad.tq"), (["regions.csv", "bad.tq"], "bad.tq")] {
            let r = try runBinary(arguments, directory: dir.path)
            #expect(r.status == 1)
            #expect(r.err.hasSuffix(name + expected), "\(r.err)")
            #expect(r.out == "")  // nothing runs
        }
        let piped = try runBinary(["--errors", "json"], stdinFile: dir.file("bad.tq"), directory: dir.path)
        #expect(piped.status == 1)
        #expect(piped.err.contains(#""id":"lex.invalid-utf8""#))
        #expect(piped.err.contains(#""file":"<stdin>","line":2,"column":36"#), "\(piped.err)")
    }
}
