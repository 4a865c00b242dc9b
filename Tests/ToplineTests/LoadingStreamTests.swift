import Foundation
import Testing
import ToplineTestSupport
@testable import Topline

/// CSV, TSV and NDJSON are read a window at a time (`ByteStream`): whatever
/// the window size, a load gives exactly what it gives with the whole file
/// in one window — the same table and warnings, or the same diagnostic with
/// the same line and column. Small windows cut rows, quoted fields, line
/// breaks (CR LF), byte order marks and UTF-8 characters at every point.
@Suite struct LoadingStreamTests {
    enum Format: String, CustomStringConvertible {
        case csv, tsv, json, ndjson
        var description: String { rawValue }
    }

    /// What one read gives, in a form to compare.
    enum Outcome: Equatable {
        case table(names: [String], types: [ValueType], rows: [[Value]], warnings: [Diagnostic])
        case failure(Diagnostic)
    }

    static func outcome(_ bytes: [UInt8], _ format: Format, chunkSize: Int) -> Outcome {
        var warnings: [Diagnostic] = []
        do throws(Diagnostic) {
            let table: Table
            switch format {
            case .csv, .tsv:
                table = try DatasetReader.readDelimited(
                    bytes: bytes, separator: format == .csv ? UInt8(ascii: ",") : UInt8(ascii: "\t"), fileName: "t",
                    chunkSize: chunkSize, warnings: { warnings.append($0) })
            case .json, .ndjson:
                table = try DatasetReader.readJSON(bytes: bytes, fileName: "t", lines: format == .ndjson,
                                                   chunkSize: chunkSize, warnings: { warnings.append($0) })
            }
            return .table(names: table.columnNames, types: table.types, rows: table.rows, warnings: warnings)
        } catch {
            return .failure(error)
        }
    }

    /// Every size the fuzz targets use (4 + length % 29), and one larger.
    static let chunkSizes = Array(4...32) + [64]

    /// Every window size gives the whole-file outcome.
    static func expectSameAtEveryChunkSize(_ bytes: [UInt8], _ format: Format, sourceLocation: SourceLocation = #_sourceLocation) {
        let whole = outcome(bytes, format, chunkSize: ByteStream.defaultChunkSize)
        for size in chunkSizes {
            let chunked = outcome(bytes, format, chunkSize: size)
            #expect(chunked == whole, "window of \(size) bytes, input \(bytes.count) bytes", sourceLocation: sourceLocation)
        }
    }

    struct Case: CustomStringConvertible, Sendable {
        let name: String
        let format: Format
        let bytes: [UInt8]
        var description: String { "\(format) \(name)" }
        init(_ name: String, _ format: Format, _ text: String) { self.init(name, format, bytes: Array(text.utf8)) }
        init(_ name: String, _ format: Format, bytes: [UInt8]) {
            self.name = name
            self.format = format
            self.bytes = bytes
        }
    }

    static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

    static let cases: [Case] = [
        Case("plain rows", .csv, "id,name,score\n1,ann,1.5\n2,bob,2\n3,cy,\n"),
        Case("CRLF", .csv, "a,b\r\n1,2\r\n3,4\r\n"),
        Case("bare CR", .csv, "a,b\r1,2\r3,4\r"),
        Case("CR with a CR LF inside", .csv, "a,b\r1,2\r\n3,4\r"),
        Case("byte order mark", .csv, bytes: bom + Array("a,b\n1,\u{e9}\n\"x\",2\n".utf8)),
        Case("error on the first line after a byte order mark", .csv, bytes: bom + Array("a,\"b\"x\n1,2\n".utf8)),
        Case("quoted fields with line breaks and doubled quotes", .csv,
             "a,b\n\"x\ny\",\"he said \"\"hi\"\"\"\n\"\",\"\r\n\"\n2,\"end\"\n"),
        Case("blank lines everywhere", .csv, "\n\n\na,b\n\n1,2\n\n\n3,4\n\n"),
        Case("no final line break", .csv, "a,b\n1,2\n3,4"),
        Case("only a header", .csv, "a,b,c"),
        Case("empty", .csv, ""),
        Case("only blank lines", .csv, "\n\r\n\n"),
        Case("ragged: too few", .csv, "a,b,c\n1,2,3\n4,5\n6,7,8\n"),
        Case("ragged: too many", .csv, "a,b\n1,2\n3,4,5,6\n"),
        Case("ragged after a quoted line break", .csv, "a,b\n\"x\ny\",2,3\n"),
        Case("unterminated quote", .csv, "a,b\n1,2\n\"open,3\n4,5\n"),
        Case("text after a closing quote", .csv, "a,b\n1,\"2\"x\n"),
        Case("control character after a closing quote", .csv, "a,b\n1,\"2\"\u{1B}\n"),
        Case("invalid UTF-8 late", .csv, bytes: Array("a,b\n1,2\n3,4\n5,\"".utf8) + [0xC3, 0x28] + Array("\"\n".utf8)),
        Case("a cut-off character at the end", .csv, bytes: Array("a,b\n1,x".utf8) + [0xE2, 0x82]),
        Case("a NUL byte", .csv, bytes: Array("a,b\n1,2\n3,".utf8) + [0] + Array("4\n".utf8)),
        Case("multi-byte characters", .csv, "name,v\n\u{e9}t\u{e9},1\n\u{20AC}\u{1F600},2\n\u{1F600}\u{1F600}\u{1F600},3\n"),
        Case("a column that turns to text midway", .csv, "a,b\n+5,1\n1.50,2\n007,3\nseven,4\n8,5\n"),
        Case("two columns that turn to text at different rows", .csv, "a,b,c\n1,true,1%\n2,false,x\ny,true,3%\n4,z,5%\n"),
        Case("an inexact whole number", .csv, "a,v\nx,0.5\ny,1\nz,9007199254740993\nw,9007199254740995\n"),
        Case("inexact whole numbers in a quoted multi-line row", .csv, "a,v\n\"p\nq\",0.5\n\"r\ns\",  9007199254740993\n"),
        Case("an integer beyond Int64", .csv, "v\n1\n99999999999999999999\n"),
        Case("TSV escapes", .tsv, "a\tb\nC:\\\\x\tp\\tq\n\\n\\r\t\"quoted\ttab\"\n"),
        Case("TSV ragged", .tsv, "a\tb\n1\t2\t3\n"),
        Case("TSV bare CR", .tsv, "a\tb\r1\t2\r"),
        Case("NDJSON rows", .ndjson, "{\"a\": 1, \"b\": \"x\"}\n{\"a\": 2.5}\n\n{\"b\": \"16%\", \"c\": [1, {\"d\": null}]}\n"),
        Case("NDJSON over several lines", .ndjson, "{\"a\":\n 1,\n \"b\": \"x\"}\n{\"a\": 2,\n\"b\":\n\"y\"}\n"),
        Case("NDJSON with a byte order mark", .ndjson, bytes: bom + Array("{\"a\": 1}\n{\"a\": 2}\n".utf8)),
        Case("NDJSON syntax error late", .ndjson, "{\"a\": 1}\n{\"a\": 2}\n{\"a\": 3,}\n"),
        Case("NDJSON error in a record over several lines", .ndjson, "{\"a\": 1}\n{\"a\":\n [1,\n 2,\n ]}\n"),
        Case("NDJSON not an object", .ndjson, "{\"a\": 1}\n[1]\n"),
        Case("NDJSON two objects on a line", .ndjson, "{\"a\": 1} {\"a\": 2}\n"),
        Case("NDJSON unterminated record at the end", .ndjson, "{\"a\": 1}\n{\"a\": 2"),
        Case("NDJSON invalid UTF-8 in a string", .ndjson, bytes: Array("{\"a\": 1}\n{\"a\": \"".utf8) + [0xFF] + Array("\"}\n".utf8)),
        Case("NDJSON escapes", .ndjson, "{\"a\": \"\\u00e9\\ud83d\\ude00\"}\n{\"a\": \"\\q\"}\n"),
        Case("NDJSON a column that turns to text", .ndjson, "{\"v\": 1}\n{\"v\": \"x\"}\n"),
        Case("NDJSON an inexact whole number", .ndjson, "{\"v\": 0.5}\n\n  {\"v\": 9007199254740993}\n"),
        Case("NDJSON empty", .ndjson, "  \n\n "),
        Case("JSON array", .json, "[{\"a\": 1}, {\"a\": 9007199254740993, \"b\": 0.5}, {\"b\": 9007199254740993}]"),
        Case("JSON array error", .json, "[{\"a\": 1},\n {\"a\": 2,}]"),
    ]

    @Test(arguments: cases)
    func everyWindowSizeReadsTheSame(_ c: Case) {
        Self.expectSameAtEveryChunkSize(c.bytes, c.format)
    }

    /// The examples, the fixtures and the saved fuzz findings.
    @Test func everyDataFileOfTheRepositoryReadsTheSameInSmallWindows() throws {
        var files: [(String, Format)] = []
        for folder in ["Examples/data", "Tests/ToplineTests/Fixtures/data", "Fuzz/regressions/csv", "Fuzz/regressions/json"] {
            let names = try FileManager.default.contentsOfDirectory(atPath: packagePath(folder))
            for name in names.sorted() {
                let ext = (name as NSString).pathExtension
                let format: [Format] = switch ext {
                case "csv": [.csv]
                case "tsv": [.tsv]
                case "json": [.json, .ndjson]
                default: folder.hasSuffix("csv") ? [.csv, .tsv] : [.json, .ndjson]
                }
                for f in format { files.append((packagePath(folder + "/" + name), f)) }
            }
        }
        #expect(files.count >= 12)
        for (path, format) in files {
            let bytes = try #require(FileManager.default.contents(atPath: path))
            Self.expectSameAtEveryChunkSize(Array(bytes), format)
        }
    }

    /// Seeded random inputs built from the bytes that matter to the readers.
    @Test(arguments: 0..<40)
    func randomInputsReadTheSameInSmallWindows(seed: Int) {
        var random = SplitMix(seed: UInt64(seed))
        let delimited: [[UInt8]] = [
            [0x61], [0x31], Array("1.5".utf8), Array("9007199254740993".utf8), Array("7%".utf8), Array("true".utf8),
            [0x2C], [0x2C], [0x09], [0x0A], [0x0A], [0x0D], [0x0D, 0x0A], [0x22], [0x22, 0x22], [0x5C], [0x5C, 0x6E],
            [0xC3, 0xA9], [0xE2, 0x82, 0xAC], [0xF0, 0x9F, 0x98, 0x80], [0xFF], [0x20],
        ]
        let json: [[UInt8]] = [
            Array("{\"a\": 1}\n".utf8), Array("{\"b\": \"x\", \"a\": 0.5}\n".utf8), Array("{\"a\":\n 9007199254740993}\n".utf8),
            Array("{\"c\": [1, {\"d\": \"\\u00e9\"}]}\n".utf8), Array("\n".utf8), Array(" ".utf8), Array("{".utf8), Array("}".utf8),
            Array("\"".utf8), Array(",".utf8), Array("\u{e9}".utf8), [0xFF],
        ]
        for _ in 0..<8 {
            for (format, pieces) in [(Format.csv, delimited), (.tsv, delimited), (.ndjson, json)] {
                var bytes: [UInt8] = random.next() % 8 == 0 ? Self.bom : []
                // Mostly valid: a header then rows; the pieces supply the damage.
                if format != .ndjson { bytes += Array((format == .csv ? "a,b\n" : "a\tb\n").utf8) }
                for _ in 0..<(Int(random.next() % 40) + 1) {
                    bytes += pieces[Int(random.next() % UInt64(pieces.count))]
                }
                Self.expectSameAtEveryChunkSize(bytes, format)
            }
        }
    }

    /// A row far longer than a window: the window grows until it holds it.
    @Test func aRowLongerThanTheDefaultWindowLoads() throws {
        let cell = String(repeating: "x,\"y\"\n", count: (ByteStream.defaultChunkSize + (1 << 20)) / 6)
        let text = "id,long\n1,short\n2,\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"\n3,end\n"
        let table = try loadCSV(text)
        #expect(table.rowCount == 3)
        #expect(table[1, "long"] == .text(cell))
        #expect(table[2, "long"] == .text("end"))
    }

    /// What a window holds stays within a chunk plus the row it carries.
    @Test func theWindowHoldsAChunkNotTheFile() throws {
        let text = "a,b\n" + String(repeating: "12345,abcdef\n", count: 20_000)
        let source = MemorySource(Array(text.utf8), name: "t.csv")
        let stream = try ByteStream(source: source, chunkSize: 4096, context: LoadContext())
        var largest = stream.count
        while !stream.atEnd {
            let window = stream.bytes
            var keep = window.count
            while keep > 0, window[keep - 1] != UInt8(ascii: "\n") { keep -= 1 }
            try stream.advance(keepingFrom: keep)
            largest = max(largest, stream.count)
        }
        #expect(largest <= 4096 + 13)
        #expect(stream.base + stream.count == text.utf8.count)
        // And the reader that streams it gives every row.
        let table = try DelimitedReader.read(source, chunkSize: 4096, separator: UInt8(ascii: ","))
        #expect(table.rowCount == 20_000)
    }

    /// Keeping everything doubles what each step reads, so a long row costs linear time.
    @Test func keepingEverythingReadsAsMuchAgainEachStep() throws {
        let source = MemorySource(Array(repeating: UInt8(ascii: "x"), count: 100_000), name: "t.csv")
        let stream = try ByteStream(source: source, chunkSize: 1000, context: LoadContext())
        var steps = 0
        while !stream.atEnd {
            try stream.advance(keepingFrom: 0)
            steps += 1
        }
        #expect(stream.count == 100_000)
        #expect(steps <= 8)  // 1000 · 2^7 = 128,000
    }
}
