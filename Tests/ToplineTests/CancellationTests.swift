import Foundation
import Synchronization
import Testing
@testable import Topline

/// Issue 11: Ctrl-C (an ``InterruptFlag``) stops every long operation — a
/// load, a pivot, rendering a long output or a box around a huge cell — with
/// `run.cancelled`, whether the flag is set before the call or from another
/// thread while it runs. And `pivot` refuses, before allocating, an output
/// too large to build.
@Suite struct CancellationTests {
    typealias T = SessionTest

    /// Sets `flag` from another thread after `delay` seconds; returns when it was set.
    ///
    /// A thread of its own, as a signal handler is: a Dispatch queue may wait
    /// for the threads that run the tests.
    static func setLater(_ flag: InterruptFlag, after delay: Double) -> @Sendable () -> Double? {
        let setAt = Mutex<Double?>(nil)
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: delay)
            flag.set()
            setAt.withLock { $0 = Self.now() }
        }
        return { setAt.withLock { $0 } }
    }

    static func now() -> Double { ProcessInfo.processInfo.systemUptime }

    /// Runs `body` with the flag set after `delay`; expects `run.cancelled` with
    /// `message`, within `latency` seconds of the flag being set.
    static func expectCancelled(_ message: String, after delay: Double = 0.05, latency: Double = 3,
                                sourceLocation: SourceLocation = #_sourceLocation,
                                _ body: (InterruptFlag) throws(Diagnostic) -> Void) {
        let flag = InterruptFlag()
        let setAt = setLater(flag, after: delay)
        var caught: Diagnostic?
        do throws(Diagnostic) { try body(flag) } catch { caught = error }
        let end = now()
        #expect(caught?.id == .runCancelled, "finished instead of stopping: make the input larger", sourceLocation: sourceLocation)
        #expect(caught?.message == message, sourceLocation: sourceLocation)
        if let set = setAt() { #expect(end - set < latency, "took \(end - set) s to stop", sourceLocation: sourceLocation) }
    }

    /// `rows` CSV rows of an integer, a distinct text and a decimal.
    static func csv(rows: Int) -> [UInt8] {
        var bytes = Array("id,comment,x\n".utf8)
        bytes.reserveCapacity(rows * 24)
        for i in 0..<rows { bytes += Array("\(i),c\(i),\(i).5\n".utf8) }
        return bytes
    }

    static let bigCSV = csv(rows: 2_000_000)

    // MARK: - Loading

    @Test func aLoadWithTheFlagSetDoesNotStart() throws {
        let flag = InterruptFlag()
        flag.set()
        let readers: [(String, () throws(Diagnostic) -> Table)] = [
            ("csv", { () throws(Diagnostic) in try DatasetReader.readDelimited(bytes: Array("a\n1\n".utf8), separator: 44, fileName: "t.csv", interrupt: flag) }),
            ("tsv", { () throws(Diagnostic) in try DatasetReader.readDelimited(bytes: Array("a\n1\n".utf8), separator: 9, fileName: "t.tsv", interrupt: flag) }),
            ("json", { () throws(Diagnostic) in try DatasetReader.readJSON(bytes: Array("[{\"a\":1}]".utf8), fileName: "t.json", interrupt: flag) }),
            ("ndjson", { () throws(Diagnostic) in try DatasetReader.readNDJSON(bytes: Array("{\"a\":1}\n".utf8), fileName: "t.ndjson", interrupt: flag) }),
        ]
        for (name, read) in readers {
            let d = loadFailure(read)
            #expect(d?.id == .runCancelled, "\(name)")
            #expect(d?.message == "load cancelled", "\(name)")
        }
        try TemporaryFolder.with { dir in
            try "a\n1\n".write(toFile: dir + "/t.csv", atomically: true, encoding: .utf8)
            let d = loadFailure { () throws(Diagnostic) in try DatasetReader.read(path: dir + "/t.csv", interrupt: flag) }
            #expect(d?.id == .runCancelled)
            let session = Session(workingDirectory: dir)
            #expect(throws: Diagnostic.self) { try session.load(path: "t.csv", interrupt: flag) }
            #expect(session.datasetNames.isEmpty)
        }
    }

    @Test func aLongCSVLoadStopsMidway() {
        let bytes = Self.bigCSV  // built before the clock starts
        Self.expectCancelled("load cancelled") { flag throws(Diagnostic) in
            _ = try DatasetReader.readDelimited(bytes: bytes, separator: UInt8(ascii: ","), fileName: "big.csv", interrupt: flag)
        }
    }

    @Test func aLongTSVLoadWithATextColumnStopsMidway() {
        // A column that turns to text at the end makes the reader go over the rows again.
        var bytes = Array("id\tv\n".utf8)
        for i in 0..<1_500_000 { bytes += Array("\(i)\t\(i)\n".utf8) }
        bytes += Array("x\tlast\n".utf8)
        Self.expectCancelled("load cancelled", after: 0.3) { flag throws(Diagnostic) in
            _ = try DatasetReader.readDelimited(bytes: bytes, separator: UInt8(ascii: "\t"), fileName: "big.tsv", interrupt: flag)
        }
    }

    @Test func aLongNDJSONLoadStopsMidway() {
        var bytes: [UInt8] = []
        for i in 0..<600_000 { bytes += Array("{\"id\": \(i), \"comment\": \"c\(i)\"}\n".utf8) }
        Self.expectCancelled("load cancelled") { flag throws(Diagnostic) in
            _ = try DatasetReader.readNDJSON(bytes: bytes, fileName: "big.ndjson", interrupt: flag)
        }
    }

    @Test func aLoadStatementStopsAndDefinesNothing() throws {
        try TemporaryFolder.with { dir in
            try Data(Self.bigCSV).write(to: URL(fileURLWithPath: dir + "/big.csv"))
            let session = Session(workingDirectory: dir)
            session.register(try Table(columns: [T.integers("n", [1])]), as: "big")
            let flag = InterruptFlag()
            let setAt = Self.setLater(flag, after: 0.05)
            let outcome = session.run("load \"big.csv\"", fileName: "q.tq", options: RunOptions(interrupt: flag))
            let end = Self.now()
            #expect(outcome.diagnostics.map(\.id) == [.runCancelled])
            #expect(outcome.diagnostics.first?.message == "load cancelled")
            // Placed at the path in the script, as every error of the file itself.
            #expect(outcome.diagnostics.first?.range == SourceRange(5, 14))
            #expect(session.dataset(named: "big")?.rowCount == 1)  // the old dataset is kept
            if let set = setAt() { #expect(end - set < 3) }
        }
    }

    @Test func statementsAfterACtrlCDoNotRun() throws {
        let session = try T.session(["t": [T.integers("n", [1, 2])]])
        let flag = InterruptFlag()
        flag.set()
        let outcome = session.run("let u = from t\nfrom t", fileName: "q.tq", options: RunOptions(interrupt: flag))
        #expect(!outcome.succeeded)
        #expect(outcome.diagnostics.map(\.message) == ["cancelled before this statement ran"])
        #expect(outcome.diagnostics.first?.range == SourceRange(0, 14))
        #expect(session.dataset(named: "u") == nil)
        #expect(outcome.tables.isEmpty)
    }

    // MARK: - Pivot

    static func pivotContext(_ flag: InterruptFlag?) -> EvaluationContext {
        EvaluationContext(fileName: "q.tq", interrupt: flag, settings: SessionSettings())
    }

    /// `keys` distinct keys in `rows` rows, and an identity column of
    /// `identities` values, one per run of `keys` rows.
    static func pivotTable(rows: Int, keys: Int, identities: Int) -> Table {
        let k = Column(name: "k", type: .integer, values: (0..<rows).map { .integer(Int64($0 % keys)) })
        let id = Column(name: "id", type: .integer, values: (0..<rows).map { .integer(Int64($0 / keys % identities)) })
        let v = Column(name: "v", type: .number, values: (0..<rows).map { .number(Double($0)) })
        return Table(unchecked: [id, k, v], rowCount: rows)
    }

    @Test func aPivotTooLargeIsRefusedBeforeItIsBuilt() throws {
        // The reproduction: take 30000 | pivot respondent_id weight — 30,000 rows × 30,000 keys.
        let rows = 30_000
        let session = Session()
        session.register(try Table(columns: [
            Column(name: "respondent_id", type: .integer, values: (0..<rows).map { .integer(Int64($0)) }),
            Column(name: "region", type: .text, values: (0..<rows).map { .text("r\($0)") }),
            Column(name: "weight", type: .number, values: (0..<rows).map { .number(Double($0) / 7) }),
        ]), as: "survey")
        let start = Self.now()
        let d = try T.error(session, "from survey | take 30000 | pivot respondent_id weight")
        #expect(Self.now() - start < 5)
        #expect(d.id == .runPivotTooLarge)
        #expect(d.message == "this pivot would make 30000 rows × 30000 columns = 900000000 cells (the limit is 10000000)")
        #expect(d.hints == ["'respondent_id' has 30000 distinct values, one column each: pivot a column with few values (a wave, a horizon), or filter or summarize first"])
        #expect(d.range == SourceRange(27, 53))
    }

    @Test func aPivotAtTheLimitIsBuilt() throws {
        let table = Self.pivotTable(rows: 400, keys: 20, identities: 20)  // 20 × 20 = 400 cells
        let out = try Pivot.apply(table, key: 1, value: 2, range: SourceRange(0, 1), context: Self.pivotContext(nil), maxCells: 400)
        #expect(out.rowCount == 20)
        #expect(out.columns.count == 21)
        let refused = loadFailure { () throws(Diagnostic) in
            try Pivot.apply(table, key: 1, value: 2, range: SourceRange(0, 1), context: Self.pivotContext(nil), maxCells: 399)
        }
        #expect(refused?.id == .runPivotTooLarge)
    }

    /// The duplicate-name check is a set lookup: 200,000 keys take well under the
    /// seconds the quadratic check took for 40,000.
    @Test func manyKeysAreCheckedForRepeatsInLinearTime() throws {
        let table = Self.pivotTable(rows: 200_000, keys: 200_000, identities: 1)
        let start = Self.now()
        let out = try Pivot.apply(table, key: 1, value: 2, range: SourceRange(0, 1), context: Self.pivotContext(nil))
        #expect(out.columns.count == 200_001)
        #expect(Self.now() - start < 20)
        // A key that repeats a column name is still found.
        var names = (0..<50_000).map { "k\($0)" }
        names.append("id")
        let clash = Table(unchecked: [
            Column(name: "id", type: .integer, values: Array(repeating: .integer(1), count: names.count)),
            Column(name: "k", type: .text, values: names.map(Value.text)),
            Column(name: "v", type: .integer, values: Array(repeating: .integer(1), count: names.count)),
        ], rowCount: names.count)
        let d = loadFailure { () throws(Diagnostic) in
            try Pivot.apply(clash, key: 1, value: 2, range: SourceRange(0, 1), context: Self.pivotContext(nil))
        }
        #expect(d?.id == .runPivotName)
        #expect(d?.message == "pivot would make a second column named 'id'")
    }

    @Test func aPivotWithTheFlagSetStops() {
        let flag = InterruptFlag()
        flag.set()
        let d = loadFailure { () throws(Diagnostic) in
            try Pivot.apply(Self.pivotTable(rows: 10, keys: 5, identities: 2), key: 1, value: 2, range: SourceRange(0, 1),
                            context: Self.pivotContext(flag))
        }
        #expect(d?.id == .runCancelled)
    }

    @Test func aPivotOf300kKeysStopsMidway() {
        // The table is built before the clock starts.
        let table = Self.pivotTable(rows: 300_000, keys: 300_000, identities: 1)
        Self.expectCancelled("query cancelled") { flag throws(Diagnostic) in
            _ = try Pivot.apply(table, key: 1, value: 2, range: SourceRange(0, 1), context: Self.pivotContext(flag))
        }
    }

    // MARK: - Window aggregates, sample, append

    /// A table of `rows` rows: x (integers with ties), g (7 groups, text: grouped by its codes).
    static func windowTable(rows: Int) -> Table {
        let x = Column(name: "x", type: .integer, storage: .integers((0..<rows).map { Int64($0 % 1000) }, isNull: []))
        let g = Column(name: "g", type: .text, storage: .texts(codes: (0..<rows).map { Int32($0 % 7) }, dictionary: (0..<7).map { "g\($0)" }))
        return Table(unchecked: [x, g], rowCount: rows)
    }

    /// The loops of window aggregates, rank, the sampler and append stop at a flag set before them.
    @Test func windowLoopsWithTheFlagSetStop() throws {
        let flag = InterruptFlag()
        flag.set()
        let context = Self.pivotContext(flag)
        let table = Self.windowTable(rows: 100)
        let session = try T.session(["t": table.columns])
        let resolver = Resolver(fileName: "q.tq", catalog: session.catalog, settings: SessionSettings())
        for item in ["rank(x desc)", "row_number()", "sum(x)", "stddev(x)", "mode(x)", "first(x)"] {
            let verb = try #require(Parser.parse(SourceFile(name: "q.tq", text: "from t | derive v = \(item) by g")).script.statements.first)
            guard case .pipeline(let p) = verb.kind else { Issue.record("no pipeline"); continue }
            var schema = Schema(table)
            guard let step = try? p.verbs[0].syntax.resolve(p.verbs[0].site, resolver, &schema) as? DeriveStep else { Issue.record("\(item) did not resolve"); continue }
            let d = loadFailure { () throws(Diagnostic) in
                var state = PipelineState(table: table, chart: nil, title: "")
                try step.run(&state, context)
                return state.table
            }
            #expect(d?.id == .runCancelled, "\(item)")
        }
        #expect(loadFailure { () throws(Diagnostic) in
            _ = try Sampling.rows(choosing: 5, of: 100, seed: 0, context: context)
            return table
        }?.id == .runCancelled)
        #expect(loadFailure { () throws(Diagnostic) in
            try Append.rows(of: table, then: table, layout: [AppendStep.Source(left: 0, right: 0)], types: [.integer], context: context)
        }?.id == .runCancelled)
    }

    static let bigWindowTable = windowTable(rows: 3_000_000)

    /// A derive of window aggregates over 3 million rows stops midway, wherever it is when the flag is set
    /// (the rank's sort, the sum, the row numbers, the mode, the sample).
    @Test(arguments: [0.05, 0.5, 1.5])
    func aWindowDeriveOf3MRowsStopsMidway(after delay: Double) throws {
        let session = try T.session(["big": Self.bigWindowTable.columns])
        Self.expectCancelled("query cancelled", after: delay) { flag throws(Diagnostic) in
            let outcome = session.run("from big | derive r = rank(x desc), p = x / sum(x), k = row_number(), m = mode(x) by g | sample 10 | summarize n = count()",
                                      fileName: "q.tq", options: RunOptions(interrupt: flag))
            if let d = outcome.diagnostics.first { throw d }
        }
    }

    // MARK: - Output

    static let wideTable: Table = {
        let rows = 1_000_000
        return Table(unchecked: [
            Column(name: "id", type: .integer, values: (0..<rows).map { .integer(Int64($0)) }),
            Column(name: "x", type: .number, values: (0..<rows).map { .number(Double($0) / 3) }),
        ], rowCount: rows)
    }()

    @Test(arguments: OutputFormat.allCases)
    func renderingWithTheFlagSetStops(_ format: OutputFormat) {
        let flag = InterruptFlag()
        flag.set()
        let d = loadFailure { () throws(Diagnostic) in
            _ = try TableFormatter.render(Self.wideTable, as: format, interrupt: flag)
            return .empty
        }
        #expect(d?.id == .runCancelled)
        #expect(d?.message == "output cancelled")
    }

    @Test(arguments: [OutputFormat.csv, .tsv, .json, .ndjson, .table])
    func aLongOutputStopsMidway(_ format: OutputFormat) {
        let table = Self.wideTable  // built before the clock starts
        let pieces = Mutex(0)
        // Machine formats: the flag is set once the first piece is out (not after a fixed delay,
        // which a slow sanitizer build could pass before the first piece was rendered).
        Self.expectCancelled("output cancelled", after: format.isHuman ? 0.1 : 60) { flag throws(Diagnostic) in
            try TableFormatter.write(table, as: format, interrupt: flag) { _ in
                pieces.withLock { $0 += 1 }
                if !format.isHuman { flag.set() }
                return true
            }
        }
        // Machine formats stream: rows were written before the stop.
        if !format.isHuman { #expect(pieces.withLock { $0 } > 0) }
    }

    @Test(arguments: OutputFormat.allCases)
    func streamedPiecesMakeTheWholeText(_ format: OutputFormat) throws {
        let table = Table(unchecked: Self.wideTable.columns.map { $0.gather(Array(0..<20_000)) }
            + [Column(name: "t", type: .text, values: (0..<20_000).map { .text($0 % 7 == 0 ? "é日😀\($0)" : "plain") })], rowCount: 20_000)
        var pieces: [String] = []
        try TableFormatter.write(table, as: format, options: FormatOptions(maxRows: 5_000), interrupt: InterruptFlag()) {
            pieces.append($0)
            return true
        }
        #expect(pieces.joined() == TableFormatter.render(table, as: format, options: FormatOptions(maxRows: 5_000)))
        #expect(pieces.count > 1)
        #expect(pieces.allSatisfy { $0.utf8.count <= ByteOutput.pieceSize + 256 })
        #expect(!pieces.joined().contains("\u{FFFD}"))
    }

    /// A writer that returns false (its reader has gone: a pager quit early)
    /// ends rendering there, without an error.
    @Test func aWriterThatStopsEndsRenderingQuietly() throws {
        var pieces = 0
        try TableFormatter.write(Self.wideTable, as: .csv, interrupt: nil) { _ in
            pieces += 1
            return pieces < 3
        }
        #expect(pieces == 3)
    }

    /// A box around a 20 MB cell is some 240 MB of rules and padding: it stops
    /// as soon as the flag is set, never built whole.
    @Test func aBoxAroundAHugeCellStops() throws {
        let cell = String(repeating: "x", count: 20_000_000)
        let table = Table(unchecked: [Column(name: "t", type: .text, values: [.text(cell)])], rowCount: 1)
        Self.expectCancelled("output cancelled", after: 0.2) { flag throws(Diagnostic) in
            _ = try TableFormatter.render(table, as: .box, interrupt: flag)
        }
        // Unstopped, the same table renders as before.
        let small = Table(unchecked: [Column(name: "t", type: .text, values: [.text("abc")])], rowCount: 1)
        let rendered = try? TableFormatter.render(small, as: .box, interrupt: InterruptFlag())
        #expect(rendered == TableFormatter.render(small, as: .box))
    }

    @Test func tableLinesLoseTrailingBlanksAsBefore() throws {
        let table = Table(unchecked: [
            Column(name: "a", type: .text, values: [.text("x  "), .text(""), .null]),
            Column(name: "b", type: .text, values: [.text(""), .text("  "), .text("y")]),
        ], rowCount: 3)
        #expect(TableFormatter.render(table, as: .table) == "a     b\n----  --\nx\n\nnull  y\n")
    }
}
