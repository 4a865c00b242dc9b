import Dispatch

/// Reads the rest of a window of a delimited file on several threads, with
/// exactly the outcome of reading it row after row: the same rows, types,
/// dictionaries, warnings, and the same first error at the same line and column.
///
/// The window is cut into chunks at guessed row starts: after the first line
/// break past each cut. A line break inside a quoted field makes a wrong
/// guess, and no guess can know (only reading from the start tells quotes
/// apart), so each chunk's scan is **speculative**, and the chunks are
/// confirmed in file order: a chunk holds true rows when the scan of the
/// chunk before it, which stops at the first row starting at or after the
/// cut, stops exactly where this chunk's first row starts. A chunk that does
/// not match (a guess inside quotes), and any chunk whose scan found an
/// error, is scanned again on the calling thread from where the one before
/// really stopped, with the true line number; so quotes decide every row
/// boundary, as in one pass, and a wrong guess costs one chunk's scan.
///
/// Each chunk types its cells in accumulators of its own, seeded with the
/// kinds the columns had at the window's start (so in the steady state a
/// chunk's cells take the path they would take in one pass), and
/// ``ColumnAccumulator/absorb(_:)`` appends them in chunk order; when that
/// cannot be exact (an earlier chunk of the same window widened the column),
/// the chunk's cells of that column are appended again one by one.
enum DelimitedChunks {
    /// What scanning one chunk gave.
    struct Chunk: Sendable {
        /// One accumulator per kept column, in the order of `kept`.
        var columns: [ColumnAccumulator]
        var rows = 0
        /// Where the chunk's first row starts (after blank lines) and its line as scanned.
        var entry = 0
        var entryLine = 0
        /// Where the scan stopped (the next row's start), its line as scanned, and why.
        var end = 0
        var endLine = 0
        var stop = DelimitedScanner.Stop.end
        var error: Diagnostic?
    }

    /// Reads every row of `scanner`'s window from its position on into
    /// `columns` (indexed by file column; those of `kept` are fed) with
    /// `threads` threads, leaving `scanner` where one pass would: at the row
    /// the window's end cuts off (`.windowEnd`) or at the end (`.end`).
    /// Returns the rows read.
    static func read(_ scanner: inout DelimitedScanner, width: Int, kept: [Int], columns: inout [ColumnAccumulator],
                     threads: Int, minimumChunk: Int, context: LoadContext) throws(Diagnostic) -> (rows: Int, stop: DelimitedScanner.Stop) {
        let cuts = guesses(scanner, chunks: threads * LoadParallelism.chunksPerThread, minimumChunk: minimumChunk)
        let seeds = kept.map { columns[$0].kind }
        let start = scanner
        let interrupt = context.interrupt
        var chunks = [Chunk?](repeating: nil, count: cuts.count)
        chunks.withUnsafeMutableBufferPointer { slots in
            // Shared between the threads without Sendable checking, and safe: each
            // iteration writes only its own slot of `results`, and reads the window's
            // bytes (through its copy of `window`) only while the calling thread waits
            // in concurrentPerform, so no window moves or is freed until every
            // iteration is done; nothing else is shared (each chunk has its own
            // accumulators, block and unescape buffer).
            nonisolated(unsafe) let results = slots
            nonisolated(unsafe) let window = start
            DispatchQueue.concurrentPerform(iterations: cuts.count) { c in
                var chunkScanner = window
                if c > 0 { chunkScanner.resume(at: cuts[c], line: window.line) }
                let limit = c + 1 < cuts.count ? cuts[c + 1] : .max
                results[c] = scan(chunkScanner, limit: limit, width: width, kept: kept, seeds: seeds, interrupt: interrupt)
            }
        }
        try context.checkInterrupt()

        var rows = 0
        var position = start.position, line = start.line
        var c = 0
        while true {
            var chunk = chunks[c]!
            chunks[c] = nil
            let limit = c + 1 < cuts.count ? cuts[c + 1] : .max
            if c > 0 {
                if chunk.entry == position && chunk.error == nil {
                    chunk.endLine += line - chunk.entryLine
                } else {
                    // From where the chunk before really stopped, with the true line, on this thread.
                    var again = start
                    again.resume(at: position, line: line)
                    chunk = scan(again, limit: limit, width: width, kept: kept, seeds: kept.map { columns[$0].kind },
                                 interrupt: interrupt)
                }
            }
            if let error = chunk.error { throw error }
            for (k, j) in kept.enumerated() where !columns[j].absorb(chunk.columns[k]) {
                try refeed(column: j, from: start, at: position, line: line, upTo: chunk.end, width: width,
                           into: &columns[j], context: context)
            }
            rows += chunk.rows
            position = chunk.end
            line = chunk.endLine
            // The last chunk has no limit: it stops where the window or the file ends.
            if chunk.stop != .limit {
                scanner.resume(at: position, line: line)
                return (rows, chunk.stop)
            }
            c += 1
        }
    }

    /// Where the chunks of the window of `scanner` start: its position, then
    /// after the first line break past each of `chunks - 1` even cuts of the
    /// rest, each chunk at least `minimumChunk` bytes.
    static func guesses(_ scanner: DelimitedScanner, chunks: Int, minimumChunk: Int) -> [Int] {
        let bytes = scanner.bytes
        let first = scanner.position
        let n = bytes.count
        let span = n - first
        let count = min(chunks, span / max(1, minimumChunk))
        var cuts = [first]
        guard count > 1 else { return cuts }
        let lf = UInt8(ascii: "\n")
        for c in 1..<count {
            var k = max(first + span / count * c, cuts.last! + 1)
            while k < n, bytes[k] != scanner.newline { k += 1 }
            k += 1
            // In a file of CR line endings a CR LF is one line break.
            if scanner.newline != lf, k < n, bytes[k] == lf { k += 1 }
            guard k < n else { break }
            cuts.append(k)
        }
        return cuts
    }

    /// Scans the rows of one chunk, from `scanner`'s position up to the first
    /// row starting at or after `limit`, typing the kept columns. Runs on any
    /// thread: it touches nothing but its arguments.
    static func scan(_ scanner: DelimitedScanner, limit: Int, width: Int, kept: [Int],
                     seeds: [ColumnAccumulator.Kind], interrupt: InterruptFlag?) -> Chunk {
        var scanner = scanner
        var chunk = Chunk(columns: seeds.map { ColumnAccumulator(seed: $0) })
        _ = scanner.atRowStart()
        chunk.entry = scanner.position
        chunk.entryLine = scanner.line
        var block = FieldBlock(width: width, rowCapacity: max(1, DelimitedReader.blockFields / width))
        let scratch = UnescapeBuffer()
        do throws(Diagnostic) {
            while true {
                if interrupt?.isSet == true { throw LoadContext.cancelled }
                let stop = try scanner.scan(into: &block, limit: limit)
                for (k, j) in kept.enumerated() {
                    DelimitedReader.feed(column: j, rows: block.rows, of: block, scanner.bytes, into: &chunk.columns[k], scratch)
                }
                chunk.rows += block.rows
                if stop != .blockFull {
                    chunk.stop = stop
                    break
                }
            }
        } catch {
            chunk.error = error
        }
        chunk.end = scanner.position
        chunk.endLine = scanner.line
        return chunk
    }

    /// Appends column `j` of the rows of a chunk, from `position` on `line`
    /// up to the row at `end`, to `column` one cell at a time, reading them again.
    private static func refeed(column j: Int, from scanner: DelimitedScanner, at position: Int, line: Int, upTo end: Int,
                               width: Int, into column: inout ColumnAccumulator, context: LoadContext) throws(Diagnostic) {
        var scanner = scanner
        scanner.resume(at: position, line: line)
        var block = FieldBlock(width: width, rowCapacity: max(1, DelimitedReader.blockFields / width))
        let scratch = UnescapeBuffer()
        while true {
            try context.checkInterrupt()
            let stop = try scanner.scan(into: &block, limit: end)
            DelimitedReader.feed(column: j, rows: block.rows, of: block, scanner.bytes, into: &column, scratch)
            if stop != .blockFull { return }
        }
    }
}
