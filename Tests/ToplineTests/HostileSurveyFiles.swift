import Foundation
import Testing
import ToplineTestSupport
@testable import Topline

/// Hostile SPSS, Stata and SAS files, made from the fixtures by cutting or
/// patching them (FUZZING.md, "Hostile inputs", lists the decided behaviours).
extension HostileCase {
    static func fixture(_ name: String) -> [UInt8] {
        Array((try? Data(contentsOf: packageRoot.appendingPathComponent("Tests/ToplineTests/Fixtures/readstat/\(name)"))) ?? Data())
    }

    /// `bytes` with the little-endian 32-bit `value` at `offset`.
    static func patched(_ bytes: [UInt8], at offset: Int, int32 value: Int32) -> [UInt8] {
        var out = bytes
        withUnsafeBytes(of: value.littleEndian) { for (i, b) in $0.enumerated() { out[offset + i] = b } }
        return out
    }

    /// The offset of the first occurrence of `text` in `bytes`.
    static func offset(of text: String, in bytes: [UInt8]) -> Int {
        let needle = Array(text.utf8)
        return (0...(bytes.count - needle.count)).first { Array(bytes[$0..<($0 + needle.count)]) == needle }!
    }

    /// The offset of the first type-4 record (the variables a set of value labels
    /// applies to) of an SPSS file's dictionary, found by walking its records.
    static func firstLabelVariableList(in sav: [UInt8]) -> Int? {
        func int32(_ at: Int) -> Int { Int(Int32(littleEndian: sav[at..<(at + 4)].withUnsafeBytes { $0.loadUnaligned(as: Int32.self) })) }
        var at = 176  // the file header
        while at + 16 <= sav.count {
            switch int32(at) {
            case 2:  // a variable: 32 bytes, then its label (padded to 4 bytes) and its missing values (8 bytes each)
                let hasLabel = int32(at + 8) != 0, missing = abs(int32(at + 12))
                at += 32
                if hasLabel { at += 4 + (int32(at) + 3) / 4 * 4 }
                at += missing * 8
            case 3:  // value labels: each an 8-byte value, a length byte and the label, padded to 8 bytes
                let count = int32(at + 4)
                at += 8
                for _ in 0..<count { at += 8 + (Int(sav[at + 8]) + 1 + 7) / 8 * 8 }
                return at
            default:
                return nil
            }
        }
        return nil
    }

    /// Writes `name` into `dir`: the SPSS fixture with `value` at `field` bytes into its first list of labelled variables.
    static func labelListPatched(_ name: String, field: Int, _ value: Int32) -> @Sendable (String) throws -> Void {
        { dir in
            let sav = fixture("survey.sav")
            guard let at = firstLabelVariableList(in: sav) else { throw PreparationFailed("finding the value labels of survey.sav") }
            try prepared(FileManager.default.createFile(atPath: dir + "/" + name, contents: Data(patched(sav, at: at + field, int32: value))),
                         "creating \(name)")
        }
    }

    static let surveyFiles: [HostileCase] = {
        let sav = fixture("survey.sav"), dta = fixture("survey.dta"), xpt = fixture("survey.xpt"), sas = fixture("survey.sas7bdat")
        // The SPSS header's case count is the 32-bit integer at byte 80.
        let rows = 80
        // Stata 118: <K> holds the variable count (2 bytes); each <value_label_names> entry is 129 bytes, q1's the third.
        let variables = offset(of: "<K>", in: dta) + 3
        let q1LabelName = offset(of: "<value_label_names>", in: dta) + "<value_label_names>".utf8.count + 2 * 129
        return [
            HostileCase("an empty SPSS file", files: ["e.sav": []], "load \"e.sav\"", .error("load.empty", line: 1, column: 6)),
            HostileCase("an SPSS file cut in its dictionary", files: ["cut.sav": Array(sav[..<300])], "load \"cut.sav\"",
                        .error("load.corrupt", line: 1, column: 6)),
            HostileCase("an SPSS file cut among its rows", files: ["cut.sav": Array(sav.dropLast(40))], "load \"cut.sav\"",
                        .error("load.corrupt", line: 1, column: 6)),
            HostileCase("a compressed SPSS file cut in its zlib blocks", files: ["cut.zsav": Array(fixture("survey.zsav").dropLast(100))],
                        "load \"cut.zsav\"", .error("load.corrupt", line: 1, column: 6)),
            HostileCase("a CSV file named .sav", files: ["csv.sav": utf8("id,name\n1,x\n")], "load \"csv.sav\"",
                        .error("load.corrupt", line: 1, column: 6)),
            HostileCase("an SPSS header declaring 2,147,483,647 rows", files: ["rows.sav": patched(sav, at: rows, int32: .max)],
                        "load \"rows.sav\"", .error("load.corrupt", line: 1, column: 6), maxSeconds: 10),
            HostileCase("an SPSS header declaring fewer rows than it holds: the header is believed",
                        files: ["few.sav": patched(sav, at: rows, int32: 3)], "load \"few.sav\"\nfrom few | summarize n = count()",
                        .result { cell($0, 0, "n") == .integer(3) }),
            HostileCase("an SPSS header with a negative row count: read as unknown, to the end",
                        files: ["neg.sav": patched(sav, at: rows, int32: -5)], "load \"neg.sav\"\nfrom neg | summarize n = count()",
                        .result { cell($0, 0, "n") == .integer(8) }),
            // The first list of labelled variables (record type 4: its count at +4, then 1-based indices), q1's.
            HostileCase("SPSS value labels pointing at variable 100,000", prepare: labelListPatched("labels.sav", field: 8, 100_000),
                        "load \"labels.sav\"", .error("load.corrupt", line: 1, column: 6)),
            HostileCase("SPSS value labels claiming 2,147,483,647 variables", prepare: labelListPatched("labels.sav", field: 4, .max),
                        "load \"labels.sav\"", .error("load.corrupt", line: 1, column: 6), maxSeconds: 10),
            HostileCase("a Stata file cut among its value labels", files: ["cut.dta": Array(dta.dropLast(200))], "load \"cut.dta\"",
                        .error("load.corrupt", line: 1, column: 6)),
            HostileCase("a Stata header with 65,535 variables", files: ["wide.dta": {
                var b = dta; b[variables] = 0xFF; b[variables + 1] = 0xFF; return b }()], "load \"wide.dta\"",
                        .error("load.corrupt", line: 1, column: 6), maxSeconds: 10),
            HostileCase("a Stata variable whose value labels do not exist: its codes stay numbers", files: ["nowhere.dta": {
                var b = dta; b[q1LabelName] = UInt8(ascii: "Z"); return b }()], "load \"nowhere.dta\"\nfrom nowhere | select q1 | take 1",
                        .result { cell($0, 0, "q1") == .integer(4) }),
            HostileCase("a SAS transport file cut inside a record", files: ["cut.xpt": Array(xpt.dropLast(41))], "load \"cut.xpt\"",
                        .error("load.corrupt", line: 1, column: 6)),
            HostileCase("a SAS data set cut in its first page", files: ["cut.sas7bdat": Array(sas[..<1000])], "load \"cut.sas7bdat\"",
                        .error("load.corrupt", line: 1, column: 6)),
            HostileCase("an SPSS file read as CSV", files: ["s.sav": sav], "load \"s.sav\" format csv", .dataError("load.nul-byte", file: "s.sav")),
            HostileCase("a keep missing for a Stata file", files: ["s.dta": dta], "load \"s.dta\" keep missing",
                        .error("load.option", line: 1, column: 14)),
        ]
    }()
}

/// Every prefix of every fixture — the file cut at each byte — is refused with a
/// load diagnostic naming it, or (a transport file cut at a record boundary,
/// which its format cannot tell from a whole one) reads the rows it holds.
@Suite struct SurveyTruncationTests {
    @Test(arguments: ["survey.sav", "survey.zsav", "survey.dta", "survey.xpt", "survey.sas7bdat"])
    func everyCutIsRefused(_ file: String) throws {
        let bytes = HostileCase.fixture(file)
        try #require(!bytes.isEmpty, "the fixture \(file) must exist")
        let format = try #require(DatasetReader.Format(path: file))
        for length in 0..<bytes.count {
            do throws(Diagnostic) {
                let table = try DatasetReader.readSurvey(bytes: Array(bytes[..<length]), format: format, fileName: file)
                #expect(format == .xpt && length % 80 == 0 && table.rowCount < 8, "\(file) cut at \(length) loaded \(table.rowCount) rows")
            } catch {
                #expect(["load.corrupt", "load.empty"].contains(error.id.rawValue), "\(file) cut at \(length): \(error.id) \(error.message)")
                #expect(error.file == file)
            }
        }
    }
}
