import Foundation
import Testing
import ToplineTestSupport
import Topline
@testable import ToplineShell

/// Reading only the columns a script needs never changes what a dataset
/// holds: the three reproductions of the "pushdown is visible" bug.
@Suite(.serialized) struct PushdownTests {
    static let studies = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Examples/data/ceo_study_metrics.csv")

    func fixture() throws -> TemporaryDirectory {
        let dir = TemporaryDirectory()
        dir.write("s.csv", try String(contentsOf: Self.studies, encoding: .utf8))
        dir.write("a.tq", "load \"s.csv\" as s\nfrom s | select metric | take 1\n")
        return dir
    }

    /// `topline a.tq -c 'from s | select study'`: the later command sees every column.
    @Test func laterCommandSeesEveryColumn() throws {
        let dir = try fixture()
        defer { dir.remove() }
        let r = runCommand(Invocation(scripts: ["a.tq"], commands: ["from s | select study | take 1"], format: .csv), stdin: "", in: dir)
        #expect(r.status == .success, "\(r.err)")
        #expect(r.out.hasSuffix("study\nIBM Global CEO Study 2012 (Leading Through Connections)\n"), "\(r.out)")
        #expect(r.err == "loaded s: 60 rows × 16 columns\n")
    }

    /// `datasets` in such a script reports all 16 columns.
    @Test func datasetsCountsEveryColumn() throws {
        let dir = try fixture()
        defer { dir.remove() }
        let session = Session(workingDirectory: dir.path)
        let outcome = session.run("load \"s.csv\" as s\nfrom s | select metric\ndatasets", fileName: "d.tq")
        let listing = try #require(outcome.tables.last)
        #expect(listing[0, "columns"] == .integer(16))
    }

    /// `.read prune.tq` in the shell leaves the whole dataset for later entries.
    @Test func shellReadLeavesTheWholeDataset() throws {
        let h = ShellHarness(lines: [".read a.tq", "from s | select study, n | take 1"])
        defer { h.directory.remove() }
        h.directory.write("s.csv", try String(contentsOf: Self.studies, encoding: .utf8))
        h.directory.write("a.tq", "load \"s.csv\" as s\nfrom s | select metric | take 1\n")
        let (out, err) = h.run()
        #expect(err == "", "\(err)")
        #expect(out.contains("IBM Global CEO Study 2012"), "\(out)")
        #expect(out.contains("1709"))
    }

    /// Columns read later come from the same file: if it changed, the query says so.
    @Test func aChangedFileIsAnErrorNotAMixedTable() throws {
        let dir = try fixture()
        defer { dir.remove() }
        let session = Session(workingDirectory: dir.path)
        #expect(session.run("load \"s.csv\" as s\nfrom s | select metric | take 1", fileName: "a.tq").succeeded)
        dir.write("s.csv", "study,metric\nX,Y\n")
        let outcome = session.run("from s | select study", fileName: "b.tq")
        let d = try #require(outcome.diagnostics.first)
        #expect(d.id == .loadChanged)
        #expect(d.message == "'s.csv' changed since it was loaded, so its other columns cannot be read")
        #expect(d.range == SourceRange(5, 6))  // at the dataset's name in the query
    }
}
