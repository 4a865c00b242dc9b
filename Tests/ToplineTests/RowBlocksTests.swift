import Testing
import ToplineTestSupport
@testable import Topline

/// Column scans a block of rows per thread give what one thread gives: the same bytes, the same
/// rows kept in the same order, the same share accumulators — at every size around a block's edge.
struct RowBlocksTests {
    static let sizes = [0, 1, RowBlocks.rows - 1, RowBlocks.rows, RowBlocks.rows + 1, 2 * RowBlocks.rows, 5 * RowBlocks.rows + 7]

    /// A deterministic mix of true, false and null bytes.
    static func truth(_ count: Int) -> [UInt8] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        return (0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return [Truth.true, Truth.false, Truth.null][Int(state >> 33) % 3]
        }
    }

    @Test(arguments: sizes)
    func keptRowsAreTheSameOnEveryThreadCount(_ count: Int) {
        let bytes = Self.truth(count)
        let expected = bytes.indices.filter { bytes[$0] == Truth.true }
        for threads in [1, 2, 3, 8] {
            #expect(RowBlocks.rows(where: bytes, equal: Truth.true, threads: threads) == expected, "\(count) rows, \(threads) threads")
        }
    }

    @Test(arguments: sizes)
    func bytesAreTheSameOnEveryThreadCount(_ count: Int) {
        let source = Self.truth(count)
        for threads in [1, 2, 3, 8] {
            // Three-valued not: true and false swap, null stays.
            func not(_ t: UInt8) -> UInt8 { t == Truth.null ? Truth.null : t == Truth.true ? Truth.false : Truth.true }
            let made = RowBlocks.bytes(count: count, threads: threads) { rows, out in
                for r in rows { out[r] = not(source[r]) }
            }
            #expect(made == source.map(not), "\(count) rows, \(threads) threads")
        }
    }

    /// Counts of hits, rows and nulls make the accumulator adding the rows one by one makes.
    @Test(arguments: [(0, 0, 0), (0, 3, 2), (5, 5, 0), (123_456, 300_000, 17)])
    func countedSharesAreAddedShares(_ hits: Int, _ counted: Int, _ nulls: Int) {
        var added = ShareAccumulator()
        for i in 0..<counted { added.add(hit: i < hits, weight: 1) }
        for _ in 0..<nulls { added.add(hit: nil, weight: 1) }
        #expect(ShareAccumulator(unweightedHits: hits, count: counted, skipped: nulls) == added)
    }

    /// Unweighted shares by group counted a block at a time on several threads: the accumulators of
    /// the rows added one by one.
    @Test(arguments: [1, 2, 3, 8])
    func sharesCountedInBlocksAreTheRowsAddedOneByOne(_ threads: Int) throws {
        let count = 3 * RowBlocks.rows + 11
        let hits = Self.truth(count)
        let groupColumn = Column(name: "g", type: .text, values: (0..<count).map { .text(["a", "b", "c"][($0 * 7) % 3]) })
        let context = EvaluationContext(fileName: "t", interrupt: nil, settings: SessionSettings())
        let grouping = try Grouping(columns: [groupColumn], rowCount: count, context: context)
        var added = [ShareAccumulator](repeating: ShareAccumulator(), count: grouping.count)
        for r in 0..<count {
            added[Int(grouping.groupOfRow[r])].add(hit: hits[r] == Truth.null ? nil : hits[r] == Truth.true, weight: 1)
        }
        #expect(Aggregation.countedShares(hits, grouping, threads: threads) == added)
    }

    /// A `where` and unweighted shares on enough rows to use several blocks: the answers of the rows
    /// counted one by one.
    @Test func filterAndSharesOnManyRows() throws {
        let count = 3 * RowBlocks.rows + 11
        let groups = ["a", "b", "c", "d"]
        var csv = "g,x\n"
        var hits = [String: (Int, Int)]()
        for r in 0..<count {
            let g = groups[(r * 7) % 4], x = r % 3 == 0 ? "yes" : r % 3 == 1 ? "no" : ""
            csv += "\(g),\(x)\n"
            if !x.isEmpty { hits[g, default: (0, 0)].1 += 1 }
            if x == "yes" { hits[g, default: (0, 0)].0 += 1 }
        }
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        dir.write("many.csv", csv)
        let session = Session(workingDirectory: dir.path)
        let outcome = session.run("""
            load "many.csv" as many
            from many | summarize p = share(x == "yes") by g | sort g
            from many | where x == "yes" and g != "a" | summarize n = count()
            """, fileName: "m.tq")
        #expect(outcome.succeeded, "\(outcome.diagnostics)")
        let shares = try #require(outcome.tables.first)
        for (i, g) in groups.enumerated() {
            guard case .estimate(let e) = shares.columns[1][i] else { Issue.record("not an estimate"); continue }
            #expect(e.n == hits[g]!.1 && e.proportion == Double(hits[g]!.0) / Double(hits[g]!.1), "\(g)")
        }
        let kept = try #require(outcome.tables.last)
        #expect(kept.columns[0][0] == .integer(Int64(hits.filter { $0.key != "a" }.reduce(0) { $0 + $1.value.0 })))
    }
}
