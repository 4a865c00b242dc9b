import Foundation
import Testing
import ToplineTestSupport

/// A data file without read permission. Root reads files whatever their
/// permissions, so the in-process tests of that case (ToplineTests'
/// `LoadingFileTests.unreadableFile` and
/// `HostileInputTests.fileWithoutReadPermissionEndsCleanly`) are skipped when
/// the tests run as root; then this suite runs the same case through the built
/// `topline` as the unprivileged user `nobody` (util-linux `setpriv`). Either
/// way the case runs: one of the two is reported as skipped, never passed unrun.
@Suite struct PermissionTests {
    static let nobody: UInt32 = 65_534

    @Test(.enabled(if: geteuid() == 0, "not root: the in-process tests run this case"))
    func fileWithoutReadPermissionIsRefusedForAnUnprivilegedUser() throws {
        let binary = try #require(toplineBinary, "build the topline product first (swift build)")
        let setpriv = try #require(["/usr/bin/setpriv", "/bin/setpriv"].first { FileManager.default.isExecutableFile(atPath: $0) },
                                   "setpriv (Debian package util-linux) is needed to drop root")
        let dir = TemporaryDirectory(prefix: "topline-permission")
        defer { dir.remove() }
        // Everything the unprivileged run needs lives in the scratch directory,
        // which it can enter: the program, the baseline data and the unreadable file.
        try #require(chmod(dir.path, 0o755) == 0)
        try Self.copyExecutable(binary, to: dir.file("topline"))
        try FileManager.default.copyItem(atPath: studiesCSV, toPath: dir.file("base.csv"))
        try #require(chmod(dir.file("base.csv"), 0o644) == 0)
        dir.write("unreadable.csv", "a\n1\n")
        try #require(chmod(dir.file("unreadable.csv"), 0o000) == 0)

        var (process, out, err) = try Self.run(setpriv, in: dir)
        // A child another test forked while the copy was being written may still hold it open for
        // writing (the kernel then refuses to execute it): that passes once the child has gone on.
        for _ in 0..<20 where process.terminationStatus == 126 && err.contains("Text file busy") {
            usleep(100_000)
            (process, out, err) = try Self.run(setpriv, in: dir)
        }

        #expect(process.terminationStatus == 1, "\(err)")
        // Every line is JSON under --errors json: the notice of the first load, then the error.
        #expect(err.split(separator: "\n").allSatisfy { $0.hasPrefix("{") }, "\(err)")
        let diagnostics = err.split(separator: "\n").filter { !$0.hasPrefix(#"{"severity":"note""#) }
        #expect(diagnostics.count == 1, "\(err)")
        let first = try #require(diagnostics.first.flatMap { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] })
        #expect(first["id"] as? String == "load.unreadable", "\(err)")
        #expect(first["message"] as? String == "permission denied reading 'unreadable.csv'", "\(err)")
        #expect(first["line"] as? Int == 1 && first["column"] as? Int == 6, "\(err)")
        // The dataset loaded before is intact and answers.
        #expect(out == "n\n60\n", "\(out)\(err)")
    }

    /// Runs the copied `topline` in `dir` as `nobody` on a file it may read and one it may not.
    static func run(_ setpriv: String, in dir: TemporaryDirectory) throws -> (Process, String, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: setpriv)
        process.arguments = [
            "--reuid=\(Self.nobody)", "--regid=\(Self.nobody)", "--clear-groups", "--",
            dir.file("topline"), "--keep-going", "--errors", "json", "--format", "csv",
            "-c", #"load "base.csv" as base"#, "-c", #"load "unreadable.csv""#, "-c", "from base | summarize n = count()",
        ]
        process.currentDirectoryURL = dir.url
        process.environment = ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": dir.path, "TOPLINE_HISTORY": ""]
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let out = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let err = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process, out, err)
    }

    /// A copy of the program, written through a descriptor closed on exec, so that a child another
    /// test starts meanwhile does not keep it open for writing.
    static func copyExecutable(_ source: String, to target: String) throws {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: source))
        let fd = open(target, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o755)
        try #require(fd >= 0, "cannot create \(target)")
        defer { close(fd) }
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + done, $0.count - done) }
            try #require(n > 0, "cannot write \(target)")
            done += n
        }
    }
}
