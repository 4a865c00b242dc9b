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

    @Test func helpNamesTheOption() throws {
        let r = try runBinary(["--help"])
        #expect(r.status == 0)
        #expect(r.out.contains("-o, --output <file>"))
        #expect(r.out.contains("xlsx"))
    }
}
