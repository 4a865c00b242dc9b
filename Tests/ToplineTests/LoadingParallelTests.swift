import Foundation
import Testing
import ToplineTestSupport
@testable import Topline

/// A CSV or TSV read on several threads (`DelimitedChunks`) gives exactly what
/// a read on one gives: the same columns down to their storage (dictionary
/// codes in first-seen order, the bits of every double, where the nulls
/// are), the same warnings, or the same first error at the same line and
/// column. Tiny windows and chunks of a few bytes put chunk boundaries at
/// every kind of place: inside quoted fields, between CR and LF, inside a
/// multi-byte character, just before a type change or an error.
@Suite struct LoadingParallelTests {
    /// One column's storage, to compare exactly.
    enum Stored: Equatable {
        case integers([Int64], isNull: [Bool])
        case doubles([UInt64])
        case texts(codes: [Int32], dictionary: [String])
        case booleans([UInt8])
        case other(String)
    }

    /// What one read gives, in a form to compare.
    enum Outcome: Equatable {
        case table(names: [String], types: [ValueType], columns: [Stored], rowCount: Int, warnings: [Diagnostic])
        case failure(Diagnostic)
    }

    static func stored(_ column: Column) -> Stored {
        switch column.storage {
        case .integers(let a, let isNull): return .integers(a, isNull: isNull)
        case .doubles(let a): return .doubles(a.map(\.bitPattern))
        case .texts(let codes, let dictionary): return .texts(codes: codes, dictionary: dictionary)
        case .booleans(let a): return .booleans(a)
        default: return .other("\(column.storage)")
        }
    }

    static func outcome(_ bytes: [UInt8], tsv: Bool, columns: Set<String>? = nil, chunkSize: Int,
                        parallelism: LoadParallelism) -> Outcome {
        var warnings: [Diagnostic] = []
        do throws(Diagnostic) {
            let table = try DatasetReader.readDelimited(
                bytes: bytes, separator: tsv ? UInt8(ascii: "\t") : UInt8(ascii: ","), fileName: "t", columns: columns,
                chunkSize: chunkSize, parallelism: parallelism, warnings: { warnings.append($0) })
            return .table(names: table.columnNames, types: table.types, columns: table.columns.map(stored),
                          rowCount: table.rowCount, warnings: warnings)
        } catch {
            return .failure(error)
        }
    }

    /// Threads and the smallest chunk: 1-byte chunks cut every window as often as it allows.
    static let settings: [LoadParallelism] = [
        LoadParallelism(threads: 2, minimumFileSize: 0, minimumChunk: 1),
        LoadParallelism(threads: 3, minimumFileSize: 0, minimumChunk: 3),
        LoadParallelism(threads: 8, minimumFileSize: 0, minimumChunk: 1),
    ]

    /// Windows from a few bytes (several chunks of a byte or two) to the whole input.
    static let windows = [8, 13, 21, 32, 64, 200, 1024, ByteStream.defaultChunkSize]

    /// Every setting and window gives what one thread with the whole input in one window gives.
    static func expectSameInParallel(_ bytes: [UInt8], tsv: Bool, columns: Set<String>? = nil,
                                     windows: [Int] = windows, sourceLocation: SourceLocation = #_sourceLocation) {
        let expected = outcome(bytes, tsv: tsv, columns: columns, chunkSize: ByteStream.defaultChunkSize, parallelism: .sequential)
        for window in windows {
            for setting in settings {
                let got = outcome(bytes, tsv: tsv, columns: columns, chunkSize: window, parallelism: setting)
                #expect(got == expected, "\(setting.threads) threads, chunks ≥ \(setting.minimumChunk) B, window \(window) B, input \(bytes.count) B",
                        sourceLocation: sourceLocation)
            }
        }
    }

    struct Case: CustomStringConvertible, Sendable {
        let name: String
        let tsv: Bool
        let bytes: [UInt8]
        var description: String { name }
        init(_ name: String, tsv: Bool = false, _ bytes: [UInt8]) {
            self.name = name
            self.tsv = tsv
            self.bytes = bytes
        }
        init(_ name: String, tsv: Bool = false, _ text: String) { self.init(name, tsv: tsv, Array(text.utf8)) }
    }

    /// `header` then `count` rows made by `row` (0-based), each ending with `end`.
    static func rows(_ header: String, _ count: Int, end: String = "\n", _ row: (Int) -> String) -> String {
        header + end + (0..<count).map { row($0) + end }.joined()
    }

    static let cases: [Case] = [
        Case("types settle in the first rows", rows("id,name,w,ok,day", 300) { i in
            "\(i),\(["ann", "bob", "cy", "dee"][i % 4]),\(Double(i) / 8),\(i % 3 == 0),2020-01-\(String(format: "%02d", i % 28 + 1))"
        }),
        Case("new dictionary values in every chunk, first-seen order", rows("k,v", 400) { i in "v\(i % 7 == 0 ? i : i % 5),\(i)" }),
        Case("quoted fields with separators, doubled quotes and line breaks", rows("a,b,c", 200) { i in
            "\(i),\"x, \"\"\(i)\"\"\ny\(i % 3 == 0 ? "\n\n" : "")\",\(i % 2 == 0 ? "\"\"" : "z")"
        }),
        Case("every row a quoted field of line breaks (every guess inside quotes)", rows("a,b", 150) { i in
            "\"\n\(i)\n\n,\n\",\(i)"
        }),
        Case("CRLF", rows("a,b", 200, end: "\r\n") { i in "\(i),\"p\r\nq\(i % 4)\"" }),
        Case("CR line endings", rows("a,b", 200, end: "\r") { i in "\(i),\"p\rq\(i % 4)\"" }),
        Case("CR line endings with CR LF inside", rows("a,b", 200, end: "\r") { i in i % 5 == 0 ? "\(i),x\r\n" : "\(i),y" }),
        Case("blank lines between rows", rows("a,b", 200) { i in i % 3 == 0 ? "\n\r\n\(i),\(i)" : "\(i),\(i)" }),
        Case("multi-byte characters everywhere", rows("name,v", 200) { i in
            "\(["\u{e9}t\u{e9}", "\u{20AC}", "\u{1F600}\u{1F600}", "\"\u{1F600}\n\u{e9}\""][i % 4]),\(i)"
        }),
        Case("integers widen to numbers late", rows("a,b", 300) { i in i == 280 ? "2.5,\(i)" : "\(i),\(i)" }),
        Case("integers widen early, later chunks all whole", rows("a,b", 300) { i in i == 3 ? "2.5,\(i)" : "\(i),\(i)" }),
        Case("dates widen to timestamps late", rows("d", 300) { i in i == 250 ? "2020-01-01 10:00:00" : "2020-02-\(i % 28 + 1 < 10 ? "0" : "")\(i % 28 + 1)" }),
        Case("timestamps then dates", rows("d", 300) { i in i == 0 ? "2020-01-01T10:00:00Z" : "2020-02-03" }),
        Case("a column turns to text late", rows("a,b", 300) { i in i == 290 ? "seven,\(i)" : "+\(i),\(i)" }),
        Case("columns turn to text at different chunks", rows("a,b,c", 300) { i in
            "\(i == 100 ? "x" : "\(i)"),\(i == 200 ? "y" : "true"),\(i == 250 ? "z" : "\(i)%")"
        }),
        Case("booleans then text", rows("a", 300) { i in i % 97 == 96 ? "maybe" : (i % 2 == 0 ? "TRUE" : "false") }),
        Case("nulls first, a type late", rows("a,b", 300) { i in i < 270 ? ",\(i)" : "\(i),\(i)" }),
        Case("a column of nulls only", rows("a,b", 300) { i in "\(i)," }),
        Case("nulls then text then numbers", rows("a", 300) { i in i < 100 ? "" : (i == 150 ? "n/a" : "\(i)") }),
        Case("negative zero next to numbers", rows("a", 300) { i in i == 200 ? "1.5" : (i % 50 == 0 ? "-0" : "\(i)") }),
        Case("inexact whole numbers late", rows("a,v", 300) { i in
            i < 200 ? "x,\(i).5" : "y,\(9_007_199_254_740_993 + 2 * i)"
        }),
        Case("inexact whole numbers before the widening", rows("a,v", 300) { i in
            i == 250 ? "x,0.5" : "y,\(i % 40 == 0 ? "+0009007199254740993" : "\(i)")"
        }),
        Case("an integer beyond Int64 late", rows("v", 300) { i in i == 260 ? "99999999999999999999" : "\(i)" }),
        Case("a ragged row late (too many)", rows("a,b", 300) { i in i == 277 ? "\(i),2,3" : "\(i),x" }),
        Case("a ragged row late (too few)", rows("a,b", 300) { i in i == 233 ? "\(i)" : "\(i),x" }),
        Case("two errors: the first in file order wins", rows("a,b", 300) { i in i == 150 ? "\(i)" : (i == 260 ? "1,\"2\"x" : "\(i),x") }),
        Case("text after a closing quote late", rows("a,b", 300) { i in i == 240 ? "\(i),\"q\"\u{e9}" : "\(i),\"q\"" }),
        Case("an unterminated quote late", rows("a,b", 300) { i in i == 299 ? "\(i),\"open" : "\(i),\"q\"" }),
        Case("a quote opened late swallows the rest", rows("a,b", 300) { i in i == 120 ? "\(i),\"open\n" : "\(i),x" }),
        Case("invalid UTF-8 late", Array(rows("a,b", 300) { i in "\(i),x" }.utf8) + [0xC3, 0x28, 0x0A]),
        Case("a NUL byte late after a ragged row", Array(rows("a,b", 300) { i in i == 10 ? "1" : "\(i),x" }.utf8) + [0x31, 0x2C, 0x00, 0x0A]),
        Case("TSV escapes and quotes", tsv: true, rows("a\tb", 300) { i in
            i % 3 == 0 ? "C:\\\\x\(i)\tp\\tq" : "\(i)\t\"quoted\ttab\n\(i % 7)\""
        }),
        Case("TSV ragged late", tsv: true, rows("a\tb", 300) { i in i == 250 ? "1\t2\t3" : "\(i)\tx" }),
        Case("no final line break", String(rows("a,b", 200) { i in "\(i),\(i % 9)" }.dropLast())),
        Case("a byte order mark", [0xEF, 0xBB, 0xBF] + Array(rows("a,b", 200) { i in "\(i),\"\(i % 3)\"" }.utf8)),
    ]

    @Test(arguments: cases)
    func readsTheSameOnSeveralThreads(_ c: Case) {
        Self.expectSameInParallel(c.bytes, tsv: c.tsv)
    }

    /// Projection pushdown: the columns not kept are scanned past, in parallel too.
    @Test(arguments: cases)
    func readsTheSameColumnsOnSeveralThreads(_ c: Case) {
        Self.expectSameInParallel(c.bytes, tsv: c.tsv, columns: ["b", "v"], windows: [13, 64, ByteStream.defaultChunkSize])
    }

    /// The delimited cases of the streaming tests (each also read in tiny windows there).
    @Test func theStreamingCasesReadTheSameOnSeveralThreads() {
        let delimited = LoadingStreamTests.cases.filter { $0.format == .csv || $0.format == .tsv }
        #expect(delimited.count >= 25)
        for c in delimited { Self.expectSameInParallel(c.bytes, tsv: c.format == .tsv) }
    }

    /// The examples, the fixtures, the microdata and the saved fuzz findings.
    @Test func everyDelimitedFileOfTheRepositoryReadsTheSameOnSeveralThreads() throws {
        var files: [(String, Bool)] = []
        for folder in ["Examples/data", "Tests/ToplineTests/Fixtures/data", "Tests/ToplineTests/Fixtures/microdata", "Fuzz/regressions/csv"] {
            for name in try FileManager.default.contentsOfDirectory(atPath: packagePath(folder)).sorted() {
                switch (name as NSString).pathExtension {
                case "csv": files.append((folder + "/" + name, false))
                case "tsv": files.append((folder + "/" + name, true))
                case "json", "ndjson": continue
                default: if folder.hasSuffix("csv") { files += [(folder + "/" + name, false), (folder + "/" + name, true)] }
                }
            }
        }
        #expect(files.count >= 10)
        for (path, tsv) in files {
            let bytes = Array(try #require(FileManager.default.contents(atPath: packagePath(path))))
            // Large files in larger windows only: a window of a few bytes would take minutes.
            Self.expectSameInParallel(bytes, tsv: tsv, windows: bytes.count > 50_000 ? [4096, 65_536] : Self.windows)
        }
    }

    /// Seeded random inputs built from the bytes that matter to the reader.
    @Test(arguments: 0..<30)
    func randomInputsReadTheSameOnSeveralThreads(seed: Int) {
        var random = SplitMix(seed: UInt64(seed))
        let pieces: [[UInt8]] = [
            [0x61], [0x31], [0x31], Array("1.5".utf8), Array("9007199254740993".utf8), Array("7%".utf8), Array("true".utf8),
            Array("2020-01-31".utf8), Array("2020-01-31 10:00".utf8), [0x2C], [0x2C], [0x2C], [0x09], [0x0A], [0x0A], [0x0A],
            [0x0D], [0x0D, 0x0A], [0x22], [0x22], [0x22, 0x22], [0x5C], [0x5C, 0x6E], [0xC3, 0xA9], [0xE2, 0x82, 0xAC],
            [0xF0, 0x9F, 0x98, 0x80], [0x20],
        ]
        for round in 0..<6 {
            for tsv in [false, true] {
                var bytes = Array((tsv ? "a\tb\n" : "a,b\n").utf8)
                for _ in 0..<(Int(random.next() % 300) + 1) { bytes += pieces[Int(random.next() % UInt64(pieces.count))] }
                // Now and then a file of valid rows with a little damage, so most reads get far.
                if round % 2 == 1 {
                    bytes = Array((tsv ? "a\tb\n" : "a,b\n").utf8)
                    for i in 0..<Int(random.next() % 200) {
                        let cell = pieces[Int(random.next() % 9)]
                        bytes += Array("\(i)".utf8) + [tsv ? 0x09 : 0x2C] + cell + [0x0A]
                    }
                    bytes += pieces[Int(random.next() % UInt64(pieces.count))]
                }
                Self.expectSameInParallel(bytes, tsv: tsv, windows: [8, 21, 64, 512, ByteStream.defaultChunkSize])
            }
        }
    }

    /// The cases do cut windows inside quoted fields: guesses there are wrong,
    /// and the read still agrees (above). Without this, a guesser that never
    /// met a quote would pass the tests above without testing confirmation.
    @Test func guessesFallInsideQuotedFields() throws {
        let bytes = Array(Self.rows("a,b", 50) { i in "\"\n\(i)\n\",\(i)" }.utf8)
        let cuts = bytes.withUnsafeBufferPointer { window in
            DelimitedChunks.guesses(DelimitedScanner(bytes: window, separator: 0x2C, file: "t", newline: 0x0A,
                                                     position: 4, line: 2, floor: 0, final: true),
                                    chunks: 8, minimumChunk: 1)
        }
        #expect(cuts.count == 8)
        // A row of this file starts with a quote; a cut after a line break inside the quotes does not.
        #expect(cuts.dropFirst().contains { bytes[$0] != UInt8(ascii: "\"") })
    }

    /// A file of a few MiB read the way `load` reads it: the default windows
    /// and chunk size, two threads, against one.
    @Test func aFileOfSeveralWindowsReadsTheSame() throws {
        var text = "id,region,w,when,note\n"
        for i in 0..<120_000 {
            text += "\(i),\(["north", "south", "east", "west", "r\(i % 1000)"][i % 5]),\(i % 11 == 0 ? "" : "\(i % 97).25"),"
            text += "2020-0\(i % 9 + 1)-1\(i % 10),\(i % 13 == 0 ? "\"a, \"\"b\"\"\nc\"" : "plain")\n"
        }
        text += "120000,north,1,2020-01-01 10:00:00,last\n"
        let bytes = Array(text.utf8)
        #expect(bytes.count > 3 << 20)
        // Whole, then with invalid UTF-8 in the last window (checked in slices at once), then with a
        // ragged row early and a NUL byte late (the NUL wins, as when the whole file is checked first).
        var broken = bytes
        broken[bytes.count - 100] = 0xFF
        var ragged = bytes
        ragged[1000] = UInt8(ascii: ",")
        ragged[bytes.count - 3_000_000] = 0
        let current = LoadParallelism.current()
        for input in [bytes, broken, ragged] {
            let expected = Self.outcome(input, tsv: false, chunkSize: 1 << 20, parallelism: .sequential)
            for threads in [2, 4] {
                var setting = current
                setting.threads = threads
                #expect(Self.outcome(input, tsv: false, chunkSize: 1 << 20, parallelism: setting) == expected)
            }
        }
    }

    @Test(arguments: [
        ("Cpus_allowed:\t3\n", 2), ("Name:\tx\nCpus_allowed:\tff,ffffffff\nCpus_allowed_list:\t0-39\n", 40),
        ("Cpus_allowed:\t1\n", 1), ("Cpus_allowed:\t0\n", nil), ("Cpus_allowed:\tzz\n", nil), ("nothing\n", nil),
    ] as [(String, Int?)])
    func processorsComeFromTheAffinityMask(_ status: String, _ expected: Int?) {
        #expect(LoadParallelism.parseCpusAllowed(ArraySlice(status.utf8)) == expected)
    }

    @Test(arguments: [
        ("1", 2, 1), ("4", 2, 4), (nil, 2, 2), (nil, 1, 1), (nil, 64, LoadParallelism.maximumThreads),
        ("0", 2, 2), ("-3", 2, 2), ("lots", 2, 2), ("", 3, 3), ("1000", 2, 64),
    ] as [(String?, Int, Int)])
    func threadsComeFromTheVariableOrTheProcessors(_ value: String?, _ processors: Int, _ expected: Int) {
        #expect(LoadParallelism.threads(environmentValue: value, processors: processors) == expected)
    }

    @Test func smallFilesAreReadOnOneThread() {
        let setting = LoadParallelism.current()
        #expect(setting.threads(forSize: setting.minimumFileSize - 1) == 1)
        #expect(setting.threads(forSize: nil) == 1)
        #expect(setting.threads(forSize: setting.minimumFileSize) == setting.threads)
    }
}
