import Foundation
import Testing
import ToplineTestSupport
@testable import Topline

/// Hostile inputs: scripts and data files built to break a parser or a loader.
/// Each one must end in a clear diagnostic (or the documented result), never
/// a crash or hang, and must leave the session usable: the dataset loaded
/// before it still answers a query afterwards. FUZZING.md ("Hostile inputs")
/// lists the decided behaviour of each.
@Suite struct HostileInputTests {
    @Test(arguments: HostileCase.all)
    func hostileInputEndsCleanly(_ hostile: HostileCase) throws {
        try Self.check(hostile)
    }

    /// Permissions do not stop root, so this case cannot run in-process as root;
    /// ToplineShellTests' `PermissionTests` runs it as an unprivileged user then.
    @Test(.enabled(if: geteuid() != 0, "root reads files whatever their permissions (PermissionTests runs this as nobody)"))
    func fileWithoutReadPermissionEndsCleanly() throws {
        try Self.check(HostileCase.withoutReadPermission)
    }

    /// Runs `hostile` in a fresh directory after loading the baseline dataset.
    /// A case whose files cannot be made fails: it never passes unrun.
    static func check(_ hostile: HostileCase) throws {
        let dir = TemporaryDirectory(prefix: "topline-hostile")
        defer { dir.remove() }
        try hostile.prepare(dir.path)
        let session = Session(workingDirectory: dir.path)
        let setup = session.run("load \"\(studiesCSV)\" as base", fileName: "setup.tq")
        try #require(setup.succeeded, "the baseline dataset must load")

        var events: [StatementEvent] = []
        let started = Date()
        let succeeded = session.execute(bytes: hostile.script(), fileName: "hostile.tq") { events.append($0) }
        let seconds = Date().timeIntervalSince(started)
        let outcome = RunOutcome(events: events, succeeded: succeeded,
                                 source: session.sourceFile(named: "hostile.tq") ?? SourceFile(name: "hostile.tq", bytes: []))

        hostile.expect.check(outcome)
        if let limit = hostile.maxSeconds {
            #expect(seconds < limit, "took \(seconds) s, more than \(limit) s")
        }

        // No state lost: the dataset loaded before is still there and still answers.
        #expect(session.datasetNames.first == "base")
        let after = session.run("from base | summarize n = count()", fileName: "after.tq")
        #expect(after.succeeded)
        #expect(after.tables.first?[0, "n"] == .integer(60))
    }
}

/// A case's files could not be made: the test fails rather than pass unrun.
struct PreparationFailed: Error, CustomStringConvertible {
    var description: String
    init(_ what: String) { description = "\(what) failed: \(String(cString: strerror(errno)))" }
}

/// Throws ``PreparationFailed`` unless `ok`.
func prepared(_ ok: Bool, _ what: String) throws {
    if !ok { throw PreparationFailed(what) }
}

/// A hostile input: files to create, the script to run, and what must happen.
struct HostileCase: Sendable, CustomTestStringConvertible {
    var name: String
    /// Writes the case's files into the scratch directory; throws when it cannot.
    var prepare: @Sendable (String) throws -> Void = { _ in }
    /// The script's bytes (built lazily: some are tens of megabytes).
    var script: @Sendable () -> [UInt8]
    var expect: HostileExpectation
    /// Wall-clock limit for the run, for inputs that could be slow or block.
    var maxSeconds: Double? = nil

    var testDescription: String { name }

    init(_ name: String, files: [String: [UInt8]] = [:], prepare: (@Sendable (String) throws -> Void)? = nil,
         _ script: String, _ expect: HostileExpectation, maxSeconds: Double? = nil) {
        self.init(name, files: files, prepare: prepare, bytes: { Array(script.utf8) }, expect, maxSeconds: maxSeconds)
    }

    init(_ name: String, files: [String: [UInt8]] = [:], prepare: (@Sendable (String) throws -> Void)? = nil,
         bytes: @escaping @Sendable () -> [UInt8], _ expect: HostileExpectation, maxSeconds: Double? = nil) {
        self.name = name
        self.script = bytes
        self.expect = expect
        self.maxSeconds = maxSeconds
        self.prepare = { dir in
            for (file, content) in files {
                try prepared(FileManager.default.createFile(atPath: dir + "/" + file, contents: Data(content)), "creating \(file)")
            }
            try prepare?(dir)
        }
    }
}

/// What a hostile input must produce.
enum HostileExpectation: Sendable {
    /// Fails with diagnostic `id`, placed in the script at `line`:`column`
    /// (1-based, column in bytes) when given.
    case error(String, line: Int? = nil, column: Int? = nil)
    /// Fails with diagnostic `id` about data file `file`, at data line `dataLine`
    /// and column `dataColumn` when given.
    case dataError(String, file: String, dataLine: Int? = nil, dataColumn: Int? = nil)
    /// Succeeds with warning `id`; `check` inspects the last result table.
    case warning(String, check: @Sendable (Table) -> Bool)
    /// Succeeds without diagnostics; `check` inspects the last result table (nil: no table).
    case result(@Sendable (Table?) -> Bool)

    func check(_ outcome: RunOutcome, sourceLocation: SourceLocation = #_sourceLocation) {
        let errors = outcome.diagnostics.filter { $0.severity == .error }
        switch self {
        case .error(let id, let line, let column):
            #expect(!outcome.succeeded, sourceLocation: sourceLocation)
            guard let d = errors.first else {
                Issue.record("expected error \(id), got none", sourceLocation: sourceLocation)
                return
            }
            #expect(d.id.rawValue == id, "\(d.message)", sourceLocation: sourceLocation)
            #expect(!d.message.isEmpty, sourceLocation: sourceLocation)
            guard line != nil || column != nil else { return }
            #expect(d.file == "hostile.tq", sourceLocation: sourceLocation)
            guard let range = d.range else {
                Issue.record("error \(d.id) has no position", sourceLocation: sourceLocation)
                return
            }
            let location = outcome.source.location(of: range.start)
            let at = "\(d.id) at \(location.line):\(location.column): \(d.message)"
            if let line { #expect(location.line == line, "\(at)", sourceLocation: sourceLocation) }
            if let column { #expect(location.column == column, "\(at)", sourceLocation: sourceLocation) }
            // The renderer must cope with the source, however odd.
            #expect(!DiagnosticRenderer.render(d, source: outcome.source).isEmpty, sourceLocation: sourceLocation)
        case .dataError(let id, let file, let dataLine, let dataColumn):
            #expect(!outcome.succeeded, sourceLocation: sourceLocation)
            guard let d = errors.first else {
                Issue.record("expected error \(id), got none", sourceLocation: sourceLocation)
                return
            }
            #expect(d.id.rawValue == id, "\(d.message)", sourceLocation: sourceLocation)
            #expect(d.file == file, sourceLocation: sourceLocation)
            if let dataLine { #expect(d.dataLine == dataLine, "\(d.message)", sourceLocation: sourceLocation) }
            if let dataColumn { #expect(d.dataColumn == dataColumn, "\(d.message)", sourceLocation: sourceLocation) }
        case .warning(let id, let check):
            #expect(outcome.succeeded, "\(errors.map(\.message))", sourceLocation: sourceLocation)
            #expect(outcome.diagnostics.contains { $0.severity == .warning && $0.id.rawValue == id },
                    "\(outcome.diagnostics.map(\.id.rawValue))", sourceLocation: sourceLocation)
            if let table = outcome.tables.last {
                #expect(check(table), sourceLocation: sourceLocation)
            } else {
                Issue.record("expected a result table", sourceLocation: sourceLocation)
            }
        case .result(let check):
            #expect(outcome.succeeded, "\(errors.map { "\($0.id): \($0.message)" })", sourceLocation: sourceLocation)
            #expect(check(outcome.tables.last), sourceLocation: sourceLocation)
        }
    }
}

/// Bytes of `text` with `count` copies of `unit` where `{}` is.
func repeated(_ unit: String, _ count: Int, in text: String = "{}") -> [UInt8] {
    let parts = text.components(separatedBy: "{}")
    // String(repeating:) runs in the optimised standard library, so 50 MB is quick in debug builds.
    return Array((parts[0] + String(repeating: unit, count: count) + parts[1]).utf8)
}

/// The value at `row`, `column` of `table`, or nil when there is no such cell.
func cell(_ table: Table?, _ row: Int, _ column: String) -> Value? {
    guard let table, row < table.rowCount, let c = table.column(named: column) else { return nil }
    return c[row]
}

func utf8(_ text: String) -> [UInt8] { Array(text.utf8) }

extension HostileCase {
    /// The size of the "huge single-line script" cases: 50 MB in optimised
    /// builds; 8 MB in debug builds, where the unoptimised lexer takes about
    /// 4 s per 8 MB (see FUZZING.md).
    static let big = bigMB * 1024 * 1024
    #if DEBUG
    static let bigMB = 8
    #else
    static let bigMB = 50
    #endif

    static let all: [HostileCase] = scripts + numbers + dataFiles + surveyFiles + files + operations

    /// Not in `all`: it needs a user that file permissions apply to (see
    /// `fileWithoutReadPermissionEndsCleanly`).
    static let withoutReadPermission = HostileCase("load of a file without read permission", prepare: { dir in
        try prepared(FileManager.default.createFile(atPath: dir + "/unreadable.csv", contents: Data("a\n1\n".utf8)), "creating unreadable.csv")
        try prepared(chmod(dir + "/unreadable.csv", 0o000) == 0, "chmod")
    }, "load \"unreadable.csv\"", .error("load.unreadable", line: 1, column: 6))

    // MARK: - Scripts

    static let scripts: [HostileCase] = [
        HostileCase("10,000 nested parentheses", bytes: { repeated("(", 10_000, in: "from base | where {}1" + String(repeating: ")", count: 10_000)) },
                    .error("parse.too-deep", line: 1, column: 275)),
        HostileCase("10,000 unclosed parentheses", bytes: { repeated("(", 10_000, in: "from base | where {}") },
                    .error("parse.too-deep", line: 1, column: 275)),
        HostileCase("10,000 nested function calls", bytes: { repeated("abs(", 10_000, in: "from base | derive x = {}1") },
                    .error("parse.too-deep", line: 1)),
        HostileCase("not not not … 10,000 times", bytes: { repeated("not ", 10_000, in: "from base | where {}true") },
                    .error("parse.too-deep", line: 1)),
        HostileCase("- - - … 10,000 times", bytes: { repeated("- ", 10_000, in: "from base | derive x = {}1") },
                    .error("parse.too-deep", line: 1)),
        HostileCase("a + chain of 100,000 terms", bytes: { repeated(" + 1", 100_000, in: "from base | take 1 | derive x = 0{}| select x") },
                    .error("parse.too-deep", line: 1, column: 1_055)),
        HostileCase("an or chain of 100,000 comparisons", bytes: { repeated(" or n == 1", 100_000, in: "from base | where n == 0{}| summarize c = count()") },
                    .error("parse.too-deep", line: 1, column: 2_561)),
        HostileCase("a + chain of 200 terms is fine", bytes: { repeated(" + 1", 200, in: "from base | take 1 | derive x = 0{}| select x") },
                    .result { cell($0, 0, "x") == .integer(200) }),
        HostileCase("a single-line comment of \(bigMB) MB", bytes: { repeated("x", big, in: "from base | take 2 # {}") },
                    .result { $0?.rowCount == 2 }, maxSeconds: 90),
        HostileCase("a string literal of \(bigMB) MB on one line", bytes: { repeated("z", big, in: "from base | where metric ~ \"{}\" | select metric") },
                    .result { $0?.rowCount == 0 }, maxSeconds: 90),
        HostileCase("a line of \(bigMB) MB of stray characters", bytes: { repeated("@", big, in: "from base | take 1 {}") },
                    .error("lex.unexpected-character", line: 1, column: 20), maxSeconds: 90),
        HostileCase("an unterminated string at end of file", "from base\n| where metric == \"social",
                    .error("lex.unterminated-string", line: 2, column: 19)),
        HostileCase("an unterminated back-quoted name at end of file", "from base | select `value_pct",
                    .error("lex.unterminated-name", line: 1, column: 20)),
        HostileCase("invalid UTF-8 in a string literal", bytes: { utf8("from base\n| where metric == \"ab") + [0xFF, 0xFE] + utf8("\"") },
                    .error("lex.invalid-utf8", line: 2, column: 22)),
        HostileCase("invalid UTF-8 in a comment", bytes: { utf8("# caf") + [0xE9] + utf8("\nfrom base | take 1") },
                    .error("lex.invalid-utf8", line: 1, column: 6)),
        HostileCase("a NUL byte in a script", bytes: { utf8("from base | take 1") + [0] + utf8("\n") },
                    .error("lex.unexpected-character", line: 1, column: 19)),
        HostileCase("a NUL byte inside a string literal is kept", bytes: { utf8("from base | where metric == \"a") + [0] + utf8("b\"") },
                    .result { $0?.rowCount == 0 }),
        HostileCase("a very long identifier (1 MB)", bytes: { repeated("q", 1 << 20, in: "from base | select {}") },
                    .error("resolve.unknown-column", line: 1, column: 20), maxSeconds: 30),
        HostileCase("a very long dataset name (1 MB)", bytes: { repeated("d", 1 << 20, in: "from {}") },
                    .error("resolve.unknown-dataset", line: 1, column: 6), maxSeconds: 30),
        HostileCase("100,000 statements, the last one wrong", bytes: { repeated("datasets\n", 100_000, in: "{}from nowhere") },
                    .error("resolve.unknown-dataset", line: 100_001, column: 6), maxSeconds: 180),
        HostileCase("100,000 syntax errors", bytes: { repeated("from |\n", 100_000) },
                    .error("parse.expected-name", line: 1), maxSeconds: 90),
        HostileCase("a script of only binary junk", bytes: { (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) } },
                    .error("lex.unexpected-character", line: 1)),
        HostileCase("an empty script", "", .result { $0 == nil }),
    ]

    // MARK: - Numbers

    static let numbers: [HostileCase] = [
        HostileCase("an integer literal beyond Int64", "from base | derive x = 9223372036854775808",
                    .error("lex.integer-overflow", line: 1, column: 24)),
        HostileCase("integer arithmetic overflow", "from base | take 1 | derive x = 9223372036854775807 + 1",
                    .error("run.integer-overflow", line: 1, column: 33)),
        HostileCase("negating the smallest integer", "from base | take 1 | derive x = -(-9223372036854775807 - 1)",
                    .error("run.integer-overflow", line: 1, column: 33)),
        HostileCase("division by zero", "from base | take 1 | derive x = n / 0 | select x",
                    .warning("run.division-by-zero") { cell($0, 0, "x") == .null }),
        HostileCase("change from zero", "from base | take 1 | derive x = change(0, 5) | select x",
                    .warning("run.division-by-zero") { cell($0, 0, "x") == .null }),
        HostileCase("an estimate over 100%", "from base | take 1 | derive e = estimate(120, 100)",
                    .error("run.estimate-range", line: 1, column: 33)),
        HostileCase("an estimate below 0%", "from base | take 1 | derive e = estimate(-5%, 100)",
                    .error("run.estimate-range", line: 1, column: 33)),
        HostileCase("an estimate with a negative base", "from base | take 1 | derive e = estimate(50, -3)",
                    .error("run.estimate-base", line: 1, column: 33)),
        HostileCase("a huge exponent", "from base | take 1 | derive x = 1e400",
                    .error("lex.bad-number", line: 1, column: 33)),
        HostileCase("number overflow (was: null)", "from base | take 1 | derive x = 1e308 * 10",
                    .error("run.number-overflow", line: 1, column: 33)),
        HostileCase("a sum of huge numbers (was: null)", "from base | derive x = 1.7e308 | summarize s = sum(x)",
                    .error("run.number-overflow", line: 1, column: 48)),
        HostileCase("round of an integer to tens (was: unchanged)", "from base | take 1 | derive x = round(1234, -1) | select x",
                    .result { cell($0, 0, "x") == .integer(1230) }),
        HostileCase("round of a value just below a tie (was: rounded up)", "from base | take 1 | derive x = round(1.015 * 1000, -1) | select x",
                    .result { cell($0, 0, "x") == .number(1010) }),
        HostileCase("round to 19 digits before the point (was: clamped at 15)", "from base | take 1 | derive x = round(9.0e18, -19) | select x",
                    .result { cell($0, 0, "x") == .number(1e19) }),
        HostileCase("round beyond the range of a number", "from base | take 1 | derive x = round(1.7976931348623157e308, -308)",
                    .error("run.number-overflow", line: 1, column: 33)),
        HostileCase("round of the largest integer to tens", "from base | take 1 | derive x = round(9223372036854775807, -1)",
                    .error("run.integer-overflow", line: 1, column: 33)),
    ]

    // MARK: - Data files

    static let dataFiles: [HostileCase] = [
        HostileCase("an empty CSV file", files: ["empty.csv": []], "load \"empty.csv\"",
                    .error("load.empty", line: 1, column: 6)),
        HostileCase("a CSV with only a header", files: ["header.csv": utf8("a,b,c\n")], "load \"header.csv\"\nfrom header",
                    .result { $0?.rowCount == 0 && $0?.columnNames == ["a", "b", "c"] }),
        HostileCase("a CSV with duplicate and empty column names", files: ["dup.csv": utf8("a,a,,b,a\n1,2,3,4,5\n")],
                    "load \"dup.csv\"\nfrom dup",
                    .result { $0?.columnNames == ["a", "a_2", "column_3", "b", "a_3"] && cell($0, 0, "a_3") == .integer(5) }),
        HostileCase("a CSV with 10,000 columns", files: ["wide.csv": wideCSV(columns: 10_000)],
                    "load \"wide.csv\"\nfrom wide | select c9999",
                    .result { cell($0, 1, "c9999") == .integer(10_000) }, maxSeconds: 20),
        HostileCase("a ragged row", files: ["ragged.csv": utf8("a,b\n1,2\n3\n4,5\n")], "load \"ragged.csv\"",
                    .dataError("load.ragged-row", file: "ragged.csv", dataLine: 3, dataColumn: 2)),
        HostileCase("a row with too many cells", files: ["long.csv": utf8("a,b\n1,2,3\n")], "load \"long.csv\"",
                    .dataError("load.ragged-row", file: "long.csv", dataLine: 2, dataColumn: 5)),
        HostileCase("a CSV value beyond Int64 becomes a number", files: ["big.csv": utf8("v\n1\n99999999999999999999\n")],
                    "load \"big.csv\"\nfrom big",
                    .warning("load.inexact-number") { $0.column(named: "v")?.type == .number && cell($0, 1, "v") == .number(1e20) }),
        HostileCase("an integer a number column cannot hold (was: silent)", files: ["wide.csv": utf8("v\n9007199254740993\n0.5\n")],
                    "load \"wide.csv\"\nfrom wide",
                    .warning("load.inexact-number") { cell($0, 0, "v") == .number(9_007_199_254_740_992) }),
        HostileCase("a CSV with bare CR line endings (was: 0 rows × 4 columns)", files: ["cr.csv": utf8("a,b\r1,2\r3,4\r")],
                    "load \"cr.csv\"\nfrom cr", .result { $0?.rowCount == 2 && $0?.columnNames == ["a", "b"] && cell($0, 1, "b") == .integer(4) }),
        HostileCase("a one-column CSV with a null row", files: ["one.csv": utf8("a\n\"\"\nx\n")],
                    "load \"one.csv\"\nfrom one", .result { $0?.rowCount == 2 && cell($0, 0, "a") == .null }),
        HostileCase("a TSV with escapes", files: ["esc.tsv": utf8("a\tb\nC:\\\\x\tp\\tq\n")],
                    "load \"esc.tsv\"\nfrom esc", .result { cell($0, 0, "a") == .text("C:\\x") && cell($0, 0, "b") == .text("p\tq") }),
        HostileCase("a CSV column of 150% and -20% loads as percent", files: ["pct.csv": utf8("p\n150%\n-20%\n")],
                    "load \"pct.csv\"\nfrom pct",
                    .result { cell($0, 0, "p") == .percent(1.5) && cell($0, 1, "p") == .percent(-0.2) }),
        HostileCase("an estimate from a CSV percent over 100%", files: ["pct.csv": utf8("p\n150%\n")],
                    "load \"pct.csv\"\nfrom pct | derive e = estimate(p, 100)",
                    .error("run.estimate-range", line: 2, column: 23)),
        HostileCase("invalid UTF-8 in a CSV cell", files: ["latin1.csv": utf8("name\nok\ncaf") + [0xE9] + utf8("\n")],
                    "load \"latin1.csv\"", .dataError("load.invalid-utf8", file: "latin1.csv", dataLine: 3)),
        HostileCase("a NUL byte in a CSV cell", files: ["nul.csv": utf8("a\nx") + [0] + utf8("y\n")], "load \"nul.csv\"",
                    .dataError("load.nul-byte", file: "nul.csv", dataLine: 2)),
        HostileCase("an unterminated quote in a CSV", files: ["open.csv": utf8("a,b\n1,\"never closed\n2,3\n")], "load \"open.csv\"",
                    .dataError("load.unterminated-quote", file: "open.csv", dataLine: 2)),
        HostileCase("a failed load keeps the dataset it would replace", files: ["empty.csv": []], "load \"empty.csv\" as base",
                    .error("load.empty", line: 1, column: 6)),
        HostileCase("invalid UTF-8 in a JSON string", files: ["bad.json": utf8("[{\"a\": \"caf") + [0xE9] + utf8("\"}]")],
                    "load \"bad.json\"", .dataError("load.invalid-utf8", file: "bad.json", dataLine: 1)),
        HostileCase("a NUL byte in a JSON string", files: ["nul.json": utf8("[{\"a\": \"x") + [0] + utf8("\"}]")],
                    "load \"nul.json\"", .dataError("load.nul-byte", file: "nul.json", dataLine: 1)),
        HostileCase("an escaped NUL in a JSON string", files: ["esc.json": utf8(#"[{"a": "x\u0000y"}]"#)],
                    "load \"esc.json\"", .dataError("load.nul-byte", file: "esc.json", dataLine: 1)),
        HostileCase("a lone surrogate escape in JSON", files: ["sur.json": utf8(#"[{"a": "\ud800"}]"#)],
                    "load \"sur.json\"", .dataError("load.json-syntax", file: "sur.json", dataLine: 1)),
        HostileCase("JSON nested 100,000 deep", files: ["deep.json": repeated("[", 100_000, in: "[{\"a\": {}")], "load \"deep.json\"",
                    .dataError("load.json-too-deep", file: "deep.json", dataLine: 1)),
        HostileCase("a JSON number beyond Int64", files: ["big.json": utf8(#"[{"v": 1}, {"v": 99999999999999999999}]"#)],
                    "load \"big.json\"\nfrom big", .warning("load.inexact-number") { cell($0, 1, "v") == .number(1e20) }),
        HostileCase("a JSON trailing comma (was: no column)", files: ["comma.json": utf8("[{\"a\":1,}]")],
                    "load \"comma.json\"", .dataError("load.json-syntax", file: "comma.json", dataLine: 1, dataColumn: 9)),
        HostileCase("a multi-byte character after a backslash in JSON", files: ["esc.json": utf8("[{\"a\": \"\\ð\"}]")],
                    "load \"esc.json\"", .dataError("load.json-syntax", file: "esc.json", dataLine: 1, dataColumn: 9)),
        HostileCase("an NDJSON line that is not an object", files: ["rows.ndjson": utf8("{\"a\": 1}\n[1, 2]\n")],
                    "load \"rows.ndjson\"", .dataError("load.json-shape", file: "rows.ndjson", dataLine: 2)),
        HostileCase("an empty JSON file", files: ["empty.json": []], "load \"empty.json\"",
                    .error("load.empty", line: 1, column: 6)),
        HostileCase("a binary file named .csv", files: ["junk.csv": (0..<65_536).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 11) }],
                    "load \"junk.csv\"", .dataError("load.nul-byte", file: "junk.csv")),
    ]

    // MARK: - Paths

    static let files: [HostileCase] = [
        HostileCase("load of a directory", prepare: { dir in try prepared(mkdir(dir + "/folder.csv", 0o755) == 0, "mkdir") },
                    "load \"folder.csv\"", .error("load.is-directory", line: 1, column: 6)),
        HostileCase("load of a missing file", "\n  load \"nope.csv\" as base", .error("load.not-found", line: 2, column: 8)),
        // ELOOP: unreadable for every user, root included.
        HostileCase("load of a symbolic link loop", prepare: { dir in
            try prepared(symlink("loop-b.csv", dir + "/loop-a.csv") == 0 && symlink("loop-a.csv", dir + "/loop-b.csv") == 0, "symlink")
        }, "load \"loop-a.csv\"", .error("load.unreadable", line: 1, column: 6)),
        HostileCase("load of a FIFO does not block", prepare: { dir in try prepared(mkfifo(dir + "/pipe.csv", 0o644) == 0, "mkfifo") },
                    "load \"pipe.csv\"", .error("load.not-regular-file", line: 1, column: 6), maxSeconds: 5),
        HostileCase("load of /dev/zero", "load \"/dev/zero\"", .error("load.not-regular-file", line: 1, column: 6), maxSeconds: 5),
        HostileCase("load of an unknown format", files: ["data.xlsx": utf8("PK")], "load \"data.xlsx\"",
                    .error("load.unknown-format", line: 1, column: 6)),
        HostileCase("a path with a NUL byte", bytes: { utf8("load \"a") + [0] + utf8(".csv\"") },
                    .error("load.not-found", line: 1, column: 6)),
    ]

    // MARK: - Operations

    static let operations: [HostileCase] = [
        HostileCase("a pivot on an identifier (30,000 × 30,000 cells; was: a 7.2 GB allocation)",
                    files: ["ids.csv": utf8("respondent_id,region,weight\n" + (0..<30_000).map { "\($0),r\($0),1.5\n" }.joined())],
                    "load \"ids.csv\" as ids\nfrom ids | take 30000 | pivot respondent_id weight",
                    .error("run.pivot-too-large", line: 2, column: 25), maxSeconds: 20),
        HostileCase("a pivot to 40,000 columns (was: 2.6 s of name checks)",
                    files: ["keys.csv": utf8("k,v\n" + (0..<40_000).map { "k\($0),\($0)\n" }.joined())],
                    "load \"keys.csv\" as keys\nfrom keys | pivot k v",
                    .result { $0?.columns.count == 40_000 && $0?.rowCount == 1 }, maxSeconds: 20),
        HostileCase("a join that would exceed Join.maxRows", files: ["keys.csv": repeated("1\n", 10_000, in: "k\n{}")],
                    "load \"keys.csv\" as keys\nfrom keys | join keys on k",
                    .error("run.join-too-large", line: 2, column: 13), maxSeconds: 20),
        HostileCase("a pathological ~ pattern on a long text", files: ["long.csv": repeated("a", 2_000_000, in: "t\n{}\n")],
                    bytes: { repeated("a", 20_000, in: "load \"long.csv\"\nfrom long | where t ~ \"{}b\" | select t") },
                    .result { $0?.rowCount == 0 }, maxSeconds: 30),
        HostileCase("a pathological contains() pattern on a long text", files: ["long.csv": repeated("a", 2_000_000, in: "t\n{}\n")],
                    bytes: { repeated("a", 20_000, in: "load \"long.csv\"\nfrom long | where contains(t, \"{}b\") | select t") },
                    .result { $0?.rowCount == 0 }, maxSeconds: 30),
        HostileCase("replace() that would build a text beyond 64 MiB", files: ["long.csv": repeated("a", 2_000_000, in: "t\n{}\n")],
                    bytes: { repeated("b", 64, in: "load \"long.csv\"\nfrom long | derive u = replace(t, \"a\", \"{}\")") },
                    .error("run.text-too-long", line: 2, column: 24), maxSeconds: 30),
        HostileCase("a regex that nests repetition ((a+)+$, exponential on a backtracking engine)",
                    files: ["long.csv": repeated("a", 100, in: "t\n{}b\n")],
                    "load \"long.csv\"\nfrom long | where matches(t, \"(a+)+$\")",
                    .error("resolve.regex", line: 2, column: 30), maxSeconds: 10),
        HostileCase("a regex with a huge repeat count", "from base | where matches(metric, \"x{1000000000}\")",
                    .error("resolve.regex", line: 1, column: 35)),
        HostileCase("10,000 distinct bad regexes computed per row", files: ["p.csv": utf8("p\n" + (0..<10_000).map { "x\($0)(\n" }.joined())],
                    "load \"p.csv\"\nfrom p | derive m = matches(\"x\", p)",
                    .error("run.regex", line: 2, column: 21), maxSeconds: 10),
        HostileCase("10,000 nested case expressions",
                    bytes: { repeated("case when n > 1 then ", 10_000, in: "from base | derive x = {}1" + String(repeating: " end", count: 10_000)) },
                    .error("parse.too-deep")),
        HostileCase("substr at the ends of Int64", "from base | select a = substr(metric, 9223372036854775807), b = substr(metric, -9223372036854775807 - 1, 9223372036854775807) | take 1",
                    .result { cell($0, 0, "a") == .text("") && cell($0, 0, "b") != nil && cell($0, 0, "b") != .text("") }),
        HostileCase("bin with 101 breaks", bytes: { utf8("from base | derive b = bin(n" + (0...100).map { ", \($0)" }.joined() + ")") },
                    .error("resolve.arity", line: 1, column: 24)),
        HostileCase("a failed let keeps the dataset it would replace", "let base = from nowhere",
                    .error("resolve.unknown-dataset", line: 1, column: 17)),
        HostileCase("a let that fails at run time keeps the dataset", "let base = from base | derive x = 9223372036854775807 + n",
                    .error("run.integer-overflow", line: 1, column: 35)),
        HostileCase("coalesce with 10,000 arguments", bytes: { repeated(", 1", 10_000, in: "from base | derive x = coalesce(1{})") },
                    .error("resolve.arity", line: 1, column: 24)),
    ]

    /// A CSV with `columns` integer columns c0… and two rows.
    static func wideCSV(columns: Int) -> [UInt8] {
        var text = (0..<columns).map { "c\($0)" }.joined(separator: ",") + "\n"
        text += (0..<columns).map { "\($0)" }.joined(separator: ",") + "\n"
        text += (0..<columns).map { "\($0 + 1)" }.joined(separator: ",") + "\n"
        return utf8(text)
    }
}
