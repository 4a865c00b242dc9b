import Dispatch

/// Scans of a column's rows on every processor the process may use (the threads of
/// ``LoadParallelism``, `$TOPLINE_THREADS`): the rows are cut into blocks of ``rows``, each
/// done whole by one thread, and the blocks' results are put together in row order. What
/// comes out is the same on any number of threads — a byte per row, the rows kept in order,
/// counts per group — so one thread gives the answer many give.
///
/// ```swift
/// let truth: [UInt8] = RowBlocks.bytes(count: 3) { rows, out in for r in rows { out[r] = r == 1 ? 1 : 0 } }
/// _ = RowBlocks.rows(where: truth, equal: 1)   // [1]
/// ```
enum RowBlocks {
    /// Rows per block: the unit of work a thread takes, and of the order results are put together in.
    static let rows = 1 << 16

    /// Rows per thread at least: a scan of a byte or two per row costs about a millisecond per
    /// million rows, which is what waking threads and sharing the blocks cost on a busy machine
    /// (on a 2-vCPU VM that ran one thread's worth, a warm 1M-row `where … and …` took 6 ms on one
    /// thread and 14 ms on two), so smaller scans stay on the calling thread.
    static let rowsPerThread = 1 << 20

    /// The threads for `count` rows: one per ``rowsPerThread`` up to ``LoadParallelism``'s. Each
    /// function takes `threads` to override it (the tests compare one thread with several).
    static func threads(_ count: Int) -> Int {
        // Most tables are small: no look at the environment and the processors for them.
        count < 2 * rowsPerThread ? 1 : max(1, min(LoadParallelism.current().threads, count / rowsPerThread))
    }

    /// Calls `body` with each block of `0..<count` (``rows`` rows, the last fewer), on several threads
    /// at once when there are many rows; it returns when every block is done. `body` may write only
    /// what its block owns.
    static func forEach(_ count: Int, threads: Int? = nil, _ body: (Range<Int>) -> Void) {
        let blocks = (count + rows - 1) / rows
        guard min(threads ?? Self.threads(count), blocks) > 1 else {
            for b in 0..<blocks { body(b * rows..<min(count, (b + 1) * rows)) }
            return
        }
        // The calling thread waits in concurrentPerform until every block is done, so what `body`
        // reads lives until then; each block writes only its own rows.
        withoutActuallyEscaping(body) { body in
            nonisolated(unsafe) let work = body
            DispatchQueue.concurrentPerform(iterations: blocks) { b in
                work(b * rows..<min(count, (b + 1) * rows))
            }
        }
    }

    /// A byte per row, each range of rows written by `fill`.
    static func bytes(count: Int, threads: Int? = nil, _ fill: (Range<Int>, UnsafeMutableBufferPointer<UInt8>) -> Void) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: count) { out, initialized in
            nonisolated(unsafe) let shared = out
            forEach(count, threads: threads) { range in fill(range, shared) }
            initialized = count
        }
    }

    /// The rows whose byte is `value`, in order: each block's rows found on its own, then copied
    /// into place after the blocks before it.
    static func rows(where bytes: [UInt8], equal value: UInt8, threads: Int? = nil) -> [Int] {
        let count = bytes.count
        guard (threads ?? Self.threads(count)) > 1 else {
            var kept: [Int] = []
            bytes.withUnsafeBufferPointer { b in
                for r in 0..<count where b[r] == value { kept.append(r) }
            }
            return kept
        }
        let blocks = (count + rows - 1) / rows
        var perBlock = [Int](repeating: 0, count: blocks)
        bytes.withUnsafeBufferPointer { b in
            perBlock.withUnsafeMutableBufferPointer { counts in
                nonisolated(unsafe) let (source, slots) = (b, counts)
                forEach(count, threads: threads) { range in
                    var n = 0
                    for r in range where source[r] == value { n += 1 }
                    slots[range.lowerBound / rows] = n
                }
            }
        }
        var starts = [Int](repeating: 0, count: blocks)
        for k in 1..<max(blocks, 1) { starts[k] = starts[k - 1] + perBlock[k - 1] }
        let total = (starts.last ?? 0) + (perBlock.last ?? 0)
        return [Int](unsafeUninitializedCapacity: total) { out, initialized in
            bytes.withUnsafeBufferPointer { b in
                nonisolated(unsafe) let (source, target) = (b, out)
                let offsets = starts
                forEach(count, threads: threads) { range in
                    var at = offsets[range.lowerBound / rows]
                    for r in range where source[r] == value {
                        target[at] = r
                        at += 1
                    }
                }
            }
            initialized = total
        }
    }
}
