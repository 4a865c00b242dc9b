import Testing
import ToplineTestSupport
import Topline
@testable import ToplineShell

/// A password typed into `attach` is refused, never shown again and never kept in history.
@Suite struct AttachHistoryTests {
    @Test(arguments: [#"attach postgres "host=/nonexistent password=hunter2 dbname=s" as pg"#,
                      #"attach postgres "postgresql://ana:hunter2@/s?host=/nonexistent" as pg"#])
    func aPasswordStaysOutOfHistoryAndOutput(_ line: String) {
        let h = ShellHarness(lines: [line, "datasets"])
        defer { h.directory.remove() }
        let (out, err) = h.run()
        #expect(err.contains("error: the connection string of 'attach … as pg' states a password"), "\(err)")
        #expect(!err.contains("hunter2") && !out.contains("hunter2"))
        #expect(h.shell.history.entries.count == 2)
        #expect(!h.shell.history.entries.joined().contains("hunter2"), "\(h.shell.history.entries)")
        #expect(!h.reader.recalled.joined().contains("hunter2"))
        #expect(h.shell.history.entries[0].hasPrefix("attach postgres \""))
    }
}
