import Foundation
import Testing
import ToplineTestSupport
import Topline
@testable import ToplineShell

/// Charts, SVG, chart width, JSON diagnostics, `.export` and the pager decision.
@Suite(.serialized) struct PresentationTests {
    func fixture() -> TemporaryDirectory {
        let dir = TemporaryDirectory()
        dir.write("channels.csv", "metric,now,future\nSocial media,16%,57%\nFace-to-face,80%,67%\n")
        return dir
    }

    static let dumbbell = "from channels | chart dumbbell now -> future by metric"

    @Test func textChartAtTheGivenWidth() {
        let dir = fixture()
        defer { dir.remove() }
        var invocation = Invocation(files: ["channels.csv"], commands: [Self.dumbbell])
        invocation.width = 50
        let r = runCommand(invocation, stdin: "", in: dir)
        #expect(r.status == .success)
        let lines = r.out.split(separator: "\n")
        #expect(lines.contains { $0.contains("+41.0 pp") })
        #expect(lines.contains { $0.contains("-13.0 pp") })
        #expect(lines.allSatisfy { $0.count <= 50 })
        #expect(!r.out.contains("\u{1B}["), "no colour when not a terminal")
    }

    @Test func svgFormatWritesAWellFormedDocument() throws {
        let dir = fixture()
        defer { dir.remove() }
        var invocation = Invocation(files: ["channels.csv"], commands: [Self.dumbbell])
        invocation.svg = true
        let r = runCommand(invocation, stdin: "", in: dir)
        #expect(r.status == .success)
        #expect(r.out.hasPrefix("<svg") || r.out.hasPrefix("<?xml"))
        #expect(r.out.contains("Social media"))
    }

    @Test func machineFormatsWriteTheChartedData() {
        let dir = fixture()
        defer { dir.remove() }
        let r = runCommand(Invocation(files: ["channels.csv"], commands: [Self.dumbbell], format: .csv), stdin: "", in: dir)
        #expect(r.out == "metric,now,future\nSocial media,16,57\nFace-to-face,80,67\n")
    }

    @Test func errorsAsJSONLines() {
        let dir = fixture()
        defer { dir.remove() }
        var invocation = Invocation(files: ["channels.csv"], commands: ["from channels\n| where metrc == 1"])
        invocation.errorsAsJSON = true
        let r = runCommand(invocation, stdin: "", in: dir)
        #expect(r.status == .queryError)
        let lines = r.err.split(separator: "\n")
        #expect(lines.first == #"{"severity":"note","id":null,"message":"loaded channels: 2 rows × 3 columns"}"#)
        let line = lines.first { !$0.hasPrefix(#"{"severity":"note""#) }.map(String.init) ?? ""
        let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        #expect(object?["severity"] as? String == "error")
        #expect(object?["id"] as? String == "resolve.unknown-column")
        #expect(object?["file"] as? String == "<command-line>")
        #expect(object?["line"] as? Int == 2)
        #expect(object?["column"] as? Int == 9)
        #expect(object?["end_column"] as? Int == 14)
        #expect(object?["byte_start"] as? Int == 22)
        #expect(object?["byte_end"] as? Int == 27)
        #expect(object?["label"] as? String == "did you mean 'metric'?")
        #expect(object?["hints"] is [Any])
    }

    @Test func dataErrorsAsJSONCarryTheFileLine() {
        let dir = fixture()
        dir.write("ragged.csv", "a,b\n1,2\n3\n")
        defer { dir.remove() }
        var invocation = Invocation(commands: ["load \"ragged.csv\""])
        invocation.errorsAsJSON = true
        let r = runCommand(invocation, stdin: "", in: dir)
        let object = try? JSONSerialization.jsonObject(with: Data(r.err.utf8)) as? [String: Any]
        #expect(object?["id"] as? String == "load.ragged-row")
        #expect(object?["file"] as? String == "ragged.csv")
        #expect(object?["line"] as? Int == 3)
    }

    @Test func exportWritesTheLastChartAndTable() throws {
        let dir = fixture()
        defer { dir.remove() }
        let (out, _) = TextOutput.capture()
        let printer = ResultPrinter(format: .table, maxRows: nil, results: out, diagnostics: out, messages: out, color: false)
        let session = Session(workingDirectory: dir.path)
        let shell = Shell(session: session, reader: PlainLineReader(), printer: printer, history: ShellHistory(file: nil))
        shell.handle(line: "load \"channels.csv\" as channels")
        shell.handle(line: Self.dumbbell)
        shell.handle(line: ".export shift.svg")
        shell.handle(line: ".export shift.csv")
        let svg = try String(contentsOfFile: dir.path + "/shift.svg", encoding: .utf8)
        #expect(svg.contains("<svg") && svg.contains("</svg>"))
        let csv = try String(contentsOfFile: dir.path + "/shift.csv", encoding: .utf8)
        #expect(csv == "metric,now,future\nSocial media,16,57\nFace-to-face,80,67\n")
    }

    @Test(arguments: [
        (Pager.Mode.off, 100, 10, false), (.on, 1, 10, true), (.auto, 9, 10, false), (.auto, 10, 10, true), (.auto, 50, 0, false),
    ])
    func pagerDecision(mode: Pager.Mode, lines: Int, rows: Int, pages: Bool) {
        #expect(Pager(mode: mode, command: "cat").shouldPage(rows: lines, terminalRows: rows) == pages)
    }

    @Test func pagerCommandFromTheEnvironment() {
        #expect(Pager.command(environment: ["TOPLINE_PAGER": "most", "PAGER": "more"]) == "most")
        #expect(Pager.command(environment: ["PAGER": "more"]) == "more")
        #expect(Pager.command(environment: [:]) == "less -SRFX")
    }
}
