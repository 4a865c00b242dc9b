import Foundation
import Testing
import Topline
@testable import ToplineShell
import ToplineTestSupport

/// `--output FILE`: every format written to the file exactly as it would be
/// printed, the format taken from `--format` or the extension, the file
/// replaced atomically and only by a run that went to its end, and the real
/// error, with exit status 4, when it cannot be written. Paths are absolute:
/// other suites change this process's working directory.
@Suite struct OutputFileTests {
    static let data = "region,segment,share\nAsia Pacific,CEOs,16%\nEurope,CEOs,57%\nNorth America,Managers,20%\n"

    struct Run {
        var status: CommandStatus
        var out: String
        var err: String
    }

    func run(_ invocation: Invocation) -> Run {
        let (out, outText) = TextOutput.capture()
        let (err, errText) = TextOutput.capture()
        let context = CommandContext(standardOutput: out, standardError: err, standardInputIsTerminal: false,
                                     readStandardInput: { .success([]) }, environment: [:])
        let status = CommandLineRunner.run(invocation, in: context)
        return Run(status: status, out: outText(), err: errText())
    }

    func fixture() -> TemporaryDirectory {
        let dir = TemporaryDirectory(prefix: "xlsx-output")
        dir.write("regions.csv", Self.data)
        return dir
    }

    func commands(_ dir: TemporaryDirectory) -> [String] {
        [#"load "\#(dir.file("regions.csv"))" as r"#, "from r | select region, share", "from r | count by segment",
         "from r | chart bar share by region"]
    }

    func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The folder holds only these files: no temporary file is left behind.
    func expectOnly(_ names: Set<String>, in dir: TemporaryDirectory) throws {
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: dir.path)) == names)
    }

    static let textCases: [(file: String, format: OutputFormat?, svg: Bool)] = [
        ("out.csv", nil, false), ("out.tsv", nil, false), ("out.json", nil, false), ("out.ndjson", nil, false),
        ("out.jsonl", nil, false), ("out.md", nil, false), ("out.txt", nil, false), ("out.svg", nil, false),
        ("boxes.txt", .box, false), ("data.out", .csv, false), ("charts.out", nil, true),
    ]

    @Test(arguments: textCases)
    func everyFormatWritesWhatItWouldPrint(file: String, format: OutputFormat?, svg: Bool) throws {
        let dir = fixture()
        defer { dir.remove() }
        let named = FileFormat(path: file)
        // What standard output gets in the same format, named explicitly.
        var printed = Invocation(commands: commands(dir), format: format)
        if case .text(let f) = named, format == nil, !svg { printed.format = f }
        printed.svg = svg || named == .svg
        let expected = run(printed)
        #expect(expected.status == .success)

        var written = Invocation(commands: commands(dir), format: format)
        written.svg = svg
        written.output = dir.file(file)
        let r = run(written)
        #expect(r.status == .success, "\(r.err)")
        #expect(r.out == "")
        #expect(r.err == "loaded r: 3 rows × 3 columns\n")
        #expect(read(dir.file(file)) == expected.out)
        #expect(!expected.out.isEmpty)
        try expectOnly(["regions.csv", file], in: dir)
    }

    @Test func aWorkbookGetsASheetPerResult() throws {
        let dir = fixture()
        defer { dir.remove() }
        for (file, workbook) in [("report.xlsx", false), ("report.data", true)] {
            var invocation = Invocation(commands: commands(dir))
            invocation.output = dir.file(file)
            invocation.workbook = workbook
            let r = run(invocation)
            #expect(r.status == .success, "\(r.err)")
            #expect(r.out == "")
            let book = try XlsxWorkbook(path: dir.file(file))
            #expect(book.sheets.map { $0.name } == ["r | select region, share", "r | count by segment", "r | chart bar share by region"])
            #expect(book.sheets[0].row(2) == [.string("Asia Pacific"), .number(0.16)])
            #expect(book.sheets[0]["B2"]?.format == "0.0%")
            #expect(book.sheets[2].row(1) == [.string("region"), .string("share")])
        }
        try expectOnly(["regions.csv", "report.xlsx", "report.data"], in: dir)
    }

    @Test func aFileWhoseFormatNothingTellsIsAUsageError() throws {
        let dir = fixture()
        defer { dir.remove() }
        var invocation = Invocation(commands: commands(dir))
        invocation.output = dir.file("results")
        let r = run(invocation)
        #expect(r.status == .usageError)
        #expect(r.err == "topline: cannot tell the format of '\(dir.file("results"))' from its extension: give --format, or name it "
                + ".csv, .tsv, .json, .ndjson, .jsonl, .md, .txt, .svg or .xlsx\n")
        try expectOnly(["regions.csv"], in: dir)

        var workbook = Invocation(commands: commands(dir))
        workbook.workbook = true
        let w = run(workbook)
        #expect(w.status == .usageError)
        #expect(w.err == "topline: --format xlsx writes a workbook: give --output FILE.xlsx\n")
    }

    @Test func aFileThatCannotBeCreatedIsAnOutputErrorBeforeAnythingRuns() throws {
        let dir = fixture()
        defer { dir.remove() }
        for file in ["missing/out.csv", "missing/out.xlsx"] {
            var invocation = Invocation(commands: commands(dir))
            invocation.output = dir.file(file)
            let r = run(invocation)
            #expect(r.status == .outputError)
            #expect(r.err == "topline: cannot write '\(dir.file(file))': No such file or directory (creating a temporary file in '\(dir.file("missing"))')\n")
        }
        try FileManager.default.createDirectory(atPath: dir.file("folder.csv"), withIntermediateDirectories: false)
        var invocation = Invocation(commands: commands(dir))
        invocation.output = dir.file("folder.csv")
        let r = run(invocation)
        #expect(r.status == .outputError)
        #expect(r.err == "topline: cannot write '\(dir.file("folder.csv"))': it is a directory\n")
        try expectOnly(["regions.csv", "folder.csv"], in: dir)
    }

    @Test func aRunThatStopsLeavesTheFileAsItWas() throws {
        let dir = fixture()
        defer { dir.remove() }
        for file in ["kept.csv", "kept.xlsx"] {
            dir.write(file, "old\n")
            var invocation = Invocation(commands: commands(dir) + ["from r | where regoin == 1", "from r | take 1"])
            invocation.output = dir.file(file)
            let r = run(invocation)
            #expect(r.status == .queryError)
            #expect(r.err.hasSuffix("topline: '\(dir.file(file))' is unchanged: the run stopped at an error\n"))
            #expect(read(dir.file(file)) == "old\n")
        }
        try expectOnly(["regions.csv", "kept.csv", "kept.xlsx"], in: dir)
    }

    @Test func keepGoingWritesWhatRanAndStillFails() throws {
        let dir = fixture()
        defer { dir.remove() }
        dir.write("kept.csv", "old\n")
        var invocation = Invocation(commands: ["from r | where regoin == 1", #"load "\#(dir.file("regions.csv"))" as r"#,
                                               "from r | select region | take 1"], format: .csv, keepGoing: true)
        invocation.output = dir.file("kept.csv")
        let r = run(invocation)
        #expect(r.status == .queryError)
        #expect(read(dir.file("kept.csv")) == "region\nAsia Pacific\n")
    }

    @Test func theShellDoesNotOpenToWriteAFile() throws {
        let dir = fixture()
        defer { dir.remove() }
        let (out, _) = TextOutput.capture()
        let (err, errText) = TextOutput.capture()
        let context = CommandContext(standardOutput: out, standardError: err, standardInputIsTerminal: true,
                                     readStandardInput: { .success([]) }, environment: [:])
        var invocation = Invocation(files: [dir.file("regions.csv")])
        invocation.output = dir.file("out.csv")
        #expect(CommandLineRunner.run(invocation, in: context) == .usageError)
        #expect(errText() == "topline: --output needs something to run: a script, -c statements or a script on standard input\n")
        try expectOnly(["regions.csv"], in: dir)
    }

    @Test func anExistingFileIsReplacedKeepingItsPermissions() throws {
        let dir = fixture()
        defer { dir.remove() }
        let path = dir.file("report.xlsx")
        dir.write("report.xlsx", "old")
        chmod(path, 0o640)
        var invocation = Invocation(commands: commands(dir))
        invocation.output = path
        #expect(run(invocation).status == .success)
        #expect(try XlsxWorkbook(path: path).sheets.count == 3)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o640)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
